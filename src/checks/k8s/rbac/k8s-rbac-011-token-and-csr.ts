import { defineCheck, fail, pass, type CheckContext, type Verdict } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import {
  bindingGrants,
  describeGrant,
  describeSubject,
  permission,
  rbacBindings,
  rbacGraph,
  reportableSubjects,
  subjectKey,
  type BindingNode,
  type BindingSubject,
  type EffectiveRule,
  type Permission,
} from '../../../k8s/rbac/index.js';
import { describeAbility, grantMessage, otherGrants, RBAC_NEEDS, RBAC_REFERENCES, type SubjectGrant } from './grants.js';

const CERTIFICATES = 'certificates.k8s.io';

const CREATE_TOKEN = permission({ id: 'serviceaccounts:token', verbs: ['create'], group: '', resources: ['serviceaccounts/token'] });

/** Approving a CSR takes all three: create it, update its approval subresource, and `approve` on the signer. */
const CSR_STEPS = [
  { step: 'create', wanted: permission({ id: 'csr:create', verbs: ['create'], group: CERTIFICATES, resources: ['certificatesigningrequests'], clusterScoped: true }) },
  {
    step: 'approval',
    wanted: permission({ id: 'csr:approval', verbs: ['update', 'patch'], group: CERTIFICATES, resources: ['certificatesigningrequests/approval'], names: 'any', clusterScoped: true }),
  },
  { step: 'approve', wanted: permission({ id: 'csr:approve', verbs: ['approve'], group: CERTIFICATES, resources: ['signers'], names: 'any', clusterScoped: true }) },
] as const satisfies readonly { step: string; wanted: Permission }[];

type CsrStep = (typeof CSR_STEPS)[number]['step'];

interface StepGrant {
  binding: BindingNode;
  effective: EffectiveRule;
}

/** For every subject, the first binding (of any kind) that grants each CSR step: the steps may come from different bindings. */
function csrHolders(ctx: CheckContext): Map<string, Map<CsrStep, StepGrant>> {
  return ctx.memo('rbac:csr-holders', () => {
    const graph = rbacGraph(ctx);
    const holders = new Map<string, Map<CsrStep, StepGrant>>();
    for (const binding of graph.bindings) {
      if (!binding.clusterWide || !binding.role) continue;
      for (const { step, wanted } of CSR_STEPS) {
        const match = bindingGrants(graph, binding, wanted);
        if (!match) continue;
        for (const subject of reportableSubjects(binding)) {
          const key = subjectKey(subject);
          let steps = holders.get(key);
          if (!steps) holders.set(key, (steps = new Map()));
          if (!steps.has(step)) steps.set(step, { binding, effective: match.effective });
        }
      }
    }
    return holders;
  });
}

/** One subject's token and CSR risks: one finding, carried by the first binding that grants either. */
interface SubjectRisk {
  first: { binding: BindingNode; subject: BindingSubject };
  token: SubjectGrant[];
  /** the CSR steps and the grants that give them, once all three are held */
  csr?: string;
}

function describeCsr(approve: StepGrant, steps: Map<CsrStep, StepGrant>): string {
  // steps granted by the same rule are named once
  const byGrant = new Map<string, string[]>();
  for (const [step, grant] of [
    ['approve', approve],
    ['approval', steps.get('approval')!],
    ['create', steps.get('create')!],
  ] as const) {
    const via = describeGrant(grant.binding, grant.effective);
    byGrant.set(via, [...(byGrant.get(via) ?? []), step]);
  }
  return [...byGrant].map(([via, names]) => `${names.join(', ')} via ${via}`).join('; ');
}

