import { describe, expect, it } from 'vitest';
import { parseServerVersion } from './server-version.js';

describe('parseServerVersion', () => {
  it('reads the minor version of upstream and EKS servers', () => {
    expect(parseServerVersion({ major: '1', minor: '34', gitVersion: 'v1.34.12' })).toBe('1.34');
    expect(parseServerVersion({ major: '1', minor: '31+', gitVersion: 'v1.31.4-eks-2d5f260' })).toBe('1.31');
    expect(parseServerVersion({ major: '1', minor: '30+', gitVersion: 'unknown' })).toBe('1.30');
    expect(parseServerVersion({ gitVersion: 'v1.29.0+k3s1' })).toBe('1.29');
  });

  it('returns undefined for bodies without a version', () => {
    expect(parseServerVersion(undefined)).toBeUndefined();
    expect(parseServerVersion({ major: 1, minor: 30 })).toBeUndefined();
    expect(parseServerVersion({ gitVersion: 'v1' })).toBeUndefined();
    expect(parseServerVersion('v1.30.0')).toBeUndefined();
  });
});
