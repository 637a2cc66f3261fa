import { describe, expect, it } from 'vitest';
import { failureCause, whyNothingCollected } from './nothing-collected.js';
import type { FailedCall } from './nothing-collected.js';

const error = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('x'), { name, ...extra });
const failed = (cause: FailedCall['cause'], reason = `${cause} reason`): FailedCall => ({ action: 'eks:ListClusters', scope: 'us-east-1', reason, cause });
const where = { regions: ['us-east-1', 'eu-west-1'], clusters: [] };

describe('failureCause', () => {
  it('tells missing or rejected credentials, denial and network failures apart', () => {
    expect(failureCause(error('CredentialsProviderError'))).toBe('credentials');
    expect(failureCause(error('InvalidClientTokenId', { $metadata: { httpStatusCode: 403 } }))).toBe('credentials');
    expect(failureCause(error('AccessDeniedException', { $metadata: { httpStatusCode: 403 } }))).toBe('denied');
    expect(failureCause(error('Error', { $metadata: { httpStatusCode: 403 } }))).toBe('denied');
    expect(failureCause(error('Error', { code: 'ECONNREFUSED' }))).toBe('network');
    expect(failureCause(error('TimeoutError'))).toBe('network');
    expect(failureCause(error('ThrottlingException'))).toBe('other');
    expect(failureCause('boom')).toBe('other');
  });
});

describe('whyNothingCollected', () => {
  it('never lets missing credentials, an unreachable endpoint or a denied account pass', () => {
    expect(whyNothingCollected({ failures: [failed('denied'), failed('credentials', 'CredentialsProviderError: Could not load credentials')], answered: 0 }, where)).toEqual({
      reason: 'no usable AWS credentials: CredentialsProviderError: Could not load credentials',
      allowable: false,
    });
    expect(whyNothingCollected({ failures: [failed('network', 'Error: connect ECONNREFUSED')], answered: 0 }, where)).toEqual({ reason: 'cannot reach the AWS API: Error: connect ECONNREFUSED', allowable: false });
    expect(whyNothingCollected({ failures: [failed('denied', 'AccessDeniedException: no'), failed('denied')], answered: 0 }, where)).toEqual({
      reason: 'no reachable AWS account: every call was denied (AccessDeniedException: no)',
      allowable: false,
    });
    expect(whyNothingCollected({ failures: [failed('other', 'InternalFailure')], answered: 0 }, where).allowable).toBe(false);
  });

  it('lets --allow-empty accept an account that answered and has no cluster, only when no region failed', () => {
    expect(whyNothingCollected({ failures: [], answered: 2 }, where)).toEqual({ reason: 'no EKS cluster in us-east-1, eu-west-1: there is nothing to audit', allowable: true });
    expect(whyNothingCollected({ failures: [failed('denied')], answered: 1 }, where).allowable).toBe(false);
    const notFound: FailedCall = { action: 'eks:DescribeCluster', scope: 'prod', reason: 'ResourceNotFoundException: no cluster named prod', keys: [] };
    expect(whyNothingCollected({ failures: [notFound], answered: 0 }, { ...where, clusters: ['prod'] })).toEqual({ reason: 'no EKS cluster named prod in us-east-1, eu-west-1', allowable: false });
  });
});
