import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../../../test/helpers/run-check.js';
import { answerWhoCan, buildQuery, checkVerb, renderWhoCanJson, renderWhoCanTable } from '../../cli/who-can.js';
import { awsAuthGrants } from './aws-auth-grants.js';

const INPUT = `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
    - rolearn: arn:aws:iam::111122223333:role/admins
      username: admin
      groups: [system:masters]
    - rolearn: arn:aws:iam::111122223333:role/support
      username: support-{{SessionName}}
      groups: [support]
  mapUsers: |
    - userarn: arn:aws:iam::111122223333:user/alice
      username: alice
      groups: [system:masters]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-reader }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [get, list, frobnicate] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: support-secrets }
subjects: [{ kind: Group, name: support }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }
`;
const inventory = inventoryFromYaml(INPUT);

function answer(verb: string, resource: string) {
  const query = buildQuery({ verb, resource });
  const rows = answerWhoCan(inventory, query);
  return { query, rows, mapped: awsAuthGrants(inventory.kube, rows) };
}

describe('who-can and aws-auth', () => {
  it('includes every principal mapped to system:masters, whatever is asked, and principals mapped to a granted group', () => {
    const secrets = answer('get', 'secrets');
    expect(secrets.mapped.map((grant) => `${grant.principal.kind} ${grant.principal.arn} → ${grant.group}`)).toEqual([
      'IAM role arn:aws:iam::111122223333:role/admins → system:masters',
      'IAM role arn:aws:iam::111122223333:role/support → support',
      'IAM user arn:aws:iam::111122223333:user/alice → system:masters',
    ]);
    const nodes = answer('delete', 'nodes');
    expect(nodes.rows).toEqual([]);
    expect(nodes.mapped.map((grant) => grant.principal.arn)).toEqual(['arn:aws:iam::111122223333:role/admins', 'arn:aws:iam::111122223333:user/alice']);
  });

  it('says in each row how the principal gets there', () => {
    const { query, rows, mapped } = answer('get', 'secrets');
    const table = renderWhoCanTable(query, rows, inventory, mapped);
    expect(table).toMatch(/arn:aws:iam::111122223333:role\/admins +IAM role +cluster-wide +aws-auth mapRoles\[1\] → group system:masters \(cluster-admin: RBAC is not consulted\) +every verb on every resource/);
    expect(table).toMatch(/arn:aws:iam::111122223333:role\/support +IAM role +cluster-wide +aws-auth mapRoles\[2\] → group support → ClusterRoleBinding support-secrets → ClusterRole secret-reader +rules\[0\]/);
    expect(table).toContain('Who may get secrets (4 grants)');
    const json = JSON.parse(renderWhoCanJson(query, rows, inventory, mapped));
    expect(json.awsAuth[0]).toMatchObject({ principal: { kind: 'IAMRole', arn: 'arn:aws:iam::111122223333:role/admins' }, group: 'system:masters', clusterAdmin: true, path: 'data.mapRoles[1]' });
    expect(json.awsAuth[1]).toMatchObject({ group: 'support', clusterAdmin: false, via: { binding: { kind: 'ClusterRoleBinding', name: 'support-secrets' } } });
  });

  it('rejects a misspelt verb with the nearest one, and accepts a custom verb a rule names', () => {
    expect(() => checkVerb('gett', inventory)).toThrow('unknown verb "gett" (did you mean get?)');
    expect(() => checkVerb('frobnicat', inventory)).toThrow('(did you mean frobnicate?)');
    for (const verb of ['get', 'deletecollection', 'impersonate', 'escalate', 'bind', 'post', '*', 'frobnicate']) expect(() => checkVerb(verb, inventory)).not.toThrow();
  });
});
