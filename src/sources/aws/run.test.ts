import { describe, expect, it } from 'vitest';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { mapLimit } from '../concurrency.js';
import { CollectionRun, allPages, describeFailure, plainJson } from './run.js';

describe('collection plumbing', () => {
  it('merges pages like the CLI and drops SDK metadata and tokens', async () => {
    async function* pages() {
      yield { $metadata: { httpStatusCode: 200 }, clusters: ['a'], nextToken: 't1' };
      yield { $metadata: { httpStatusCode: 200 }, clusters: ['b'], createdAt: new Date('2026-01-01T00:00:00Z') };
    }
    expect(await allPages(pages(), ['clusters'])).toEqual({ clusters: ['a', 'b'] });
    expect(plainJson({ a: new Date('2026-01-01T00:00:00Z'), $metadata: {} })).toEqual({ a: '2026-01-01T00:00:00.000Z' });
  });

  it('describes failures without an AWS error shape (emulators answer 404 with HTML)', () => {
    expect(describeFailure(Object.assign(new Error('UnknownError'), { name: 'Error', $metadata: { httpStatusCode: 404 } }))).toBe('not implemented by the endpoint (HTTP 404)');
    expect(describeFailure(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))).toBe('ThrottlingException: Rate exceeded');
    expect(describeFailure('boom')).toBe('Error');
    expect(describeFailure(Object.assign(new Error('x'.repeat(1000)), { name: 'AccessDenied' })).length).toBeLessThan(300);
  });

  it('turns failed calls into one gap per call and reason, naming where they failed and the data they starve', async () => {
    const run = new CollectionRun({ concurrency: 2, ssmPrefix: '' });
    const denied = () => Promise.reject(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    for (const cluster of ['a', 'b', 'c', 'd', 'e']) expect(await run.call('eks:ListAccessEntries', `eu-west-1/${cluster}`, denied)).toBeUndefined();
    expect(await run.call('eks:DescribeCluster', 'x', async () => 'ok')).toBe('ok');
    const meta = run.meta({});
    expect(meta.gaps).toEqual([
      {
        source: 'aws eks:ListAccessEntries',
        reason: 'AccessDeniedException: not authorized (eu-west-1/a, eu-west-1/b, eu-west-1/c and 2 more)',
        keys: [AWS_KEYS.accessEntries],
      },
    ]);
  });

  it('bounds the calls in flight across nested fan-out', async () => {
    const run = new CollectionRun({ concurrency: 3, ssmPrefix: '' });
    let running = 0;
    let peak = 0;
    const slow = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
      return true;
    };
    const results = await mapLimit([1, 2, 3, 4], 4, () => Promise.all([1, 2, 3, 4, 5].map(() => run.call('eks:DescribeNodegroup', 'x', slow))));
    expect(results.flat()).toHaveLength(20);
    expect(peak).toBe(3);
  });

  it('appends the lists of a second response for the same file', () => {
    const run = new CollectionRun({ concurrency: 1, ssmPrefix: '' });
    run.record('r/ec2/x.json', { SecurityGroups: [{ GroupId: 'a' }] }, ['SecurityGroups']);
    run.record('r/ec2/x.json', { SecurityGroups: [{ GroupId: 'b' }] }, ['SecurityGroups']);
    expect(run.snapshotFiles()).toEqual([{ path: 'r/ec2/x.json', body: { SecurityGroups: [{ GroupId: 'a' }, { GroupId: 'b' }] } }]);
  });
});
