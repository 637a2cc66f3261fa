import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../src/checks/index.js';
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
 * from before the convention, and EKS-IAM-009/010 and EKS-PATH-001…004, which were written on
 * parallel branches under the old pattern and merged with it. Renaming them is a follow-up that
 * touches their registries and tests only.
 */
const LEGACY_ID_EXPORTS = /^eks(Net|Sg|Node|Ver|Iam|Data|Log|Mon)00[1-8]$|^eksIam0(09|10)$|^eksPath00[1-4]$/;

/** Checks whose tests share one file with a sibling check; the file must exist and name the check's ID. */
const TESTED_BESIDE: Readonly<Record<string, string>> = {
  'src/checks/aws/eks-iam-010.ts': 'src/checks/aws/eks-iam-009.test.ts',
  'src/checks/paths/eks-path-001.ts': 'src/checks/paths/paths.test.ts',
  'src/checks/paths/eks-path-002.ts': 'src/checks/paths/paths.test.ts',
  'src/checks/paths/eks-path-003.ts': 'src/checks/paths/paths.test.ts',
  'src/checks/paths/eks-path-004.ts': 'src/checks/paths/paths.test.ts',
};

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
