import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { nodeOsEndOfSupport } from './eks-ver-004-node-os-support.js';
import { PATHS, nodegroupResponse } from './fixtures.js';

describe('EKS-VER-004 Amazon Linux 2', () => {
  it('is medium before the end of support and high after', () => {
    const files = { [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'AL2_ARM_64' }) };
    expect(summary(runAws(nodeOsEndOfSupport, files, '', { now: new Date('2025-06-01T00:00:00Z') }))).toEqual(['fail:medium']);
    expect(summary(runAws(nodeOsEndOfSupport, files))).toEqual(['fail:high']);
    expect(summary(runAws(nodeOsEndOfSupport, { [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'BOTTLEROCKET_x86_64' }) }))).toEqual(['pass']);
  });
});

const amiType = (type: string) => ({ [PATHS.nodegroup()]: nodegroupResponse({ amiType: type }) });

testCheck(nodeOsEndOfSupport, {
  pass: [{ input: { aws: amiType('AL2023_x86_64_STANDARD') } }, { input: { aws: amiType('BOTTLEROCKET_x86_64') } }],
  fail: [{ input: { aws: amiType('AL2_ARM_64') }, failures: [{ path: 'nodegroup.amiType', messageId: 'al2Ended', data: { amiType: 'AL2_ARM_64', endOfSupport: '2025-11-26' }, severity: 'high' }] }],
});

describe('EKS-VER-004 before the end of support', () => {
  it('says when support ends, at medium (the CheckTester runs at a fixed date after it)', () => {
    const [finding] = runAws(nodeOsEndOfSupport, amiType('AL2_x86_64_GPU'), '', { now: new Date('2025-06-01T00:00:00Z') });
    expect(finding).toMatchObject({ status: 'fail', severity: 'medium', messageId: 'al2Ending', path: 'nodegroup.amiType', message: 'AMI type AL2_x86_64_GPU: EKS Amazon Linux 2 AMIs leave support on 2025-11-26' });
  });
});
