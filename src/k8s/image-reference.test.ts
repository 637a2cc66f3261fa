import { describe, expect, it } from 'vitest';
import { isPinnedDigest, parseImageReference } from './image-reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image references', () => {
  it('splits name, tag and digest', () => {
    expect(parseImageReference('nginx')).toEqual({ name: 'nginx' });
    expect(parseImageReference('nginx:1.27')).toEqual({ name: 'nginx', tag: '1.27' });
    expect(parseImageReference('library/nginx:latest')).toEqual({ name: 'library/nginx', tag: 'latest' });
    expect(parseImageReference(`nginx@${DIGEST}`)).toEqual({ name: 'nginx', digest: DIGEST });
    expect(parseImageReference(`nginx:1.27@${DIGEST}`)).toEqual({ name: 'nginx', tag: '1.27', digest: DIGEST });
  });

  it('does not take a registry port for a tag', () => {
    expect(parseImageReference('registry.example.com:5000/team/app')).toEqual({ name: 'registry.example.com:5000/team/app' });
    expect(parseImageReference('registry.example.com:5000/team/app:2.0')).toEqual({ name: 'registry.example.com:5000/team/app', tag: '2.0' });
    expect(parseImageReference('localhost:5000/app')).toEqual({ name: 'localhost:5000/app' });
    expect(parseImageReference('123456789012.dkr.ecr.eu-west-1.amazonaws.com/metrics:1.4.2')).toEqual({
      name: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/metrics',
      tag: '1.4.2',
    });
  });

  it('keeps an empty tag distinct from no tag', () => {
    expect(parseImageReference('nginx:')).toEqual({ name: 'nginx', tag: '' });
  });

  it('accepts only well-formed digests as pins', () => {
    expect(isPinnedDigest(DIGEST)).toBe(true);
    expect(isPinnedDigest(`sha512:${'b'.repeat(128)}`)).toBe(true);
    expect(isPinnedDigest('sha256:abc')).toBe(false);
    expect(isPinnedDigest(`sha256:${'A'.repeat(64)}`)).toBe(false);
    expect(isPinnedDigest(`md5:${'a'.repeat(32)}`)).toBe(false);
    expect(isPinnedDigest(undefined)).toBe(false);
  });
});
