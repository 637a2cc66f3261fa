import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { grantData } from '../../../../test/helpers/rbac-grant.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { podExec } from './k8s-rbac-005-pod-exec.js';

function withRule(rule: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: r, namespace: shop }
rules: [${rule}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: b, namespace: shop }
subjects: [{ kind: User, name: alice }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: r }
`;
}

describe('K8S-RBAC-005 exec, attach and port-forward', () => {
  it('fails create and get on pods/exec, attach and portforward', () => {
    expect(failures(runCheck(podExec, withRule('{ apiGroups: [""], resources: [pods/attach], verbs: [create] }')))[0]!.message).toMatch(/^User alice may create pods\/attach in namespace shop/);
    expect(failures(runCheck(podExec, withRule('{ apiGroups: [""], resources: [pods/portforward], verbs: [get] }')))[0]!.message).toContain('may get pods/portforward');
  });

  it('fails a rule limited to named pods and says so', () => {
    const [finding] = failures(runCheck(podExec, withRule('{ apiGroups: [""], resources: [pods/exec], resourceNames: [db-0], verbs: [create] }')));
    expect(finding!.message).toContain('may create pods/exec (only pods: db-0)');
  });

  it('fails */exec and * but not pods, pods/log or another group', () => {
    expect(statuses(runCheck(podExec, withRule('{ apiGroups: [""], resources: ["*/exec"], verbs: [create] }')))).toEqual(['fail']);
    expect(statuses(runCheck(podExec, withRule('{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }')))).toEqual(['fail']);
    expect(statuses(runCheck(podExec, withRule('{ apiGroups: [""], resources: [pods, pods/log], verbs: ["*"] }')))).toEqual(['pass']);
    expect(statuses(runCheck(podExec, withRule('{ apiGroups: [metrics.k8s.io], resources: [pods/exec], verbs: [create] }')))).toEqual(['pass']);
  });

  it('fails patch or update on pods/ephemeralcontainers (kubectl debug), also through wildcards', () => {
    const rules: Record<string, string> = {
      '{ apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: [patch] }': 'may patch pods/ephemeralcontainers',
      '{ apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: [update] }': 'may update pods/ephemeralcontainers',
      '{ apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: ["*"] }': 'may patch pods/ephemeralcontainers',
      '{ apiGroups: [""], resources: ["*/ephemeralcontainers"], verbs: [update] }': 'may update pods/ephemeralcontainers',
      '{ apiGroups: ["*"], resources: ["*"], verbs: [patch] }': 'may patch pods/ephemeralcontainers',
      '{ apiGroups: [""], resources: [pods/ephemeralcontainers], resourceNames: [web-0], verbs: [patch] }': 'may patch pods/ephemeralcontainers (only pods: web-0)',
    };
    for (const [rule, ability] of Object.entries(rules)) {
      const [finding] = failures(runCheck(podExec, withRule(rule)));
      expect(finding?.message, rule).toMatch(new RegExp(`^User alice ${ability.replace(/[()*]/g, '\\$&')} in namespace shop via RoleBinding shop/b → Role shop/r rules\\[0\\]`));
      expect(finding?.path, rule).toBe('subjects[0]');
    }
  });

  it('passes reading ephemeral containers and patching the pod itself', () => {
    expect(statuses(runCheck(podExec, withRule('{ apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: [get, list, watch] }')))).toEqual(['pass']);
    expect(statuses(runCheck(podExec, withRule('{ apiGroups: [""], resources: [pods, pods/status], verbs: [patch, update] }')))).toEqual(['pass']);
    expect(statuses(runCheck(podExec, withRule('{ apiGroups: [apps], resources: [pods/ephemeralcontainers], verbs: [patch] }')))).toEqual(['pass']);
  });
});

const via = (rule: string) => `RoleBinding shop/b → Role shop/r rules[0]: ${rule}`;

testCheck(podExec, {
  pass: [
    { input: withRule('{ apiGroups: [""], resources: [pods, pods/log], verbs: ["*"] }') },
    { input: withRule('{ apiGroups: [metrics.k8s.io], resources: [pods/exec], verbs: [create] }') },
    { input: withRule('{ apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: [get, list] }') },
  ],
  fail: [
    { input: withRule('{ apiGroups: [""], resources: [pods/exec], verbs: [create] }'), failures: [{ path: 'subjects[0]', messageId: 'grant', severity: 'medium', data: grantData('User alice', 'may create pods/exec', 'in namespace shop', via('verbs=create apiGroups="" resources=pods/exec')) }] },
    { input: withRule('{ apiGroups: [""], resources: [pods/portforward], verbs: [get] }'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('User alice', 'may get pods/portforward', 'in namespace shop', via('verbs=get apiGroups="" resources=pods/portforward')) }] },
    { input: withRule('{ apiGroups: [""], resources: [pods/exec], resourceNames: [db-0], verbs: [create] }'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('User alice', 'may create pods/exec (only pods: db-0)', 'in namespace shop', via('verbs=create apiGroups="" resources=pods/exec resourceNames=db-0')) }] },
    { input: withRule('{ apiGroups: [""], resources: ["*/exec"], verbs: [create] }'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('User alice', 'may create pods/exec', 'in namespace shop', via('verbs=create apiGroups="" resources=*/exec')) }] },
    { input: withRule('{ apiGroups: [""], resources: [pods/ephemeralcontainers], verbs: [update] }'), failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('User alice', 'may update pods/ephemeralcontainers', 'in namespace shop', via('verbs=update apiGroups="" resources=pods/ephemeralcontainers')) }] },
  ],
});
