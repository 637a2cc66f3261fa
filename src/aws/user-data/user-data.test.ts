import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { findUserDataCredentials } from './credentials.js';
import { decodeUserData, MAX_DECODED_BYTES } from './decode.js';
import { analyzeUserData, userDataFactsFrom } from './facts.js';

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64');
const KEY = 'AKIAIOSFODNN7EXAMPLE';

function mime(parts: { type: string; body: string; encoding?: 'base64' }[]): string {
  const sections = parts.map(
    (part) => `--XYZ\nContent-Type: ${part.type}\n${part.encoding ? `Content-Transfer-Encoding: ${part.encoding}\n` : ''}\n${part.body}\n`,
  );
  return `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="XYZ"\n\n${sections.join('')}--XYZ--\n`;
}

describe('decodeUserData', () => {
  it('decodes base64, gzip and MIME multipart (parts in base64 or gzip), labelling each part', () => {
    const doc = mime([
      { type: 'application/node.eks.aws', body: 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig' },
      { type: 'text/x-shellscript', body: b64('#!/bin/bash\necho hi'), encoding: 'base64' },
      { type: 'application/x-gzip', body: b64(gzipSync('#cloud-config\nruncmd: []')), encoding: 'base64' },
    ]);
    const decoded = decodeUserData(b64(gzipSync(doc)), { base64: true });
    expect(decoded.problems).toEqual([]);
    expect(decoded.parts.map((part) => [part.label, part.text.split('\n')[0]])).toEqual([
      ['MIME part 1 (application/node.eks.aws)', 'apiVersion: node.eks.aws/v1alpha1'],
      ['MIME part 2 (text/x-shellscript)', '#!/bin/bash'],
      ['MIME part 3 (application/x-gzip)', '#cloud-config'],
    ]);
  });

  it('bounds input, decompressed size and nesting, and reports what it refused', () => {
    expect(decodeUserData('A'.repeat(70 * 1024), { base64: true }).problems[0]).toMatch(/over the 65536 eksguard reads/);
    const bomb = gzipSync(Buffer.alloc(MAX_DECODED_BYTES + 10, 0x61));
    const refused = decodeUserData(b64(bomb), { base64: true });
    expect(refused.parts).toEqual([]);
    expect(refused.problems).toEqual([`user data decompresses to more than ${MAX_DECODED_BYTES} bytes`]);
    let nested: Buffer = Buffer.from('x');
    for (let i = 0; i < 8; i += 1) nested = gzipSync(nested);
    expect(decodeUserData(b64(nested), { base64: true }).problems[0]).toMatch(/nested deeper than/);
    expect(decodeUserData(b64(gzipSync(Buffer.from([0x00, 0x01, 0x02]))), { base64: true }).problems).toEqual(['user data is binary']);
  });

  it('reads plain text when asked (Terraform user_data, eksctl commands)', () => {
    expect(decodeUserData('#!/bin/bash\necho hi', { base64: false }).parts[0]!.text).toBe('#!/bin/bash\necho hi');
  });
});

describe('findUserDataCredentials', () => {
  const scan = (text: string) => findUserDataCredentials([{ label: 'user data', text }]);

  it('finds AWS keys, private keys, secret-named shell variables, flags and YAML keys, with part and line', () => {
    const found = scan(
      [
        '#!/bin/bash',
        `export AWS_ACCESS_KEY_ID=${KEY}`,
        'export DB_PASSWORD="hunter2-but-longer"',
        '/opt/tool login --token abcdef0123456789',
        'cat > /root/.ssh/id_rsa <<EOF',
        '-----BEGIN RSA PRIVATE KEY-----',
        'registry_password: s3cr3t-value-42',
        '  - password: another-literal-1',
      ].join('\n'),
    );
    expect(found.map((item) => [item.line, item.kind, item.name ?? '', item.preview])).toEqual([
      [2, 'aws-access-key-id', '', 'AKIA…'],
      [3, 'secret-named-value', 'DB_PASSWORD', ''],
      [4, 'secret-named-value', '--token', ''],
      [6, 'private-key', '', ''],
      [7, 'secret-named-value', 'registry_password', ''],
      [8, 'secret-named-value', 'password', ''],
    ]);
  });

  it('reads PowerShell user data of Windows nodes', () => {
    const found = scan(['<powershell>', '$Password = "hunter2-but-longer"', "$env:API_TOKEN = 'abcdef0123456789'", '$ClusterName = "prod"', '</powershell>'].join('\n'));
    expect(found.map((item) => [item.line, item.name])).toEqual([
      [2, 'Password'],
      [3, 'API_TOKEN'],
    ]);
  });

  it('leaves references, command substitutions, placeholders and EKS bootstrap settings alone', () => {
    expect(
      scan(
        [
          '#!/bin/bash',
          'export DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)"',
          'TOKEN=${BOOTSTRAP_TOKEN}',
          '/etc/eks/bootstrap.sh prod --b64-cluster-ca LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t --apiserver-endpoint https://X.gr7.eu-west-1.eks.amazonaws.com',
          'password_file: /etc/secret/password',
          'apiVersion: node.eks.aws/v1alpha1',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});

describe('analyzeUserData and the recorded facts', () => {
  it('never keeps the secret value, and reads back only well-formed facts', () => {
    const facts = analyzeUserData(b64(`#!/bin/bash\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nexport K=${KEY}`), { base64: true });
    const serialised = JSON.stringify(facts);
    expect(serialised).not.toContain('wJalrXUtnFEMI');
    expect(serialised).not.toContain(KEY);
    expect(facts.credentials.map((item) => item.line)).toEqual([2, 3]);
    expect(userDataFactsFrom(JSON.parse(serialised))).toEqual(facts);
    expect(userDataFactsFrom({ credentials: [{ kind: 'nonsense', label: 'x', part: 'p', line: 1 }, { kind: 'jwt', label: 'a JWT', part: 'p', line: 1, preview: 'eyJhbGciOi' }], problems: [5] })).toEqual({
      credentials: [{ kind: 'jwt', label: 'a JWT', part: 'p', line: 1, preview: '' }],
      problems: [],
    });
  });
});

describe('base64 or text', () => {
  it('reads text handed over as it is (CloudFormation Fn::Base64), even when it happens to be made of base64 letters', () => {
    expect(decodeUserData('#!/bin/bash\necho hi', { base64: true }).parts[0]!.text).toBe('#!/bin/bash\necho hi');
    expect(decodeUserData('echo', { base64: true }).parts[0]!.text).toBe('echo');
    expect(decodeUserData(b64('echo hi'), { base64: true }).parts[0]!.text).toBe('echo hi');
  });
});
