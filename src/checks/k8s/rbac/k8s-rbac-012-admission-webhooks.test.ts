import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { grantData } from '../../../../test/helpers/rbac-grant.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { admissionWebhooks } from './k8s-rbac-012-admission-webhooks.js';
import { createInventory } from '../../../core/inventory.js';
import { MANIFEST_LIMITS, parseManifestText } from '../../../sources/manifests/index.js';

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

  it('passes a rule limited by resourceNames to the configurations its own chart ships, as the remediation says', () => {
    const rule = '{ apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations, mutatingwebhookconfigurations], resourceNames: [tls-webhook], verbs: [get, update, patch] }';
    const config = (kind: string) => `---\napiVersion: admissionregistration.k8s.io/v1\nkind: ${kind}\nmetadata: { name: tls-webhook }\nwebhooks: []\n`;
    const own = runCheck(admissionWebhooks, grant(rule) + config('ValidatingWebhookConfiguration') + config('MutatingWebhookConfiguration'));
    expect(statuses(own)).toEqual(['pass']);
    // not in the input: nothing shows it is the controller's own
    expect(statuses(runCheck(admissionWebhooks, grant(rule)))).toEqual(['fail']);
    // a configuration of another source (another chart, another file) is someone else's policy
    const role = parseManifestText({ text: grant(rule), file: 'charts/a/templates/rbac.yaml', limits: MANIFEST_LIMITS, apiChecks: false, source: { id: 'charts/a' } });
    const other = parseManifestText({ text: config('ValidatingWebhookConfiguration'), file: 'charts/b/templates/webhook.yaml', limits: MANIFEST_LIMITS, apiChecks: false, source: { id: 'charts/b' } });
    const [foreign] = failures(runCheck(admissionWebhooks, createInventory({ kube: [...role.objects, ...other.objects] })));
    expect(foreign?.message).toContain('tls-webhook is not a webhook configuration that its own source (charts/a) ships.');
    // create cannot be limited by name (the authorizer grants it only by a rule without names): such a rule still counts
    const create = `${rule}, { apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [create] }`;
    expect(statuses(runCheck(admissionWebhooks, grant(create) + config('ValidatingWebhookConfiguration') + config('MutatingWebhookConfiguration')))).toEqual(['fail']);
  });
});

const ADMISSION = 'admissionregistration.k8s.io';
const config = (kind: string, metadata = '{ name: tls-webhook }') => `---\napiVersion: ${ADMISSION}/v1\nkind: ${kind}\nmetadata: ${metadata}\nwebhooks: []\n`;
const OWN = `{ apiGroups: [${ADMISSION}], resources: [validatingwebhookconfigurations, mutatingwebhookconfigurations], resourceNames: [tls-webhook], verbs: [get, update, patch] }`;

testCheck(admissionWebhooks, {
  pass: [
    { input: grant(`{ apiGroups: [${ADMISSION}], resources: ["*"], verbs: [get, list, watch] }`) },
    { input: grant('{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }', 'RoleBinding') },
    // limited by name to the configurations its own installation ships
    { input: grant(OWN) + config('ValidatingWebhookConfiguration') + config('MutatingWebhookConfiguration') },
  ],
  fail: [
    {
      input: grant(`{ apiGroups: [${ADMISSION}], resources: [validatingwebhookconfigurations], verbs: [delete] }`),
      failures: [{ path: 'subjects[0]', messageId: 'grant', severity: 'high', data: grantData('ServiceAccount policy/installer', `may delete validatingwebhookconfigurations.${ADMISSION}`, 'cluster-wide', `ClusterRoleBinding b → ClusterRole r rules[0]: verbs=delete apiGroups=${ADMISSION} resources=validatingwebhookconfigurations`) }],
    },
    {
      // names the input does not ship: nothing shows they are its own
      input: grant(OWN),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount policy/installer', `may update validatingwebhookconfigurations.${ADMISSION} (only validatingwebhookconfigurations: tls-webhook)`, 'cluster-wide', `ClusterRoleBinding b → ClusterRole r rules[0]: verbs=get,update,patch apiGroups=${ADMISSION} resources=validatingwebhookconfigurations,mutatingwebhookconfigurations resourceNames=tls-webhook`, { note: 'tls-webhook is not a webhook configuration that its own source (test.yaml) ships.' }) }],
    },
    {
      // create cannot be limited by name
      input: grant(`${OWN}, { apiGroups: [${ADMISSION}], resources: [mutatingwebhookconfigurations], verbs: [create] }`) + config('ValidatingWebhookConfiguration') + config('MutatingWebhookConfiguration'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount policy/installer', `may create mutatingwebhookconfigurations.${ADMISSION}`, 'cluster-wide', `ClusterRoleBinding b → ClusterRole r rules[1]: verbs=create apiGroups=${ADMISSION} resources=mutatingwebhookconfigurations`) }],
    },
    {
      // a wildcard over the group, limited to names of which one is someone else's
      input: grant(`{ apiGroups: [${ADMISSION}], resources: ["*"], resourceNames: [tls-webhook, kyverno-policy], verbs: [patch] }`) + config('ValidatingWebhookConfiguration'),
      failures: [{ path: 'subjects[0]', messageId: 'grant', data: grantData('ServiceAccount policy/installer', `may patch validatingwebhookconfigurations.${ADMISSION} (only validatingwebhookconfigurations: tls-webhook, kyverno-policy)`, 'cluster-wide', `ClusterRoleBinding b → ClusterRole r rules[0]: verbs=patch apiGroups=${ADMISSION} resources=* resourceNames=tls-webhook,kyverno-policy`, { note: 'kyverno-policy is not a webhook configuration that its own source (test.yaml) ships.' }) }],
    },
  ],
});
