import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../src/checks/index.js';
import type { Check } from '../src/core/check.js';
import { exampleInventory } from './helpers/example-inventory.js';
import { runCheck } from './helpers/run-check.js';
import { checkDefinitions, type CheckSourceFile } from '../src/docs/check-sources.js';
import { REPOSITORY_ROOT, isTestFile, typescriptFiles } from './architecture/source-files.js';

/**
 * The conventions every check follows (CONTRIBUTING.md, "Add a check"), checked on the source:
 * one file per check under src/checks/, named after its ID; a test file beside it; a one-line
 * (or longer) TSDoc contract naming the ID above the definition; a title in the requirement voice
 * ("X must …", "X should …"); registered in the explicit registry.
 */

/** Check files named by slug before the convention; new checks are named `<id>-<slug>.ts` or `<id>.ts`. */
const LEGACY_FILE_NAMES = new Set([
  'data/args-literal-credential', 'data/configmap-credential', 'data/ebs-encryption', 'data/env-literal-credential', 'data/secret-in-env', 'data/secret-in-manifest',
  'iam/aws-auth-accounts', 'iam/aws-auth-masters', 'iam/aws-auth-parse', 'iam/aws-auth-users', 'iam/legacy-token-secrets',
  'network/default-deny-egress', 'network/default-deny-ingress', 'network/imds-egress', 'network/ingress-exposure', 'network/ingress-from-everywhere',
  'network/load-balancer-exposure', 'network/namespace-has-policy', 'network/node-port-service', 'network/workload-selected',
  'node/kubelet-version-skew', 'node/node-group-drift', 'node/os-end-of-support',
  'rbac/admission-webhooks', 'rbac/anonymous-access', 'rbac/aws-auth-write', 'rbac/cluster-admin-binding', 'rbac/default-service-account', 'rbac/escalation-verbs',
  'rbac/node-proxy', 'rbac/pod-creation', 'rbac/pod-exec', 'rbac/secrets-read', 'rbac/token-and-csr', 'rbac/wildcard-rules',
  'workload/dangerous-capabilities', 'workload/default-namespace', 'workload/host-network-imds', 'workload/image-digest', 'workload/image-latest-tag',
  'workload/namespace-pod-security', 'workload/read-only-root-filesystem', 'workload/resources', 'workload/runtime-socket', 'workload/sensitive-host-path',
  'workload/service-account-token',
  // K8S-NET-010 and K8S-RBAC-013 came from the frameworks branch, written before the convention
  'network/service-external-ips', 'rbac/persistent-volume-create',
].map((name) => `src/checks/k8s/${name}.ts`));

/**
 * Export names that repeat the ID instead of describing the rule (`eksNet001`): the AWS checks
 * from before the convention, and EKS-PATH-001…004, which were written on a parallel branch under
 * the old pattern and merged with it. Renaming them is a follow-up that touches their registries
 * and tests only. (EKS-DATA, EKS-IAM, EKS-LOG and EKS-MON are renamed.)
 */
const LEGACY_ID_EXPORTS = /^eks(Net|Sg|Node|Ver)00[1-8]$|^eksPath00[1-4]$/;

/** Checks whose tests share one file with a sibling check; the file must exist and name the check's ID. */
const TESTED_BESIDE: Readonly<Record<string, string>> = {
  'src/checks/paths/eks-path-001.ts': 'src/checks/paths/paths.test.ts',
  'src/checks/paths/eks-path-002.ts': 'src/checks/paths/paths.test.ts',
  'src/checks/paths/eks-path-003.ts': 'src/checks/paths/paths.test.ts',
  'src/checks/paths/eks-path-004.ts': 'src/checks/paths/paths.test.ts',
};

/**
 * Checks whose failures are still free text (`fail(message, path)`) instead of a message ID of
 * their `messages` with data. The list only shrinks: a check leaves it when it is migrated (the
 * test below fails while a migrated check is still listed), and a new check never joins it.
 */
const FREE_TEXT_CHECKS = new Set<string>([
  'EKS-NET-005', 'EKS-NET-006', 'EKS-NET-008', 'EKS-NODE-005',
  'EKS-NODE-007', 'EKS-SG-001', 'EKS-SG-002', 'EKS-SG-003',
]);

/**
 * Checks whose test file does not yet call `testCheck` (test/helpers/check-tester.ts) with a pass
 * and a fail case. The list only shrinks, like FREE_TEXT_CHECKS.
 */
