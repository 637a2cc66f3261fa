import { describe, expect, it } from 'vitest';
import { isBuiltinKindLookalike, isCustomApiVersion } from './api-groups.js';

/** The rule as Kubernetes states it, read slowly: a group with a dot, other than k8s.io and its subdomains. */
function customByDefinition(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return false;
  const group = apiVersion.slice(0, slash);
  return group.includes('.') && group !== 'k8s.io' && !group.endsWith('.k8s.io');
}

describe('isCustomApiVersion', () => {
  it.each([
    ['v1', false],
    ['apps/v1', false],
    ['networking.k8s.io/v1', false],
    ['k8s.io/v1', false],
    ['.k8s.io/v1', false],
    ['rbac.authorization.k8s.io/v1', false],
    ['apps/v1.beta', false],
    ['apps.kruise.io/v1alpha1', true],
    ['cluster.x-k8s.io/v1beta1', true],
    ['x-k8s.io/v1', true],
    ['k8s.io.example.com/v1', true],
    ['iam.services.k8s.aws/v1alpha1', true],
    ['mk8s.io/v1', true],
  ])('%s is custom: %s', (apiVersion, custom) => {
    expect(isCustomApiVersion(apiVersion)).toBe(custom);
  });

  it('agrees with the definition on every short apiVersion built from the characters that matter', () => {
    const alphabet = ['a', '.', '/', 'k8s.io', '-', 'v1'];
    let checked = 0;
    const visit = (prefix: string, depth: number): void => {
      expect([prefix, isCustomApiVersion(prefix)]).toEqual([prefix, customByDefinition(prefix)]);
      checked += 1;
      if (depth > 0) for (const part of alphabet) visit(prefix + part, depth - 1);
    };
    visit('', 5);
    expect(checked).toBeGreaterThan(9_000);
  });

  it('calls a custom resource with a built-in kind name a lookalike, and nothing else', () => {
    expect(isBuiltinKindLookalike({ apiVersion: 'iam.services.k8s.aws/v1alpha1', kind: 'Role' })).toBe(true);
    expect(isBuiltinKindLookalike({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' })).toBe(false);
    expect(isBuiltinKindLookalike({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet' })).toBe(false);
  });
});
