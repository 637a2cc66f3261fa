import { defineCheck, fail, pass, type CheckContext, type Verdict } from '../../../core/check.js';
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
  type EffectiveRule,
  type Permission,
} from '../../../k8s/rbac/index.js';
import { describeAbility, grantMessage, RBAC_NEEDS, RBAC_REFERENCES } from './grants.js';

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

export const tokenAndCsr = defineCheck<BindingNode>({
  id: 'K8S-RBAC-011',
  title: 'Subjects that may mint ServiceAccount tokens or approve their own certificates',
  area: 'iam',
  severity: 'high',
  target: rbacBindings,
  needs: RBAC_NEEDS,
  rationale:
    'Creating serviceaccounts/token mints a token for a ServiceAccount, so the subject acts with that account\'s permissions without running its pods. Creating a CertificateSigningRequest and approving it yields a client certificate for any user name and group (system:masters included where a signer allows it) that outlives every RBAC change.',
  remediation:
    'Remove create on serviceaccounts/token except for controllers that need it, limited with `resourceNames`. Split CSR creation from approval, and limit `approve` with `resourceNames` to the one signer a controller serves.',
  references: [...RBAC_REFERENCES, 'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization'],
  standards: ['CIS-EKS-1.8 4.1.12', 'CIS-K8S-1.9 5.1.11', 'NSA-CISA authentication-authorization', 'EKS-BPG iam'],
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
    const graph = rbacGraph(ctx);
    const subjects = reportableSubjects(binding);
    const verdicts: Verdict[] = [];
    const token = bindingGrants(graph, binding, CREATE_TOKEN);
    if (token) {
      const grant = { effective: token.effective, what: describeAbility(token.request, token.effective), note: 'It can mint tokens for ServiceAccounts.' };
      for (const subject of subjects) verdicts.push(fail(grantMessage(describeSubject(subject), binding, grant), `subjects[${subject.index}]`));
    }
    // the binding that grants `approve` on a signer carries the CSR finding, once all three steps are held
    const approve = binding.clusterWide ? bindingGrants(graph, binding, CSR_STEPS[2].wanted) : undefined;
    if (approve) {
      const holders = csrHolders(ctx);
      for (const subject of subjects) {
        const steps = holders.get(subjectKey(subject));
        const create = steps?.get('create');
        const approval = steps?.get('approval');
        if (!create || !approval) continue;
        // steps granted by the same rule are named once
        const byGrant = new Map<string, string[]>();
        for (const [step, grant] of [
          ['approve', { binding, effective: approve.effective }],
          ['approval', approval],
          ['create', create],
        ] as const) {
          const via = describeGrant(grant.binding, grant.effective);
          byGrant.set(via, [...(byGrant.get(via) ?? []), step]);
        }
        const parts = [...byGrant].map(([via, names]) => `${names.join(', ')} via ${via}`);
        verdicts.push(fail(`${describeSubject(subject)} may create and approve CertificateSigningRequests: ${parts.join('; ')}`, `subjects[${subject.index}]`));
      }
    }
    return verdicts.length > 0 ? verdicts : pass('grants neither serviceaccounts/token nor the whole of CSR creation and approval');
  },
});
