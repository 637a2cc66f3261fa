/**
 * `eksguard paths` and the paths section of `scan`, run as a user runs them: manifests plus an AWS
 * snapshot directory, each half alone, the JSON and table formats, exit codes.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, awsFiles, manifests } from '../helpers/attack-world.js';
import { runCli, runCliJson } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

const files: Record<string, string> = { 'k8s/app.yaml': manifests({}) };
for (const [name, body] of Object.entries(awsFiles({ irsaManaged: [ADMIN] }))) files[path.join('snapshot', name)] = JSON.stringify(body);
const dir = makeWorkdir(files);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('eksguard paths', () => {
  it('joins manifests and an AWS snapshot: the IRSA path to admin, as JSON, exit 1 at --fail-on high', () => {
    const { json, result } = runCliJson(['paths', 'k8s', '--aws-snapshot', 'snapshot'], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(json.schemaVersion).toBe(1);
    const failing = json.paths.paths.filter((entry: { status: string }) => entry.status === 'fail');
    expect(failing.map((entry: { checkId: string; nodes: { label: string }[] }) => `${entry.checkId} ${entry.nodes.map((node) => node.label).join(' > ')}`)).toEqual([
      'EKS-PATH-001 the internet > load balancer of Service payments/api > Service payments/api > Deployment payments/api > ServiceAccount payments/api > IAM role payments-api > admin of AWS account 111122223333',
    ]);
    expect(failing[0].nodes[3].location).toEqual({ file: 'k8s/app.yaml', line: 16 });
    expect(json.paths.fixes[0].edge.kind).toBe('grants');
  });

  it('prints a table, and exits 0 with --fail-on none', () => {
    const result = runCli(['paths', 'k8s', '--aws-snapshot', 'snapshot', '--fail-on', 'none'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^1 attack path: 1 failing/);
    expect(result.stdout).toContain('assumes (IRSA) [EKS-IAM-006]: annotation eks.amazonaws.com/role-arn names arn:aws:iam::111122223333:role/payments-api');
    expect(result.stdout).toContain('<FIX HERE>');
  });

  it('with one half only, the path is skipped and names what to add; nothing fails', () => {
    const manifestsOnly = runCliJson(['paths', 'k8s'], { cwd: dir });
    expect(manifestsOnly.result.code).toBe(0);
    const skipped = manifestsOnly.json.paths.paths.find((entry: { nodes: { kind: string }[] }) => entry.nodes.some((node) => node.kind === 'iam-role'));
    expect(skipped.status).toBe('skipped');
    expect(skipped.missing.join(' ')).toContain('add --aws, --aws-snapshot or infrastructure code');
    const awsOnly = runCliJson(['paths', '--aws-snapshot', 'snapshot'], { cwd: dir });
    expect(awsOnly.result.code).toBe(0);
    expect(awsOnly.json.paths.paths.map((entry: { status: string; missing: string[] }) => [entry.status, entry.missing])).toContainEqual(['skipped', ['the Kubernetes objects were not scanned (add manifests, or --kube)']]);
  });

  it('scan --format json carries the same paths section, and sarif the paths with related locations', () => {
    const { json } = runCliJson(['scan', 'k8s', '--aws-snapshot', 'snapshot', '--fail-on', 'none'], { cwd: dir });
    expect(json.paths.summary.fail).toBe(1);
    const finding = json.findings.find((entry: { checkId: string }) => entry.checkId === 'EKS-PATH-001');
    expect(finding).toMatchObject({ status: 'fail', severity: 'critical', resource: { kind: 'Service', name: 'api' }, location: { file: 'k8s/app.yaml' } });
    const sarif = JSON.parse(runCli(['scan', 'k8s', '--aws-snapshot', 'snapshot', '--format', 'sarif', '--fail-on', 'none'], { cwd: dir }).stdout);
    const result = sarif.runs[0].results.find((entry: { ruleId: string }) => entry.ruleId === 'EKS-PATH-001');
    expect(result.relatedLocations.length).toBeGreaterThan(3);
  });

  it('refuses a format it does not print', () => {
    const result = runCli(['paths', 'k8s', '--format', 'html'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid --format "html" for paths');
  });
});
