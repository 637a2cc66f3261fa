import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectHelm } from '../helpers/renderers.js';
import { repoRoot, runCli } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

/** `eksguard fix` as a user runs it: files on disk, the diff, the JSON, the guards. */

const DEPLOYMENT = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web   # main
          image: "nginx:1.27"
`;

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata: {name: priv, namespace: shop}
spec:
  containers:
  - name: a
    image: b
    securityContext:
      privileged: true
`;

function fixJson(args: string[], cwd: string) {
  const result = runCli(['fix', ...args, '--format', 'json'], { cwd });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe('eksguard fix', () => {
  it('writes the fix, prints a diff that applies to the original, keeps permissions, and a second run changes nothing', () => {
    const dir = makeWorkdir({ 'k8s/web.yaml': DEPLOYMENT });
    const file = path.join(dir, 'k8s/web.yaml');
    chmodSync(file, 0o640);
    const original = mkdtempSync(path.join(tmpdir(), 'eksguard-fix-orig-'));
    cpSync(path.join(dir, 'k8s'), path.join(original, 'k8s'), { recursive: true });
    const first = runCli(['fix', 'k8s'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^--- a\/k8s\/web\.yaml\n\+\+\+ b\/k8s\/web\.yaml\n@@ /);
    expect(first.stderr).toMatch(/fixed: PSS-allowPrivilegeEscalation Deployment\/shop\/web/);
    expect(first.stderr).toMatch(/suggestion: PSS-runAsNonRoot/);
    expect(first.stderr).toMatch(/1 of 1 file written/);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(DEPLOYMENT)).toBe(true);
    expect(after).toContain('          securityContext:\n            allowPrivilegeEscalation: false\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    // the diff is a real patch of the original tree
    writeFileSync(path.join(original, 'fix.diff'), first.stdout);
    execFileSync('git', ['apply', 'fix.diff'], { cwd: original });
    expect(readFileSync(path.join(original, 'k8s/web.yaml'), 'utf8')).toBe(after);
    // the proof holds for the user too: the fixed checks pass on a fresh scan
    const scan = JSON.parse(runCli(['scan', 'k8s', '--format', 'json', '--fail-on', 'none'], { cwd: dir }).stdout);
    const failing = new Set(scan.findings.filter((finding: any) => finding.status === 'fail').map((finding: any) => finding.checkId));
    for (const id of ['PSS-allowPrivilegeEscalation', 'PSS-capabilities_restricted', 'PSS-seccompProfile_restricted', 'K8S-WL-007']) expect(failing.has(id), id).toBe(false);
    const second = runCli(['fix', 'k8s'], { cwd: dir });
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/nothing to fix mechanically/);
    expect(readFileSync(file, 'utf8')).toBe(after);
  });

  it('--dry-run prints the diff and writes nothing; --format json lists each edit and the check it answers', () => {
    const dir = makeWorkdir({ 'web.yaml': DEPLOYMENT });
    const dry = runCli(['fix', 'web.yaml', '--dry-run'], { cwd: dir });
    expect(dry.stdout).toContain('+            allowPrivilegeEscalation: false');
    expect(dry.stderr).toMatch(/would fix: PSS-seccompProfile_restricted/);
    expect(readFileSync(path.join(dir, 'web.yaml'), 'utf8')).toBe(DEPLOYMENT);
    const json = fixJson(['web.yaml', '--dry-run'], dir);
    expect(json.schemaVersion).toBe(1);
    expect(json.files).toHaveLength(1);
    expect(json.files[0].written).toBe(false);
    expect(json.files[0].edits.length).toBeGreaterThan(0);
    expect(json.files[0].edits[0].line).toBeGreaterThan(1);
    expect(json.fixes.map((fix: any) => fix.checkId).sort()).toEqual(['K8S-WL-007', 'PSS-allowPrivilegeEscalation', 'PSS-capabilities_restricted', 'PSS-seccompProfile_restricted']);
    expect(json.fixes.every((fix: any) => fix.applied && fix.object.kind === 'Deployment')).toBe(true);
    expect(readFileSync(path.join(dir, 'web.yaml'), 'utf8')).toBe(DEPLOYMENT);
  });

  it('edits a custom resource\'s single pod template and leaves one with several to the hand, saying so for each finding', () => {
    const ray = `apiVersion: ray.io/v1
kind: RayCluster
metadata: {name: head-only, namespace: ml}
spec:
  headGroupSpec:
    template:
      spec:
        containers:
          - name: head
            image: ray
---
apiVersion: ray.io/v1
kind: RayCluster
metadata: {name: two, namespace: ml}
spec:
  headGroupSpec:
    template:
      spec:
        containers: [{name: head, image: ray}]
  workerGroupSpecs:
    - groupName: w
      template:
        spec:
          containers: [{name: worker, image: ray}]
`;
    const dir = makeWorkdir({ 'ray.yaml': ray });
    const json = fixJson(['ray.yaml', '--dry-run', '--check', 'PSS-seccompProfile_restricted'], dir);
    expect(json.fixes.map((fix: any) => `${fix.object.name} ${fix.applied}`)).toEqual(['head-only true']);
    const dry = runCli(['fix', 'ray.yaml', '--dry-run', '--check', 'PSS-seccompProfile_restricted'], { cwd: dir });
    expect(dry.stdout).toContain('+        securityContext:');
    expect(dry.stderr.split('\n').filter((line) => line.includes('RayCluster/ml/two'))).toEqual([
      expect.stringMatching(/several pod templates.*change spec\.headGroupSpec\.template\.spec.* by hand$/),
      expect.stringMatching(/several pod templates.*change spec\.workerGroupSpecs\[0\]\.template\.spec.* by hand$/),
    ]);
    expect(readFileSync(path.join(dir, 'ray.yaml'), 'utf8')).toBe(ray);
  });

  it('leaves an Argo Workflow to the hand (its pods are assembled from several places), naming the place of each finding', () => {
    const workflow = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: build, namespace: ci}
spec:
  templates:
    - name: build
      container:
        image: busybox
`;
    const dir = makeWorkdir({ 'wf.yaml': workflow });
    const json = fixJson(['wf.yaml', '--dry-run', '--check', 'PSS-seccompProfile_restricted'], dir);
    expect(json.fixes).toEqual([]);
    const dry = runCli(['fix', 'wf.yaml', '--dry-run', '--check', 'PSS-seccompProfile_restricted'], { cwd: dir });
    expect(dry.stderr.split('\n').filter((line) => line.includes('Workflow/ci/build'))).toEqual([expect.stringMatching(/change spec\.templates\[0\]\.container\.securityContext\.seccompProfile\.type by hand$/)]);
    expect(readFileSync(path.join(dir, 'wf.yaml'), 'utf8')).toBe(workflow);
  });

  it('--check and --severity choose what is fixed', () => {
    const dir = makeWorkdir({ 'web.yaml': DEPLOYMENT });
    const only = fixJson(['web.yaml', '--dry-run', '--check', 'PSS-seccompProfile_restricted'], dir);
    expect(only.fixes.map((fix: any) => fix.checkId)).toEqual(['PSS-seccompProfile_restricted']);
    const all = fixJson(['web.yaml', '--dry-run'], dir);
    const severities = ['critical', 'high', 'medium', 'low', 'info'];
    const highest = Math.min(...all.fixes.map((fix: any) => severities.indexOf(fix.severity)));
    const bySeverity = fixJson(['web.yaml', '--dry-run', '--severity', severities[highest]!], dir);
    expect(bySeverity.fixes.length).toBeGreaterThan(0);
    expect(bySeverity.fixes.length).toBeLessThan(all.fixes.length);
    for (const fix of bySeverity.fixes) expect(severities.indexOf(fix.severity)).toBeLessThanOrEqual(highest);
    const unknown = runCli(['fix', 'web.yaml', '--check', 'K8S-WL-003'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no mechanical fix/);
  });

  it('privileged: false only with --unsafe', () => {
    const dir = makeWorkdir({ 'priv.yaml': PRIVILEGED });
    const safe = fixJson(['priv.yaml', '--dry-run', '--check', 'PSS-privileged'], dir);
    expect(safe.files).toEqual([]);
    expect(safe.suggestions.map((entry: any) => entry.checkId)).toContain('PSS-privileged');
    const unsafe = runCli(['fix', 'priv.yaml', '--unsafe', '--check', 'PSS-privileged', '--check', 'PSS-allowPrivilegeEscalation'], { cwd: dir });
    expect(unsafe.code, unsafe.stderr).toBe(0);
    const after = readFileSync(path.join(dir, 'priv.yaml'), 'utf8');
    expect(after).toContain('      privileged: false\n      allowPrivilegeEscalation: false\n');
  });

  it('keeps a byte-order mark and CRLF line ends, and edits JSON files', () => {
    const crlf = `\ufeff${DEPLOYMENT.replaceAll('\n', '\r\n')}`;
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j', namespace: 'shop' }, spec: { containers: [{ name: 'a', image: 'b' }] } }, null, 2);
    const dir = makeWorkdir({ 'web.yaml': crlf, 'pod.json': `${json}\n` });
    const original = mkdtempSync(path.join(tmpdir(), 'eksguard-fix-orig-'));
    cpSync(dir, original, { recursive: true });
    const result = runCli(['fix', '.', '--check', 'PSS-seccompProfile_restricted'], { cwd: dir });
    // the diff applies to the original files, byte-order mark and CRLF included
    writeFileSync(path.join(original, 'fix.diff'), result.stdout);
    execFileSync('git', ['apply', 'fix.diff'], { cwd: original });
    expect(readFileSync(path.join(original, 'web.yaml'), 'utf8')).toBe(readFileSync(path.join(dir, 'web.yaml'), 'utf8'));
    expect(readFileSync(path.join(original, 'pod.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'pod.json'), 'utf8'));
    expect(result.code, result.stderr).toBe(0);
    const after = readFileSync(path.join(dir, 'web.yaml'), 'utf8');
    expect(after.startsWith(crlf)).toBe(true);
    expect(after.slice(crlf.length)).toBe('      securityContext:\r\n        seccompProfile:\r\n          type: RuntimeDefault\r\n');
    const pod = JSON.parse(readFileSync(path.join(dir, 'pod.json'), 'utf8'));
    expect(pod.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('never writes through a symbolic link out of the scanned tree, and refuses standard input', () => {
    const outside = makeWorkdir({ 'shared.yaml': DEPLOYMENT });
    const dir = makeWorkdir({});
    symlinkSync(path.join(outside, 'shared.yaml'), path.join(dir, 'linked.yaml'));
    // a directory walk never follows the link; a link named on the command line is read, never written through
    expect(runCli(['fix', '.'], { cwd: dir }).stderr).toMatch(/nothing to fix mechanically/);
    const result = runCli(['fix', 'linked.yaml'], { cwd: dir });
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/not fixed: .*symbolic link that leads out of the scanned paths/);
    expect(readFileSync(path.join(outside, 'shared.yaml'), 'utf8')).toBe(DEPLOYMENT);
    const stdin = runCli(['fix', '-'], { cwd: dir, input: DEPLOYMENT });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/standard input \(-\) cannot be edited/);
  });

  it('escapes what an attacker controls in the summary', () => {
    const hostile = DEPLOYMENT.replace('name: web\n', 'name: "web\\u001b[31mred"\n');
    const dir = makeWorkdir({ 'web.yaml': hostile });
    const result = runCli(['fix', 'web.yaml', '--dry-run'], { cwd: dir });
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr).toContain('\\u001b[31mred');
  });

  it('gives values for a chart instead of editing its rendered output', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-fix-chart-'));
    const chart = 'aws-load-balancer-controller';
    cpSync(path.join(repoRoot, 'test/fixtures/charts', chart), path.join(dir, chart), { recursive: true });
    const before = readFileSync(path.join(dir, chart, 'values.yaml'), 'utf8');
    const json = fixJson([chart, '--helm-bin', projectHelm(), '--helm-set', 'clusterName=demo'], dir);
    expect(json.files).toEqual([]);
    const deployment = json.rendered.find((entry: any) => entry.object.kind === 'Deployment');
    expect(deployment.source).toBe(chart);
    expect(deployment.exposedByValues).toBe(true);
    expect(deployment.checks.sort()).toEqual(['PSS-capabilities_restricted', 'PSS-seccompProfile_restricted']);
    expect(deployment.advice).toContain('is rendered by chart aws-load-balancer-controller: eksguard does not edit rendered output');
    expect(deployment.advice).toContain('    securityContext:\n      capabilities:\n        drop:\n          - ALL\n    podSecurityContext:\n      seccompProfile:\n        type: RuntimeDefault');
    expect(readFileSync(path.join(dir, chart, 'values.yaml'), 'utf8')).toBe(before);
  }, 600_000);
});
