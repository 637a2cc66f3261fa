import { describe, expect, it } from 'vitest';
import { failures, runCheck } from '../../../../test/helpers/run-check.js';
import { workloadSelected } from './k8s-net-004-workload-selected.js';
import { byName, deployment, networkPolicy } from '../../../../test/helpers/network-manifests.js';

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
