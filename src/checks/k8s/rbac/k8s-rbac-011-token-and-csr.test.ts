import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { tokenAndCsr } from './k8s-rbac-011-token-and-csr.js';

function role(name: string, rules: string): string {
  return `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: "${name}" }
rules: ${rules}
`;
}

function crb(name: string, roleName: string, subject = '{ kind: User, name: cert-bot }'): string {
  return `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "${name}" }
subjects: [${subject}]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "${roleName}" }
`;
}

const CREATE = '[{ apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create] }]';
const APPROVAL = '[{ apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update] }]';
const APPROVE = '[{ apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: [kubernetes.io/kube-apiserver-client], verbs: [approve] }]';

describe('K8S-RBAC-011 token minting and CSR approval', () => {
  it('fails unrestricted serviceaccounts/token creation', () => {
    const findings = runCheck(
      tokenAndCsr,
      role('minter', '[{ apiGroups: [""], resources: [serviceaccounts/token], verbs: [create] }]') + crb('minter', 'minter'),
    );
    expect(failures(findings)[0]!.message).toMatch(/^User cert-bot may create serviceaccounts\/token cluster-wide .* It can mint tokens for ServiceAccounts\.$/);
  });

  it('passes token creation limited to named ServiceAccounts', () => {
    const findings = runCheck(
      tokenAndCsr,
      role('minter', '[{ apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [own-sa], verbs: [create] }]') + crb('minter', 'minter'),
    );
    expect(statuses(findings)).toEqual(['pass']);
  });

  it('fails create and approve of CSRs held through separate bindings, once, on the approving binding', () => {
    const yaml = role('csr-create', CREATE) + role('csr-approval', APPROVAL) + role('csr-approve', APPROVE) + crb('a-create', 'csr-create') + crb('b-approval', 'csr-approval') + crb('c-approve', 'csr-approve');
    const findings = runCheck(tokenAndCsr, yaml);
    const failed = failures(findings);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.resource).toMatchObject({ name: 'c-approve' });
    expect(failed[0]!.message).toMatch(/^User cert-bot may create and approve CertificateSigningRequests: approve via ClusterRoleBinding c-approve .*; approval via ClusterRoleBinding b-approval .*; create via ClusterRoleBinding a-create /);
  });

  it('names a rule that grants several steps once', () => {
    const all = '[{ apiGroups: [certificates.k8s.io], resources: ["*"], verbs: ["*"] }]';
    const [finding] = failures(runCheck(tokenAndCsr, role('csr-all', all) + crb('csr-all', 'csr-all')));
    expect(finding!.message).toBe(
      'User cert-bot may create and approve CertificateSigningRequests: approve, approval, create via ClusterRoleBinding csr-all → ClusterRole csr-all rules[0]: verbs=* apiGroups=certificates.k8s.io resources=*.',
    );
  });

  it('passes when one of the three steps is missing, or held by someone else', () => {
    expect(statuses(runCheck(tokenAndCsr, role('csr-approve', APPROVE) + role('csr-approval', APPROVAL) + crb('x', 'csr-approve') + crb('y', 'csr-approval')))).toEqual(['pass', 'pass']);
    const split = role('csr-create', CREATE) + role('csr-approval', APPROVAL) + role('csr-approve', APPROVE) + crb('a', 'csr-create', '{ kind: User, name: other }') + crb('b', 'csr-approval') + crb('c', 'csr-approve');
    expect(failures(runCheck(tokenAndCsr, split))).toEqual([]);
  });

  it('excepts the built-in certificate controller', () => {
    const all = `[{ apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests, certificatesigningrequests/approval], verbs: [create, update] }, { apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve] }]`;
    const findings = runCheck(
      tokenAndCsr,
      role('system:controller:certificate-controller', all) +
        crb('system:controller:certificate-controller', 'system:controller:certificate-controller', '{ kind: ServiceAccount, name: certificate-controller, namespace: kube-system }'),
    );
    expect(statuses(findings)).toEqual(['pass']);
  });

  it('gives a subject that mints tokens and approves CSRs one finding (one fingerprint), naming both risks', () => {
    const everything = '[{ apiGroups: [""], resources: [serviceaccounts/token], verbs: [create] }, { apiGroups: [certificates.k8s.io], resources: ["*"], verbs: ["*"] }]';
    const findings = runCheck(tokenAndCsr, role('all', everything) + crb('all', 'all') + role('again', everything) + crb('again', 'again'));
    const failed = failures(findings);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toMatch(/^User cert-bot may create serviceaccounts\/token cluster-wide via ClusterRoleBinding all .* Also granted cluster-wide via ClusterRoleBinding again .* It may create and approve CertificateSigningRequests: /);
    const keys = failed.map((finding) => `${finding.checkId}|${JSON.stringify(finding.resource)}|${finding.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

const TOKEN = '[{ apiGroups: [""], resources: [serviceaccounts/token], verbs: [create] }]';
const ALL_CSR = '[{ apiGroups: [certificates.k8s.io], resources: ["*"], verbs: ["*"] }]';
const MINT = 'It can mint tokens for ServiceAccounts.';

testCheck(tokenAndCsr, {
  pass: [
    { input: role('minter', '[{ apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [own-sa], verbs: [create] }]') + crb('minter', 'minter') },
    // two of the three CSR steps
    { input: role('csr-approve', APPROVE) + role('csr-approval', APPROVAL) + crb('x', 'csr-approve') + crb('y', 'csr-approval') },
    // the steps held by different subjects
    { input: role('csr-create', CREATE) + role('csr-approval', APPROVAL) + role('csr-approve', APPROVE) + crb('a', 'csr-create', '{ kind: User, name: other }') + crb('b', 'csr-approval') + crb('c', 'csr-approve') },
  ],
  fail: [
    {
      input: role('minter', TOKEN) + crb('minter', 'minter'),
      failures: [{ path: 'subjects[0]', messageId: 'token', severity: 'high', data: { token: `User cert-bot may create serviceaccounts/token cluster-wide via ClusterRoleBinding minter → ClusterRole minter rules[0]: verbs=create apiGroups="" resources=serviceaccounts/token. ${MINT}` } }],
    },
    {
      input: role('csr-create', CREATE) + role('csr-approval', APPROVAL) + role('csr-approve', APPROVE) + crb('a-create', 'csr-create') + crb('b-approval', 'csr-approval') + crb('c-approve', 'csr-approve'),
      failures: [{
        path: 'subjects[0]', messageId: 'csr',
        data: {
          subject: 'User cert-bot',
          csr: 'approve via ClusterRoleBinding c-approve → ClusterRole csr-approve rules[0]: verbs=approve apiGroups=certificates.k8s.io resources=signers resourceNames=kubernetes.io/kube-apiserver-client; approval via ClusterRoleBinding b-approval → ClusterRole csr-approval rules[0]: verbs=update apiGroups=certificates.k8s.io resources=certificatesigningrequests/approval; create via ClusterRoleBinding a-create → ClusterRole csr-create rules[0]: verbs=create apiGroups=certificates.k8s.io resources=certificatesigningrequests',
        },
      }],
    },
    {
      // both risks, granted twice: one finding naming every grant
      input: role('all', `[${TOKEN.slice(1, -1)}, ${ALL_CSR.slice(1, -1)}]`) + crb('all', 'all') + role('again', TOKEN) + crb('again', 'again'),
      failures: [{
        path: 'subjects[0]', messageId: 'tokenAndCsr',
        data: {
          token: `User cert-bot may create serviceaccounts/token cluster-wide via ClusterRoleBinding all → ClusterRole all rules[0]: verbs=create apiGroups="" resources=serviceaccounts/token. ${MINT} Also granted cluster-wide via ClusterRoleBinding again → ClusterRole again rules[0]: verbs=create apiGroups="" resources=serviceaccounts/token.`,
          csr: 'approve, approval, create via ClusterRoleBinding all → ClusterRole all rules[1]: verbs=* apiGroups=certificates.k8s.io resources=*',
        },
      }],
    },
  ],
});
