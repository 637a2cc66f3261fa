import { parseAwsScanOptions } from './aws-options.js';
import { UsageError } from './errors.js';
import { parseInfrastructureOptions } from './iac-options.js';
import type { LiveClusterOptions } from './live-cluster.js';
import { fifoWaitFromEnv, pairOutputs, parseExcludes, parseFailOn, parseNamespaces, parsePssLevel, parsePssVersion, parseRenderOptions } from './options.js';
import { runScan, type ScanView } from './scan.js';
import { SEVERITIES, isSeverity } from '../core/types.js';
import { GROUPINGS, isGrouping } from '../reporters/table-views.js';

/** `--kubeconfig` and `--context` only mean something with `--kube`; alone they would silently do nothing. */
function parseKubeOptions(options: Record<string, unknown>): LiveClusterOptions | undefined {
  const namespaces = parseNamespaces(options['namespace'] as string[], '--namespace');
  if (!options['kube']) {
    const stray = [options['kubeconfig'] !== undefined && '--kubeconfig', options['context'] !== undefined && '--context'].filter(Boolean);
    if (stray.length > 0) throw new UsageError(`${stray.join(', ')} only ${stray.length === 1 ? 'applies' : 'apply'} to a live scan`, 'add --kube to scan the cluster');
    return undefined;
  }
  return {
    namespaces,
    ...(options['kubeconfig'] !== undefined ? { kubeconfig: String(options['kubeconfig']) } : {}),
    ...(options['context'] !== undefined ? { context: String(options['context']) } : {}),
  };
}

/** `--severity`, `--group-by`, `--show-fix`, `-q`: what the reports show. */
export function parseScanView(options: Record<string, unknown>): ScanView {
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
  const kube = parseKubeOptions(options);
  const aws = parseAwsScanOptions(options);
  const infrastructure = parseInfrastructureOptions(options, paths);
  return runScan({
    ...(kube ? { kube } : {}),
    ...(aws ? { aws } : {}),
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
    view: parseScanView(options),
    skipNonKubernetes: Boolean(options['skipNonKubernetes']),
  });
}
