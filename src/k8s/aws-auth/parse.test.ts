import { describe, expect, it } from 'vitest';
import { parseAwsAuth } from './parse.js';

const NODE_ROLE = `- rolearn: arn:aws:iam::111122223333:role/node
  username: system:node:{{EC2PrivateDNSName}}
  groups:
    - system:bootstrappers
    - system:nodes
`;

describe('parsing aws-auth like EKS', () => {
  it('reads role and user mappings and accounts', () => {
    const auth = parseAwsAuth({
      mapRoles: `${NODE_ROLE}- rolearn: arn:aws:iam::111122223333:role/admins\n  username: admin\n  groups: [system:masters]\n`,
      mapUsers: '- userarn: arn:aws:iam::111122223333:user/alice\n  username: alice\n  groups: []\n',
      mapAccounts: '- "111122223333"\n- 444455556666\n',
    });
    expect(auth.problems).toEqual([]);
    expect(auth.mapRoles.map((entry) => [entry.arn, entry.username, entry.groups])).toEqual([
      ['arn:aws:iam::111122223333:role/node', 'system:node:{{EC2PrivateDNSName}}', ['system:bootstrappers', 'system:nodes']],
      ['arn:aws:iam::111122223333:role/admins', 'admin', ['system:masters']],
    ]);
    expect(auth.mapRoles[1]!.path).toBe('data.mapRoles[1]');
    expect(auth.mapUsers.map((entry) => entry.arn)).toEqual(['arn:aws:iam::111122223333:user/alice']);
    expect(auth.mapAccounts.map((account) => account.id)).toEqual(['111122223333', '444455556666']);
    expect([...auth.present]).toEqual(['mapRoles', 'mapUsers', 'mapAccounts']);
  });

  it('matches keys case-insensitively and ignores unknown keys, as Go encoding/json does', () => {
    const auth = parseAwsAuth({ mapRoles: '- roleARN: arn:aws:iam::1:role/x\n  UserName: x\n  Groups: [system:masters]\n  comment: hi\n' });
    expect(auth.problems).toEqual([]);
    expect(auth.mapRoles[0]).toMatchObject({ arn: 'arn:aws:iam::1:role/x', username: 'x', groups: ['system:masters'] });
  });

  it('skips empty, blank and quoted-empty values without a problem', () => {
    for (const empty of ['', '   \n', '``', '""', '[]', '~']) {
      const auth = parseAwsAuth({ mapRoles: empty, mapUsers: empty, mapAccounts: empty });
      expect(auth.problems, JSON.stringify(empty)).toEqual([]);
      expect(auth.mapRoles).toEqual([]);
    }
  });

  it('drops a whole key whose YAML is broken, with the line of the error', () => {
    const auth = parseAwsAuth({ mapRoles: `${NODE_ROLE}- rolearn: arn:aws:iam::1:role/x\n username: x\n` });
    expect(auth.mapRoles).toEqual([]);
    expect(auth.problems).toHaveLength(1);
    expect(auth.problems[0]).toMatchObject({ key: 'mapRoles', path: 'data.mapRoles', dropsKey: true });
    expect(auth.problems[0]!.message).toMatch(/^mapRoles invalid YAML: .*EKS reads no mapRoles entries$/);
    expect(auth.innerLine('mapRoles', '')).toBe(6);
  });

  it('drops a key that is not a list', () => {
    const auth = parseAwsAuth({ mapRoles: 'rolearn: arn:aws:iam::1:role/x\nusername: x\n', mapAccounts: '111122223333' });
    expect(auth.problems.map((problem) => problem.message)).toEqual([
      'mapRoles is a mapping, not a list: EKS reads no mapRoles entries',
      'mapAccounts is a single value, not a list: EKS reads no accounts',
    ]);
    expect(auth.problems.every((problem) => problem.dropsKey)).toBe(true);
  });

  it('keeps the rest of an entry when one value has the wrong type', () => {
    const auth = parseAwsAuth({ mapRoles: '- rolearn: arn:aws:iam::1:role/x\n  username: 42\n  groups: system:masters\n- just-a-string\n' });
    expect(auth.mapRoles).toHaveLength(1);
    expect(auth.mapRoles[0]).toMatchObject({ arn: 'arn:aws:iam::1:role/x', username: '', groups: [] });
    expect(auth.problems.map((problem) => [problem.path, problem.dropsKey])).toEqual([
      ['data.mapRoles[0].username', false],
      ['data.mapRoles[0].groups', false],
      ['data.mapRoles[1]', false],
    ]);
    expect(auth.problems[1]!.message).toBe('mapRoles[0].groups is a string, not a list: EKS maps no groups for this entry');
  });

  it('reports entries without an ARN, which match nobody', () => {
    const auth = parseAwsAuth({ mapRoles: '- role_arn: arn:aws:iam::1:role/x\n  groups: [system:nodes]\n', mapUsers: '- username: bob\n' });
    expect(auth.problems.map((problem) => problem.message)).toEqual([
      'mapRoles[0] has no rolearn: EKS matches no IAM principal to it',
      'mapUsers[0] has no userarn: EKS matches no IAM principal to it',
    ]);
  });

  it('reports data values that are not strings, which the API server rejects', () => {
    const auth = parseAwsAuth({ mapRoles: [{ rolearn: 'arn:aws:iam::1:role/x' }] });
    expect(auth.problems[0]).toMatchObject({ path: 'data.mapRoles', dropsKey: true });
    expect(auth.problems[0]!.message).toMatch(/not a string: the API server rejects/);
    expect(parseAwsAuth(['x']).problems[0]!.path).toBe('data');
  });

  it('never throws on hostile input', () => {
    for (const data of [null, undefined, 7, 'x', { mapRoles: '&a [*a]' }, { mapUsers: '- [[[[[[' }, { mapAccounts: '- {a: b}\n- [1]\n' }]) {
      expect(() => parseAwsAuth(data)).not.toThrow();
    }
    expect(parseAwsAuth({ mapAccounts: '- {a: b}\n- "1"\n' }).problems[0]!.message).toBe('mapAccounts[0] is a mapping, not an account ID: EKS ignores it');
  });

  it('knows the line of each entry inside a multi-line value', () => {
    const auth = parseAwsAuth({ mapRoles: NODE_ROLE + '- rolearn: b\n  groups:\n    - system:masters\n' });
    expect(auth.isMultiline('mapRoles')).toBe(true);
    expect(auth.innerLine('mapRoles', '[1]')).toBe(5);
    expect(auth.innerLine('mapRoles', '[1].groups[0]')).toBe(7);
    expect(auth.isMultiline('mapUsers')).toBe(false);
  });
});
