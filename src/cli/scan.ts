import type { Check } from '../core/check.js';
import { evaluateChecks, isCheckEnabled } from '../core/engine.js';
import { mergeInventories, type Inventory } from '../core/inventory.js';
import { buildReport, exitCodeFor, listedStatus, type ExitCode, type Report } from '../core/report.js';
import type { Severity } from '../core/types.js';
import type { PssLevel } from '../core/check.js';
import { allChecks } from '../checks/index.js';
import { reporters } from '../reporters/index.js';
import { collectManifests } from '../sources/manifests/index.js';
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
  failOn: Severity | 'none';
  includePassed: boolean;
  pssLevel: PssLevel;
  pssVersion?: string;
  now?: Date;
  checks?: readonly Check[];
  /** `--kube`: also scan the live cluster of a kubeconfig context */
  kube?: LiveClusterOptions;
  /** `--aws` / `--aws-snapshot DIR`: the EKS clusters of an AWS account, live or from a snapshot */
  aws?: AwsScanOptions;
}

export async function collectInventory(options: ScanOptions): Promise<Inventory> {
  const parts: Inventory[] = [];
  if (options.paths.length > 0) parts.push(await collectManifests({ paths: options.paths, cwd: process.cwd() }));
  if (options.kube) {
    // Only the kinds the checks that will run need are listed from the cluster.
    const checks = (options.checks ?? allChecks).filter((check) => isCheckEnabled(check, undefined));
    parts.push(await collectLiveCluster(options.kube, checks));
  }
  if (options.aws) parts.push(...(await collectAwsInventories(options.aws)));
  if (parts.length === 0) throw new UsageError('nothing to scan', 'give manifest paths (or - for stdin), --kube or --aws, for example: eksguard scan k8s/');
  return mergeInventories(parts);
}

export function evaluate(inventory: Inventory, options: ScanOptions): Report {
  const { findings, tally } = evaluateChecks({
    retain: listedStatus(options.includePassed),
    checks: options.checks ?? allChecks,
    inventory,
    now: options.now ?? new Date(),
    settings: {
      pssLevel: options.pssLevel,
      pssVersion: options.pssVersion ?? defaultPssVersion(inventory.facts.kubernetesVersion),
    },
  });
  return buildReport({
    version: toolVersion(),
    findings,
    tally,
    errors: inventory.errors,
    gaps: inventory.gaps,
    includePassed: options.includePassed,
  });
}

export async function runScan(options: ScanOptions): Promise<ExitCode> {
  const inventory = await collectInventory(options);
  const report = evaluate(inventory, options);
  for (const output of options.outputs) {
    const color = output.format === 'table' && !output.file && useColor(process.stdout);
    await writeOutput(reporters[output.format](report, { color }), output.file);
  }
  return exitCodeFor(report, options.failOn);
}
