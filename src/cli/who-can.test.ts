import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createInventory } from '../core/inventory.js';
import { inventoryFromYaml } from '../../test/helpers/run-check.js';
import { UsageError } from './errors.js';
import { answerWhoCan, buildQuery, renderWhoCanJson, renderWhoCanTable, runWhoCan, whoCanOptionsFrom } from './who-can.js';

const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: support-tools }
rules:
  - { apiGroups: [""], resources: [secrets, pods/exec], verbs: [get, list, create] }
  - { apiGroups: ["*"], resources: ["*"], verbs: [get] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: support-tools }
subjects: [{ kind: Group, name: support }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support-tools }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: team-edit, namespace: shop }
subjects:
  - kind: ServiceAccount
    name: deployer
  - kind: User
    name: alice
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: aws-auth-editor, namespace: kube-system }
rules: [{ apiGroups: [""], resources: [configmaps], resourceNames: [aws-auth], verbs: [patch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: aws-auth-editor, namespace: kube-system }
subjects: [{ kind: User, name: platform-bot }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: aws-auth-editor }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cluster-admin }
subjects: [{ kind: Group, name: system:masters }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
`;

const inventory = inventoryFromYaml(RBAC);

function ask(verb: string, resource: string, extra: { namespace?: string; name?: string } = {}) {
  return answerWhoCan(inventory, buildQuery({ verb, resource, ...extra }));
}

function who(rows: ReturnType<typeof ask>): string[] {
  return rows.map((row) => `${row.subject.kind} ${row.subject.namespace ? `${row.subject.namespace}/` : ''}${row.subject.name} @ ${row.namespace ?? '*'}`);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'eksguard-who-can-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('who-can answers', () => {
  it('lists cluster-wide grants first, then namespaced ones, built-in defaults included', () => {
    expect(who(ask('get', 'secrets'))).toEqual(['Group support @ *', 'Group system:masters @ *', 'User alice @ shop', 'ServiceAccount shop/deployer @ shop']);
  });

  it('keeps only grants that hold in the namespace asked about', () => {
    expect(who(ask('get', 'secrets', { namespace: 'kube-system' }))).toEqual(['Group support @ *', 'Group system:masters @ *']);
    expect(who(ask('create', 'pods/exec', { namespace: 'shop' }))).toEqual([
      'Group support @ *',
      'Group system:masters @ *',
      'User alice @ shop',
      'ServiceAccount shop/deployer @ shop',
    ]);
  });

  it('shows rules limited to some names unless a name is asked for', () => {
    expect(who(ask('patch', 'configmaps', { namespace: 'kube-system' }))).toEqual(['Group system:masters @ *', 'User platform-bot @ kube-system']);
    expect(who(ask('patch', 'configmaps', { namespace: 'kube-system', name: 'coredns' }))).toEqual(['Group system:masters @ *']);
    expect(who(ask('patch', 'cm', { namespace: 'kube-system', name: 'aws-auth' }))).toHaveLength(2);
  });

  it('answers cluster-scoped resources from ClusterRoleBindings only', () => {
    expect(who(ask('get', 'nodes'))).toEqual(['Group support @ *', 'Group system:masters @ *']);
    expect(who(ask('delete', 'nodes'))).toEqual(['Group system:masters @ *']);
  });

  it('matches groups: a known resource in its own group, an unknown one in any group unless given', () => {
    expect(who(ask('create', 'deployments.apps', { namespace: 'shop' }))).toContain('User alice @ shop');
    expect(who(ask('create', 'deployments.example.com', { namespace: 'shop' }))).toEqual(['Group system:masters @ *']);
    expect(who(ask('get', 'widgets'))).toEqual(['Group support @ *', 'Group system:masters @ *']);
  });

  it('answers non-resource URLs', () => {
    expect(who(ask('get', '/metrics'))).toEqual(['Group system:masters @ *']);
  });

  it('names the binding, role and rule, aggregated rules at their source', () => {
    const rows = ask('create', 'pods/exec', { namespace: 'shop' });
    const alice = rows.find((row) => row.subject.name === 'alice')!;
    expect(alice.binding.name).toBe('team-edit');
    expect(alice.role.name).toBe('edit');
    expect(alice.rule.role.name).toBe('system:aggregate-to-edit');
    const table = renderWhoCanTable(buildQuery({ verb: 'create', resource: 'pods/exec', namespace: 'shop' }), rows, inventory);
    expect(table).toContain('Who may create pods/exec in namespace shop (4 grants):');
    expect(table).toMatch(/alice\s+User\s+shop\s+RoleBinding shop\/team-edit → ClusterRole edit \(Kubernetes default\)\s+rules\[2\] of ClusterRole system:aggregate-to-edit/);
    expect(table).toMatch(/system:masters\s+Group\s+cluster-wide\s+ClusterRoleBinding cluster-admin → ClusterRole cluster-admin \(Kubernetes default\) \(built-in\)/);
    expect(table).toContain('Roles marked (Kubernetes default) are not in the input');
  });

  it('says so when nobody may', () => {
    const query = buildQuery({ verb: 'escalate', resource: 'clusterroles' });
    expect(renderWhoCanTable(query, answerWhoCan(createInventory(), query), createInventory())).toBe('No subject may escalate clusterroles.rbac.authorization.k8s.io.\n');
  });

  it('escapes control characters from object names in the table', () => {
    const hostile = inventoryFromYaml(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "evil\\u001b[31m" }
subjects: [{ kind: User, name: "bob\\u001b[2J" }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
`);
    const query = buildQuery({ verb: 'get', resource: 'pods' });
    const table = renderWhoCanTable(query, answerWhoCan(hostile, query), hostile);
    expect(table).not.toContain('\u001b');
    expect(table).toContain('bob\\u001b[2J');
  });

  it('renders versioned JSON with the subject location', () => {
    const query = buildQuery({ verb: 'get', resource: 'secrets', namespace: 'shop' });
    const json = JSON.parse(renderWhoCanJson(query, answerWhoCan(inventory, query), inventory));
    expect(json.schemaVersion).toBe(1);
    expect(json.query).toEqual({ verb: 'get', resource: 'secrets', group: '', namespace: 'shop' });
    expect(json.complete).toBe(true);
    const deployer = json.results.find((result: { subject: { name: string } }) => result.subject.name === 'deployer');
    expect(deployer).toMatchObject({
      subject: { kind: 'ServiceAccount', name: 'deployer', namespace: 'shop' },
      scope: 'namespace',
      namespace: 'shop',
      binding: { kind: 'RoleBinding', name: 'team-edit', namespace: 'shop' },
      role: { kind: 'ClusterRole', name: 'edit', kubernetesDefault: true },
      rule: { role: { name: 'system:aggregate-to-edit' }, index: 0, path: 'rules[0]', verbs: ['get', 'list', 'watch'] },
      builtIn: false,
      location: { file: 'test.yaml', line: 18 },
    });
  });

  it('marks the answer incomplete when RBAC objects could not be read', () => {
    const partial = createInventory({ gaps: [{ source: 'kube list clusterrolebindings.rbac.authorization.k8s.io', reason: 'Forbidden', checks: ['K8S-RBAC-001'] }] });
    const query = buildQuery({ verb: 'get', resource: 'secrets' });
    expect(JSON.parse(renderWhoCanJson(query, [], partial)).complete).toBe(false);
    expect(renderWhoCanTable(query, [], partial)).toContain('Incomplete: kube list clusterrolebindings.rbac.authorization.k8s.io could not be read (Forbidden).');
  });
});

