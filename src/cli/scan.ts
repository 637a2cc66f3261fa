import type { Check } from '../core/check.js';
import { applyBaseline, createBaseline, serializeBaseline, type Baseline } from '../core/baseline.js';
import { CONFIG_FILE_NAME, EMPTY_CONFIG, type EksguardConfig } from '../core/config-model.js';
import { evaluateChecks, isCheckEnabled, startEvaluation, type EvaluateOptions, type IncrementalEvaluation } from '../core/engine.js';
import { createInventory, mergeInventories, type Inventory, type InventoryFacts } from '../core/inventory.js';
import { compilePathGlob } from '../core/path-glob.js';
import { buildReport, exitCodeFor, listedStatus, type ExitCode, type InputCounts, type Report } from '../core/report.js';
import type { Finding, Severity } from '../core/types.js';
import type { PssLevel } from '../core/check.js';
import { allChecks } from '../checks/index.js';
import { reportChunks } from '../reporters/index.js';
import { collectManifests, type InfrastructureFound, type RenderOptions } from '../sources/manifests/index.js';
import { collectInfrastructureInventory, emptyInfrastructure, infrastructureFiles, type InfrastructureScanOptions } from './iac-options.js';
import { readBaselineFile } from './baseline-file.js';
import { loadConfigFile } from './config-file.js';
import { UsageError } from './errors.js';
import { collectLiveCluster, type LiveClusterOptions } from './live-cluster.js';
import { collectAwsInventories, type AwsScanOptions } from './aws-options.js';
import { defaultPssVersion, parsePssVersion } from '../k8s/pss/index.js';
import type { OutputTarget } from './output-target.js';
import { emptyAws, emptyCluster, emptyManifests, type SourceFailure } from './source-gate.js';
import { escapeControl } from '../reporters/text-safety.js';
import { useColor, writeOutput } from './output.js';
import { toolVersion } from './version.js';
import { annotationWarnings } from './annotation-warnings.js';


/** How the manifest paths are rendered and placed (see src/sources/render/ and k8s/namespace-scope.ts). */
export interface ScanRenderOptions {
  /** render Helm charts and Kustomize overlays found in the paths (`--no-render` turns it off; default on) */
  render?: boolean;
  /** `--namespace` (one): the namespace of manifests that set none */
  namespace?: string;
  helm?: {
    bin?: string;
    values: string[];
    set: string[];
    release?: string;
    /** `--helm-namespace`; `--namespace` when absent */
    namespace?: string;
    includeTests: boolean;
  };
  kustomizeBin?: string;
  /** `--stdin-name`: the name of standard input in reports */
  stdinName?: string;
}

export interface ScanOptions extends ScanRenderOptions {
  paths: string[];
  outputs: OutputTarget[];
  /** `--fail-on` as given; else the config's `failOn`, else high */
  failOn?: Severity | 'none';
  includePassed: boolean;
  /** `--pss-level` as given; else the config's `pss.level`, else restricted */
  pssLevel?: PssLevel;
  /** `--pss-version` as given; else the config's `pss.version`, else the cluster's version when known */
  pssVersion?: string;
  /** `--config FILE`; without it `.eksguard.yaml` in the working directory, when present */
  configFile?: string;
  /** `--baseline FILE`: report only failures it does not hold */
  baselineFile?: string;
  /** `--baseline-out FILE`: write every current failure there */
  baselineOutFile?: string;
  /** the loaded config and baseline (runScan reads them from the files above) */
  config?: EksguardConfig;
  baseline?: Baseline;
  now?: Date;
  checks?: readonly Check[];
  /** `--kube`: also scan the live cluster of a kubeconfig context */
  kube?: LiveClusterOptions;
  /** `--aws` / `--aws-snapshot DIR`: the EKS clusters of an AWS account, live or from a snapshot */
  aws?: AwsScanOptions;
  /** `--terraform-plan`, `--cloudformation`, `--eksctl`, `--cfn-parameter`: infrastructure code (files found in the paths are read too) */
  infrastructure?: InfrastructureScanOptions;
  /** `--exclude GLOB` (repeatable): paths left out of the manifest scan, with the config's `exclude:` */
  exclude?: string[];
  /** `--allow-empty`: a source that answered but held nothing (no manifests, no cluster) does not fail the run */
  allowEmpty?: boolean;
  /** `--fail-on-gaps`: any data that could not be collected fails the run (exit 2) */
  failOnGaps?: boolean;
  /** how long a FIFO named as a path may stay without a writer (EKSGUARD_FIFO_WAIT_SECONDS) */
  fifoWaitMs?: number;
  /** `--judge-aws-managed`: judge the EKS add-on workloads AWS manages like any other (default: reported suppressed) */
  judgeAwsManaged?: boolean;
}


