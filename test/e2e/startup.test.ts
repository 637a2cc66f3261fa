import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modulesLoadedBy } from './loaded-modules.js';
import { runCli } from './run-cli.js';

const ours = (modules: string[]) => modules.filter((module) => module.startsWith('dist/'));
const packages = (modules: string[]) => [...new Set(modules.filter((module) => module.includes('node_modules/')).map((module) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)![1]!))];

// Start-up cost is what a command loads: these fail when a static import pulls the checks,
// reporters or sources into a command that does not use them (scripts/bench-startup.mjs times it).
describe('commands load only what they use (built CLI)', () => {
  it('--version loads no package and none of the checks, reporters or sources', () => {
    const { modules, code, stdout } = modulesLoadedBy(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^eksguard \d+\.\d+\.\d+ \(node v\d+/);
    expect(packages(modules)).toEqual([]);
    expect(ours(modules).filter((module) => /^dist\/(checks|reporters\/(?!formats\.js)|sources|k8s|aws)\//.test(module))).toEqual([]);
  });

  it('--help and every subcommand --help load commander but no check, reporter or source', () => {
    for (const args of [['--help'], ['scan', '--help'], ['fix', '--help'], ['watch', '--help'], ['paths', '--help'], ['merge', '--help'], ['frameworks', 'show', '--help'], ['who-can', '--help'], ['checks', 'list', '--help'], ['collect', 'aws', '--help']]) {
      const { modules, code } = modulesLoadedBy(args);
      expect(code, args.join(' ')).toBe(0);
      expect(packages(modules), args.join(' ')).toEqual(['commander']);
      expect(ours(modules).filter((module) => /^dist\/(checks|sources|k8s|aws|core\/engine)/.test(module)), args.join(' ')).toEqual([]);
    }
  });

  it('a scan of manifests loads no AWS check, SDK or client-node: the AWS-only checks stand in from the catalogue', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-startup-scan-'));
    try {
      writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n');
      const { modules, code, stdout } = modulesLoadedBy(['scan', path.join(dir, 'pod.yaml')]);
      // medium findings only: below the default --fail-on high
      expect(code).toBe(0);
      expect(stdout).toContain('PSS-runAsNonRoot');
      const loaded = ours(modules);
      expect(loaded).toContain('dist/checks/without-aws.js');
      expect(loaded.filter((module) => /^dist\/checks\/(index|aws\/(?!example|fixtures)[^/]+)\.js$/.test(module))).toEqual([]);
      expect(loaded.filter((module) => /^dist\/sources\/(aws|kube)\/(?!progress\.js$)/.test(module))).toEqual([]);
      expect(packages(modules).filter((name) => name.startsWith('@aws-sdk') || name.startsWith('@kubernetes'))).toEqual([]);
      // the table is printed: the other reporters stay unloaded
      expect(loaded).toContain('dist/reporters/table.js');
      expect(loaded.filter((module) => /^dist\/reporters\/(index|html|sarif|junit|markdown|asff)\.js$/.test(module))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a scan that finds infrastructure code among its paths loads the AWS checks and judges it', () => {
    const { modules, code, stdout } = modulesLoadedBy(['scan', 'test/iac/fixtures/terraform-module', '-f', 'json', '--include-passed']);
    expect(code).toBe(1);
    expect(ours(modules)).toContain('dist/checks/aws/eks-log-001-audit-logging.js');
    const report = JSON.parse(stdout) as { findings: { checkId: string; status: string }[] };
    expect(report.findings.filter((finding) => finding.checkId.startsWith('EKS-') && !finding.checkId.startsWith('EKS-PATH-') && (finding.status === 'pass' || finding.status === 'fail')).length).toBeGreaterThan(5);
  });

  it('checks list reads the generated catalogue, not the check modules', () => {
    const { modules, code, stdout } = modulesLoadedBy(['checks', 'list']);
    expect(code).toBe(0);
    expect(stdout).toContain('PSS-privileged');
    expect(ours(modules).filter((module) => module.startsWith('dist/checks/'))).toEqual(['dist/checks/catalogue.js']);
  });
});

describe('checks show (built CLI)', () => {
  it('takes a check ID in any case', () => {
    const result = runCli(['checks', 'show', 'pss-PRIVILEGED']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^PSS-privileged: /);
  });

  it('names the nearest check ID for a misspelt one, with exit 2', () => {
    const result = runCli(['checks', 'show', 'pss-privilegd']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown check "pss-privilegd" (did you mean PSS-privileged?)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
