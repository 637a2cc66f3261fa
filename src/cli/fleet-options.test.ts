import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { parseFleetOptions } from './fleet-options.js';

const base = { region: [], cluster: [], context: [], namespace: [], accounts: [], excludeAccounts: [] };
const parse = (options: Record<string, unknown>) => parseFleetOptions({ ...base, ...options });

describe('parseFleetOptions', () => {
  it('leaves an ordinary scan alone', () => {
    expect(parse({ aws: true, region: ['us-east-1'] })).toBeUndefined();
    expect(parse({ kube: true, context: ['one'] })).toBeUndefined();
  });

  it('reads an Organization-wide scan', () => {
    expect(parse({ org: true, roleName: 'eksguard-reader', externalId: 'fleet-2026', accounts: ['111111111111,222222222222'], excludeAccounts: ['222222222222'], region: ['eu-west-1'], shard: '1/4' })).toEqual({
      aws: {
        accounts: { kind: 'organization' },
        include: ['111111111111', '222222222222'],
        exclude: ['222222222222'],
        roleName: 'eksguard-reader',
        externalId: 'fleet-2026',
        regions: ['eu-west-1'],
        clusters: [],
        concurrency: 16,
        accountConcurrency: 8,
      },
      shard: { index: 1, count: 4 },
    });
  });

  it('reads explicit accounts, the caller account when sharded, several contexts and every context', () => {
    expect(parse({ accounts: ['333333333333'], roleName: 'r' })?.aws?.accounts).toEqual({ kind: 'list', accounts: ['333333333333'] });
    expect(parse({ aws: true, shard: '0/2' })?.aws?.accounts).toEqual({ kind: 'caller' });
    expect(parse({ org: true, roleName: 'r', kube: true })?.kube).toEqual({ contexts: 'current', namespaces: [] });
    expect(parse({ org: true, roleName: 'r', kube: true, context: ['prod'] })?.kube).toEqual({ contexts: ['prod'], namespaces: [] });
    // --aws beside several contexts is not dropped: the caller's account joins the fleet
    expect(parse({ aws: true, kube: true, context: ['a', 'b'], region: ['eu-west-1'] })?.aws).toMatchObject({ accounts: { kind: 'caller' }, regions: ['eu-west-1'] });
    expect(parse({ kube: true, context: ['a', 'b', 'a'] })?.kube).toEqual({ contexts: ['a', 'b'], namespaces: [] });
    expect(parse({ kube: true, allContexts: true, kubeconfig: 'k.yaml' })?.kube).toEqual({ contexts: 'all', kubeconfig: 'k.yaml', namespaces: [] });
  });

  it.each([
    [{ org: true }, /--org needs --role-name/],
    [{ org: true, roleName: 'r', accounts: ['12345'] }, /invalid --accounts "12345"/],
    [{ org: true, roleName: 'bad name!' }, /invalid --role-name/],
    [{ org: true, roleName: 'r', externalId: 'x' }, /invalid --external-id/],
    [{ roleName: 'r' }, /--role-name only apply to a fleet scan/],
    [{ shard: '4/4', org: true, roleName: 'r' }, /counts from 0/],
    [{ shard: '0/4' }, /--shard needs a fleet to split/],
    [{ org: true, roleName: 'r', concurrency: '0' }, /invalid --concurrency "0"/],
    [{ concurrency: '4' }, /only apply to a fleet scan/],
    [{ allContexts: true }, /--all-contexts only applies to a live scan/],
    [{ kube: true, allContexts: true, context: ['a'] }, /exclude each other/],
    [{ org: true, roleName: 'r', paths: ['k8s/'] }, /takes no manifest paths/],
    [{ org: true, roleName: 'r', baseline: 'b.json' }, /--baseline and --baseline-out do not apply to a fleet scan/],
    [{ kube: true, context: ['a', 'b'], awsSnapshot: 'dir' }, /cannot read --aws-snapshot/],
  ])('refuses %o', (options, message) => {
    expect(() => parse(options)).toThrow(UsageError);
    expect(() => parse(options)).toThrow(message);
  });

  it('takes the external ID from EKSGUARD_EXTERNAL_ID for fleet scans only', () => {
    expect(parseFleetOptions({ ...base, org: true, roleName: 'r' }, { EKSGUARD_EXTERNAL_ID: 'from-secret' })?.aws?.externalId).toBe('from-secret');
    expect(parseFleetOptions({ ...base, org: true, roleName: 'r', externalId: 'flag' }, { EKSGUARD_EXTERNAL_ID: 'from-secret' })?.aws?.externalId).toBe('flag');
    expect(parseFleetOptions({ ...base, aws: true }, { EKSGUARD_EXTERNAL_ID: 'from-secret' })).toBeUndefined();
  });

  it('never echoes an external ID it refuses', () => {
    const secret = 'not valid because of spaces';
    try {
      parse({ org: true, roleName: 'r', externalId: secret });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });
});
