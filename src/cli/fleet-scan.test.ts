import { describe, expect, it } from 'vitest';
import { fleetNothing, fleetSettings, progressLine } from './fleet-scan.js';

describe('the gate of a fleet', () => {
  const counts = { all: 0, share: 0, collected: 0, listingGaps: 0, accounts: 3, allowEmpty: false };

  it('fails a fleet without clusters unless --allow-empty, and a fleet that could not be listed always', () => {
    expect(fleetNothing(counts)?.error.message).toBe('no cluster in the fleet (3 accounts): there is nothing to audit');
    expect(fleetNothing({ ...counts, allowEmpty: true })).toBeUndefined();
    expect(fleetNothing({ ...counts, allowEmpty: true, listingGaps: 2 })?.error.message).toMatch(/^no cluster could be listed: 2 accounts or regions/);
  });

  it('fails a share of which nothing could be read, not a share that is empty', () => {
    expect(fleetNothing({ ...counts, all: 10, share: 3, collected: 0 })?.error.message).toBe('none of the 3 clusters of this run could be read (see the gaps)');
    expect(fleetNothing({ ...counts, all: 10, share: 3, collected: 1 })).toBeUndefined();
    expect(fleetNothing({ ...counts, all: 10, share: 0, collected: 0 })).toBeUndefined();
  });
});

describe('fleet settings', () => {
  const options = { paths: [], outputs: [], includePassed: false, fleet: { aws: { accounts: { kind: 'organization' as const }, include: [], exclude: [], roleName: 'r', externalId: 'shared-secret-value', regions: [], clusters: [], concurrency: 16, accountConcurrency: 8 } } };

  it('record what shapes the findings, the external ID only by digest', () => {
    const settings = fleetSettings(options, []);
    expect(settings['awsAccounts']).toBe('organization');
    expect(settings['awsRegions']).toBe('enabled');
    expect(JSON.stringify(settings)).not.toContain('shared-secret-value');
    expect(fleetSettings({ ...options, pssLevel: 'baseline' }, [])['pssLevel']).toBe('baseline');
  });

  it('do not depend on the shard or the concurrency', () => {
    const other = { ...options, fleet: { ...options.fleet, shard: { index: 1, count: 4 }, aws: { ...options.fleet.aws, concurrency: 2 } } };
    expect(fleetSettings(other, [])).toEqual(fleetSettings(options, []));
  });
});

describe('the progress line', () => {
  it('shows accounts, regions and clusters done, and only clusters for a fleet of contexts', () => {
    expect(progressLine({ accounts: 20, listed: 12, regions: 24, clusters: 76, done: 31 })).toBe('eksguard fleet: accounts 12/20 · regions 24 · clusters 31/76 done');
    expect(progressLine({ accounts: 0, listed: 0, regions: 0, clusters: 3, done: 1 })).toBe('eksguard fleet: clusters 1/3 done');
  });
});
