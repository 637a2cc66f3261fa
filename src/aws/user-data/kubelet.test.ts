import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bootstrapUserData, bottlerocketUserData, mimeUserData, nodeadmUserData } from '../../../test/helpers/kubelet.js';
import { analyzeUserData, mergeUserDataFacts, userDataFactsFrom } from './facts.js';

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

  describe('a NodeConfig kubelet config is held to the kubelet\'s KubeletConfiguration types', () => {
    const refusedOf = (kubelet: string) => analyzeUserData(nodeadmUserData(kubelet), { base64: true }).kubelet?.refused;
    const PART = 'MIME part 1 (application/node.eks.aws): NodeConfig';

    it.each([
      ['a quoted port', '    config:\n      readOnlyPort: "10255"\n', 'spec.kubelet.config.readOnlyPort must be a 32-bit integer, not a string'],
      ['a quoted boolean two levels down', '    config:\n      authentication:\n        anonymous:\n          enabled: "true"\n', 'spec.kubelet.config.authentication.anonymous.enabled must be a boolean (true or false), not a string'],
      ['a list where a string goes', '    config:\n      authorization: { mode: [AlwaysAllow] }\n', 'spec.kubelet.config.authorization.mode must be a string, not a list'],
      ['a quoted feature gate', '    config:\n      featureGates: { RotateKubeletServerCertificate: "false" }\n', 'spec.kubelet.config.featureGates.RotateKubeletServerCertificate must be a boolean (true or false), not a string'],
      ['a duration as a number', '    config:\n      streamingConnectionIdleTimeout: 5\n', 'spec.kubelet.config.streamingConnectionIdleTimeout must be a duration (such as 30s or 4h0m0s), not an integer'],
      ['an item of a list of structs', '    config:\n      registerWithTaints: [{ key: a, effect: NoSchedule, timeAdded: yesterday }]\n', 'spec.kubelet.config.registerWithTaints[0].timeAdded must be an RFC 3339 timestamp, not a string'],
      ['config not a mapping', '    config: [readOnlyPort]\n', 'spec.kubelet.config must be a mapping, not a list'],
    ])('%s is refused, naming the part and the field, never the value', (_name, kubelet, message) => {
      expect(refusedOf(kubelet)).toEqual([`${PART} ${message}, so the kubelet cannot load its configuration`]);
    });

    it('refuses flags nodeadm cannot decode into a list of strings, and a kubelet section that is no mapping', () => {
      expect(refusedOf('    flags: "--read-only-port=10255"\n')).toEqual([`${PART} spec.kubelet.flags must be a list of strings, so nodeadm cannot read this NodeConfig`]);
      expect(refusedOf('    flags: ["--v=2", 10255]\n')).toEqual([`${PART} spec.kubelet.flags[1] must be a string, so nodeadm cannot read this NodeConfig`]);
      const notMapping = analyzeUserData(mimeUserData('application/node.eks.aws', 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet: "--read-only-port=10255"\n'), { base64: true });
      expect(notMapping.kubelet?.refused).toEqual([`${PART} spec.kubelet must be a mapping, so nodeadm cannot read this NodeConfig`]);
    });

    it('accepts what the kubelet decodes: Kubernetes YAML (yes is true), quantities, durations, unknown fields', () => {
      const facts = analyzeUserData(
        nodeadmUserData('    config:\n      authentication: { anonymous: { enabled: no } }\n      kubeReserved: { memory: 1Gi }\n      shutdownGracePeriod: 30s\n      someFutureField: [1]\n    flags: ["--node-labels=a=b"]\n'),
        { base64: true },
      );
      expect(facts.kubelet).toEqual({ format: 'nodeadm', settings: { anonymousAuth: false } });
    });

    it('names each refused NodeConfig of a part, the settings of the others still read', () => {
      const twoDocuments = mimeUserData(
        'application/node.eks.aws',
        'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config: { readOnlyPort: 0 }\n---\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config: { eventRecordQPS: "5" }\n',
      );
      const facts = analyzeUserData(twoDocuments, { base64: true });
      expect(facts.kubelet?.refused).toEqual([`${PART} spec.kubelet.config.eventRecordQPS must be a 32-bit integer, not a string, so the kubelet cannot load its configuration`]);
      expect(facts.kubelet?.settings).toEqual({ readOnlyPort: 0 });
      expect(facts.problems).toEqual([]);
    });

    it('keeps refusals through a snapshot (bounded in number and length) and through eksctl\'s merged commands', () => {
      const facts = analyzeUserData(nodeadmUserData('    config:\n      readOnlyPort: "10255"\n'), { base64: true });
      const stored = JSON.parse(JSON.stringify(facts)) as unknown;
      expect(userDataFactsFrom(stored)?.kubelet?.refused).toEqual(facts.kubelet?.refused);
      const hostile = { credentials: [], problems: [], kubelet: { format: 'nodeadm', settings: {}, refused: [...Array.from({ length: 50 }, () => 'x'.repeat(5000)), 7] } };
      const read = userDataFactsFrom(hostile)?.kubelet?.refused ?? [];
      expect(read).toHaveLength(10);
      expect(Math.max(...read.map((refusal) => refusal.length))).toBe(300);
      expect(mergeUserDataFacts([facts, analyzeUserData(bootstrapUserData('--v=2'), { base64: true })]).kubelet?.refused).toEqual(facts.kubelet?.refused);
    });
  });
});
