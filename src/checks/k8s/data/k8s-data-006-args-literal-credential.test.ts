import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { argsLiteralCredential } from './k8s-data-006-args-literal-credential.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

// Assembled at run time so that the source does not trip secret scanners.
const AWS_KEY = ['AKIA', 'Q3EGRZ7VJ2', 'XKLM4T'].join('');
const PASSWORD = ['Zq9', 'wLpX', '7vTr', 'Km2s'].join('-');

const pod = (container: string) => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  containers:
    - name: app
      image: x
${container}`;

describe('K8S-DATA-006 literal credentials in command and args', () => {
  it('finds --flag=value, --flag value, VAR=value in shell strings and key shapes; names the element, never the value', () => {
    const findings = runCheck(
      argsLiteralCredential,
      pod(`      command: ["sh", "-c", "PGPASSWORD=${PASSWORD} pg_dump -h db"]
      args: ["--db-password=${PASSWORD}", "--token", "${PASSWORD}", "--verbose", "${AWS_KEY}", "--from-literal=api_key=${PASSWORD}"]
`),
    );
    const [finding] = failures(findings);
    expect(finding?.message).toBe(
      [
        'container "app" command[2] holds a literal value under a secret-like name given to "PGPASSWORD"',
        'container "app" args[0] holds a literal value under a secret-like name given to "--db-password"',
        'container "app" args[2] holds a literal value under a secret-like name given to "--token"',
        'container "app" args[4] holds an AWS access key ID (AKIA…)',
        'container "app" args[5] holds a literal value under a secret-like name given to "api_key"',
      ].join('; '),
    );
    expect(finding?.path).toBe('spec.containers[0].command[2]');
    const serialized = JSON.stringify(findings);
    expect(serialized).not.toContain(PASSWORD);
    expect(serialized).not.toContain(AWS_KEY);
    expect(serialized).not.toContain(PASSWORD.slice(0, 5));
  });

  it('passes references, files, descriptors, flags without values and ordinary arguments', () => {
    const findings = runCheck(
      argsLiteralCredential,
      pod(`      command: ["sh", "-c", "PGPASSWORD=$DB_PASSWORD pg_dump --password=\${DB_PASSWORD} -h db"]
      args: ["--password=$(DB_PASSWORD)", "--token", "$(TOKEN)", "--password-file=/run/secrets/db", "--token-ttl=1h", "--secret-name=db", "--require-token", "--port=8080", "--api-key", "--no-password", "--password", "--", "--token=", "--password=true", "--require-token", "serve", "--no-password", "web", "--print-token", "out.txt"]
`),
    );
    expect(statuses(findings)).toEqual(['pass']);
  });

  it('keeps the manifest index when an element is not text', () => {
    const findings = runCheck(argsLiteralCredential, pod(`      args: [8080, "--password=${PASSWORD}"]\n`));
    expect(failures(findings)[0]?.path).toBe('spec.containers[0].args[1]');
  });

  it('looks at init and ephemeral containers and workload templates', () => {
    const findings = runCheck(
      argsLiteralCredential,
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: d, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - { name: seed, image: x, args: ["--admin-password=${PASSWORD}"] }
      containers:
        - { name: app, image: x }
`,
    );
    expect(failures(findings)[0]?.path).toBe('spec.template.spec.initContainers[0].args[0]');
    expect(failures(findings)[0]?.message).toContain('init container "seed" args[0]');
  });

  it('finds Authorization headers and secret-named headers in curl-style arguments, never printing them', () => {
    const basic = Buffer.from('user:pass').toString('base64');
    const findings = runCheck(
      argsLiteralCredential,
      pod(`      command: ["sh", "-c", "curl -fsS -H 'Authorization: Bearer xyz' https://api.internal/health"]
      args: ["--header=Authorization: Basic ${basic}", "-H", "Authorization: Bearer ${PASSWORD}", "-H", "X-Api-Key: ${PASSWORD}", "--header", "PRIVATE-TOKEN: ${PASSWORD}"]
`),
    );
    const [finding] = failures(findings);
    expect(finding?.message).toBe(
      [
        'container "app" command[2] holds an HTTP Bearer credential',
        'container "app" args[0] holds an HTTP Basic credential',
        'container "app" args[2] holds an HTTP Bearer credential',
        'container "app" args[4] holds a literal value under a secret-like name given to "X-Api-Key"',
        'container "app" args[6] holds a literal value under a secret-like name given to "PRIVATE-TOKEN"',
      ].join('; '),
    );
    expect(finding?.path).toBe('spec.containers[0].command[2]');
    const serialized = JSON.stringify(findings);
    for (const secret of [basic, PASSWORD, PASSWORD.slice(0, 5), 'Bearer xyz']) expect(serialized).not.toContain(secret);
  });

  it('passes command substitution, variable references and argument names that describe a secret', () => {
    const findings = runCheck(
      argsLiteralCredential,
      pod(`      command: ["sh", "-c", "PGPASSWORD=$(cat /run/secrets/pg) psql -h db; TOKEN=\`cat /run/secrets/t\` curl -H \\"Authorization: Bearer $TOKEN\\" x; mysql --password=\\"$(cat /run/secrets/my)\\" db; curl -H 'Authorization: Bearer $(cat /run/secrets/t)' -H \\"X-Api-Key: \${API_KEY}\\" x"]
      args: ["--password=$(cat /run/secrets/db)", "--token", "$(cat /run/secrets/token)", "--api-key", "\`cat /run/secrets/key\`", "--client-secret=\${CLIENT_SECRET:-}", "--secret-namespace=kube-system", "--token-ttl=1h", "--password-file=/run/secrets/db", "--secret-label-selector=app=web", "--token-lifetime=3600", "--secret-store", "vault", "--header=Authorization: Bearer \${TOKEN}", "-H", "Authorization: Basic $(echo -n u:p | base64)"]
`),
    );
    expect(failures(findings)[0]?.message).toBeUndefined();
    expect(statuses(findings)).toEqual(['pass']);
  });
});

testCheck(argsLiteralCredential, {
  pass: [{ input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', args: [--port, '8080'] }\n` }],
  fail: [
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', args: [--password, hunter2-but-longer] }\n`, failures: [{ path: 'spec.containers[0].args[1]', messageId: 'givenTo', data: { container: 'container "web"', field: 'args', index: 1, credential: 'a literal value under a secret-like name', name: '"--password"' } }] },
  ],
});