const WITHOUT_CHECK_TESTER = new Set<string>([
  'EKS-NET-002', 'EKS-NET-003', 'EKS-NET-004', 'EKS-NET-005', 'EKS-NET-006', 'EKS-NET-007', 'EKS-NET-008',
  'EKS-NODE-001', 'EKS-NODE-002', 'EKS-NODE-003', 'EKS-NODE-004', 'EKS-NODE-005', 'EKS-NODE-006', 'EKS-NODE-007', 'EKS-PATH-001',
  'EKS-PATH-002', 'EKS-PATH-003', 'EKS-PATH-004', 'EKS-SG-001', 'EKS-SG-002', 'EKS-SG-003', 'EKS-VER-001', 'EKS-VER-002', 'EKS-VER-003',
  'EKS-VER-004', 'EKS-VER-005', 'EKS-VER-006', 'K8S-DATA-003', 'K8S-DATA-005', 'K8S-IAM-001', 'K8S-IAM-002', 'K8S-IAM-003', 'K8S-IAM-004',
  'K8S-IAM-005', 'K8S-NET-001', 'K8S-NET-002', 'K8S-NET-003', 'K8S-NET-004', 'K8S-NET-005', 'K8S-NET-006', 'K8S-NET-007', 'K8S-NET-008',
  'K8S-NET-009', 'K8S-NET-010', 'K8S-NODE-001', 'K8S-NODE-002', 'K8S-NODE-003', 'K8S-RBAC-001', 'K8S-RBAC-002', 'K8S-RBAC-003',
  'K8S-RBAC-004', 'K8S-RBAC-005', 'K8S-RBAC-006', 'K8S-RBAC-007', 'K8S-RBAC-008', 'K8S-RBAC-009', 'K8S-RBAC-010', 'K8S-RBAC-011',
  'K8S-RBAC-012', 'K8S-RBAC-013', 'K8S-WL-007', 'K8S-WL-009', 'K8S-WL-010', 'K8S-WL-011',
]);

/** The file whose `testCheck` call covers a check: its own test file, the shared one it is tested in, or the PSS table. */
function checkTesterFile(source: CheckSourceFile): string {
  if (source.id.startsWith('PSS-')) return 'src/checks/pss/pss-check-tester.test.ts';
  return TESTED_BESIDE[source.file] ?? source.file.replace(/\.ts$/, '.test.ts');
}

/**
 * Whether a test file runs the CheckTester on this check: it calls `testCheck` and names the check
 * (its export, its ID, or for the PSS table its upstream ID as a key); validateCases requires a pass
 * and a fail case.
 */
function callsCheckTester(source: CheckSourceFile): boolean {
  const file = path.join(REPOSITORY_ROOT, checkTesterFile(source));
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  if (!text.includes('testCheck(')) return false;
  if (source.id.startsWith('PSS-')) return new RegExp(`^  ${source.id.slice('PSS-'.length)}: \\{$`, 'm').test(text);
  return new RegExp(`testCheck\\(\\s*${source.exportName}\\b`).test(text) || text.includes(`'${source.id}'`);
}

/** Whether every failure of the check's fail examples names a message ID. */
function reportsByMessageId(check: Check): boolean {
  return check.examples.fail.every((example) => {
    const findings = runCheck(check, exampleInventory(check, example), check.examples.settings ? { settings: check.examples.settings } : {});
    return findings.filter((finding) => finding.status === 'fail').every((finding) => finding.messageId !== undefined && check.messages?.[finding.messageId] !== undefined);
  });
}

type CheckSource = CheckSourceFile;

