import { describe, expect, it } from 'vitest';
import { failures, runCheck } from '../../../../test/helpers/run-check.js';
import { workloadSelected } from './k8s-net-004-workload-selected.js';
import { byName, calicoPolicy, ciliumPolicy, deployment, networkPolicy } from '../../../../test/helpers/network-manifests.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const web = deployment('web', 'shop', 'app: web');
const withAccount = deployment('web', 'shop', 'app: web', '      serviceAccountName: frontend\n');
const notSelected = (selectors: string) => ({ path: 'spec.template.metadata.labels', messageId: 'notSelected', data: { namespace: 'shop', labels: 'labels app=web', selectors } });

testCheck(workloadSelected, {
  pass: [
    { input: web + networkPolicy('web', 'shop', 'podSelector: { matchLabels: { app: web } }') },
    { input: web + ciliumPolicy('web', 'shop', 'endpointSelector: { matchLabels: { any:app: web } }\negress: [{ toEndpoints: [{}] }]') },
    { input: web + calicoPolicy('web', 'shop', "selector: app == 'web' && !has(legacy)\ningress: [{ action: Allow }]") },
    { input: withAccount + ciliumPolicy('sa', undefined, 'endpointSelector: { matchLabels: { io.cilium.k8s.policy.serviceaccount: frontend } }\ningress: [{}]') },
    { input: withAccount + calicoPolicy('sa', 'shop', "serviceAccountSelector: projectcalico.org/name == 'frontend'\ntypes: [Ingress]") },
  ],
  fail: [
    { input: web + ciliumPolicy('api', 'shop', 'endpointSelector: { matchLabels: { app: api } }\ningress: [{}]'), failures: [notSelected('CiliumNetworkPolicy api (app=api)')] },
    { input: web + calicoPolicy('api', 'shop', "selector: app in {'api', 'db'}"), failures: [notSelected("Calico NetworkPolicy api (app in {'api', 'db'})")] },
    // a policy of another namespace never selects these pods, whatever its selector
    { input: web + networkPolicy('web', 'ops', 'podSelector: {}') + networkPolicy('api', 'shop', 'podSelector: { matchLabels: { app: api } }'), failures: [notSelected('api (app=api)')] },
    {
      input: web + networkPolicy('api', 'shop', 'podSelector: { matchLabels: { app: api } }') + calicoPolicy('teams', undefined, "selector: pcsa.team == 'a'"),
      failures: [notSelected("api (app=api), Calico GlobalNetworkPolicy teams (eksguard cannot tell whether its selector (pcsa.team == 'a') picks these pods)")],
    },
  ],
});

describe('K8S-NET-004 workload selected by a NetworkPolicy', () => {
  it('evaluates matchLabels and every matchExpressions operator', () => {
    const policy = networkPolicy(
      'tiered',
      'shop',
      `podSelector:
  matchLabels: { team: a }
  matchExpressions:
    - { key: tier, operator: In, values: [web, api] }
    - { key: legacy, operator: DoesNotExist }
    - { key: env, operator: NotIn, values: [dev] }
    - { key: owner, operator: Exists }`,
    );
    const yaml =
      policy +
      deployment('match', 'shop', 'team: a, tier: web, owner: x') +
      deployment('match-env', 'shop', 'team: a, tier: api, owner: x, env: prod') +
      deployment('dev', 'shop', 'team: a, tier: web, owner: x, env: dev') +
      deployment('legacy', 'shop', 'team: a, tier: web, owner: x, legacy: "yes"') +
      deployment('no-owner', 'shop', 'team: a, tier: web') +
      deployment('other-tier', 'shop', 'team: a, tier: db, owner: x');
    expect(byName(runCheck(workloadSelected, yaml))).toEqual({
      match: 'pass',
      'match-env': 'pass',
      dev: 'fail',
      legacy: 'fail',
      'no-owner': 'fail',
      'other-tier': 'fail',
    });
  });

  it('names the labels and the selectors in use, and points at the template labels', () => {
    const yaml = networkPolicy('web', 'shop', 'podSelector: { matchLabels: { app: web } }') + deployment('report', 'shop', 'app: report');
    const [finding] = failures(runCheck(workloadSelected, yaml));
    expect(finding?.message).toBe("no NetworkPolicy in namespace shop selects this workload's pods (labels app=report); its policies select: web (app=web)");
    expect(finding?.path).toBe('spec.template.metadata.labels');
  });

  it('counts policies of either direction and any empty selector', () => {
    const yaml = networkPolicy('egress', 'shop', 'podSelector: {}\npolicyTypes: [Egress]') + deployment('web', 'shop', 'app: web');
    expect(byName(runCheck(workloadSelected, yaml))).toEqual({ web: 'pass' });
  });

  it('leaves a namespace without policies to K8S-NET-001 and host-network pods to K8S-WL-009', () => {
    const findings = runCheck(workloadSelected, deployment('web', 'shop', 'app: web') + networkPolicy('p', 'ops', 'podSelector: {}') + deployment('agent', 'ops', 'app: a', '      hostNetwork: true\n'));
    expect(byName(findings)).toEqual({ web: 'not-applicable', agent: 'not-applicable' });
    expect(findings[0]?.message).toContain('K8S-NET-001');
  });

  it('treats a policy with an invalid selector as selecting nothing', () => {
    const yaml = networkPolicy('bad', 'shop', 'podSelector: { matchExpressions: [{ key: app, operator: In, values: [] }] }') + deployment('web', 'shop', 'app: web');
    const [finding] = failures(runCheck(workloadSelected, yaml));
    expect(finding?.message).toContain('bad (invalid (matchExpressions[0]: operator In needs at least one value))');
  });
});
