import { hostname } from 'node:os';
import { pino } from 'pino';
import { isCheckEnabled } from '../core/engine.js';
import { isSeverity, type Severity } from '../core/types.js';
import type { PssLevel } from '../core/check.js';
import { allChecks } from '../checks/index.js';
import { defaultPssVersion } from '../k8s/pss/index.js';
import { REPORT_APIS, type ReportApi } from '../reporters/policy-report.js';
import { describeFailure, KubeApiError, KubeCredentialError } from '../sources/kube/api-error.js';
import { loadKubeconfig } from '../sources/kube/kubeconfig.js';
import { parseServerVersion } from '../sources/kube/server-version.js';
import { createTransport } from '../sources/kube/transport.js';
import { startWatchController } from '../watch/controller.js';
import { startWatchHttp } from '../watch/http.js';
import { liveCollectOptions, parseLiveAwsOptions, starvedChecks, type LiveAwsOptions } from './aws-options.js';
import { loadConfigFile } from './config-file.js';
import { UsageError } from './errors.js';
import { toolVersion } from './version.js';

export interface WatchCommandOptions {
  kubeconfig?: string;
  context?: string;
  configFile?: string;
  pssLevel?: PssLevel;
  pssVersion?: string;
  includePassed: boolean;
  judgeAwsManaged: boolean;
  apis: ReportApi[];
  warnAt: Severity | 'none';
  port: number;
  host: string;
  debounceMs: number;
  maxReportBytes: number;
  /** report writes in flight at most */
  writeConcurrency: number;
  leaderElection?: { namespace: string; name: string; identity: string };
  /** `--aws`: the periodic AWS audit */
  aws?: { live: LiveAwsOptions; intervalSeconds: number };
}

/** `--aws`, `--region`, `--cluster`, `--aws-interval`, `--ami-parameter-prefix` of `watch`. */
export function parseWatchAws(options: Record<string, unknown>): Pick<WatchCommandOptions, 'aws'> {
  if (options['aws'] !== true) {
    const given = ['region', 'cluster'].filter((key) => Array.isArray(options[key]) && (options[key] as unknown[]).length > 0);
    if (given.length > 0 || options['amiParameterPrefix'] !== undefined || String(options['awsInterval'] ?? '3600') !== '3600') {
      throw new UsageError('--region, --cluster, --aws-interval and --ami-parameter-prefix need --aws', 'for example: eksguard watch --aws --region us-east-1 --cluster prod');
    }
    return {};
  }
  return { aws: { live: parseLiveAwsOptions(options), intervalSeconds: parseBoundedInteger(String(options['awsInterval']), '--aws-interval', 10, 86_400) } };
}

/** `--report-api`: one of the report APIs, or `both`. */
export function parseReportApis(values: readonly string[]): ReportApi[] {
  if (values.length === 0) return ['wgpolicyk8s.io/v1alpha2'];
  const apis = new Set<ReportApi>();
  for (const value of values) {
    if (value === 'both') for (const api of REPORT_APIS) apis.add(api);
    else if ((REPORT_APIS as readonly string[]).includes(value)) apis.add(value as ReportApi);
    else throw new UsageError(`invalid --report-api "${value}"`, `use ${REPORT_APIS.join(', ')} or both`);
  }
  return [...apis];
}

export function parseWarnAt(value: string): Severity | 'none' {
  if (value === 'none' || isSeverity(value)) return value;
  throw new UsageError(`invalid --warn-at "${value}"`, 'use none, info, low, medium, high or critical');
}

export function parseBoundedInteger(value: string, flag: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) throw new UsageError(`invalid ${flag} "${value}"`, `use a whole number from ${min} to ${max}`);
  return number;
}

/** This replica's name in the Lease: the pod name (HOSTNAME in a pod) and the process id. */
export function defaultIdentity(env: NodeJS.ProcessEnv = process.env): string {
  return `${env['POD_NAME'] ?? env['HOSTNAME'] ?? hostname()}_${process.pid}`;
}

