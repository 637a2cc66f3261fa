import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { admissionWebhooks } from './admission-webhooks.js';

function grant(rule: string, bindingKind: 'RoleBinding' | 'ClusterRoleBinding' = 'ClusterRoleBinding'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: r }
rules: [${rule}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${bindingKind}
metadata: { name: b${bindingKind === 'RoleBinding' ? ', namespace: policy' : ''} }
subjects: [{ kind: ServiceAccount, name: installer, namespace: policy }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r }
`;
}

describe('K8S-RBAC-012 admission webhook configurations', () => {
  it('fails writes to validating or mutating webhook configurations', () => {
    const [finding] = failures(runCheck(admissionWebhooks, grant('{ apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [delete] }')));
    expect(finding!.message).toMatch(/^ServiceAccount policy\/installer may delete validatingwebhookconfigurations.admissionregistration.k8s.io cluster-wide/);
  });

  it('fails a rule limited to one named configuration, which can still switch it off', () => {
    const rule = '{ apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], resourceNames: [injector], verbs: [patch] }';
    expect(failures(runCheck(admissionWebhooks, grant(rule)))[0]!.message).toContain('(only mutatingwebhookconfigurations: injector)');
  });

  it('passes read access and RoleBindings', () => {
    expect(statuses(runCheck(admissionWebhooks, grant('{ apiGroups: [admissionregistration.k8s.io], resources: ["*"], verbs: [get, list, watch] }')))).toEqual(['pass']);
    expect(statuses(runCheck(admissionWebhooks, grant('{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }', 'RoleBinding')))).toEqual(['pass']);
  });
});
