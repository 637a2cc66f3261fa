import { applyBaseline, createBaseline, serializeBaseline } from '../core/baseline.js';
import { CONFIG_FILE_NAME, EMPTY_CONFIG } from '../core/config-model.js';
import { evaluateChecks, isCheckEnabled, startEvaluation, type EvaluateOptions, type IncrementalEvaluation } from '../core/engine.js';
import { createInventory, mergeInventories, type Inventory, type InventoryFacts } from '../core/inventory.js';
import { compilePathGlob } from '../core/path-glob.js';
import { buildReport, exitCodeFor, listedStatus, type ExitCode, type InputCounts, type Report } from '../core/report.js';
import type { Finding } from '../core/types.js';
import type { Check } from '../core/check.js';
import { needsFullRegistry } from '../checks/stand-in.js';
import { collectManifests, type InfrastructureFound, type RenderOptions } from '../sources/manifests/index.js';
import { collectInfrastructureInventory, emptyInfrastructure, infrastructureFiles } from './iac-options.js';
import { readBaselineFile } from './baseline-file.js';
import { loadConfigFile } from './config-file.js';
import { UsageError } from './errors.js';
import { collectLiveCluster } from './live-cluster.js';
import { collectAwsInventories } from './aws-options.js';
import { writeReports } from './report-output.js';
import { defaultPssVersion, parsePssVersion } from '../k8s/pss/index.js';
import { emptyAws, emptyCluster, emptyManifests, type SourceFailure } from './source-gate.js';
import { escapeControl } from '../reporters/text-safety.js';
import { writeOutput } from './output.js';
import { toolVersion } from './version.js';
import { annotationWarnings } from './annotation-warnings.js';
import { assessFramework } from '../frameworks/assess.js';
import { checksForFrameworks, scoreGate } from './framework-options.js';


// the option shapes live in scan-options.ts (fleet-scan.ts and options.ts read them without importing this module)
export type { ScanOptions, ScanRenderOptions } from './scan-options.js';
import type { ScanOptions } from './scan-options.js';


/** The merged inventory, what the manifest paths held, and the sources that failed or yielded nothing. */
export type ScanInventory = Inventory & { readonly inputs?: InputCounts; readonly sourceFailures: readonly SourceFailure[] };

/** The checks a scan runs: runScan, and every command that collects like scan, set them. */
function checksOf(options: ScanOptions): readonly Check[] {
  if (!options.checks) throw new Error('scan options without checks');
  return options.checks;
}

/**
 * The registry a scan starts from. A scan that can hold no AWS records (manifests, a live
 * cluster) does not load the AWS-only checks: they would select nothing (checks/without-aws.ts).
 */
async function scanRegistry(options: ScanOptions): Promise<readonly Check[]> {
  const infrastructure = options.infrastructure;
  const awsPossible = options.aws !== undefined || options.fleet !== undefined
    || (infrastructure !== undefined && infrastructure.terraformPlans.length + infrastructure.cloudFormation.length + infrastructure.eksctl.length > 0);
  if (awsPossible) return (await import('../checks/index.js')).allChecks;
  return (await import('../checks/without-aws.js')).checksWithoutAws;
}

/** The same checks, the stand-ins replaced by the real AWS checks (for an inventory that turned out to hold AWS records). */
async function withRealChecks(checks: readonly Check[]): Promise<readonly Check[]> {
  const { allChecks } = await import('../checks/index.js');
  const real = new Map(allChecks.map((check) => [check.id, check]));
  return checks.map((check) => real.get(check.id) ?? check);
}

/** eksguard's own files: never read as manifests, whatever the paths walk into. */
function ownFiles(options: ScanOptions): string[] {
  return [options.configFile ?? CONFIG_FILE_NAME, options.baselineFile, options.baselineOutFile].filter((file): file is string => file !== undefined);
}

/**
 * Collects every source's inventory. With `early`, each manifest file's objects are handed to it
 * as soon as they are read, so the object-scoped checks run while later files are still parsed.
 */
/**
 * The Kubernetes version charts are rendered for (Helm's `--kube-version`): the one the Pod
 * Security checks run at, so that a chart's version conditions and its pods agree with what is
 * judged. `latest` is the newest version the checks know.
 */
export function helmKubeVersion(pssVersion: string): string {
  return `1.${parsePssVersion(pssVersion).minor}.0`;
}

