import { describe, expect, it } from 'vitest';
import { MANIFEST_LIMITS } from '../../sources/manifests/limits.js';
import { parseManifestText } from '../../sources/manifests/parse-documents.js';
import { nodeConfigKubeletProblem } from './node-config.js';

const parse = (text: string) => parseManifestText({ text, file: 'nodeconfig.yaml', limits: MANIFEST_LIMITS });
const nodeConfig = (kubelet: string, apiVersion = 'node.eks.aws/v1alpha1') =>
  `apiVersion: ${apiVersion}\nkind: NodeConfig\nmetadata:\n  name: workers\nspec:\n  cluster: { name: prod }\n  kubelet:\n${kubelet}`;

describe('a nodeadm NodeConfig given as a manifest file', () => {
  it.each([
    ['a quoted port', '    config:\n      readOnlyPort: "10255"\n', 'spec.kubelet.config.readOnlyPort must be a 32-bit integer, not a string', 9],
    ['a quoted boolean three levels down', '    config:\n      authentication:\n        anonymous:\n          enabled: "true"\n', 'spec.kubelet.config.authentication.anonymous.enabled must be a boolean (true or false), not a string', 11],
    ['a list for a string', '    config:\n      authorization:\n        mode: [AlwaysAllow]\n', 'spec.kubelet.config.authorization.mode must be a string, not a list', 10],
    ['a bad quantity in a list item', '    config:\n      reservedMemory:\n        - numaNode: 0\n          limits: { memory: lots }\n', 'spec.kubelet.config.reservedMemory[0].limits.memory must be a quantity (such as 500m or 1Gi), not a string', 11],
  ])('reports %s in spec.kubelet.config as an input error naming the field and its line', (_label, kubelet, message, line) => {
    const parsed = parse(nodeConfig(kubelet));
    expect(parsed.errors).toEqual([{ source: 'file', message: `NodeConfig workers: ${message}, so the kubelet cannot load its configuration`, location: { file: 'nodeconfig.yaml', line } }]);
    expect(parsed.objects).toHaveLength(1);
  });

  it('reports flags nodeadm cannot decode', () => {
    expect(parse(nodeConfig('    flags: "--read-only-port=10255"\n')).errors.map((error) => [error.message, error.location?.line])).toEqual([
      ['NodeConfig workers: spec.kubelet.flags must be a list of strings, so nodeadm cannot read this NodeConfig', 8],
    ]);
  });

  it('accepts a well-typed config (Kubernetes YAML, unknown fields) and leaves other kinds named NodeConfig alone', () => {
    expect(parse(nodeConfig('    config:\n      readOnlyPort: 0\n      authentication: { anonymous: { enabled: no } }\n      futureField: 1\n    flags: ["--v=2"]\n')).errors).toEqual([]);
    expect(parse(nodeConfig('    config:\n      readOnlyPort: "10255"\n', 'example.com/v1')).errors).toEqual([]);
  });

  it('reads a NodeConfig without a kubelet section, or one with null fields, as nodeadm does', () => {
    expect(nodeConfigKubeletProblem({ spec: { cluster: {} } })).toBeUndefined();
    expect(nodeConfigKubeletProblem({ spec: { kubelet: { config: null, flags: null } } })).toBeUndefined();
    expect(nodeConfigKubeletProblem({ spec: 'x' })?.path).toBe('spec');
  });
});
