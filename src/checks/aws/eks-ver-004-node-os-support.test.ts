import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
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
