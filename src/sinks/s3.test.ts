import { describe, expect, it } from 'vitest';
import { contentTypeOf, isS3Url, parseS3Url } from './s3-location.js';

describe('S3 report locations', () => {
  it('reads s3://bucket/key', () => {
    expect(parseS3Url('s3://reports.example-1/fleet/2026-01-01/shard-0.json')).toEqual({ bucket: 'reports.example-1', key: 'fleet/2026-01-01/shard-0.json' });
    expect(isS3Url('s3://b/k')).toBe(true);
    expect(isS3Url('report.json')).toBe(false);
  });

  it.each([
    ['s3://bucket', /not s3:\/\/BUCKET\/KEY/],
    ['s3://Bucket/key', /not an S3 bucket name/],
    ['s3://a..b/key', /not an S3 bucket name/],
    [`s3://bucket/${'k'.repeat(1025)}`, /at most 1024 bytes/],
    ['s3://bucket/line\nbreak', /control character/],
  ])('explains %s', (url, message) => {
    expect(parseS3Url(url)).toMatch(message);
  });

  it('labels each format with its media type', () => {
    expect(contentTypeOf('json')).toBe('application/json');
    expect(contentTypeOf('asff')).toBe('application/json');
    expect(contentTypeOf('sarif')).toBe('application/sarif+json');
    expect(contentTypeOf('html')).toMatch(/^text\/html/);
  });
});
