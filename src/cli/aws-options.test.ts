import { describe, expect, it } from 'vitest';
import { parseAwsScanOptions, resolveRegions } from './aws-options.js';

describe('AWS command-line options', () => {
  it('parses --aws with regions, clusters, profile and prefix', () => {
    expect(parseAwsScanOptions({ aws: true, region: ['eu-west-1', 'us-gov-west-1'], cluster: ['prod'], profile: 'audit', amiParameterPrefix: '/mirror' })).toEqual({
      live: { regions: ['eu-west-1', 'us-gov-west-1'], clusters: ['prod'], profile: 'audit', ssmParameterPrefix: '/mirror' },
    });
    expect(parseAwsScanOptions({ aws: false, region: [], cluster: [] })).toBeUndefined();
    expect(parseAwsScanOptions({ awsSnapshot: 'dir', region: [], cluster: [] })).toEqual({ snapshot: 'dir' });
  });
  it('refuses bad values and AWS flags without --aws', () => {
    expect(() => parseAwsScanOptions({ aws: true, region: ['eu-west'], cluster: [] })).toThrow(/invalid --region/);
    expect(() => parseAwsScanOptions({ aws: true, region: [], cluster: ['../x'] })).toThrow(/invalid --cluster/);
    expect(() => parseAwsScanOptions({ aws: true, region: [], cluster: [], amiParameterPrefix: 'no-slash' })).toThrow(/prefix/);
    expect(() => parseAwsScanOptions({ region: ['eu-west-1'], cluster: [] })).toThrow(/need --aws/);
  });
  it('takes the region from the SDK configuration when none is given', async () => {
    const saved = process.env['AWS_REGION'];
    process.env['AWS_REGION'] = 'ap-southeast-2';
    try {
      expect(await resolveRegions({ regions: [], clusters: [] })).toEqual(['ap-southeast-2']);
      expect(await resolveRegions({ regions: ['eu-west-1'], clusters: [] })).toEqual(['eu-west-1']);
    } finally {
      if (saved === undefined) delete process.env['AWS_REGION'];
      else process.env['AWS_REGION'] = saved;
    }
  });
});
