import { describe, expect, it } from 'vitest';
import { awsInventory, instancesResponse as instances, runAws, summary } from '../../../test/helpers/aws.js';
import { runCheck } from '../../../test/helpers/run-check.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { createInventory, mergeInventories } from '../../core/inventory.js';
import { imdsv2Required, templateFixture } from './eks-node-001-imdsv2.js';
import { PATHS, clusterResponse } from './fixtures.js';

describe('EKS-NODE-001 instance metadata', () => {
  it('reads the launch template first', () => {
    expect(summary(runAws(imdsv2Required, templateFixture({ MetadataOptions: { HttpEndpoint: 'disabled' } })))).toEqual(['pass']);
  });
  it('falls back to the running instances when the template leaves the field unset', () => {
    const files = { ...templateFixture({ MetadataOptions: undefined }), [PATHS.instances]: instances([{ HttpTokens: 'required', HttpPutResponseHopLimit: 2 }, { HttpTokens: 'optional', HttpPutResponseHopLimit: 1 }]) };
    const node001 = runAws(imdsv2Required, files);
    expect(summary(node001)).toEqual(['fail:high']);
    expect(node001[0]?.message).toContain('i-01');
  });
  it('skips without template settings and without instances, and when DescribeInstances failed', () => {
    const files = templateFixture({ MetadataOptions: undefined });
    expect(summary(runAws(imdsv2Required, { ...files, [PATHS.instances]: { Reservations: [] } }))).toEqual(['skipped']);
    const gap = { source: 'aws ec2:DescribeInstances', reason: 'AccessDenied', checks: [] };
    const inventory = mergeInventories([awsInventory(files), createInventory({ gaps: [gap], missing: new Map([[AWS_KEYS.instances, gap]]) })]);
    expect(summary(runCheck(imdsv2Required, inventory))).toEqual(['skipped']);
  });
  it('is not applicable on EKS Auto Mode clusters', () => {
    expect(summary(runAws(imdsv2Required, { ...templateFixture({ MetadataOptions: { HttpTokens: 'optional' } }), [PATHS.cluster]: clusterResponse({ computeConfig: { enabled: true } }) }))).toEqual(['not-applicable']);
  });
});

testCheck(imdsv2Required, {
  pass: [{ input: { aws: templateFixture({}) } }, { input: { aws: templateFixture({ MetadataOptions: { HttpEndpoint: 'disabled' } }) } }],
  fail: [
    { input: { aws: templateFixture({ MetadataOptions: { HttpTokens: 'optional', HttpPutResponseHopLimit: 1 } }) }, failures: [{ path: 'LaunchTemplateData.MetadataOptions.HttpTokens', messageId: 'launchTemplate', data: { httpTokens: 'optional' }, severity: 'high' }] },
    {
      input: { aws: { ...templateFixture({ MetadataOptions: undefined }), [PATHS.instances]: instances([{ HttpTokens: 'required' }, { HttpTokens: 'optional' }, { HttpTokens: 'optional', HttpEndpoint: 'enabled' }]) } },
      failures: [{ path: 'Instances.MetadataOptions.HttpTokens', messageId: 'instances', data: { instances: 'i-01, i-02' }, severity: 'high' }],
    },
  ],
});