function renderOptions(options: ScanOptions, facts: InventoryFacts): RenderOptions | undefined {
  if (options.render === false) return undefined;
  const helm = options.helm ?? { values: [], set: [], includeTests: false };
  const namespace = helm.namespace ?? options.namespace;
  return {
    helm: {
      ...(helm.bin !== undefined ? { bin: helm.bin } : {}),
      values: helm.values,
      set: helm.set,
      ...(helm.release !== undefined ? { release: helm.release } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      kubeVersion: helmKubeVersion(evaluationOptions(options, facts).settings.pssVersion),
      includeTests: helm.includeTests,
    },
    kustomize: options.kustomizeBin !== undefined ? { bin: options.kustomizeBin } : {},
  };
}

export async function collectInventory(options: ScanOptions, early?: IncrementalEvaluation): Promise<ScanInventory> {
  const parts: Inventory[] = [];
  const failures: SourceFailure[] = [];
  const gate = { allowEmpty: options.allowEmpty ?? false };
  const fail = (failure: SourceFailure | undefined) => {
    if (failure) failures.push(failure);
  };
  let inputs: InputCounts | undefined;
  let found: InfrastructureFound[] = [];
  // a cluster or account read first tells the Kubernetes version charts are rendered for
  const others = await collectOtherSources(options, gate);
  if (options.paths.length > 0) {
    const render = renderOptions(options, mergeInventories(others.parts).facts);
    const manifests = await collectManifests({
      paths: options.paths,
      cwd: process.cwd(),
      exclude: [...(options.config?.exclude ?? []), ...(options.exclude ?? [])].map(compilePathGlob),
      ownFiles: ownFiles(options),
      ...(options.fifoWaitMs !== undefined ? { fifoWaitMs: options.fifoWaitMs } : {}),
      ...(early ? { onObjects: (objects) => early.add(objects) } : {}),
      ...(render ? { render } : {}),
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.stdinName !== undefined ? { stdinName: options.stdinName } : {}),
      helmTests: options.helm?.includeTests ?? false,
      ...(options.skipNonKubernetes ? { skipNonKubernetes: true } : {}),
    });
    parts.push(manifests);
    found = [...manifests.infrastructure];
    inputs = { ...manifests.counts, ...(found.length > 0 ? { infrastructureFiles: found.length } : {}) };
    fail(emptyManifests(options.paths, inputs, gate));
  }
  const infrastructure = infrastructureFiles(options.infrastructure, found);
  if (infrastructure.length > 0) {
    const inventory = await collectInfrastructureInventory(infrastructure, options.infrastructure);
    parts.push(inventory);
    for (const failure of emptyInfrastructure(inventory, gate.allowEmpty)) fail(failure);
  }
  parts.push(...others.parts);
  for (const failure of others.failures) fail(failure);
  if (parts.length === 0 && failures.length === 0) throw new UsageError('nothing to scan', 'give manifest paths (or - for stdin), --kube, --aws or --terraform-plan, for example: eksguard scan k8s/');
  const merged = mergeInventories([...parts, createInventory({ errors: failures.map((failure) => failure.error) })]);
  return { ...merged, ...(inputs ? { inputs } : {}), sourceFailures: failures };
}

/** The live cluster and AWS sources, in that order. */
async function collectOtherSources(options: ScanOptions, gate: { allowEmpty: boolean }): Promise<{ parts: Inventory[]; failures: SourceFailure[] }> {
  const parts: Inventory[] = [];
  const failures: SourceFailure[] = [];
  const fail = (failure: SourceFailure | undefined) => {
    if (failure) failures.push(failure);
  };
  if (options.kube) {
    // Only the kinds the checks that will run need are listed from the cluster.
    const checks = checksOf(options).filter((check) => isCheckEnabled(check, options.config?.overrides));
    const cluster = await collectLiveCluster(options.kube, checks, { quiet: options.view?.quiet ?? false });
    if ('failure' in cluster) fail(cluster.failure);
    else {
      parts.push(cluster.inventory);
      fail(emptyCluster(cluster.inventory, gate));
    }
  }
  if (options.aws) {
    for (const part of await collectAwsInventories(options.aws, { progress: !options.view?.quiet })) {
      parts.push(part.inventory);
      fail(emptyAws(part.nothing, part.source, gate));
    }
  }
  return { parts, failures };
}

export interface ScanEvaluation {
  report: Report;
  /** every current failure, baselined or not: what --baseline-out records */
  failures: Finding[];
}

/**
 * Runs the checks with the config's overrides and suppressions, then applies the baseline.
 * Baselined failures leave the findings and the `fail` count (so exit codes gate only new
 * failures) and are counted in `summary.baselined` instead: the JSON schema only grows, and a
 * consumer that reads `status: fail` keeps meaning "needs attention".
 */
export function evaluationOptions(options: ScanOptions, facts: InventoryFacts): Omit<EvaluateOptions, 'inventory'> {
  const config = options.config ?? EMPTY_CONFIG;
  return {
    retain: listedStatus(options.includePassed),
    checks: checksOf(options),
    now: options.now ?? new Date(),
    settings: {
      pssLevel: options.pssLevel ?? config.pss.level ?? 'restricted',
      pssVersion: options.pssVersion ?? config.pss.version ?? defaultPssVersion(facts.kubernetesVersion),
      suppressManaged: options.judgeAwsManaged ? false : (config.suppressAwsManaged ?? true),
      ...(config.trustedAccounts ? { trustedAccounts: config.trustedAccounts } : {}),
      ...(config.registries ? { approvedRegistries: config.registries } : {}),
    },
    overrides: config.overrides,
    suppressions: config.suppressions,
  };
}