describe('who-can arguments', () => {
  it('rejects what is not a verb, a resource, or a namespaced URL', () => {
    expect(() => buildQuery({ verb: 'get pods', resource: 'pods' })).toThrow(UsageError);
    expect(() => buildQuery({ verb: 'get', resource: 'Pods With Spaces' })).toThrow(/is not a resource/);
    expect(() => buildQuery({ verb: 'get', resource: '/metrics', namespace: 'x' })).toThrow(/no namespace or name/);
    expect(() => buildQuery({ verb: 'get', resource: 'pods', namespace: '' })).toThrow(/needs a name/);
  });

  it('reads options: -n asks about a namespace; --kubeconfig needs --kube', () => {
    expect(whoCanOptionsFrom('get', 'pods', ['k8s'], { namespace: 'shop', format: 'json' })).toEqual({ verb: 'get', resource: 'pods', paths: ['k8s'], namespace: 'shop', format: 'json' });
    expect(() => whoCanOptionsFrom('get', 'pods', [], { context: 'prod' })).toThrow(/only apply with --kube/);
    expect(() => whoCanOptionsFrom('get', 'pods', [], { format: 'yaml' })).toThrow(/invalid --format/);
    expect(whoCanOptionsFrom('get', 'pods', [], { kube: true, context: 'prod' }).kube).toEqual({ namespaces: [], context: 'prod' });
  });

  it('reads manifests like scan and writes the answer', async () => {
    const manifest = path.join(scratch, 'rbac.yaml');
    const output = path.join(scratch, 'answer.json');
    writeFileSync(manifest, RBAC);
    const code = await runWhoCan({ verb: 'get', resource: 'secrets', namespace: 'kube-system', paths: [manifest], format: 'json', output });
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(output, 'utf8'));
    expect(json.results.map((result: { subject: { name: string } }) => result.subject.name)).toEqual(['support', 'system:masters']);
    await expect(runWhoCan({ verb: 'get', resource: 'secrets', paths: [], format: 'table' })).rejects.toThrow(/nothing to read/);
    // a broken document still gives an answer from the rest, and exit code 2
    const broken = path.join(scratch, 'broken.yaml');
    writeFileSync(broken, `${RBAC}---\nkind: [unclosed\n`);
    expect(await runWhoCan({ verb: 'get', resource: 'secrets', paths: [broken], format: 'json', output })).toBe(2);
    expect(JSON.parse(readFileSync(output, 'utf8')).errors).toHaveLength(1);
  });
});
