import { describe, expect, it } from 'vitest';
import { MANIFEST_LIMITS } from '../../sources/manifests/limits.js';
import { parseManifestText } from '../../sources/manifests/parse-documents.js';
import { checkBuiltinObject } from './check-object.js';

const parse = (text: string) => parseManifestText({ text, file: 'm.yaml', limits: MANIFEST_LIMITS });

describe('kubelet configuration files, which the kubelet decodes into its Go types', () => {
  const kubelet = (body: string, apiVersion = 'kubelet.config.k8s.io/v1beta1', kind = 'KubeletConfiguration') => `apiVersion: ${apiVersion}\nkind: ${kind}\n${body}`;

  it.each([
    ['a quoted port', 'readOnlyPort: "10255"\n', /^KubeletConfiguration: readOnlyPort must be a 32-bit integer, not a string$/, 3],
    ['a list for the authorization mode', 'authorization:\n  mode: [AlwaysAllow]\n', /authorization.mode must be a string, not a list/, 4],
    ['a quoted boolean', 'authentication:\n  anonymous: {enabled: "true"}\n', /authentication.anonymous.enabled must be a boolean \(true or false\), not a string/, 4],
    ['a number for a duration', 'streamingConnectionIdleTimeout: 5\n', /streamingConnectionIdleTimeout must be a duration \(such as 30s or 4h0m0s\), not an integer/, 3],
    ['a duration Go cannot parse', 'streamingConnectionIdleTimeout: 4 hours\n', /must be a duration/, 3],
    ['a quoted feature gate', 'featureGates:\n  RotateKubeletServerCertificate: "false"\n', /featureGates.RotateKubeletServerCertificate must be a boolean/, 4],
    ['a fractional QPS', 'eventRecordQPS: 2.5\n', /eventRecordQPS must be a 32-bit integer, not a number with a fraction/, 3],
    ['a number in a map of strings', 'kubeReserved: {memory: 1}\n', /kubeReserved.memory must be a string, not an integer/, 3],
    ['a quantity that is not one', 'reservedMemory:\n- numaNode: 0\n  limits: {memory: lots}\n', /reservedMemory\[0\].limits.memory must be a quantity/, 5],
  ])('reports %s as an input error naming the field and its line', (_label, body, message, line) => {
    const parsed = parse(kubelet(body));
    const error = parsed.errors.find((candidate) => message.test(candidate.message));
    expect(error, JSON.stringify(parsed.errors)).toBeDefined();
    expect(error?.location).toEqual({ file: 'm.yaml', line });
    expect(parsed.objects).toHaveLength(1);
  });

  it('says the kubelet cannot load a kind or version it does not read', () => {
    const parsed = parse(kubelet('readOnlyPort: 0\n', 'kubelet.config.k8s.io/v1'));
    expect(parsed.errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^KubeletConfiguration: the kubelet of Kubernetes v[\d.]+ reads no kind KubeletConfiguration in kubelet.config.k8s.io\/v1 \(it is served as kubelet.config.k8s.io\/v1beta1\), so it cannot load this file$/),
    ]);
  });

  it('accepts what the kubelet accepts: every duration form Go parses, quantities, taints, credential providers', () => {
    const durations = ['0', '-0', '4h0m0s', '1.5h', '.5s', '300ms', '1h30m', '10us', '2µs'];
    const parsed = parse(
      [
        ...durations.map((duration) => kubelet(`streamingConnectionIdleTimeout: "${duration}"\n`)),
        kubelet('readOnlyPort: 0\nauthentication: {anonymous: {enabled: false}, webhook: {enabled: true, cacheTTL: 2m0s}, x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}}\nauthorization: {mode: Webhook}\nevictionHard: {memory.available: 100Mi}\nsystemReserved: {cpu: 100m}\nreservedMemory: [{numaNode: 0, limits: {memory: 1Gi}}]\nregisterWithTaints: [{key: k, effect: NoSchedule}]\nfeatureGates: {RotateKubeletServerCertificate: true}\nmetadata: {name: ignored-by-the-kubelet}\nunknownField: kept-as-it-is\n'),
        kubelet('providers:\n- name: ecr-credential-provider\n  matchImages: ["*.dkr.ecr.*.amazonaws.com"]\n  defaultCacheDuration: 12h\n  apiVersion: credentialprovider.kubelet.k8s.io/v1\n', 'kubelet.config.k8s.io/v1', 'CredentialProviderConfig'),
      ].join('---\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects).toHaveLength(durations.length + 2);
  });
});

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
