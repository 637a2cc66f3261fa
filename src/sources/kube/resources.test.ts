import { describe, expect, it } from 'vitest';
import { apiVersionOf, dataKeysOf, knownResources, listPath, neededKinds, qualifiedResource, resourceForKind, resourceName } from './resources.js';

describe('neededKinds', () => {
  it('expands kube:workloads to every running workload kind', () => {
    expect(neededKinds(['kube:workloads']).kinds).toEqual([
      'Pod',
      'ReplicationController',
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'ReplicaSet',
      'Job',
      'CronJob',
      'Rollout',
      'WorkflowTemplate',
      'CronWorkflow',
    ]);
  });

  it('lists each kind once, in a stable order, and ignores non-kube keys', () => {
    const { kinds, unknown } = neededKinds(['kube:Namespace', 'aws:eks:DescribeCluster', 'kube:Pod', 'kube:workloads', 'kube:Namespace', 'kube:Node']);
    expect(kinds.filter((kind) => kind === 'Pod')).toHaveLength(1);
    expect(kinds.indexOf('Namespace')).toBeLessThan(kinds.indexOf('Node'));
    expect(kinds).not.toContain('PodTemplate');
    expect(unknown).toEqual([]);
  });

  it('reports kinds it cannot list instead of dropping them', () => {
    expect(neededKinds(['kube:Frobnicator', 'kube:Secret'])).toEqual({ kinds: ['Secret'], unknown: ['kube:Frobnicator'] });
  });

  it('lists the AWS Load Balancer Controller\'s IngressClassParams for the Ingress check, as an optional custom resource', () => {
    expect(neededKinds(['kube:Ingress', 'kube:IngressClass', 'kube:IngressClassParams']).kinds).toEqual(['Ingress', 'IngressClass', 'IngressClassParams']);
    const params = resourceForKind('IngressClassParams')!;
    expect(params).toMatchObject({ optional: true, namespaced: false });
    expect(listPath(params)).toBe('/apis/elbv2.k8s.aws/v1beta1/ingressclassparams');
  });

  it('needs nothing for checks without kube keys', () => {
    expect(neededKinds([])).toEqual({ kinds: [], unknown: [] });
  });
});

describe('listPath', () => {
  it('builds core, group, namespaced and cluster-scoped paths', () => {
    const pod = resourceForKind('Pod')!;
    expect(listPath(pod)).toBe('/api/v1/pods');
    expect(listPath(pod, 'team-a')).toBe('/api/v1/namespaces/team-a/pods');
    expect(listPath(resourceForKind('Deployment')!, 'x')).toBe('/apis/apps/v1/namespaces/x/deployments');
    expect(listPath(resourceForKind('ClusterRole')!, 'ignored')).toBe('/apis/rbac.authorization.k8s.io/v1/clusterroles');
  });

  it('escapes a namespace that is not a DNS label', () => {
    expect(listPath(resourceForKind('Pod')!, '../x?y')).toBe('/api/v1/namespaces/..%2Fx%3Fy/pods');
  });
});

describe('resource table', () => {
  it('has one entry per table key with consistent names; a kind two groups serve is named apart', () => {
    const names = knownResources().map(resourceName);
    expect(new Set(names).size).toBe(names.length);
    for (const resource of knownResources()) expect(resource.resource).toMatch(/^[a-z]+$/);
    const shared = knownResources().filter((resource) => resource.kind === 'NetworkPolicy');
    expect(shared.map((resource) => [resourceName(resource), apiVersionOf(resource)])).toEqual([
      ['NetworkPolicy', 'networking.k8s.io/v1'],
      ['CalicoNetworkPolicy', 'crd.projectcalico.org/v1'],
    ]);
  });

  it('lists the CNI engines\' policies and Auto Mode NodeClasses only where their CRDs exist (a 404 is none)', () => {
    const { kinds } = neededKinds(['kube:CiliumNetworkPolicy', 'kube:CiliumClusterwideNetworkPolicy', 'kube:CalicoNetworkPolicy', 'kube:GlobalNetworkPolicy', 'kube:NodeClass']);
    expect(kinds).toEqual(['NodeClass', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'CalicoNetworkPolicy', 'GlobalNetworkPolicy']);
    for (const kind of kinds) expect(resourceForKind(kind)!.optional).toBe(true);
    expect(listPath(resourceForKind('CiliumNetworkPolicy')!, 'shop')).toBe('/apis/cilium.io/v2/namespaces/shop/ciliumnetworkpolicies');
    expect(listPath(resourceForKind('CalicoNetworkPolicy')!)).toBe('/apis/crd.projectcalico.org/v1/networkpolicies');
    expect(dataKeysOf('CalicoNetworkPolicy')).toEqual(['kube:CalicoNetworkPolicy']);
  });

  it('lists Secrets only as metadata of service-account tokens', () => {
    const secret = resourceForKind('Secret')!;
    expect(secret.metadataOnly?.fieldSelector).toBe('type=kubernetes.io/service-account-token');
  });

  it('names API versions and resources as kubectl does', () => {
    expect(apiVersionOf(resourceForKind('Pod')!)).toBe('v1');
    expect(apiVersionOf(resourceForKind('CronJob')!)).toBe('batch/v1');
    expect(qualifiedResource(resourceForKind('NetworkPolicy')!)).toBe('networkpolicies.networking.k8s.io');
  });

  it('maps workload kinds to kube:workloads as well as their own key', () => {
    expect(dataKeysOf('Deployment')).toEqual(['kube:Deployment', 'kube:workloads']);
    expect(dataKeysOf('Service')).toEqual(['kube:Service']);
  });
});
