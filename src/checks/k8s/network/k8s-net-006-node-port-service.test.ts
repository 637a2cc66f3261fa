import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import type { CheckExamples } from '../../../core/check.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { nodePortService } from './k8s-net-006-node-port-service.js';

const service = (spec: string) => `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
${spec}`;

const examples = nodePortService.examples as CheckExamples;

testCheck(nodePortService, {
  pass: [{ input: examples.pass[0]! }],
  fail: [{ input: examples.fail[0]!, failures: [{ path: 'spec.type', messageId: 'nodePort', data: { ports: 'node port(s) 30080' }, severity: 'low' }] }],
});

describe('K8S-NET-006 NodePort Services', () => {
  it('fails NodePort Services and names the ports', () => {
    expect(failures(runCheck(nodePortService, service('  type: NodePort\n  ports: [{ port: 80, nodePort: 30080 }, { port: 81 }]\n')))[0]?.message).toBe(
      'the Service is of type NodePort and opens node port(s) 30080 on every node',
    );
    expect(failures(runCheck(nodePortService, service('  type: NodePort\n')))[0]?.message).toContain('a node port chosen by the cluster');
  });

  it('passes other types, including the default ClusterIP and LoadBalancer (judged by K8S-NET-005)', () => {
    expect(runCheck(nodePortService, service('  ports: [{ port: 80 }]\n'))[0]?.message).toBe('type ClusterIP');
    expect(statuses(runCheck(nodePortService, service('  type: LoadBalancer\n')))).toEqual(['pass']);
    expect(statuses(runCheck(nodePortService, service('  type: ExternalName\n  externalName: x.example.com\n')))).toEqual(['pass']);
  });
});
