import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { configMapCredential } from './k8s-data-002-configmap-credential.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const GITHUB = `ghp_${'Rt7Y'.repeat(9)}`;
const PASSWORD = ['Lk8', 'Hf3q', 'Wn6Z'].join('-');

const configMap = (body: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
${body}`;

describe('K8S-DATA-002 credentials in ConfigMaps', () => {
  it('finds secret-named keys, value shapes and assignments inside file-like entries', () => {
    const findings = runCheck(
      configMapCredential,
      configMap(`data:
  DB_PASSWORD: "${PASSWORD}"
  ci.env: "GH=${GITHUB}"
  app.properties: |
    url=jdbc:postgresql://db/shop
    spring.datasource.password=${PASSWORD}
  LOG_LEVEL: info
`),
    );
    const [finding] = failures(findings);
    expect(finding?.message).toBe(
      'key "DB_PASSWORD" holds a literal value under a secret-like name; key "ci.env" holds a GitHub token (ghp_…); key "app.properties" (line 2, "spring.datasource.password") holds a literal value under a secret-like name',
    );
    expect(finding?.path).toBe('data.DB_PASSWORD');
    expect(JSON.stringify(findings)).not.toContain(PASSWORD);
    expect(JSON.stringify(findings)).not.toContain(GITHUB.slice(0, 6));
  });

  it('names a key with dots unambiguously and points at its line, not at data:', () => {
    const key = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
    const findings = runCheck(configMapCredential, configMap(`data:\n  LOG_LEVEL: info\n  tls.key: |\n    ${key}\n    MIIEowIBAAKCAQEA\n`));
    const [finding] = failures(findings);
    expect(finding?.path).toBe('data["tls.key"]');
    expect(finding?.location).toEqual({ file: 'test.yaml', line: 6 });
    // a quoted key, and a key holding a quote and brackets
    const odd = failures(runCheck(configMapCredential, configMap(`data:\n  "db.password": "${PASSWORD}"\n`)))[0];
    expect(odd?.path).toBe('data["db.password"]');
    expect(odd?.location?.line).toBe(5);
    const brackets = failures(runCheck(configMapCredential, configMap(`binaryData:\n  'a[0]"x".token': ${Buffer.from(`token: ${GITHUB}\n`).toString('base64')}\n`)))[0];
    expect(brackets?.path).toBe('binaryData["a[0]\\"x\\".token"]');
    expect(brackets?.location?.line).toBe(5);
  });

  it('decodes text in binaryData and skips binary payloads', () => {
    const text = Buffer.from(`token: ${GITHUB}\n`).toString('base64');
    expect(failures(runCheck(configMapCredential, configMap(`binaryData:\n  creds.yaml: ${text}\n`)))[0]?.message).toBe('binaryData key "creds.yaml" holds a GitHub token (ghp_…)');
    const binary = Buffer.from([0, 159, 146, 150, 0, 1, 2]).toString('base64');
    expect(statuses(runCheck(configMapCredential, configMap(`binaryData:\n  logo.png: ${binary}\n`)))).toEqual(['pass']);
  });

  it('passes placeholders, public certificates and empty maps', () => {
    const yaml = configMap(`data:
  password: "\${DB_PASSWORD}"
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    MIIBszCCAVmgAwIBAgIU
    -----END CERTIFICATE-----
`);
    expect(statuses(runCheck(configMapCredential, yaml))).toEqual(['pass']);
    expect(statuses(runCheck(configMapCredential, configMap('data: null\nbinaryData: "x"\n')))).toEqual(['pass']);
  });
});

testCheck(configMapCredential, {
  pass: [{ input: `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app, namespace: shop }\ndata: { mode: prod }\n` }],
  fail: [
    {
      input: `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app, namespace: shop }\ndata:\n  app.properties: |\n    mode=prod\n    db.password=hunter2-but-longer\n`,
      failures: [{ path: 'data["app.properties"]', messageId: 'embedded', data: { key: '"app.properties"', line: '2', embeddedKey: '"db.password"', credential: 'a literal value under a secret-like name' } }],
    },
    { input: `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app, namespace: shop }\ndata: { aws_key: AKIAIOSFODNN7EXAMPLE }\n`, failures: [{ path: 'data.aws_key', messageId: 'entry', data: { key: '"aws_key"', credential: 'an AWS access key ID (AKIA…)' } }] },
  ],
});
