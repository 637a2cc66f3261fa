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
  fail: [
    { input: { aws: amiType('AL2_ARM_64') }, failures: [{ path: 'nodegroup.amiType', messageId: 'al2Ended', data: { amiType: 'AL2_ARM_64', endOfSupport: '2025-11-26' }, severity: 'high' }] },
    // the day before the end of support
    { input: { aws: amiType('AL2_x86_64_GPU') }, now: new Date('2025-11-25T23:59:59Z'), failures: [{ path: 'nodegroup.amiType', messageId: 'al2Ending', data: { amiType: 'AL2_x86_64_GPU', endOfSupport: '2025-11-26' }, severity: 'medium' }] },
  ],
});
