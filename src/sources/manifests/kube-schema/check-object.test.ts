import { describe, expect, it } from 'vitest';
import { MANIFEST_LIMITS } from '../limits.js';
import { parseManifestText } from '../parse-documents.js';
import { checkBuiltinObject } from './check-object.js';

const parse = (text: string) => parseManifestText({ text, file: 'm.yaml', limits: MANIFEST_LIMITS });

describe('objects Kubernetes would refuse (nothing vanishes)', () => {
  it.each([
    ['a built-in kind under the wrong apiVersion', 'apiVersion: v1\nkind: Deployment\nmetadata: {name: d}\n', /serves no kind Deployment in v1 \(it is served as apps\/v1\)/, 2],
    ['a removed API', 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n', /serves no API extensions\/v1beta1 \(it is served as apps\/v1\)/, 1],
    ['a spec of the wrong type', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n- containers: []\n', /Pod p: spec must be a mapping, not a list/, 4],
    ['a missing apiVersion', 'kind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: true}\n', /no apiVersion/, 1],
    ['a quoted boolean', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: "true"\n', /spec.hostNetwork must be a boolean \(true or false\), not a string/, 5],
    ['a port out of range for int32', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    ports: [{containerPort: 4294967296}]\n', /containerPort must be a 32-bit integer/, 7],
    ['an invalid quantity', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    resources: {limits: {memory: lots}}\n', /memory must be a quantity/, 7],
    ['a Secret value that is not base64', 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {password: not base64!}\n', /data.password must be base64-encoded data/, 4],
    ['a ConfigMap value that YAML 1.1 reads as a boolean', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  enabled: yes\n', /data.enabled must be a string, not a boolean/, 5],
    ['a key that starts with a byte-order mark', '---\n\uFEFFapiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n', /no apiVersion \(a byte-order mark/, 1],
  ])('reports %s as an error with its line, and keeps judging the object', (_label, text, message, line) => {
    const parsed = parse(text);
    const error = parsed.errors.find((candidate) => message.test(candidate.message));
    expect(error, JSON.stringify(parsed.errors)).toBeDefined();
    expect(error?.location).toEqual({ file: 'm.yaml', line });
    expect(parsed.objects.length).toBeGreaterThan(0);
  });

  it('accepts valid objects of every built-in group it knows and leaves custom resources alone', () => {
    const parsed = parse(
      [
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, labels: {app: "yes"}}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        ports: [{containerPort: 80, hostPort: 8080}]\n        resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: 0.5}}\n        livenessProbe: {httpGet: {port: http}}\n',
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: [{apiGroups: [""], resources: [pods], verbs: [get]}]\n',
        'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {password: aHVudGVyMg==}\n',
        'apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: custom}\nspec: [anything, 1]\n',
        'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec: {weight: yes}\n',
      ].join('---\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects).toHaveLength(6);
  });

  it('takes null for any field, as Go does', () => {
    expect(checkBuiltinObject({ apiVersion: 'v1', kind: 'Pod', metadata: null, spec: { hostNetwork: null, containers: null } })).toBeUndefined();
  });
});