/** Every check defined in src/checks/, read from the source with the reader the docs use. */
function checkSources(): CheckSource[] {
  return typescriptFiles('src/checks')
    .filter((name) => !isTestFile(name))
    .flatMap((file) => checkDefinitions(file, readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8')));
}

const kebab = (text: string) => text.replace(/_/g, '-').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** The problems of one check's source against the conventions. */
export function conventionProblems(source: CheckSource): string[] {
  const problems: string[] = [];
  const base = path.basename(source.file, '.ts');
  if (source.id.startsWith('PSS-')) {
    if (base !== kebab(source.id.slice('PSS-'.length))) problems.push(`${source.file}: a Pod Security check is named after its upstream check: ${kebab(source.id.slice(4))}.ts`);
  } else if (!base.startsWith(source.id.toLowerCase()) && !LEGACY_FILE_NAMES.has(source.file)) {
    problems.push(`${source.file}: name the file ${source.id.toLowerCase()}-<slug>.ts`);
  }
  if (/^(eks|k8s|pss)[A-Z][a-z]+\d+$/.test(source.exportName) && !LEGACY_ID_EXPORTS.test(source.exportName)) {
    problems.push(`${source.file}: export ${source.exportName} repeats the ID; name it after the rule`);
  }
  if (!source.contract?.includes(`${source.id}:`)) problems.push(`${source.file}: a TSDoc contract starting "${source.id}: …" must sit right above the definition`);
  const testFile = TESTED_BESIDE[source.file] ?? source.file.replace(/\.ts$/, '.test.ts');
  if (!source.id.startsWith('PSS-')) {
    if (!existsSync(path.join(REPOSITORY_ROOT, testFile))) problems.push(`${source.file}: no test file ${path.basename(testFile)} beside it`);
    else if (TESTED_BESIDE[source.file] && !readFileSync(path.join(REPOSITORY_ROOT, testFile), 'utf8').includes(source.id)) problems.push(`${testFile} does not name ${source.id}`);
  }
  return problems;
}

const sources = checkSources();

describe('check conventions', () => {
  it('finds every registered check in a file of src/checks, and registers every check defined there', () => {
    const defined = sources.map((source) => source.id).sort();
    const registered = allChecks.map((check) => check.id).sort();
    expect(defined.filter((id) => !registered.includes(id)), 'defined but missing from the registry (src/checks/**/index.ts)').toEqual([]);
    expect(registered.filter((id) => !defined.includes(id)), 'registered but not defined as `export const x = define…Check({ id: …`').toEqual([]);
  });

  it('names files after the ID, exports after the rule, and puts a contract and a test beside each check', () => {
    expect(sources.flatMap(conventionProblems)).toEqual([]);
  });

  it('reports every failure by a message ID of the check, except the checks still listed as free text', () => {
    const freeText = allChecks.filter((check) => !reportsByMessageId(check)).map((check) => check.id);
    expect(freeText.filter((id) => !FREE_TEXT_CHECKS.has(id)), 'report these failures by message ID (see CONTRIBUTING.md, "Add a check")').toEqual([]);
    expect([...FREE_TEXT_CHECKS].filter((id) => !freeText.includes(id)), 'migrated: remove them from FREE_TEXT_CHECKS').toEqual([]);
  });

  it('runs the CheckTester with a pass and a fail case on every check, except the ones still listed', () => {
    const untested = sources.filter((source) => !callsCheckTester(source)).map((source) => source.id);
    expect(untested.filter((id) => !WITHOUT_CHECK_TESTER.has(id)), 'call testCheck(check, { pass, fail }) in the check\'s test file').toEqual([]);
    expect([...WITHOUT_CHECK_TESTER].filter((id) => !untested.includes(id)), 'tested now: remove them from WITHOUT_CHECK_TESTER').toEqual([]);
  });

  it('keeps the legacy allow-list honest: every listed file still exists', () => {
    expect([...LEGACY_FILE_NAMES].filter((file) => !existsSync(path.join(REPOSITORY_ROOT, file)))).toEqual([]);
  });

  it('writes every title in the requirement voice, without a closing period', () => {
    const off = allChecks.filter((check) => !/\b(must|should)\b/.test(check.title) || check.title.endsWith('.') || check.title.length > 100);
    expect(off.map((check) => `${check.id}: ${check.title}`)).toEqual([]);
  });

  it('gives every check references and a remediation that is a sentence', () => {
    const off = allChecks.filter((check) => check.references.length === 0 || !/[.)]$/.test(check.remediation.trim()));
    expect(off.map((check) => check.id)).toEqual([]);
  });

  it('keeps the hand-written AWS table of docs/aws.md on the check titles', () => {
    const docs = readFileSync(path.join(REPOSITORY_ROOT, 'docs/aws.md'), 'utf8').split('\n');
    for (const check of allChecks.filter((candidate) => candidate.id.startsWith('EKS-'))) {
      const row = docs.find((line) => line.startsWith(`| ${check.id} `));
      // rows are required by src/sources/aws/iam-policy.test.ts for the checks that call AWS; here only their titles
      if (row) expect(row.split('|')[4]?.trim(), check.id).toBe(check.title);
    }
  });

  it('reports a file named by slug, an ID export, a missing contract and a missing test', () => {
    const problems = conventionProblems({ file: 'src/checks/k8s/network/egress-anywhere.ts', id: 'K8S-NET-010', exportName: 'k8sNet010', contract: '/** something else */' });
    expect(problems).toEqual([
      'src/checks/k8s/network/egress-anywhere.ts: name the file k8s-net-010-<slug>.ts',
      'src/checks/k8s/network/egress-anywhere.ts: export k8sNet010 repeats the ID; name it after the rule',
      'src/checks/k8s/network/egress-anywhere.ts: a TSDoc contract starting "K8S-NET-010: …" must sit right above the definition',
      'src/checks/k8s/network/egress-anywhere.ts: no test file egress-anywhere.test.ts beside it',
    ]);
    expect(conventionProblems({ file: 'src/checks/pss/privileged.ts', id: 'PSS-privileged', exportName: 'pssPrivileged', contract: '/** PSS-privileged: … */' })).toEqual([]);
  });
});
