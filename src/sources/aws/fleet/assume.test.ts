import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { assumeRole, sessionNameFor } from './assume.js';

function fakeSts(expiries: number[]) {
  const calls: Record<string, unknown>[] = [];
  return {
    calls,
    send: async (command: unknown) => {
      if (!(command instanceof AssumeRoleCommand)) throw new Error('unexpected');
      calls.push(command.input as unknown as Record<string, unknown>);
      const expiration = new Date(expiries[calls.length - 1] ?? 0);
      return { Credentials: { AccessKeyId: `ASIA${calls.length}`, SecretAccessKey: 's', SessionToken: 't', Expiration: expiration } };
    },
  };
}

describe('assumeRole', () => {
  it('assumes at once with the external ID and session name, and again shortly before expiry', async () => {
    let now = 0;
    const sts = fakeSts([3_600_000, 7_200_000]);
    const provider = await assumeRole({ sts: sts as never, roleArn: 'arn:aws:iam::111122223333:role/r', externalId: 'ext', sessionName: 'eksguard-1' }, () => now);
    expect(sts.calls).toEqual([{ RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 'eksguard-1', DurationSeconds: 3600, ExternalId: 'ext' }]);
    expect((await provider()).accessKeyId).toBe('ASIA1');
    now = 3_600_000 - 6 * 60_000;
    expect((await provider()).accessKeyId).toBe('ASIA1');
    now = 3_600_000 - 4 * 60_000;
    const [a, b] = await Promise.all([provider(), provider()]);
    expect([a.accessKeyId, b.accessKeyId]).toEqual(['ASIA2', 'ASIA2']);
    expect(sts.calls).toHaveLength(2);
  });

  it('fails at once when the role cannot be assumed', async () => {
    const sts = { send: async () => Promise.reject(Object.assign(new Error('not authorized'), { name: 'AccessDenied' })) };
    await expect(assumeRole({ sts: sts as never, roleArn: 'arn:aws:iam::1:role/r', sessionName: 's' })).rejects.toThrow('not authorized');
  });

  it('names sessions after eksguard within the characters STS allows', () => {
    expect(sessionNameFor('run 1/2')).toBe('eksguard-run-1-2');
    expect(sessionNameFor('x'.repeat(100))).toHaveLength(64);
  });
});
