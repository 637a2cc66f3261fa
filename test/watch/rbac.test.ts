import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { neededKinds, resourceForKind, qualifiedResource } from '../../src/sources/kube/resources.js';
import { repoRoot, runCliJsonAsync } from '../kube/local-cluster.js';

// The watcher's RBAC is the reader's, with `watch`, plus writes on the report kinds only and the
// one Lease; it must not drift from what the checks read. (It is used for real by watch.test.ts.)
interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}
const load = (file: string) => loadAll(readFileSync(path.join(repoRoot, file), 'utf8')) as { kind: string; metadata: { name: string }; rules?: Rule[] }[];
const watch = load('deploy/watch/rbac.yaml');
const reader = load('deploy/rbac/eksguard-reader.yaml');
const rules = (docs: ReturnType<typeof load>, kind: string, name: string) => docs.find((doc) => doc.kind === kind && doc.metadata.name === name)!.rules!;
const grants = (list: Rule[], verb: string) => new Set(list.filter((rule) => rule.verbs.includes(verb)).flatMap((rule) => (rule.resources ?? []).flatMap((resource) => (rule.apiGroups ?? []).map((group) => (group === '' ? resource : `${resource}.${group}`)))));

describe('deploy/watch/rbac.yaml', () => {
  const watcher = [...rules(watch, 'ClusterRole', 'eksguard-watcher'), ...rules(watch, 'ClusterRole', 'eksguard-watcher-secret-metadata')];
  const read = [...rules(reader, 'ClusterRole', 'eksguard-reader'), ...rules(reader, 'ClusterRole', 'eksguard-reader-secret-metadata')];

  it('lists and watches exactly what the reader lists, which covers every kind the checks need', () => {
    expect(grants(watcher, 'list')).toEqual(new Set([...grants(read, 'list'), 'policyreports.wgpolicyk8s.io', 'clusterpolicyreports.wgpolicyk8s.io', 'reports.openreports.io', 'clusterreports.openreports.io']));
    expect(grants(watcher, 'watch')).toEqual(grants(read, 'list'));
    for (const kind of neededKinds(allChecks.flatMap((check) => check.needs)).kinds) expect(grants(watcher, 'watch')).toContain(qualifiedResource(resourceForKind(kind)!));
  });

  it('writes nothing but the report kinds cluster-wide, and only its own Lease in its namespace', () => {
    const writes = ['create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate', '*'];
    const written = new Set(writes.flatMap((verb) => [...grants(watcher, verb)]));
    expect(written).toEqual(new Set(['policyreports.wgpolicyk8s.io', 'clusterpolicyreports.wgpolicyk8s.io', 'reports.openreports.io', 'clusterreports.openreports.io']));
    expect(watcher.some((rule) => rule.verbs.includes('get') && (rule.resources ?? []).length > 0)).toBe(false);
    const leader = rules(watch, 'Role', 'eksguard-watch-leader');
    expect(leader).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['eksguard-watch'], verbs: ['get', 'update'] },
    ]);
  });

  it('deploy/watch/ passes eksguard\'s own scan at the restricted Pod Security level with no failure', async () => {
    const { json, result } = await runCliJsonAsync(['scan', 'deploy/watch/', '--pss-level', 'restricted']);
    expect(result.code, result.stderr).toBe(0);
    expect(json.summary.fail).toBe(0);
    expect(json.summary.pass).toBeGreaterThan(50);
  });
});
