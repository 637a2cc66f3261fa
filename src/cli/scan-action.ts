import { parseAwsScanOptions } from './aws-options.js';
import { UsageError } from './errors.js';
import { parseInfrastructureOptions } from './iac-options.js';
import { parseKubeOptions } from './kube-options.js';
import { parseFailUnder, parseFrameworks } from './framework-options.js';
import { parseFleetOptions } from './fleet-options.js';
import { fifoWaitFromEnv, pairOutputs, parseExcludes, parseFailOn, parsePssLevel, parsePssVersion, parseRenderOptions } from './options.js';
import { runScan } from './scan.js';
import type { ReportView } from './report-view.js';
import { SEVERITIES, isSeverity } from '../core/types.js';
import { GROUPINGS, isGrouping } from '../reporters/table-views.js';

/** `--severity`, `--group-by`, `--show-fix`, `-q`: what the reports show. */
export function parseScanView(options: Record<string, unknown>): ReportView {
  const severity = options['severity'] === undefined ? undefined : String(options['severity']);
  if (severity !== undefined && !isSeverity(severity)) throw new UsageError(`invalid --severity "${severity}"`, `use one of: ${SEVERITIES.join(', ')}`);
  const grouping = options['groupBy'] === undefined ? undefined : String(options['groupBy']);
  if (grouping !== undefined && !isGrouping(grouping)) throw new UsageError(`invalid --group-by "${grouping}"`, `use one of: ${GROUPINGS.join(', ')}`);
  return {
    ...(severity !== undefined ? { severity } : {}),
    ...(grouping !== undefined ? { grouping } : {}),
    showFix: Boolean(options['showFix']),
    quiet: Boolean(options['quiet']),
  };
}

/**
 * `eksguard scan`: the parsed command line turned into a scan, and its exit code. Loaded only
 * when scan runs, so that `--version`, `--help` and the other commands do not load the checks,
 * reporters and sources.
 */
export async function scanAction(paths: string[], options: Record<string, unknown>): Promise<number> {
  const frameworks = parseFrameworks(options['framework'] as string[]);
  const failUnder = parseFailUnder(options['failUnder'] as string | undefined, frameworks);
  const fleet = parseFleetOptions({ ...options, paths }, process.env);
  // a fleet scan reads the same flags cluster by cluster; the single-target parsers would refuse --org's --region
  const kube = fleet ? undefined : parseKubeOptions(options);
  const aws = fleet ? undefined : parseAwsScanOptions(options);
  const infrastructure = parseInfrastructureOptions(options, paths);
  if (fleet && infrastructure) throw new UsageError('a fleet scan cannot read infrastructure code', 'scan Terraform, CloudFormation and eksctl files in a run of their own');
  return runScan({
    ...(kube ? { kube } : {}),
    ...(aws ? { aws } : {}),
    ...(fleet ? { fleet } : {}),
    ...(infrastructure ? { infrastructure } : {}),
    paths,
    outputs: pairOutputs(options['format'] as string[], options['output'] as string[]),
    ...(options['failOn'] !== undefined ? { failOn: parseFailOn(String(options['failOn'])) } : {}),
    includePassed: Boolean(options['includePassed']),
    ...(options['pssLevel'] !== undefined ? { pssLevel: parsePssLevel(String(options['pssLevel'])) } : {}),
    ...(options['pssVersion'] !== undefined ? { pssVersion: parsePssVersion(String(options['pssVersion'])) } : {}),
    ...(options['config'] !== undefined ? { configFile: String(options['config']) } : {}),
    ...(options['baseline'] !== undefined ? { baselineFile: String(options['baseline']) } : {}),
    ...(options['baselineOut'] !== undefined ? { baselineOutFile: String(options['baselineOut']) } : {}),
    exclude: parseExcludes(options['exclude'] as string[]),
    allowEmpty: Boolean(options['allowEmpty']),
    failOnGaps: Boolean(options['failOnGaps']),
    fifoWaitMs: fifoWaitFromEnv(process.env),
    ...parseRenderOptions(options),
    judgeAwsManaged: Boolean(options['judgeAwsManaged']),
    ...(frameworks.length > 0 ? { frameworks } : {}),
    ...(failUnder !== undefined ? { failUnder } : {}),
    view: parseScanView(options),
    skipNonKubernetes: Boolean(options['skipNonKubernetes']),
  });
}
