import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bootstrapUserData, bottlerocketUserData, mimeUserData, nodeadmUserData } from '../../../test/helpers/kubelet.js';
import { analyzeUserData, userDataFactsFrom } from './facts.js';

describe('kubelet overrides in launch-template user data', () => {
  it('reads AL2 bootstrap.sh --kubelet-extra-args, quoted, continued over lines, = or space separated', () => {
    const facts = analyzeUserData(bootstrapUserData('--read-only-port=10255 --anonymous-auth --event-qps 5 --node-labels=a=b'), { base64: true });
    expect(facts.kubelet).toEqual({ format: 'bootstrap-sh', settings: { readOnlyPort: 10255, anonymousAuth: true, eventRecordQPS: 5 } });
    const doubleQuoted = analyzeUserData(Buffer.from('#!/bin/bash\n/etc/eks/bootstrap.sh prod --kubelet-extra-args="--authorization-mode=AlwaysAllow"\n').toString('base64'), { base64: true });
    expect(doubleQuoted.kubelet?.settings).toEqual({ authorizationMode: 'AlwaysAllow' });
  });

  it('reads AL2023 nodeadm NodeConfig config and flags from a MIME part, flags winning', () => {
    const facts = analyzeUserData(nodeadmUserData('    config:\n      readOnlyPort: 10255\n      authentication: { anonymous: { enabled: false } }\n    flags: ["--read-only-port=0", "--feature-gates=RotateKubeletServerCertificate=false"]\n'), { base64: true });
    expect(facts.kubelet).toEqual({ format: 'nodeadm', settings: { readOnlyPort: 0, anonymousAuth: false, rotateServerCertificateGate: false } });
  });

  it('reads Bottlerocket [settings.kubernetes] keys, gzip-compressed too', () => {
    const toml = Buffer.from(bottlerocketUserData('event-qps = 7\nserver-tls-bootstrap = false'), 'base64');
    const facts = analyzeUserData(gzipSync(toml).toString('base64'), { base64: true });
    expect(facts.kubelet).toEqual({ format: 'bottlerocket', settings: { eventRecordQPS: 7, serverTLSBootstrap: false, rotateServerCertificateGate: false } });
  });

  it('finds nothing in user data that configures no EKS kubelet, and says what it could not parse without quoting it', () => {
    expect(analyzeUserData(Buffer.from('#!/bin/bash\necho hi\n').toString('base64'), { base64: true }).kubelet).toBeUndefined();
    const broken = analyzeUserData(mimeUserData('application/node.eks.aws', 'kind: NodeConfig\nspec: { kubelet: [ secret-token-xyz'), { base64: true });
    expect(broken.problems.join(' ')).toContain('the NodeConfig is not valid YAML');
    expect(broken.problems.join(' ')).not.toContain('secret-token-xyz');
  });

  it('keeps only the parsed settings in what a snapshot stores, and reads them back bounded and typed', () => {
    const facts = analyzeUserData(bootstrapUserData('--read-only-port=10255 --client-ca-file=/etc/ca.crt'), { base64: true });
    const stored = JSON.parse(JSON.stringify(facts)) as Record<string, unknown>;
    expect(JSON.stringify(stored)).not.toContain('bootstrap.sh');
    expect(userDataFactsFrom(stored)?.kubelet).toEqual({ format: 'bootstrap-sh', settings: { readOnlyPort: 10255, clientCAFile: '/etc/ca.crt' } });
    const hostile = { credentials: [], problems: [], kubelet: { format: 'bootstrap-sh', settings: { readOnlyPort: '10255', clientCAFile: 'x'.repeat(10_000), extra: 1 } } };
    expect(userDataFactsFrom(hostile)?.kubelet).toEqual({ format: 'bootstrap-sh', settings: {} });
    expect(userDataFactsFrom({ credentials: [], problems: [], kubelet: { format: 'windows', settings: {} } })?.kubelet).toBeUndefined();
  });
});
