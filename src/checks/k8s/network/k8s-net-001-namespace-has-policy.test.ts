import { describe, expect, it } from 'vitest';
import { failures, runCheck } from '../../../../test/helpers/run-check.js';
import { createInventory } from '../../../core/inventory.js';
import { MANIFEST_LIMITS, parseManifestText } from '../../../sources/manifests/index.js';
import { namespaceHasPolicy } from './k8s-net-001-namespace-has-policy.js';
import { byName, calicoPolicy, ciliumPolicy, deployment, networkPolicy } from '../../../../test/helpers/network-manifests.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const web = deployment('web', 'shop', 'app: web');
const noPolicy = { path: null, messageId: 'noPolicy', data: { namespace: 'shop', count: 1, workloads: 'Deployment web' } };

testCheck(namespaceHasPolicy, {
  pass: [
    { input: web + networkPolicy('deny', 'shop', 'podSelector: {}') },
    { input: web + ciliumPolicy('web', 'shop', 'endpointSelector: { matchLabels: { app: web } }\ningress: [{ fromEndpoints: [{}] }]') },
    { input: web + ciliumPolicy('shop-only', undefined, 'endpointSelector: { matchLabels: { k8s:io.kubernetes.pod.namespace: shop } }\negress: [{}]') },
    { input: web + calicoPolicy('deny', 'shop', 'selector: all()\ntypes: [Ingress]') },
    { input: web + calicoPolicy('shop', undefined, "namespaceSelector: projectcalico.org/name == 'shop'\ntypes: [Egress]", 'crd.projectcalico.org/v1') },
  ],
  fail: [
    { input: web, failures: [noPolicy] },
    // a cluster-wide policy for another namespace, and a Cilium rule with no section, govern nothing here
    { input: web + ciliumPolicy('other', undefined, 'endpointSelector: { matchLabels: { io.kubernetes.pod.namespace: ops } }\ningress: [{}]') + ciliumPolicy('inert', 'shop', 'endpointSelector: {}'), failures: [noPolicy] },
    {
      input: web + ciliumPolicy('odd', 'shop', 'endpointSelector: {}\ningress: [{ fromEndpoints: [{}], toFrobnicate: [x] }]'),
      failures: [{ path: null, messageId: 'unreadPolicies', data: { namespace: 'shop', count: 1, workloads: 'Deployment web', policies: 'CiliumNetworkPolicy odd (eksguard cannot fully read it: ingress rule 0 sets toFrobnicate)' } }],
    },
    {
      input: web + calicoPolicy('teams', undefined, "selector: pcns.team == 'a'\ntypes: [Ingress]"),
      failures: [{ path: null, messageId: 'unreadPolicies', data: { namespace: 'shop', count: 1, workloads: 'Deployment web', policies: "Calico GlobalNetworkPolicy teams (eksguard cannot tell whether its selector (pcns.team == 'a') picks these pods)" } }],
    },
  ],
});

describe('K8S-NET-001 namespace has a NetworkPolicy', () => {
  it('judges only namespaces with pod-network workloads', () => {
    const yaml =
      deployment('web', 'shop', 'app: web') +
      deployment('agent', 'logging', 'app: agent', '      hostNetwork: true\n') +
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: config }\n---\n' +
      deployment('api', 'orders', 'app: api') +
      networkPolicy('deny', 'orders', 'podSelector: {}');
    const findings = runCheck(namespaceHasPolicy, yaml);
    expect(byName(findings)).toEqual({ shop: 'fail', logging: 'not-applicable', config: 'not-applicable', orders: 'pass' });
    expect(findings.find((f) => (f.resource as { name: string }).name === 'logging')?.message).toContain('only host-network pods');
  });

  it('names the workloads of the namespace in its message', () => {
    const [finding] = failures(runCheck(namespaceHasPolicy, deployment('web', 'shop', 'app: web') + deployment('report', 'shop', 'app: report')));
    expect(finding?.message).toBe(
      'namespace shop runs 2 workload(s) (Deployment web, Deployment report) and has no NetworkPolicy: every pod accepts traffic from anywhere in the cluster and may connect anywhere',
    );
  });

  it('groups workloads and policies without a namespace together when they come from one source', () => {
    const yaml = deployment('web', 'shop', 'app: web').replace('namespace: shop', '') + networkPolicy('deny', 'x', 'podSelector: {}').replace(', namespace: x', '');
    expect(byName(runCheck(namespaceHasPolicy, yaml))).toEqual({ '(no namespace set: test.yaml)': 'pass' });
  });

  it('never lets the policy of one file cover the namespace-less workloads of another, and points each finding at its own file', () => {
    const web = parseManifestText({ text: deployment('web', 'shop', 'app: web').replace('namespace: shop', ''), file: 'app-a/web.yaml', limits: MANIFEST_LIMITS, apiChecks: false });
    const policy = parseManifestText({ text: networkPolicy('deny', 'x', 'podSelector: {}').replace(', namespace: x', ''), file: 'app-b/deny.yaml', limits: MANIFEST_LIMITS, apiChecks: false });
    const findings = runCheck(namespaceHasPolicy, createInventory({ kube: [...web.objects, ...policy.objects] }));
    expect(byName(findings)).toEqual({ '(no namespace set: app-a/web.yaml)': 'fail', '(no namespace set: app-b/deny.yaml)': 'not-applicable' });
    expect(findings.find((f) => f.status === 'fail')?.location?.file).toBe('app-a/web.yaml');
  });

  it('joins files that name the same namespace, and files placed in one by --namespace', () => {
    const web = parseManifestText({ text: deployment('web', 'shop', 'app: web').replace('namespace: shop', ''), file: 'app-a/web.yaml', limits: MANIFEST_LIMITS, apiChecks: false, source: { namespace: 'shop' } });
    const policy = parseManifestText({ text: networkPolicy('deny', 'shop', 'podSelector: {}'), file: 'app-b/deny.yaml', limits: MANIFEST_LIMITS, apiChecks: false });
    const findings = runCheck(namespaceHasPolicy, createInventory({ kube: [...web.objects, ...policy.objects] }));
    expect(byName(findings)).toEqual({ shop: 'pass' });
    // a namespace shared by two files belongs to neither: the finding names it and no file
    expect(findings[0]?.location).toBeUndefined();
  });

  it('says which engine policy covers the namespace, and reads the Namespace labels a cluster-wide selector names', () => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, labels: { team: a } }\n---\n';
    const policy = calicoPolicy('team-a', undefined, "selector: pcns.team == 'a'\ntypes: [Ingress]");
    const [finding] = runCheck(namespaceHasPolicy, namespace + web + policy);
    expect(finding).toMatchObject({ status: 'pass', message: 'Calico GlobalNetworkPolicy team-a applies to pods of namespace shop' });
  });

  it('does not count policies of an API group it does not know', () => {
    const other = 'apiVersion: example.com/v1\nkind: NetworkPolicy\nmetadata: { name: c, namespace: shop }\nspec: {}\n---\n';
    expect(byName(runCheck(namespaceHasPolicy, deployment('web', 'shop', 'app: web') + other))).toEqual({ shop: 'fail' });
  });
});
