import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { cloudTrailCoverage } from './eks-log-004-cloudtrail-coverage.js';
import { PATHS, clusterResponse } from './fixtures.js';
import { TRAIL_ARN, TRAIL_PATHS, trailDetails, trailsResponse } from './trail-fixtures.js';

const cluster = { [PATHS.cluster]: clusterResponse() };
const audit = TRAIL_ARN('audit');
const input = (files: Record<string, unknown>) => ({ aws: { ...cluster, ...files } });

testCheck(cloudTrailCoverage, {
  pass: [
    { input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit' }]), ...trailDetails(audit, true) }) },
    { input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'org', home: 'eu-west-1', multiRegion: true }]), ...trailDetails(TRAIL_ARN('org', 'eu-west-1'), true, [{ ReadWriteType: 'WriteOnly' }]) }) },
    // no selectors at all: the default records management events
    { input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit' }]), ...trailDetails(audit, true, []) }) },
    { input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit' }]), ...trailDetails(audit, true, [{ Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }], true) }) },
    // one good trail is enough, whatever the others
    { input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'old' }, { name: 'audit' }]), ...trailDetails(TRAIL_ARN('old'), false), ...trailDetails(audit, true) }) },
  ],
  fail: [
    { input: input({ [TRAIL_PATHS.trails]: { trailList: [] } }), failures: [{ path: 'trailList', messageId: 'noTrail', data: { region: 'us-east-1' }, severity: 'medium' }] },
    // a single-region trail of another home region does not cover this one
    { input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'eu', home: 'eu-west-1' }]), ...trailDetails(TRAIL_ARN('eu', 'eu-west-1'), true) }), failures: [{ path: 'trailList', messageId: 'noTrail', data: { region: 'us-east-1' } }] },
    { input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit' }]), ...trailDetails(audit, false) }), failures: [{ path: 'trailList', messageId: 'trailNotLogging', data: { region: 'us-east-1', trail: 'audit' } }] },
    { input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit' }]), ...trailDetails(audit, true, [{ ReadWriteType: 'ReadOnly' }]) }), failures: [{ path: 'trailList', messageId: 'trailWithoutWriteEvents', data: { region: 'us-east-1', trail: 'audit' } }] },
    { input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit' }]), ...trailDetails(audit, true, [{ ReadWriteType: 'All', IncludeManagementEvents: false }]) }), failures: [{ path: 'trailList', messageId: 'trailWithoutWriteEvents', data: { region: 'us-east-1', trail: 'audit' } }] },
    {
      input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit' }]), ...trailDetails(audit, true, [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }], true) }),
      failures: [{ path: 'trailList', messageId: 'trailWithoutWriteEvents', data: { region: 'us-east-1', trail: 'audit' } }],
    },
    { input: input({ [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit' }]), ...trailDetails(audit, true, [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }], true) }), failures: [{ path: 'trailList', messageId: 'trailWithoutWriteEvents', data: { region: 'us-east-1', trail: 'audit' } }] },
  ],
});

describe('EKS-LOG-004 CloudTrail coverage', () => {
  it('is skipped, never passed, when a covering trail has no status or selectors collected', () => {
    expect(summary(runAws(cloudTrailCoverage, { ...cluster, [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit' }]) }))).toEqual(['skipped']);
  });
  it('is skipped when DescribeTrails was not collected for a region with a cluster', () => {
    expect(summary(runAws(cloudTrailCoverage, cluster))).toEqual(['skipped']);
  });
  it('names three problem trails at most', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const files = Object.assign({}, ...names.map((name) => trailDetails(TRAIL_ARN(name), false)));
    const [finding] = runAws(cloudTrailCoverage, { ...cluster, [TRAIL_PATHS.trails]: trailsResponse(names.map((name) => ({ name }))), ...files });
    expect(finding?.message).toBe('no trail that covers us-east-1 records its management events: a is not logging; b is not logging; c is not logging; and 2 more');
  });
});