/**
 * Starts the evaluation before collection when the settings cannot depend on what is collected:
 * manifests alone carry no cluster version (a live cluster or AWS account may, and with them the
 * default Pod Security version).
 */
function startScanEvaluation(options: ScanOptions): IncrementalEvaluation | undefined {
  if (options.kube || options.aws) return undefined;
  return startEvaluation(evaluationOptions(options, {}));
}

export function evaluateScan(inventory: Inventory & { readonly inputs?: InputCounts }, options: ScanOptions, early?: IncrementalEvaluation): ScanEvaluation {
  const { findings, tally, paths, byCheck } = early ? early.finish(inventory) : evaluateChecks({ ...evaluationOptions(options, inventory.facts), inventory });
  const failures = findings.filter((finding) => finding.status === 'fail');
  const applied = options.baseline ? applyBaseline(findings, options.baseline) : undefined;
  // a path whose finding the baseline accepted leaves the paths section with it
  const kept = applied ? new Set(applied.findings.map((finding) => finding.attackPathId).filter(Boolean)) : undefined;
  const listedPaths = kept ? paths.filter((path) => path.status !== 'fail' || kept.has(path.id)) : paths;
  const report = buildReport({
    version: toolVersion(),
    findings: applied ? applied.findings : findings,
    tally: applied ? { ...tally, fail: tally.fail - applied.stats.matched } : tally,
    errors: inventory.errors,
    gaps: inventory.gaps,
    warnings: annotationWarnings(inventory.kube, checksOf(options).map((check) => check.id)),
    includePassed: options.includePassed,
    paths: listedPaths,
  });
  if (applied) {
    report.summary.baselined = applied.stats.matched;
    report.baseline = applied.stats;
  }
  if (inventory.inputs) report.summary.inputs = { ...inventory.inputs };
  // judged before the baseline: an audit counts accepted failures too
  if (options.frameworks && options.frameworks.length > 0) report.frameworks = options.frameworks.map((framework) => assessFramework({ framework, byCheck, findings }));
  return { report, failures };
}

/** Collects and evaluates: one inventory for an ordinary scan, cluster by cluster for a fleet. */
async function scanSources(options: ScanOptions): Promise<ScanEvaluation & { sourceFailures: readonly SourceFailure[] }> {
  if (options.fleet) {
    // loaded only for fleet scans, like the AWS source itself
    const { scanFleet } = await import('./fleet-scan.js');
    const { report, sourceFailures } = await scanFleet({ ...options, fleet: options.fleet }, evaluateScan);
    return { report, failures: report.findings.filter((finding) => finding.status === 'fail'), sourceFailures };
  }
  const early = startScanEvaluation(options);
  const inventory = await collectInventory(options, early);
  if (needsFullRegistry(checksOf(options), inventory)) {
    // infrastructure code among the paths brought AWS records: judge the whole inventory with the real AWS checks
    const checks = await withRealChecks(checksOf(options));
    return { ...evaluateScan(inventory, { ...options, checks }), sourceFailures: inventory.sourceFailures };
  }
  return { ...evaluateScan(inventory, options, early), sourceFailures: inventory.sourceFailures };
}

export async function runScan(options: ScanOptions): Promise<ExitCode> {
  const catalogue = options.checks ?? (await scanRegistry(options));
  const loaded = await loadConfigFile({
    cwd: process.cwd(),
    ...(options.configFile !== undefined ? { file: options.configFile } : {}),
    knownCheckIds: catalogue.map((check) => check.id),
  });
  const checks = checksForFrameworks(catalogue, options.frameworks);
  const baseline = options.baselineFile !== undefined ? await readBaselineFile(options.baselineFile) : undefined;
  const now = options.now ?? new Date();
  const resolved: ScanOptions = { ...options, checks, now, config: loaded.config, ...(baseline ? { baseline } : {}) };
  const { report, failures, sourceFailures } = await scanSources(resolved);
  if (options.baselineOutFile !== undefined) await writeOutput(serializeBaseline(createBaseline(failures)), options.baselineOutFile);
  await writeReports(report, options.outputs, { checks, generatedAt: now }, options.view);
  // whatever format went to stdout, the reason a gate failed is also on stderr, where CI logs show it
  for (const failure of sourceFailures) {
    process.stderr.write(`eksguard: error: ${escapeControl(failure.error.message)}\n${failure.hint ? `hint: ${failure.hint}\n` : ''}`);
  }
  const failOnGaps = options.failOnGaps ?? false;
  if (failOnGaps && report.gaps.length > 0) {
    process.stderr.write(`eksguard: error: ${report.gaps.length} ${report.gaps.length === 1 ? 'gap' : 'gaps'} (data that could not be collected) and --fail-on-gaps is set\n`);
  }
  const code = exitCodeFor(report, options.failOn ?? loaded.config.failOn ?? 'high', { failOnGaps });
  const below = options.failUnder === undefined ? [] : scoreGate(report.frameworks ?? [], options.failUnder);
  for (const line of below) process.stderr.write(`eksguard: error: ${line}\n`);
  return below.length > 0 && code === 0 ? 1 : code;
}
