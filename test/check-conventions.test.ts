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


/** Checks whose tests share one file with a sibling check; the file must exist and name the check's ID. */
const TESTED_BESIDE: Readonly<Record<string, string>> = {
  'src/checks/paths/eks-path-001-aws-admin.ts': 'src/checks/paths/paths.test.ts',
  'src/checks/paths/eks-path-002-account-secrets.ts': 'src/checks/paths/paths.test.ts',
  'src/checks/paths/eks-path-003-account-data.ts': 'src/checks/paths/paths.test.ts',
  'src/checks/paths/eks-path-004-cluster-admin.ts': 'src/checks/paths/paths.test.ts',
};

/**
 * Checks whose CheckTester cases do not yet fail with every message ID the check declares (a
 * message no case reaches can be wrong without a test noticing). The list only shrinks: a check
 * leaves it when it is covered (the test fails while a covered check is still listed), and a new
 * check never joins it.
 */
const UNCOVERED_MESSAGE_IDS = new Set<string>([
  'EKS-ECR-002', 'EKS-LOG-004', 'K8S-DATA-002', 'K8S-DATA-006', 'K8S-WL-003', 'K8S-WL-005',
  // follow-on offences after the first message, which an expected failure cannot name yet (the tester matches those by prefix);
  // EKS-LOG-005's per-event causes are asserted as text in its own tests
  'EKS-NODE-005', 'EKS-LOG-005',
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

/**
 * The message IDs of the check that no expected failure of its CheckTester cases names, read from
 * the test file after its first `testCheck(` (a file shared by several checks counts for each).
 */
function uncoveredMessageIds(source: CheckSourceFile, check: Check): string[] {
  const file = path.join(REPOSITORY_ROOT, checkTesterFile(source));
  // expected failures are often built once above the testCheck call and used in its cases
  const text = readFileSync(file, 'utf8');
  return Object.keys(check.messages ?? {}).filter((id) => !text.includes(`messageId: '${id}'`));
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
  } else if (!base.startsWith(source.id.toLowerCase())) {
    problems.push(`${source.file}: name the file ${source.id.toLowerCase()}-<slug>.ts`);
  }
  if (/^(eks|k8s|pss)[A-Z][a-z]+\d+$/.test(source.exportName)) {
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

  it('reports every failure of every check by a message ID of the check', () => {
    const freeText = allChecks.filter((check) => !reportsByMessageId(check)).map((check) => check.id);
    expect(freeText, 'report these failures by message ID (see CONTRIBUTING.md, "Add a check")').toEqual([]);
  });

  it('runs the CheckTester with a pass and a fail case on every check', () => {
    const untested = sources.filter((source) => !callsCheckTester(source)).map((source) => source.id);
    expect(untested, 'call testCheck(check, { pass, fail }) in the check\'s test file').toEqual([]);
  });

  it('has a CheckTester fail case for every message ID a check declares, except the checks still listed', () => {
    const uncovered = sources
      // the PSS checks share upstream's two messages, not each reachable by each check: workload-conformance.test.ts holds their words
      .filter((source) => !source.id.startsWith('PSS-') && callsCheckTester(source))
      .map((source) => ({ id: source.id, missing: uncoveredMessageIds(source, allChecks.find((check) => check.id === source.id)!) }))
      .filter((entry) => entry.missing.length > 0);
    expect(uncovered.filter((entry) => !UNCOVERED_MESSAGE_IDS.has(entry.id)).map((entry) => `${entry.id}: ${entry.missing.join(', ')}`), 'add a fail case with these message IDs').toEqual([]);
    expect([...UNCOVERED_MESSAGE_IDS].filter((id) => !uncovered.some((entry) => entry.id === id)), 'covered now: remove them from UNCOVERED_MESSAGE_IDS').toEqual([]);
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