/** Every subject's risks, in input order: a subject bound several times gets one finding that names each grant. */
function risksBySubject(ctx: CheckContext): Map<string, SubjectRisk> {
  return ctx.memo('rbac:011-risks', () => {
    const graph = rbacGraph(ctx);
    const holders = csrHolders(ctx);
    const out = new Map<string, SubjectRisk>();
    for (const binding of graph.bindings) {
      const token = bindingGrants(graph, binding, CREATE_TOKEN);
      const approve = binding.clusterWide ? bindingGrants(graph, binding, CSR_STEPS[2].wanted) : undefined;
      if (!token && !approve) continue;
      for (const subject of reportableSubjects(binding)) {
        const key = subjectKey(subject);
        const steps = approve ? holders.get(key) : undefined;
        const csr = approve && steps?.get('create') && steps.get('approval') ? describeCsr({ binding, effective: approve.effective }, steps) : undefined;
        if (!token && !csr) continue;
        let risk = out.get(key);
        if (!risk) out.set(key, (risk = { first: { binding, subject }, token: [] }));
        if (token) risk.token.push({ binding, subject, grant: { effective: token.effective, what: describeAbility(token.request, token.effective), note: 'It can mint tokens for ServiceAccounts.' } });
        risk.csr ??= csr;
      }
    }
    return out;
  });
}

/**
 * K8S-RBAC-011: fails for a binding that lets its subjects create ServiceAccount tokens or approve
 * certificate signing requests.
 */
export const tokenAndCsr = defineCheck<BindingNode>({
  id: 'K8S-RBAC-011',
  title: 'Subjects should not be able to mint ServiceAccount tokens or approve their own certificates',
  area: 'iam',
  severity: 'high',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  admission: { judges: 'the RoleBinding or ClusterRoleBinding and the built-in role it names (cluster-admin, admin, edit…); a binding to a custom role the request does not carry passes here, and `scan` judges it with the role' },
  rationale:
    'Creating serviceaccounts/token mints a token for a ServiceAccount, so the subject acts with that account\'s permissions without running its pods. Creating a CertificateSigningRequest and approving it yields a client certificate for any user name and group (system:masters included where a signer allows it) that outlives every RBAC change.',
  remediation:
    'Remove create on serviceaccounts/token except for controllers that need it, limited with `resourceNames`. Split CSR creation from approval, and limit `approve` with `resourceNames` to the one signer a controller serves.',
  messages: {
    token: '{{token}}',
    tokenAndCsr: '{{token}} It may create and approve CertificateSigningRequests: {{csr}}.',
    csr: '{{subject}} may create and approve CertificateSigningRequests: {{csr}}.',
  },
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization'],
  standards: ['CIS-K8S-1.9 5.1.11'],
  examples: {
    pass: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: csr-requester
rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests"]
    verbs: ["create", "get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: csr-requester
subjects:
  - kind: ServiceAccount
    name: cert-client
    namespace: tls
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: csr-requester
`,
    ],
    fail: [
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: token-minter
  namespace: ci
rules:
  - apiGroups: [""]
    resources: ["serviceaccounts/token"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: token-minter
  namespace: ci
subjects:
  - kind: ServiceAccount
    name: runner
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: token-minter
`,
    ],
  },
  evaluate(binding, ctx) {
    const verdicts: Verdict[] = [];
    const risks = risksBySubject(ctx);
    for (const subject of reportableSubjects(binding)) {
      const risk = risks.get(subjectKey(subject));
      if (!risk || risk.first.binding !== binding || risk.first.subject.index !== subject.index) continue;
      const [token] = risk.token;
      const path = fieldPath('subjects', subject.index);
      const who = describeSubject(subject);
      const tokenText = token ? `${grantMessage(who, token.binding, token.grant)}${otherGrants(risk.token)}` : undefined;
      if (tokenText !== undefined && risk.csr) verdicts.push(fail({ messageId: 'tokenAndCsr', data: { token: tokenText, csr: risk.csr }, path }));
      else if (tokenText !== undefined) verdicts.push(fail({ messageId: 'token', data: { token: tokenText }, path }));
      else if (risk.csr) verdicts.push(fail({ messageId: 'csr', data: { subject: who, csr: risk.csr }, path }));
    }
    if (verdicts.length > 0) return verdicts;
    const grants = bindingGrants(rbacGraph(ctx), binding, CREATE_TOKEN) || (binding.clusterWide && bindingGrants(rbacGraph(ctx), binding, CSR_STEPS[2].wanted));
    return pass(grants ? 'its subjects are reported with the first binding that grants them this' : 'grants neither serviceaccounts/token nor the whole of CSR creation and approval');
  },
});
