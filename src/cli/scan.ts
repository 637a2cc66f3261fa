import type { Check } from '../core/check.js';
import { applyBaseline, createBaseline, serializeBaseline, type Baseline } from '../core/baseline.js';
import { EMPTY_CONFIG, type EksguardConfig } from '../core/config-model.js';
import { evaluateChecks, isCheckEnabled, startEvaluation, type EvaluateOptions, type IncrementalEvaluation } from '../core/engine.js';
import { mergeInventories, type Inventory, type InventoryFacts } from '../core/inventory.js';
import { buildReport, exitCodeFor, listedStatus, type ExitCode, type Report } from '../core/report.js';
import type { Finding, Severity } from '../core/types.js';
import type { PssLevel } from '../core/check.js';
import { allChecks } from '../checks/index.js';
import { reportChunks } from '../reporters/index.js';
import { collectManifests } from '../sources/manifests/index.js';
import { readBaselineFile } from './baseline-file.js';
import { loadConfigFile } from './config-file.js';
import { UsageError } from './errors.js';
import { collectLiveCluster, type LiveClusterOptions } from './live-cluster.js';
import { collectAwsInventories, type AwsScanOptions } from './aws-options.js';
import { defaultPssVersion } from '../k8s/pss/index.js';
import type { OutputTarget } from './options.js';
import { useColor, writeOutput } from './output.js';
import { toolVersion } from './version.js';


export interface ScanOptions {
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
}

/**
 * Collects every source's inventory. With `early`, each manifest file's objects are handed to it
 * as soon as they are read, so the object-scoped checks run while later files are still parsed.
 */
export async function collectInventory(options: ScanOptions, early?: IncrementalEvaluation): Promise<Inventory> {
  const parts: Inventory[] = [];
  if (options.paths.length > 0) {
    parts.push(await collectManifests({ paths: options.paths, cwd: process.cwd(), ...(early ? { onObjects: (objects) => early.add(objects) } : {}) }));
  }
  if (options.kube) {
    // Only the kinds the checks that will run need are listed from the cluster.
    const checks = (options.checks ?? allChecks).filter((check) => isCheckEnabled(check, options.config?.overrides));
    parts.push(await collectLiveCluster(options.kube, checks));
  }
  if (options.aws) parts.push(...(await collectAwsInventories(options.aws)));
  if (parts.length === 0) throw new UsageError('nothing to scan', 'give manifest paths (or - for stdin), --kube or --aws, for example: eksguard scan k8s/');
  return mergeInventories(parts);
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

export function evaluateScan(inventory: Inventory, options: ScanOptions, early?: IncrementalEvaluation): ScanEvaluation {
  const { findings, tally } = early ? early.finish(inventory) : evaluateChecks({ ...evaluationOptions(options, inventory.facts), inventory });
  const failures = findings.filter((finding) => finding.status === 'fail');
  const applied = options.baseline ? applyBaseline(findings, options.baseline) : undefined;
  const report = buildReport({
    version: toolVersion(),
    findings: applied ? applied.findings : findings,
    tally: applied ? { ...tally, fail: tally.fail - applied.stats.matched } : tally,
    errors: inventory.errors,
    gaps: inventory.gaps,
    includePassed: options.includePassed,
  });
  if (applied) {
    report.summary.baselined = applied.stats.matched;
    report.baseline = applied.stats;
  }
  return { report, failures };
}

export function evaluate(inventory: Inventory, options: ScanOptions): Report {
  return evaluateScan(inventory, options).report;
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
  return exitCodeFor(report, options.failOn ?? loaded.config.failOn ?? 'high');
}
