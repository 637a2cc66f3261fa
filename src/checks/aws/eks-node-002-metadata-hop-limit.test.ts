import { describe, expect, it } from 'vitest';
import { instancesResponse as instances, runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { templateFixture } from './eks-node-001-imdsv2.js';
import { podMetadataAccess } from './eks-node-002-metadata-hop-limit.js';
import { PATHS } from './fixtures.js';

describe('EKS-NODE-002 IMDS hop limit', () => {
  it('reads the launch template first', () => {
    expect(summary(runAws(podMetadataAccess, templateFixture({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 3 } })))).toEqual(['fail:medium']);
    // a disabled endpoint is unreachable whatever the hop limit
    expect(summary(runAws(podMetadataAccess, templateFixture({ MetadataOptions: { HttpEndpoint: 'disabled', HttpPutResponseHopLimit: 2 } })))).toEqual(['pass']);
  });
  it('falls back to the running instances and names those that pods can reach through', () => {
    const files = { ...templateFixture({ MetadataOptions: { HttpPutResponseHopLimit: undefined } }), [PATHS.instances]: instances([{ HttpTokens: 'required', HttpPutResponseHopLimit: 2 }, { HttpTokens: 'required', HttpPutResponseHopLimit: 1 }]) };
    const findings = runAws(podMetadataAccess, files);
    expect(summary(findings)).toEqual(['fail:medium']);
    expect(findings[0]?.message).toContain('i-00 (hop limit 2)');
    expect(findings[0]?.message).not.toContain('i-01');
  });
  it('skips a node group whose launch template version was not collected', () => {
    expect(summary(runAws(podMetadataAccess, templateFixture({}, { launchTemplate: { id: 'lt-0abc1234def567890', version: '7' } })))).toEqual(['skipped']);
  });
});

testCheck(podMetadataAccess, {
  pass: [{ input: { aws: templateFixture({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } }) } }],
  fail: [
    { input: { aws: templateFixture({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 } }) }, failures: [{ path: 'LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit', messageId: 'metadataReachable', data: { instances: 'the launch template (hop limit 2)' }, severity: 'medium' }] },
    {
      input: { aws: { ...templateFixture({ MetadataOptions: { HttpPutResponseHopLimit: undefined } }), [PATHS.instances]: instances([{ HttpPutResponseHopLimit: 3 }, { HttpPutResponseHopLimit: 1 }, { HttpEndpoint: 'disabled', HttpPutResponseHopLimit: 2 }]) } },
      failures: [{ path: 'Instances.MetadataOptions.HttpPutResponseHopLimit', messageId: 'metadataReachable', data: { instances: 'i-00 (hop limit 3)' }, severity: 'medium' }],
    },
  ],
});