async function serverVersion(transport: ReturnType<typeof createTransport>, where: string): Promise<string | undefined> {
  try {
    return parseServerVersion(await transport.getJson('/version'));
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 401) throw new UsageError(`the API server rejected the credentials of ${where} (401 Unauthorized)`, 'check the user of that context or the ServiceAccount token');
    if (error instanceof KubeCredentialError) throw new UsageError(`cannot get credentials for ${where}: ${error.message}`, 'check the user of that context');
    if (error instanceof KubeApiError) return undefined;
    throw new UsageError(`cannot reach the API server of ${where}: ${describeFailure(error)}`, 'check the server address, network access and certificate authority');
  }
}

/**
 * The collection each AWS audit runs. The region is resolved per audit, so a pod without one
 * (no AWS_REGION from IRSA or Pod Identity) shows a gap in its report rather than crash-looping.
 */
function awsAudit(aws: { live: LiveAwsOptions; intervalSeconds: number }) {
  return {
    intervalMs: aws.intervalSeconds * 1000,
    async collect() {
      // the AWS SDK takes seconds to load: only --aws pays for it
      const { collectAws } = await import('../sources/aws/index.js');
      return collectAws({ ...(await liveCollectOptions(aws.live)), starvedChecks });
    },
  };
}

/** Watches the cluster and keeps its policy reports current until SIGTERM or SIGINT. */
export async function runWatch(options: WatchCommandOptions): Promise<0> {
  const log = pino({ base: { service: 'eksguard-watch' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 2, sync: true }));
  const { config } = await loadConfigFile({ cwd: process.cwd(), ...(options.configFile !== undefined ? { file: options.configFile } : {}), knownCheckIds: allChecks.map((check) => check.id) });
  let loaded;
  try {
    loaded = loadKubeconfig({ ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}), ...(options.context !== undefined ? { context: options.context } : {}) });
  } catch (error) {
    throw new UsageError(describeFailure(error), 'run it in a pod with a ServiceAccount, set KUBECONFIG, or give --kubeconfig');
  }
  const where = `context "${loaded.context}" (${loaded.server})`;
  const transport = createTransport(loaded.kubeConfig, { server: loaded.server, userAgent: `eksguard-watch/${toolVersion()}`, maxSockets: Math.max(8, options.writeConcurrency + 4) });
  const version = await serverVersion(transport, where);
  const checks = allChecks.filter((check) => isCheckEnabled(check, config.overrides));
  const controller = startWatchController({
    transport,
    context: loaded.context,
    checks,
    settings: {
      pssLevel: options.pssLevel ?? config.pss.level ?? 'restricted',
      pssVersion: options.pssVersion ?? config.pss.version ?? defaultPssVersion(version),
      suppressManaged: options.judgeAwsManaged ? false : (config.suppressAwsManaged ?? true),
      ...(config.registries ? { approvedRegistries: config.registries } : {}),
    },
    overrides: config.overrides,
    suppressions: config.suppressions,
    ...(version ? { kubernetesVersion: version } : {}),
    apis: options.apis,
    includePassed: options.includePassed,
    warnAt: options.warnAt,
    maxReportBytes: options.maxReportBytes,
    writeConcurrency: options.writeConcurrency,
    debounceMs: options.debounceMs,
    pageSize: 500,
    ...(options.leaderElection ? { leaderElection: options.leaderElection } : {}),
    ...(options.aws ? { aws: awsAudit(options.aws) } : {}),
    log: { info: (message, fields) => log.info(fields ?? {}, message), warn: (message, fields) => log.warn(fields ?? {}, message) },
  });
  let stopping = false;
  let http;
  try {
    http = await startWatchHttp({ port: options.port, host: options.host, registry: controller.metrics.registry, live: () => !stopping, ready: () => controller.ready() });
  } catch (error) {
    await controller.stop();
    transport.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'EADDRINUSE' ? new UsageError(`port ${options.port} is already in use`, 'choose another --port') : error;
  }
  log.info({ context: loaded.context, server: loaded.server, checks: checks.length, apis: options.apis, port: http.port, leaderElection: Boolean(options.leaderElection), aws: options.aws ? { regions: options.aws.live.regions, clusters: options.aws.live.clusters, intervalSeconds: options.aws.intervalSeconds } : false }, 'watching');
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  stopping = true;
  log.info('stopping: writing what is pending and releasing the Lease');
  await controller.stop();
  await http.close();
  transport.close();
  log.info('stopped');
  return 0;
}
