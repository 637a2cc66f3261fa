import { describe, expect, it } from 'vitest';
import { decodePolicyDocument, grantsEverything, policyStatements } from './policy.js';
import { amiReleaseParameter, compareAddonVersions, compareReleases, releaseDate } from './ami.js';
import { federatedEksHost, matchesPattern } from './irsa.js';

const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('IAM policy documents', () => {
  it('decodes objects, JSON text and URL-encoded JSON (SDK v3)', () => {
    expect(decodePolicyDocument(doc)).toEqual(doc);
    expect(decodePolicyDocument(JSON.stringify(doc))).toEqual(doc);
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
    expect(decodePolicyDocument('%E0%A4%A')).toBeUndefined();
    expect(decodePolicyDocument(42)).toBeUndefined();
  });
  it('normalises single statements, string actions and the "*" principal', () => {
    const [statement] = policyStatements({ Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': true } } } });
    expect(statement?.actions).toEqual(['sts:AssumeRole']);
    expect(statement?.principals).toEqual({ '*': ['*'] });
    expect(statement?.conditions['Bool']?.['aws:securetransport']).toEqual(['true']);
    expect(policyStatements({ Statement: ['junk', null] })).toEqual([]);
    expect(grantsEverything(policyStatements(doc)[0]!)).toBe(true);
    expect(grantsEverything({ ...policyStatements(doc)[0]!, effect: 'Deny' })).toBe(false);
  });
});

describe('AMI releases and add-on versions', () => {
  it('maps AMI types to their public parameters', () => {
    expect(amiReleaseParameter('AL2023_ARM_64_STANDARD', '1.33')).toBe('/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/arm64/standard/recommended/release_version');
    expect(amiReleaseParameter('AL2_x86_64_GPU', '1.30')).toBe('/aws/service/eks/optimized-ami/1.30/amazon-linux-2-gpu/recommended/release_version');
    expect(amiReleaseParameter('BOTTLEROCKET_x86_64_FIPS', '1.33')).toBe('/aws/service/bottlerocket/aws-k8s-1.33-fips/x86_64/latest/image_version');
    expect(amiReleaseParameter('CUSTOM', '1.33')).toBeUndefined();
    expect(amiReleaseParameter('WINDOWS_CORE_2022_x86_64', '1.33')).toBeUndefined();
  });
  it('compares releases numerically, not as text', () => {
    expect(compareReleases('1.32.10-20250101', '1.32.9-20250101')).toBeGreaterThan(0);
    expect(compareReleases('1.49.0-713f44ce', '1.49.0-713f44ce')).toBe(0);
    expect(compareAddonVersions('v1.19.2-eksbuild.10', 'v1.19.2-eksbuild.9')).toBeGreaterThan(0);
    expect(compareAddonVersions('v1.9.0-eksbuild.1', 'v1.19.0-eksbuild.1')).toBeLessThan(0);
    expect(releaseDate('1.32.3-20250410')?.toISOString()).toBe('2025-04-10T00:00:00.000Z');
    expect(releaseDate('1.49.0-713f44ce')).toBeUndefined();
  });
});

describe('IRSA helpers', () => {
  it('recognises EKS OIDC providers only', () => {
    expect(federatedEksHost('arn:aws:iam::1:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123')).toBe('oidc.eks.eu-west-1.amazonaws.com/id/ABC123');
    expect(federatedEksHost('arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com')).toBeUndefined();
  });
  it('matches IAM wildcards without treating regex characters as patterns', () => {
    expect(matchesPattern('system:serviceaccount:team-*:api', 'system:serviceaccount:team-a:api')).toBe(true);
    expect(matchesPattern('system:serviceaccount:a.b:?', 'system:serviceaccount:aXb:c')).toBe(false);
  });
});
