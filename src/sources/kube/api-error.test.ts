import { describe, expect, it } from 'vitest';
import { apiErrorFrom, describeFailure, KubeApiError } from './api-error.js';

describe('apiErrorFrom', () => {
  it('reads reason and message from a Status body', () => {
    const error = apiErrorFrom(410, { kind: 'Status', reason: 'Expired', message: 'too old resource version' });
    expect(error).toMatchObject({ status: 410, reason: 'Expired', message: 'too old resource version' });
  });

  it('falls back to the status code when the body is not a Status', () => {
    expect(apiErrorFrom(403, undefined)).toMatchObject({ reason: 'Forbidden', message: 'HTTP 403' });
    expect(apiErrorFrom(500, ['x'], 'boom')).toMatchObject({ reason: 'InternalError', message: 'boom' });
    expect(apiErrorFrom(418, { reason: 7 })).toMatchObject({ reason: 'Unknown' });
  });

  it('flattens and shortens long messages', () => {
    const error = apiErrorFrom(400, { message: `line one\n\nline two ${'z'.repeat(1000)}` });
    expect(error.message).not.toMatch(/\n/);
    expect(error.message.length).toBeLessThanOrEqual(501);
  });
});

describe('describeFailure', () => {
  it('prefixes the reason once', () => {
    expect(describeFailure(new KubeApiError(403, 'Forbidden', 'pods is forbidden'))).toBe('Forbidden: pods is forbidden');
    expect(describeFailure(new KubeApiError(403, 'Forbidden', 'Forbidden: nope'))).toBe('Forbidden: nope');
    expect(describeFailure(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(describeFailure('plain')).toBe('plain');
  });
});
