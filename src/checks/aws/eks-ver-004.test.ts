import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksVer004 } from './eks-ver-004.js';
import { PATHS, nodegroupResponse } from './fixtures.js';

describe('EKS-VER-004 Amazon Linux 2', () => {
  it('is medium before the end of support and high after', () => {
    const files = { [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'AL2_ARM_64' }) };
    expect(summary(runAws(eksVer004, files, '', { now: new Date('2025-06-01T00:00:00Z') }))).toEqual(['fail:medium']);
    expect(summary(runAws(eksVer004, files))).toEqual(['fail:high']);
    expect(summary(runAws(eksVer004, { [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'BOTTLEROCKET_x86_64' }) }))).toEqual(['pass']);
  });
});