/** The merged inventory, what the manifest paths held, and the sources that failed or yielded nothing. */
export type ScanInventory = Inventory & { readonly inputs?: InputCounts; readonly sourceFailures: readonly SourceFailure[] };

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
    const checks = (options.checks ?? allChecks).filter((check) => isCheckEnabled(check, options.config?.overrides));
    const cluster = await collectLiveCluster(options.kube, checks);
    if ('failure' in cluster) fail(cluster.failure);
    else {
      parts.push(cluster.inventory);
      fail(emptyCluster(cluster.inventory, gate));
    }
  }
  if (options.aws) {
    for (const part of await collectAwsInventories(options.aws)) {
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
function evaluationOptions(options: ScanOptions, facts: InventoryFacts): Omit<EvaluateOptions, 'inventory'> {
  const config = options.config ?? EMPTY_CONFIG;
  return {
    retain: listedStatus(options.includePassed),
    checks: options.checks ?? allChecks,
    now: options.now ?? new Date(),
    settings: {
      pssLevel: options.pssLevel ?? config.pss.level ?? 'restricted',
      pssVersion: options.pssVersion ?? config.pss.version ?? defaultPssVersion(facts.kubernetesVersion),
      suppressManaged: options.judgeAwsManaged ? false : (config.suppressAwsManaged ?? true),
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
  const { findings, tally } = early ? early.finish(inventory) : evaluateChecks({ ...evaluationOptions(options, inventory.facts), inventory });
  const failures = findings.filter((finding) => finding.status === 'fail');
  const applied = options.baseline ? applyBaseline(findings, options.baseline) : undefined;
  const report = buildReport({
    version: toolVersion(),
    findings: applied ? applied.findings : findings,
    tally: applied ? { ...tally, fail: tally.fail - applied.stats.matched } : tally,
    errors: inventory.errors,
    gaps: inventory.gaps,
    warnings: annotationWarnings(inventory.kube, (options.checks ?? allChecks).map((check) => check.id)),
    includePassed: options.includePassed,
  });
  if (applied) {
    report.summary.baselined = applied.stats.matched;
    report.baseline = applied.stats;
  }
  if (inventory.inputs) report.summary.inputs = { ...inventory.inputs };
  return { report, failures };
}

export async function runScan(options: ScanOptions): Promise<ExitCode> {
  const checks = options.checks ?? allChecks;
  const loaded = await loadConfigFile({
    cwd: process.cwd(),
    ...(options.configFile !== undefined ? { file: options.configFile } : {}),
    knownCheckIds: checks.map((check) => check.id),
  });
  const baseline = options.baselineFile !== undefined ? await readBaselineFile(options.baselineFile) : undefined;
  const now = options.now ?? new Date();
  const resolved: ScanOptions = { ...options, checks, now, config: loaded.config, ...(baseline ? { baseline } : {}) };
  const early = startScanEvaluation(resolved);
  const inventory = await collectInventory(resolved, early);
  const { report, failures } = evaluateScan(inventory, resolved, early);
  if (options.baselineOutFile !== undefined) await writeOutput(serializeBaseline(createBaseline(failures)), options.baselineOutFile);
  for (const output of options.outputs) {
    const color = output.format === 'table' && !output.file && useColor(process.stdout);
    await writeOutput(reportChunks(output.format, report, { color, checks, generatedAt: now }), output.file);
  }
  // whatever format went to stdout, the reason a gate failed is also on stderr, where CI logs show it
  for (const failure of inventory.sourceFailures) {
    process.stderr.write(`eksguard: error: ${escapeControl(failure.error.message)}\n${failure.hint ? `hint: ${failure.hint}\n` : ''}`);
  }
  const failOnGaps = options.failOnGaps ?? false;
  if (failOnGaps && report.gaps.length > 0) {
    process.stderr.write(`eksguard: error: ${report.gaps.length} ${report.gaps.length === 1 ? 'gap' : 'gaps'} (data that could not be collected) and --fail-on-gaps is set\n`);
  }
  return exitCodeFor(report, options.failOn ?? loaded.config.failOn ?? 'high', { failOnGaps });
}
