import { describe, expect, it } from 'vitest';
import { describeRule, nonResourceUrlMatches, readRule, readRules, ruleAllowsNonResource, ruleAllowsResource, ruleKey, type ResourceRequest } from './rules.js';

const rule = (raw: Record<string, unknown>) => readRule(raw);
const request = (verb: string, group: string, resource: string, names: ResourceRequest['names'] = 'all'): ResourceRequest => ({ verb, group, resource, names });

describe('policy rules', () => {
  it('reads malformed rules as granting nothing instead of throwing', () => {
    expect(readRules(null)).toEqual([]);
    expect(readRules('x')).toEqual([]);
    const [broken] = readRules([{ verbs: 'get', apiGroups: [1, ''], resources: null }]);
    expect(broken).toEqual({ verbs: [], apiGroups: [''], resources: [], resourceNames: [], nonResourceURLs: [] });
    expect(ruleAllowsResource(broken!, request('get', '', 'pods'))).toBe(false);
    expect(readRules([null])[0]!.verbs).toEqual([]);
  });

  it('matches verbs, groups and resources exactly or by *', () => {
    const secrets = rule({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] });
    expect(ruleAllowsResource(secrets, request('get', '', 'secrets'))).toBe(true);
    expect(ruleAllowsResource(secrets, request('watch', '', 'secrets'))).toBe(false);
    expect(ruleAllowsResource(secrets, request('get', 'apps', 'secrets'))).toBe(false);
    expect(ruleAllowsResource(secrets, request('get', '', 'configmaps'))).toBe(false);
    const all = rule({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] });
    expect(ruleAllowsResource(all, request('escalate', 'rbac.authorization.k8s.io', 'clusterroles'))).toBe(true);
    expect(ruleAllowsResource(all, request('create', '', 'pods/exec'))).toBe(true);
  });

  it('does not let a resource grant its subresources, but honours */subresource', () => {
    const pods = rule({ apiGroups: [''], resources: ['pods'], verbs: ['*'] });
    expect(ruleAllowsResource(pods, request('create', '', 'pods/exec'))).toBe(false);
    const anyScale = rule({ apiGroups: ['*'], resources: ['*/scale'], verbs: ['update'] });
    expect(ruleAllowsResource(anyScale, request('update', 'apps', 'deployments/scale'))).toBe(true);
    expect(ruleAllowsResource(anyScale, request('update', 'apps', 'deployments'))).toBe(false);
    expect(ruleAllowsResource(anyScale, request('update', 'apps', 'deployments/status'))).toBe(false);
  });

  it('applies resourceNames as the authorizer does', () => {
    const named = rule({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['aws-auth'], verbs: ['update', 'create'] });
    expect(ruleAllowsResource(named, request('update', '', 'configmaps', 'all'))).toBe(false);
    expect(ruleAllowsResource(named, request('update', '', 'configmaps', 'any'))).toBe(true);
    expect(ruleAllowsResource(named, request('update', '', 'configmaps', { name: 'aws-auth' }))).toBe(true);
    expect(ruleAllowsResource(named, request('update', '', 'configmaps', { name: 'other' }))).toBe(false);
    // create requests carry no name: resourceNames can never allow them
    expect(ruleAllowsResource(named, request('create', '', 'configmaps', 'any'))).toBe(false);
    // a subresource request names its parent object, so create can be limited there
    const exec = rule({ apiGroups: [''], resources: ['pods/exec'], resourceNames: ['db-0'], verbs: ['create'] });
    expect(ruleAllowsResource(exec, request('create', '', 'pods/exec', { name: 'db-0' }))).toBe(true);
    expect(ruleAllowsResource(exec, request('create', '', 'pods/exec', 'any'))).toBe(true);
    expect(ruleAllowsResource(exec, request('create', '', 'pods/exec', 'all'))).toBe(false);
    const open = rule({ apiGroups: [''], resources: ['configmaps'], verbs: ['update'] });
    expect(ruleAllowsResource(open, request('update', '', 'configmaps', { name: 'aws-auth' }))).toBe(true);
  });

  it('matches non-resource URLs exactly, by prefix with a trailing *, or by *', () => {
    const discovery = rule({ nonResourceURLs: ['/api', '/apis/*', '/healthz'], verbs: ['get'] });
    expect(nonResourceUrlMatches(discovery, '/api')).toBe(true);
    expect(nonResourceUrlMatches(discovery, '/api/v1')).toBe(false);
    expect(nonResourceUrlMatches(discovery, '/apis/apps/v1')).toBe(true);
    expect(ruleAllowsNonResource(discovery, 'post', '/healthz')).toBe(false);
    expect(ruleAllowsNonResource(rule({ nonResourceURLs: ['*'], verbs: ['*'] }), 'get', '/metrics')).toBe(true);
  });

  it('keys rules by content and describes them in one line', () => {
    const a = rule({ apiGroups: [''], resources: ['pods'], verbs: ['get'] });
    const b = rule({ verbs: ['get'], resources: ['pods'], apiGroups: [''] });
    expect(ruleKey(a)).toBe(ruleKey(b));
    expect(ruleKey(a)).not.toBe(ruleKey(rule({ apiGroups: [''], resources: ['pods'], verbs: ['list'] })));
    expect(describeRule(a)).toBe('verbs=get apiGroups="" resources=pods');
    expect(describeRule(rule({ nonResourceURLs: ['/metrics'], verbs: ['get'] }))).toBe('verbs=get nonResourceURLs=/metrics');
    expect(describeRule(rule({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['aws-auth'], verbs: ['patch'] }))).toContain('resourceNames=aws-auth');
  });
});
