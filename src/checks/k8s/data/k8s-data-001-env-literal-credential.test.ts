import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { envLiteralCredential } from './k8s-data-001-env-literal-credential.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

// Assembled at run time so that the source does not trip secret scanners.
const AWS_KEY = ['AKIA', 'Q3EGRZ7VJ2', 'XKLM4T'].join('');
const PASSWORD = ['Zq9', 'wLpX', '7vTr', 'Km2s'].join('-');

const pod = (env: string) => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  containers:
    - name: web
      image: x
      env:
${env}`;

describe('K8S-DATA-001 literal credentials in env', () => {
  it('names the variable and the kind, never the value', () => {
    const findings = runCheck(envLiteralCredential, pod(`        - { name: DB_PASSWORD, value: "${PASSWORD}" }\n        - { name: KEY, value: "${AWS_KEY}" }\n`));
    const [finding] = failures(findings);
    expect(finding?.message).toBe(
      'container "web" env "DB_PASSWORD" holds a literal value under a secret-like name; container "web" env "KEY" holds an AWS access key ID (AKIA…)',
    );
    expect(finding?.path).toBe('spec.containers[0].env[0].value');
    const serialized = JSON.stringify(findings);
    expect(serialized).not.toContain(PASSWORD);
    expect(serialized).not.toContain(AWS_KEY);
    expect(serialized).not.toContain(AWS_KEY.slice(0, 5));
  });

  it('passes references, placeholders, descriptors and ordinary settings', () => {
    const findings = runCheck(
      envLiteralCredential,
      pod(`        - { name: DB_PASSWORD, valueFrom: { secretKeyRef: { name: db, key: password } } }
        - { name: API_TOKEN, value: "$(TOKEN_FROM_ENV)" }
        - { name: DB_PASSWORD_FILE, value: /run/secrets/db }
        - { name: TOKEN_URL, value: "https://auth.example.com/token" }
        - { name: REQUIRE_TOKEN, value: "true" }
        - { name: LOG_LEVEL, value: debug }
        - { name: EMPTY_SECRET, value: "" }
`),
    );
    expect(statuses(findings)).toEqual(['pass']);
  });

  it('finds value shapes under innocent names, in init containers too', () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  initContainers: [{ name: fetch, image: x, env: [{ name: SETTINGS, value: "-----BEGIN EC PRIVATE KEY-----\\nMHc=" }] }]
  containers: [{ name: web, image: x }]
`;
    expect(failures(runCheck(envLiteralCredential, yaml))[0]?.message).toBe('init container "fetch" env "SETTINGS" holds a PEM private key');
  });

  it('ignores malformed env entries', () => {
    expect(statuses(runCheck(envLiteralCredential, pod('        - "DB_PASSWORD=x"\n        - { name: PASSWORD, value: 12345678 }\n        - null\n')))).toEqual(['pass']);
  });

  it('finds Bearer and Basic authorization values under any name, never printing them', () => {
    const bearer = ['Bearer ', 'q7Zt', 'Lm2x', 'Vb9k', 'Wp4r'].join('');
    const basic = `Basic ${Buffer.from('deploy:Wq8-zX3v').toString('base64')}`;
    const jwtBearer = ['Bearer eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJjaSJ9', 'sig_Xp3k'].join('.');
    const findings = runCheck(
      envLiteralCredential,
      pod(`        - { name: AUTH_HEADER, value: "${bearer}" }
        - { name: UPSTREAM_AUTH, value: "${basic}" }
        - { name: CI_AUTH, value: "${jwtBearer}" }
        - { name: EXTRA_HEADERS, value: "Authorization: token ${'Qx7'.repeat(5)}" }
`),
    );
    const [finding] = failures(findings);
    expect(finding?.message).toBe(
      [
        'container "web" env "AUTH_HEADER" holds an HTTP Bearer credential',
        'container "web" env "UPSTREAM_AUTH" holds an HTTP Basic credential',
        'container "web" env "CI_AUTH" holds a JSON Web Token',
        'container "web" env "EXTRA_HEADERS" holds an HTTP Token credential',
      ].join('; '),
    );
    expect(finding?.path).toBe('spec.containers[0].env[0].value');
    const serialized = JSON.stringify(findings);
    for (const secret of [bearer.slice(7), basic.slice(6), 'Wq8-zX3v', 'Qx7Qx7']) expect(serialized).not.toContain(secret);
  });

  it('passes authorization schemes without a literal credential, and command substitution', () => {
    const findings = runCheck(
      envLiteralCredential,
      pod(`        - { name: AUTH_SCHEME, value: Bearer }
        - { name: AUTH_HELP, value: "Bearer token" }
        - { name: REALM, value: 'Basic realm="shop"' }
        - { name: AUTH_HEADER, value: "Bearer $(API_TOKEN)" }
        - { name: UPSTREAM, value: "Authorization: Bearer \${TOKEN}" }
        - { name: DB_PASSWORD, value: "$(cat /run/secrets/db)" }
        - { name: API_TOKEN, value: "\`cat /run/secrets/token\`" }
        - { name: SECRET_NAMESPACE, value: kube-system }
`),
    );
    expect(statuses(findings)).toEqual(['pass']);
  });
});

testCheck(envLiteralCredential, {
  pass: [{ input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', env: [{ name: MODE, value: prod }] }\n` }],
  fail: [
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', env: [{ name: KEY, value: AKIAIOSFODNN7EXAMPLE }] }\n`, failures: [{ path: 'spec.containers[0].env[0].value', messageId: 'literal', data: { container: 'container "web"', env: '"KEY"', credential: 'an AWS access key ID (AKIA…)' } }] },
  ],
});
