import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { configzPath } from '../../k8s/kubelet/configz.js';
import { knownResources } from './resources.js';

// deploy/rbac/eksguard-reader.yaml must grant exactly what this source reads: a
// kind added to the resource table without a rule would be a gap on every
// cluster that uses the shipped role.
const manifest = path.resolve(import.meta.dirname, '../../../deploy/rbac/eksguard-reader.yaml');
const documents = loadAll(readFileSync(manifest, 'utf8')) as { kind: string; metadata: { name: string }; rules?: Rule[] }[];

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

function rulesOf(name: string): Rule[] {
  const role = documents.find((doc) => doc.kind === 'ClusterRole' && doc.metadata.name === name);
  if (!role?.rules) throw new Error(`no ClusterRole ${name} in ${manifest}`);
  return role.rules;
}

function grants(rules: readonly Rule[], group: string, resource: string, verb: string): boolean {
  return rules.some((rule) => rule.apiGroups?.includes(group) && rule.resources?.includes(resource) && rule.verbs.includes(verb));
}

describe('deploy/rbac/eksguard-reader.yaml', () => {
  const reader = rulesOf('eksguard-reader');
  const secrets = rulesOf('eksguard-reader-secret-metadata');

  it('lets eksguard-reader list every kind the source can read, except Secrets', () => {
    for (const resource of knownResources()) {
      const granted = grants(reader, resource.group, resource.resource, 'list');
      expect({ resource: resource.resource, granted }).toEqual({ resource: resource.resource, granted: resource.kind !== 'Secret' });
    }
  });

  it('keeps Secrets in their own role, list only', () => {
    expect(secrets).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]);
  });

  it('never grants nodes/proxy: the kubelet configuration role is separate and opt-in', () => {
    for (const rule of [...reader, ...secrets]) expect(rule.resources ?? []).not.toContain('nodes/proxy');
  });

  it('grants nothing but reads: no wildcards, no writes, no watch, no subresources', () => {
    for (const rule of [...reader, ...secrets]) {
      for (const verb of rule.verbs) expect(['get', 'list']).toContain(verb);
      for (const resource of rule.resources ?? []) expect(resource).toMatch(/^[a-z]+$/);
      expect(rule.apiGroups ?? []).not.toContain('*');
    }
  });

  it('allows GET /version and GET namespaces (for --namespace)', () => {
    expect(reader.some((rule) => rule.nonResourceURLs?.includes('/version') && rule.verbs.includes('get'))).toBe(true);
    expect(grants(reader, '', 'namespaces', 'get')).toBe(true);
  });

  it('binds both roles to the documented group and ServiceAccount', () => {
    const bindings = documents.filter((doc) => doc.kind === 'ClusterRoleBinding') as unknown as {
      roleRef: { name: string };
      subjects: { kind: string; name: string; namespace?: string }[];
    }[];
    expect(bindings.map((binding) => binding.roleRef.name).sort()).toEqual(['eksguard-reader', 'eksguard-reader-secret-metadata']);
    for (const binding of bindings) {
      expect(binding.subjects).toContainEqual(expect.objectContaining({ kind: 'Group', name: 'eksguard:readers' }));
      expect(binding.subjects).toContainEqual({ kind: 'ServiceAccount', name: 'eksguard-scanner', namespace: 'eksguard' });
    }
  });
});

// deploy/rbac/eksguard-kubelet-config.yaml must grant what --kubelet-config reads, and nothing more.
describe('deploy/rbac/eksguard-kubelet-config.yaml', () => {
  const file = path.resolve(import.meta.dirname, '../../../deploy/rbac/eksguard-kubelet-config.yaml');
  const kubeletDocuments = loadAll(readFileSync(file, 'utf8')) as { kind: string; metadata: { name: string }; rules?: Rule[]; roleRef?: { name: string }; subjects?: unknown[] }[];
  const role = kubeletDocuments.find((doc) => doc.kind === 'ClusterRole' && doc.metadata.name === 'eksguard-kubelet-config');

  it('grants get on nodes/proxy for the path the source reads, and list on nodes, nothing else', () => {
    expect(configzPath('ip-10-0-1-10.ec2.internal')).toBe('/api/v1/nodes/ip-10-0-1-10.ec2.internal/proxy/configz');
    expect(role?.rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
    ]);
  });

  it('is bound to its own group and to the scanner ServiceAccount', () => {
    const binding = kubeletDocuments.find((doc) => doc.kind === 'ClusterRoleBinding');
    expect(binding?.roleRef?.name).toBe('eksguard-kubelet-config');
    expect(binding?.subjects).toContainEqual(expect.objectContaining({ kind: 'Group', name: 'eksguard:kubelet-config' }));
    expect(binding?.subjects).toContainEqual({ kind: 'ServiceAccount', name: 'eksguard-scanner', namespace: 'eksguard' });
  });
});
