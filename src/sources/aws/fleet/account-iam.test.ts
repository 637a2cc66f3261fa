import { ListRolesCommand, paginateListRoles } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { createAccountIamClient } from './account-iam.js';

function counted(fail = false) {
  const client = createAccountIamClient('us-east-1', { credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }) });
  const calls: unknown[] = [];
  // answers before any request is signed or sent: the count is what reached the wire
  client.middlewareStack.add(
    () => async (args) => {
      calls.push(args.input);
      if (fail) throw Object.assign(new Error('denied'), { name: 'AccessDenied' });
      return { output: { $metadata: {}, Roles: [{ RoleName: `r${calls.length}` }] }, response: {} } as never;
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return { client, calls };
}

describe('the account IAM client', () => {
  it('answers a repeated read from the first answer, and a different read anew', async () => {
    const { client, calls } = counted();
    const first = await client.send(new ListRolesCommand({}));
    const again = await client.send(new ListRolesCommand({}));
    expect(again).toBe(first);
    await client.send(new ListRolesCommand({ PathPrefix: '/eks/' }));
    expect(calls).toHaveLength(2);
    // the paginator of a later cluster asks for the same first page: answered from memory
    const pages = [];
    for await (const page of paginateListRoles({ client }, {})) pages.push(page);
    expect(pages).toEqual([first]);
    expect(calls).toHaveLength(2);
    client.destroy();
  });

  it('gives every cluster the same failure without asking again', async () => {
    const { client, calls } = counted(true);
    await expect(client.send(new ListRolesCommand({}))).rejects.toThrow('denied');
    await expect(client.send(new ListRolesCommand({}))).rejects.toThrow('denied');
    expect(calls).toHaveLength(1);
    client.destroy();
  });
});
