import { describe, expect, it } from 'vitest';
import { describeCredential, detectCredential, detectCredentialInEntry, detectCredentialShape, isSecretLikeName, redactedPreview } from './credentials.js';

// Test credentials assembled at run time, so that this file does not itself trip secret scanners.
const AWS_KEY = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const STS_KEY = ['ASIA', 'XYZ0123456789ABC'].join('');
const GITHUB = `ghp_${'a1B2'.repeat(9)}`;
const SLACK = ['xoxb', '123456789012', '123456789012', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');
const PEM = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA7Vb5', '-----END RSA PRIVATE KEY-----'].join('\n');

describe('credential shapes', () => {
  it('finds AWS access key IDs as whole tokens only', () => {
    expect(detectCredentialShape(AWS_KEY)).toMatchObject({ kind: 'aws-access-key-id', preview: 'AKIA…' });
    expect(detectCredentialShape(`key=${STS_KEY};`)).toMatchObject({ kind: 'aws-access-key-id', preview: 'ASIA…' });
    expect(detectCredentialShape(`X${AWS_KEY}`)).toBeUndefined();
    expect(detectCredentialShape(`${AWS_KEY}Z`)).toBeUndefined();
    expect(detectCredentialShape('AKIAshortlowercase0000')).toBeUndefined();
  });

  it('finds PEM private keys of every flavour, but not certificates or public keys', () => {
    expect(detectCredentialShape(PEM)).toMatchObject({ kind: 'private-key', preview: '' });
    expect(detectCredentialShape('-----BEGIN PRIVATE KEY-----\nMII')).toMatchObject({ kind: 'private-key' });
    expect(detectCredentialShape('-----BEGIN OPENSSH PRIVATE KEY-----')).toMatchObject({ kind: 'private-key' });
    expect(detectCredentialShape('-----BEGIN ENCRYPTED PRIVATE KEY-----')).toMatchObject({ kind: 'private-key' });
    expect(detectCredentialShape('-----BEGIN PGP PRIVATE KEY BLOCK-----')).toMatchObject({ kind: 'private-key' });
    expect(detectCredentialShape('-----BEGIN CERTIFICATE-----\nMIIB')).toBeUndefined();
    expect(detectCredentialShape('-----BEGIN PUBLIC KEY-----\nMIIB')).toBeUndefined();
  });

  it('finds common token shapes', () => {
    expect(detectCredentialShape(GITHUB)).toMatchObject({ kind: 'github-token', preview: 'ghp_…' });
    expect(detectCredentialShape(`github_pat_${'A1_'.repeat(10)}`)).toMatchObject({ kind: 'github-token' });
    expect(detectCredentialShape(SLACK)).toMatchObject({ kind: 'slack-token', preview: 'xoxb…' });
    expect(detectCredentialShape(`Bearer ${JWT}`)).toMatchObject({ kind: 'jwt', preview: '' });
    expect(detectCredentialShape(`AIza${'x'.repeat(35)}`)).toMatchObject({ kind: 'google-api-key' });
    expect(detectCredentialShape(`sk_live_${'a'.repeat(24)}`)).toMatchObject({ kind: 'stripe-secret-key' });
    expect(detectCredentialShape('ghp_tooshort')).toBeUndefined();
    expect(detectCredentialShape('eyJhbGciOiJIUzI1NiJ9')).toBeUndefined();
  });

  it('finds literal HTTP authorization credentials, but not schemes, references or placeholders', () => {
    const basic = `Basic ${Buffer.from('user:pass').toString('base64')}`;
    for (const value of [basic, 'Bearer a1b2c3d4e5', '  "bearer Zm9vYmFyYmF6"  ', 'Authorization: Bearer xyz', 'proxy-authorization=basic abc', 'proxy_set_header Authorization "Bearer q1w2e3";', `"Authorization": "${basic}"`]) {
      expect(detectCredentialShape(value), value).toMatchObject({ kind: 'http-authorization', preview: '' });
    }
    expect(detectCredentialShape(basic)?.label).toBe('an HTTP Basic credential');
    for (const value of ['Bearer', 'Bearer token', 'Bearer YOUR_TOKEN', 'Basic realm="shop"', 'Basic Zm9vYmFy', 'Authorization: Bearer $(TOKEN)', 'Authorization: Bearer ${TOKEN}', 'Authorization: Bearer $TOKEN', 'Authorization: Bearer `cat /t`', 'Authorization: Bearer <token>', 'Authorization: Bearer {{ .Values.token }}', 'Authorization: Bearer xxxx', 'Authorization: Bearer ...', 'send the authorization bearer token']) {
      expect(detectCredentialShape(value), value).toBeUndefined();
    }
  });

  it('never hands back more than four characters of a value', () => {
    for (const value of [AWS_KEY, STS_KEY, GITHUB, SLACK, JWT, PEM]) {
      const match = detectCredentialShape(value)!;
      const text = JSON.stringify(match) + describeCredential(match);
      expect(text).not.toContain(value.slice(0, 5));
      expect(match.preview.replace('…', '').length).toBeLessThanOrEqual(4);
    }
    expect(redactedPreview('correct-horse-battery-staple')).toBe('corr…');
    expect(redactedPreview('hunter2')).toBe('…');
  });

  it('bounds the work on huge values', () => {
    const huge = `${'x'.repeat(300 * 1024)}${AWS_KEY}`;
    expect(detectCredentialShape(huge)).toBeUndefined();
    expect(detectCredentialShape(`${AWS_KEY}${' '.repeat(300 * 1024)}`)).toBeDefined();
  });
});

describe('secret-like names', () => {
  it('reads names that hold secrets', () => {
    for (const name of ['DB_PASSWORD', 'password', 'MYSQL_ROOT_PASSWORD', 'apiKey', 'API_KEY', 'x-api-key', 'CLIENT_SECRET', 'clientSecret', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_KEY', 'db.password', 'passwd', 'SIGNING_KEY', 'credentials', 'DATABASE_CONNECTION_STRING']) {
      expect(isSecretLikeName(name), name).toBe(true);
    }
  });

  it('does not read names that describe a secret without holding it', () => {
    for (const name of ['DB_PASSWORD_FILE', 'TOKEN_URL', 'SECRET_NAME', 'AWS_ACCESS_KEY_ID', 'TOKEN_TTL', 'PASSWORD_MIN_LENGTH', 'SECRETS_PATH', 'DB_HOST', 'KEYCLOAK_REALM', 'MONKEY', 'TOKENIZER', 'SECRETARY', 'OAUTH_TOKEN_ENDPOINT', 'secret-namespace', 'TOKEN_LIFETIME', 'secretLabelSelector', 'PASSWORD_ROTATION_INTERVAL', '', '___']) {
      expect(isSecretLikeName(name), name).toBe(false);
    }
  });
});

describe('credentials in name/value pairs', () => {
  it('reports a literal under a secret-like name, but not placeholders or references', () => {
    expect(detectCredential('DB_PASSWORD', 'correct-horse-battery-staple')).toMatchObject({ kind: 'secret-named-value', preview: '' });
    for (const value of ['', '  ', 'true', 'false', '$(OTHER_VAR)', '${DB_PASSWORD}', '{{ .Values.password }}', '<changeme>', '********', 'null']) {
      expect(detectCredential('DB_PASSWORD', value), value).toBeUndefined();
    }
    expect(detectCredential('DB_HOST', 'db.internal')).toBeUndefined();
  });

  it('reports value shapes under any name', () => {
    expect(detectCredential('AWS_ACCESS_KEY_ID', AWS_KEY)).toMatchObject({ kind: 'aws-access-key-id' });
    expect(detectCredential('WHATEVER', PEM)).toMatchObject({ kind: 'private-key' });
  });

  it('looks inside file-like ConfigMap entries', () => {
    const properties = 'db.url=jdbc:postgresql://db/shop\ndb.password=hunter2-but-longer\n';
    expect(detectCredentialInEntry('application.properties', properties)).toMatchObject({ kind: 'secret-named-value', embeddedKey: 'db.password', line: 2 });
    const yaml = 'server:\n  port: 8080\n  password: "s3cr3t-value"  # do not commit\n';
    expect(detectCredentialInEntry('config.yaml', yaml)).toMatchObject({ embeddedKey: 'password', line: 3 });
    expect(detectCredentialInEntry('.env', 'export API_KEY=abc123def456\n')).toMatchObject({ embeddedKey: 'API_KEY' });
    expect(detectCredentialInEntry('config.yaml', 'password: ${DB_PASSWORD}\ntoken: |\n  multi\n')).toBeUndefined();
    expect(detectCredentialInEntry('notes', 'password rotation happens monthly\nsee the wiki\n')).toBeUndefined();
  });
});
