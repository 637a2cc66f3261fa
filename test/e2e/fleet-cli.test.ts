/**
 * The fleet commands through the built CLI, without AWS: the ASFF format's account rule, merge and
 * diff of report files (and what they refuse), and publish --dry-run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { asffProblems } from '../../src/reporters/asff-rules.js';
import { HOSTILE_MANIFEST } from './workdir.js';
import { makeWorkdir } from './workdir.js';
import { runCli } from './run-cli.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: root, namespace: shop}
spec: {containers: [{name: c, image: "busybox:1.36", securityContext: {privileged: true}}]}
`;

describe('scan --format asff', () => {
  it('refuses findings whose AWS account is unknown before writing any output', () => {
    const dir = makeWorkdir({ 'pod.yaml': POD });
    const result = runCli(['scan', 'pod.yaml', '-f', 'json', '-o', 'out.json', '-f', 'asff', '-o', 'out.asff'], { cwd: dir, env: { AWS_ACCOUNT_ID: '', AWS_REGION: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^eksguard: error: the AWS account of PSS-privileged on Pod\/shop\/root is not known: set AWS_ACCOUNT_ID/m);
    expect(existsSync(path.join(dir, 'out.json'))).toBe(false);
  });

  it('writes valid ASFF in the account and region of AWS_ACCOUNT_ID and AWS_REGION, hostile names escaped', () => {
    const dir = makeWorkdir({ 'app.yaml': HOSTILE_MANIFEST });
    const result = runCli(['scan', 'app.yaml', '-f', 'asff', '-o', 'out.asff', '--fail-on', 'none'], { cwd: dir, env: { AWS_ACCOUNT_ID: '111122223333', AWS_REGION: 'eu-west-1' } });
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'out.asff'), 'utf8');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
    const { Findings } = JSON.parse(text);
    expect(Findings.length).toBeGreaterThan(3);
    for (const finding of Findings) {
      expect(asffProblems(finding)).toEqual([]);
      expect([finding.AwsAccountId, finding.Region]).toEqual(['111122223333', 'eu-west-1']);
    }
  });
});

describe('merge and diff of report files', () => {
  const scanned = () => {
    const dir = makeWorkdir({ 'pod.yaml': POD, 'plain.json': '{"schemaVersion": 1}', 'broken.json': '{"schemaVersion": 1, "tool": {"name": "eksguard", "version": "1"}, "summary": {}, "findings": [{"checkId": 7}], "errors": [], "gaps": []}' });
    expect(runCli(['scan', 'pod.yaml', '-f', 'json', '-o', 'old.json', '--fail-on', 'none'], { cwd: dir }).code).toBe(0);
    return dir;
  };

  it('explains what is wrong with a file that is not a fleet report', () => {
    const dir = scanned();
    const plain = runCli(['merge', 'old.json'], { cwd: dir });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('old.json is not a fleet report');
    const broken = runCli(['merge', 'broken.json'], { cwd: dir });
    expect(broken.stderr).toContain('broken.json is not an eksguard report: findings[0].checkId is not a string');
    expect(runCli(['diff', 'plain.json', 'old.json'], { cwd: dir }).stderr).toContain('plain.json is not an eksguard report: tool is not');
    expect(runCli(['diff', 'missing.json', 'old.json'], { cwd: dir }).stderr).toContain('cannot read missing.json: ENOENT');
  });

  it('diffs two scans and gates on new failures at or above --fail-on-new', () => {
    const dir = scanned();
    const next = makeWorkdir({ 'pod.yaml': POD.replace('busybox:1.36', 'busybox:latest') });
    expect(runCli(['scan', 'pod.yaml', '-f', 'json', '-o', path.join(dir, 'new.json'), '--fail-on', 'none'], { cwd: next }).code).toBe(0);
    const table = runCli(['diff', 'old.json', 'new.json'], { cwd: dir });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^eksguard diff: 1 new, 0 fixed, \d+ unchanged/);
    expect(table.stdout).toContain('K8S-WL-001');
    // the new failure is low: a critical gate passes, a low one fails
    expect(runCli(['diff', 'old.json', 'new.json', '--fail-on-new', 'critical'], { cwd: dir }).code).toBe(0);
    expect(runCli(['diff', 'old.json', 'new.json', '--fail-on-new', 'low'], { cwd: dir }).code).toBe(1);
    expect(runCli(['diff', 'new.json', 'old.json', '--fail-on-new', 'low'], { cwd: dir }).code).toBe(0);
    const markdown = runCli(['diff', 'new.json', 'old.json', '-f', 'markdown'], { cwd: dir });
    expect(markdown.stdout).toMatch(/^### ✅ eksguard diff: 0 new, 1 fixed/);
    expect(runCli(['diff', 'old.json', 'new.json', '-f', 'html'], { cwd: dir }).stderr).toContain('invalid --format "html"');
  });
});

describe('publish securityhub --dry-run', () => {
  it('prints the validated findings per account and region without sending them', () => {
    const dir = makeWorkdir({ 'pod.yaml': POD });
    expect(runCli(['scan', 'pod.yaml', '-f', 'json', '-o', 'r.json', '--fail-on', 'none'], { cwd: dir }).code).toBe(0);
    const result = runCli(['publish', 'securityhub', 'r.json', '--dry-run', '--region', 'eu-west-1'], { cwd: dir, env: { AWS_ACCOUNT_ID: '111122223333' } });
    expect(result.code, result.stderr).toBe(0);
    const { groups } = JSON.parse(result.stdout);
    expect(groups.map((group: any) => [group.accountId, group.region, group.productArn])).toEqual([['111122223333', 'eu-west-1', 'arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default']]);
    expect(groups[0].Findings.map((finding: any) => finding.GeneratorId)).toContain('eksguard/PSS-privileged');
    expect(runCli(['publish', 'jira', 'r.json'], { cwd: dir }).stderr).toContain('unknown destination "jira"');
  });
});
