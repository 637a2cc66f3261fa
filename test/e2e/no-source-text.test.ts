import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/reporters/index.js';
import { runCli } from './run-cli.js';
import { makeWorkdir, SECRET_VALUE } from './workdir.js';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers: [{ name: app, image: nginx:1.27 }]
`;

/** V8 quotes a window of about ten characters around a JSON error: any piece of the secret is a leak. */
function expectNoSecret(text: string): void {
  for (const piece of [SECRET_VALUE, ...SECRET_VALUE.split('-')]) expect(text).not.toContain(piece);
}

const CLUSTER = JSON.stringify({ cluster: { name: 'prod', arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod', version: '1.33' } });

/** Every format to its own file in one run, plus what reached stderr. */
function scanAllFormats(args: string[], cwd: string) {
  const outputs = FORMATS.flatMap((format) => ['--format', format, '--output', `out.${format}`]);
  // ASFF places findings that name no AWS account in this one
  const result = runCli(['scan', ...args, ...outputs], { cwd, env: { AWS_ACCOUNT_ID: '111122223333', AWS_REGION: 'eu-west-1' } });
  const written = FORMATS.map((format) => path.join(cwd, `out.${format}`)).filter((file) => existsSync(file));
  return { result, written, text: written.map((file) => readFileSync(file, 'utf8')).join('\n') };
}

describe('parse errors never quote the input (built CLI, all six formats and stderr)', () => {
  it.each([
    ['an unquoted value', `{\n  "cluster": {"name": ${SECRET_VALUE}}\n}`, 2],
    ['a bare word at the start', `${SECRET_VALUE}`, 1],
    ['an unquoted key', `{${SECRET_VALUE}: 1}`, 1],
    ['an unclosed string', `{"cluster": "${SECRET_VALUE}`, 1],
    ['a bad escape', `{"cluster": "${SECRET_VALUE}\\q"}`, 1],
    ['text after the value', `{"clusters": []} ${SECRET_VALUE}`, 1],
  ])('in an AWS snapshot file: %s', (_what, text, line) => {
    const dir = makeWorkdir({ 'snap/eu-west-1/eks/clusters/prod/describe-cluster.json': CLUSTER, 'snap/eu-west-1/eks/broken.json': text, 'snap/snapshot.json': text });
    const { result, written, text: reports } = scanAllFormats(['--aws-snapshot', 'snap', '--fail-on', 'none'], dir);
    expect(result.code).toBe(2);
    expect(written).toHaveLength(FORMATS.length);
    const json = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8'));
    expect(json.errors.map((error: any) => [error.location.file, error.location.line, error.message.startsWith('not valid JSON: ')])).toEqual([
      ['eu-west-1/eks/broken.json', line, true],
      ['snapshot.json', line, true],
    ]);
    expectNoSecret(reports);
    expectNoSecret(result.stdout + result.stderr);
  });

  it.each([
    ['an alias', `failOn: *${SECRET_VALUE}\n`],
    ['a tag', `failOn: !${SECRET_VALUE} high\n`],
    ['an unclosed quote', `failOn: "${SECRET_VALUE}\n`],
    ['an unclosed flow sequence', `exclude: [${SECRET_VALUE}\n`],
    ['a tab', `checks:\n\t${SECRET_VALUE}: {}\n`],
    ['an unknown check ID in a suppression', `suppressions:\n  - check: ${SECRET_VALUE}\n    resource: "*"\n    reason: r\n`],
    ['deep nesting', `exclude: ${'['.repeat(50_000)}${SECRET_VALUE}${']'.repeat(50_000)}\n`],
  ])('in .eksguard.yaml: %s', (_what, config) => {
    const dir = makeWorkdir({ 'pod.yaml': POD, '.eksguard.yaml': config });
    const { result, written } = scanAllFormats(['pod.yaml'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^eksguard: error: (invalid )?config \.eksguard\.yaml/);
    expect(result.stderr).toMatch(/\.eksguard\.yaml:\d+(:\d+)?: /);
    expect(written).toEqual([]);
    expectNoSecret(result.stdout + result.stderr);
    expect(result.stderr).not.toContain('Maximum call stack');
  });

  it.each([
    ['an unquoted value', `{"version": 1, "tool": ${SECRET_VALUE}}`],
    ['a bare word', `password=${SECRET_VALUE}`],
    ['an unclosed string', `{"version": 1, "tool": "${SECRET_VALUE}`],
    ['deep nesting', `{"version": 1, "tool": "eksguard", "failures": [], "x": ${'['.repeat(100_000)}"${SECRET_VALUE}"${']'.repeat(100_000)}}`],
  ])('in a baseline: %s', (_what, baseline) => {
    const dir = makeWorkdir({ 'pod.yaml': POD, 'base.json': baseline });
    const { result, written } = scanAllFormats(['pod.yaml', '--baseline', 'base.json'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^eksguard: error: baseline base\.json is not valid JSON:\n {2}base\.json:1:\d+: /);
    expect(written).toEqual([]);
    expectNoSecret(result.stdout + result.stderr);
  });

  it.each([
    ['an alias to an undefined anchor', `stringData:\n  password: *${SECRET_VALUE}\n`],
    ['a value its tag refuses', `stringData:\n  password: !!int ${SECRET_VALUE}\n`],
    ['a merge of a scalar', `base: &b ${SECRET_VALUE}\nstringData:\n  <<: *b\n`],
    ['an anchor name the reader refuses', `stringData:\n  password: &a.${SECRET_VALUE} x\n`],
    ['an unclosed quote', `stringData:\n  password: "${SECRET_VALUE}\n`],
    ['an unclosed flow mapping', `stringData: {password: ${SECRET_VALUE}\n`],
    ['a bad escape', `stringData:\n  password: "${SECRET_VALUE}\\/"\n`],
    ['a tab in the indentation', `stringData:\n\tpassword: ${SECRET_VALUE}\n`],
    ['a value that is not base64', `data:\n  password: ${SECRET_VALUE}!\n`],
    ['a JSON value that is not JSON', `{"apiVersion": "v1", "kind": "Secret", "stringData": {"password": ${SECRET_VALUE}}`],
    ['a bad document separator', `stringData:\n  a: b\n--- ${SECRET_VALUE}\n`],
  ])('in a manifest: %s', (_what, body) => {
    const manifest = body.startsWith('{') ? body : `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: shop}\n${body}`;
    const dir = makeWorkdir({ 'secret.yaml': manifest });
    const { result, written, text: reports } = scanAllFormats(['secret.yaml', '--fail-on', 'none'], dir);
    expect(result.code).toBe(2);
    expect(written).toHaveLength(FORMATS.length);
    const json = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8'));
    expect(json.errors.length).toBeGreaterThan(0);
    const fileErrors = json.errors.filter((error: { source: string }) => error.source === 'file');
    expect(fileErrors.length).toBeGreaterThan(0);
    for (const error of fileErrors) expect(error.location).toMatchObject({ file: 'secret.yaml', line: expect.any(Number) });
    expectNoSecret(reports);
    expectNoSecret(result.stdout + result.stderr);
  });
});
