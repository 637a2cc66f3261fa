/**
 * `eksguard paths`: the attack paths of a scan, on their own. The same sources and checks as
 * `scan` (paths cite the other checks' findings), then the report's `paths` section printed as
 * a table or as JSON. Exit 1 when a failing path reaches --fail-on (default high), 2 when input
 * could not be read or a source failed.
 */
import { Command, Option } from 'commander';
import { isAtLeast, SEVERITIES, type Severity } from '../core/types.js';
import type { PathsSection } from '../core/attack-path.js';
import { allChecks } from '../checks/index.js';
import { renderJsonDocument } from '../reporters/json.js';
import { renderPathsTable } from '../reporters/paths-table.js';
import { escapeControl } from '../reporters/text-safety.js';
import { parseAwsScanOptions } from './aws-options.js';
import { loadConfigFile } from './config-file.js';
import { UsageError } from './errors.js';
import { parseInfrastructureOptions } from './iac-options.js';
import { parseKubeOptions } from './kube-options.js';
import { fifoWaitFromEnv, parseExcludes, parseFailOn, parseRenderOptions } from './options.js';
import { writeOutput } from './output.js';
import { collectInventory, evaluateScan, type ScanOptions } from './scan.js';

const PATH_FORMATS = ['table', 'json'] as const;
type PathFormat = (typeof PATH_FORMATS)[number];

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface PathsOptions extends Omit<ScanOptions, 'outputs' | 'includePassed'> {
  format: PathFormat;
  output?: string;
}

function exitCode(section: PathsSection | undefined, failOn: Severity | 'none', broken: boolean): 0 | 1 | 2 {
  if (broken) return 2;
  if (failOn === 'none' || !section) return 0;
  return section.paths.some((path) => path.status === 'fail' && isAtLeast(path.severity, failOn)) ? 1 : 0;
}

export async function runPaths(options: PathsOptions): Promise<0 | 1 | 2> {
  const checks = options.checks ?? allChecks;
  const loaded = await loadConfigFile({ cwd: process.cwd(), ...(options.configFile !== undefined ? { file: options.configFile } : {}), knownCheckIds: checks.map((check) => check.id) });
  const resolved: ScanOptions = { ...options, outputs: [], includePassed: false, checks, now: options.now ?? new Date(), config: loaded.config };
  const inventory = await collectInventory(resolved);
  const { report } = evaluateScan(inventory, resolved);
  const document =
    options.format === 'json'
      ? renderJsonDocument({ schemaVersion: 1, tool: report.tool, paths: report.paths ?? { summary: { total: 0, fail: 0, suppressed: 0, skipped: 0, byCheck: {} }, paths: [], fixes: [] }, errors: report.errors, gaps: report.gaps })
      : renderPathsTable(report.paths);
  await writeOutput(document, options.output);
  for (const failure of inventory.sourceFailures) {
    process.stderr.write(`eksguard: error: ${escapeControl(failure.error.message)}\n${failure.hint ? `hint: ${failure.hint}\n` : ''}`);
  }
  const broken = report.errors.length > 0 || report.summary.error > 0;
  return exitCode(report.paths, options.failOn ?? loaded.config.failOn ?? 'high', broken);
}

function parseFormat(value: string): PathFormat {
  if ((PATH_FORMATS as readonly string[]).includes(value)) return value as PathFormat;
  throw new UsageError(`invalid --format "${value}" for paths`, 'use table or json (scan --format html or sarif draws the paths too)');
}

/** Adds `eksguard paths` to the program. */
export function registerPathsCommand(program: Command, state: { debug: boolean }): void {
  program
    .command('paths')
    .description('list the attack paths from entry points to crown jewels across Kubernetes and AWS, ranked, with the fix that cuts the most (see docs/attack-paths.md)')
    .argument('[paths...]', 'manifest files or directories; - reads stdin')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .option('--fail-on <severity>', `exit 1 when a failing path is at or above: ${SEVERITIES.join(', ')}, none (default: failOn in the config, else high)`)
    .option('--kube', 'also read the live cluster of a kubeconfig context (read-only)', false)
    .option('--kubeconfig <file>', 'with --kube: kubeconfig file')
    .option('--context <name>', 'with --kube: kubeconfig context')
    .addOption(new Option('-n, --namespace <name>', 'the namespace of manifests that set none; with --kube: read namespaced objects from this namespace only (repeatable)').argParser(collect).default([]))
    .option('--no-render', 'read chart and kustomization directories as raw files instead of rendering them')
    .option('--aws', 'also read the EKS clusters and IAM roles of the AWS account (read-only; see docs/aws.md)', false)
    .addOption(new Option('--region <region>', 'with --aws: AWS region (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--cluster <name>', 'with --aws: EKS cluster name (repeatable)').argParser(collect).default([]))
    .option('--profile <name>', 'with --aws: AWS profile of the shared config files')
    .option('--ami-parameter-prefix <path>', 'with --aws: read the public EKS AMI SSM parameters under this prefix')
    .option('--aws-snapshot <dir>', 'also read an AWS snapshot directory (see docs/aws-snapshot.md)')
    .addOption(new Option('--terraform-plan <file>', 'also read a Terraform plan (terraform show -json; repeatable)').argParser(collect).default([]))
    .addOption(new Option('--cloudformation <file>', 'also read a CloudFormation template (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--eksctl <file>', 'also read an eksctl ClusterConfig (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--cfn-parameter <name=value>', 'a CloudFormation parameter (repeatable)').argParser(collect).default([]))
    .option('--config <file>', 'config file (suppressions apply to paths too)')
    .addOption(new Option('--exclude <glob>', 'leave matching paths out of the manifest scan (repeatable)').argParser(collect).default([]))
    .option('--allow-empty', 'do not fail when the manifest paths hold no Kubernetes object', false)
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (paths: string[], options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      const kube = parseKubeOptions(options);
      const aws = parseAwsScanOptions(options);
      const infrastructure = parseInfrastructureOptions(options, paths);
      process.exitCode = await runPaths({
        ...(kube ? { kube } : {}),
        ...(aws ? { aws } : {}),
        ...(infrastructure ? { infrastructure } : {}),
        paths,
        format: parseFormat(String(options['format'])),
        ...(options['output'] !== undefined ? { output: String(options['output']) } : {}),
        ...(options['failOn'] !== undefined ? { failOn: parseFailOn(String(options['failOn'])) } : {}),
        ...(options['config'] !== undefined ? { configFile: String(options['config']) } : {}),
        exclude: parseExcludes(options['exclude'] as string[]),
        allowEmpty: Boolean(options['allowEmpty']),
        fifoWaitMs: fifoWaitFromEnv(process.env),
        ...parseRenderOptions(options),
      });
    });
}
