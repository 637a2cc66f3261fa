#!/usr/bin/env node
import * as nodeModule from 'node:module';
import type * as Commander from 'commander';
// Only light modules are imported here: every command loads what it uses when it runs, so that
// `--version`, `--help` and `checks list` do not pay for the checks, reporters and sources.
import { CONFIG_FILE_NAME } from '../core/config-model.js';
import { SEVERITIES, isSeverity } from '../core/types.js';
import { FORMATS } from '../reporters/formats.js';
import { escapeControl } from '../reporters/text-safety.js';
import { UsageError } from './errors.js';
import { addExamples } from './help-examples.js';
import { registerPathsCommand } from './paths-program.js';
import { silenceDependencyRuntimeWarnings, unsupportedRuntimeWarning, versionLine } from './runtime.js';
import { toolVersion } from './version.js';

function parseHours(value: string): number {
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 366) throw new UsageError(`invalid --max-spread "${value}"`, 'give hours, for example 12');
  return Math.round(hours * 3600_000);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildProgram(state: { debug: boolean }, { Command, Option }: typeof Commander): Commander.Command {
  const program = new Command('eksguard')
    .description("Audit the customer's half of the Amazon EKS shared-responsibility model")
    .version(versionLine(toolVersion(), process), '-V, --version', 'print the eksguard version and the Node.js runtime it runs on')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('scan')
    .description('scan Kubernetes manifests (files, directories, - for stdin) and/or a live cluster (--kube)')
    .argument('[paths...]', 'manifest files or directories; - reads stdin')
    .addOption(new Option('-f, --format <format>', `report format: ${FORMATS.join(', ')} (repeatable)`).argParser(collect).default([]))
    .addOption(new Option('-o, --output <file>', 'write the matching --format to FILE or s3://BUCKET/KEY (repeatable)').argParser(collect).default([]))
    .option('--fail-on <severity>', `exit 1 when a failure is at or above: ${SEVERITIES.join(', ')}, none (default: failOn in the config, else high)`)
    .option('--include-passed', 'also list passed, not-applicable and skipped results', false)
    .option('--severity <level>', `list only findings at or above: ${SEVERITIES.join(', ')} (every format; the summary and the exit code still count everything)`)
    .option('--group-by <view>', 'table layout: check (counts, worst resources, the fix once), resource, or area (default: check when more than 20 findings, else area)')
    .option('--show-fix', 'table: print how to fix under each failure', false)
    .option('-q, --quiet', 'table: print only what was read and the summary line (errors still go to stderr); no progress line', false)
    .option('--pss-level <level>', 'Pod Security level: baseline or restricted (default: pss.level in the config, else restricted)')
    .option('--pss-version <version>', 'Pod Security version: latest or v1.N (default: the cluster version when known, else latest)')
    .option('--kube', 'also scan the live cluster of a kubeconfig context (read-only; see docs/kube.md)', false)
    .option('--kubeconfig <file>', 'with --kube: kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .addOption(new Option('--context <name>', 'with --kube: kubeconfig context (default: the current context; repeatable: a fleet scan)').argParser(collect).default([]))
    .option('--kubelet-config', "with --kube: read each node's kubelet configuration through nodes/proxy/configz for the CIS 3.2 checks (needs deploy/rbac/eksguard-kubelet-config.yaml; see docs/kubelet.md)", false)
    .option('--all-contexts', 'with --kube: scan every context of the kubeconfig (a fleet scan; see docs/fleet.md)', false)
    .option('--org', 'scan every cluster of every active account of the AWS Organization (needs --role-name; see docs/fleet.md)', false)
    .addOption(new Option('--accounts <ids>', 'fleet: only these AWS accounts (comma-separated, repeatable; without --org: exactly these)').argParser(collect).default([]))
    .addOption(new Option('--exclude-accounts <ids>', 'fleet: leave out these AWS accounts (comma-separated, repeatable)').argParser(collect).default([]))
    .option('--role-name <name>', 'fleet: the role to assume in each account')
    .option('--external-id <id>', 'fleet: the external ID the role trust policy requires (default: EKSGUARD_EXTERNAL_ID)')
    .option('--shard <I/N>', 'fleet: scan share I of N (I counts from 0, like JOB_COMPLETION_INDEX); join shard reports with eksguard merge')
    .option('--concurrency <n>', 'fleet: AWS calls in flight at most, across all accounts (default 16)')
    .option('--account-concurrency <n>', 'fleet: AWS calls in flight at most per account (default 8)')
    .addOption(
      new Option('-n, --namespace <name>', 'the namespace of manifests that set none (as kubectl apply -n); with --kube: read namespaced objects from this namespace only (repeatable)')
        .argParser(collect)
        .default([]),
    )
    .option('--no-render', 'read chart and kustomization directories as raw files instead of rendering them')
    .option('--helm-bin <file>', 'helm executable that renders charts (default: helm on PATH)')
    .addOption(new Option('--helm-values <file>', 'values file for every chart rendered (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--helm-set <key=value>', 'value for every chart rendered, as helm --set (repeatable)').argParser(collect).default([]))
    .option('--helm-release <name>', 'release name charts are rendered as (default: the chart name)')
    .option('--helm-namespace <name>', 'namespace charts are rendered into (default: --namespace, else the release name)')
    .option('--helm-tests', 'also judge Helm test hooks (helm.sh/hook: test), which are left out by default', false)
    .option('--kustomize-bin <file>', 'kubectl or kustomize executable that builds overlays (default: kubectl on PATH, else kustomize)')
    .option('--stdin-name <path>', 'the name standard input (-) has in every report, for example the chart it was rendered from')
    .option('--judge-aws-managed', 'judge the EKS add-on workloads AWS manages (aws-node, kube-proxy, CSI node plugins) like any other; by default their failures are suppressed as "managed by AWS"', false)
    .option('--aws', 'also audit the EKS clusters of the AWS account (read-only; see docs/aws.md)', false)
    .addOption(new Option('--region <region>', 'with --aws: AWS region (repeatable; default: AWS_REGION or the profile region)').argParser(collect).default([]))
    .addOption(new Option('--cluster <name>', 'with --aws: EKS cluster name (repeatable; default: every cluster of the regions)').argParser(collect).default([]))
    .option('--profile <name>', 'with --aws: AWS profile of the shared config files (default: the SDK default chain)')
    .option('--ami-parameter-prefix <path>', 'with --aws: read the public EKS AMI SSM parameters under this prefix (a mirror)')
    .option('--aws-snapshot <dir>', 'also audit an AWS snapshot directory (eksguard collect aws, or AWS CLI output; see docs/aws-snapshot.md)')
    .addOption(new Option('--terraform-plan <file>', 'also audit a Terraform plan (terraform show -json PLANFILE; - reads stdin; repeatable; see docs/terraform.md)').argParser(collect).default([]))
    .addOption(new Option('--cloudformation <file>', 'also audit a CloudFormation template, YAML or JSON (cdk synth output too; repeatable; see docs/cloudformation.md)').argParser(collect).default([]))
    .addOption(new Option('--eksctl <file>', 'also audit an eksctl ClusterConfig file (repeatable; see docs/eksctl.md)').argParser(collect).default([]))
    .addOption(new Option('--cfn-parameter <name=value>', 'a CloudFormation parameter, pseudo parameter (AWS::Region, AWS::AccountId) or imported export value (repeatable)').argParser(collect).default([]))
    .option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} in the working directory, when present; see docs/configuration.md)`)
    .option('--baseline <file>', 'report only failures that this baseline file does not hold')
    .option('--baseline-out <file>', 'write every current failure to this baseline file')
    .addOption(new Option('--exclude <glob>', 'leave matching paths out of the manifest scan (repeatable): * and ? within a name, ** across directories').argParser(collect).default([]))
    .option('--skip-non-kubernetes', 'skip named files that hold no Kubernetes object, as a directory walk does, instead of reporting them (for pre-commit and editors)', false)
    .option('--allow-empty', 'do not fail when the manifest paths hold no Kubernetes object (or --kube/--aws find no cluster)', false)
    .option('--fail-on-gaps', 'exit 2 when any data could not be collected (a gap), not only when input is broken', false)
    .addOption(new Option('--framework <name>', 'run only the checks of this framework and report its controls with a score (repeatable; eksguard frameworks list)').argParser(collect).default([]))
    .option('--fail-under <percent>', 'with --framework: exit 1 when a framework scores below PERCENT')
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (paths: string[], options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      // many files: the parse workers load their modules while this thread loads the scan's
      (await import('../sources/manifests/parse-pool.js')).prestartParseWorkers(paths);
      const { scanAction } = await import('./scan-action.js');
      process.exitCode = await scanAction(paths, options);
    });

  program
    .command('fix')
    .description('rewrite manifests so failing checks pass where a safe, mechanical fix exists; prints a unified diff (see docs/fix.md)')
    .argument('[paths...]', 'manifest files or directories (charts and overlays get advice, never edits)')
    .addOption(new Option('--check <id>', 'fix only this check (repeatable; default: every check with a fix)').argParser(collect).default([]))
    .option('--severity <level>', `fix only failures at or above: ${SEVERITIES.join(', ')}`)
    .option('--dry-run', 'print the diff and change nothing', false)
    .option('--unsafe', 'also make fixes that may break a workload (privileged: false; readOnlyRootFilesystem with an emptyDir at /tmp)', false)
    .option('-f, --format <format>', 'diff (a unified diff on stdout, a summary on stderr) or json (every edit, fix and suggestion)', 'diff')
    .option('-o, --output <file>', 'write the diff or JSON to FILE instead of standard output')
    .option('--pss-level <level>', 'Pod Security level: baseline or restricted (default: pss.level in the config, else restricted)')
    .option('--pss-version <version>', 'Pod Security version: latest or v1.N')
    .option('--kube', 'print kubectl patch commands for the live cluster of a kubeconfig context (never applied)', false)
    .option('--kubeconfig <file>', 'with --kube: kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'with --kube: kubeconfig context (default: the current context)')
    .addOption(new Option('-n, --namespace <name>', 'the namespace of manifests that set none; with --kube: read this namespace only (repeatable)').argParser(collect).default([]))
    .option('--no-render', 'read chart and kustomization directories as raw files instead of rendering them')
    .option('--helm-bin <file>', 'helm executable that renders charts (default: helm on PATH)')
    .addOption(new Option('--helm-values <file>', 'values file for every chart rendered (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--helm-set <key=value>', 'value for every chart rendered, as helm --set (repeatable)').argParser(collect).default([]))
    .option('--helm-release <name>', 'release name charts are rendered as (default: the chart name)')
    .option('--helm-namespace <name>', 'namespace charts are rendered into (default: --namespace, else the release name)')
    .option('--kustomize-bin <file>', 'kubectl or kustomize executable that builds overlays')
    .option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} in the working directory, when present)`)
    .addOption(new Option('--exclude <glob>', 'leave matching paths out (repeatable)').argParser(collect).default([]))
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (paths: string[], options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      const [{ parseFixFormat, runFix }, { parseKubeOptions }, { parseExcludes, parsePssLevel, parsePssVersion, parseRenderOptions }] = await Promise.all([
        import('./fix-command.js'),
        import('./kube-options.js'),
        import('./options.js'),
      ]);
      const severity = options['severity'];
      if (severity !== undefined && !isSeverity(severity)) throw new UsageError(`invalid --severity "${String(severity)}"`, `use one of: ${SEVERITIES.join(', ')}`);
      const kube = parseKubeOptions(options);
      process.exitCode = await runFix({
        paths,
        checkIds: options['check'] as string[],
        ...(severity !== undefined ? { severity } : {}),
        dryRun: Boolean(options['dryRun']),
        unsafe: Boolean(options['unsafe']),
        format: parseFixFormat(String(options['format'])),
        ...(options['output'] !== undefined ? { output: String(options['output']) } : {}),
        ...(kube ? { kube } : {}),
        ...(options['pssLevel'] !== undefined ? { pssLevel: parsePssLevel(String(options['pssLevel'])) } : {}),
        ...(options['pssVersion'] !== undefined ? { pssVersion: parsePssVersion(String(options['pssVersion'])) } : {}),
        ...(options['config'] !== undefined ? { configFile: String(options['config']) } : {}),
        exclude: parseExcludes(options['exclude'] as string[]),
        ...parseRenderOptions(options),
      });
    });

  program
    .command('serve')
    .description('run the validating admission webhook (HTTPS): the same checks as scan on every create and update')
    .requiredOption('--tls-cert <file>', 'PEM certificate to serve (reloaded when the file changes)')
    .requiredOption('--tls-key <file>', 'PEM private key of the certificate')
    .option('--port <port>', 'HTTPS port', '8443')
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('--config <file>', 'webhook config (YAML): modes, exemptions, failurePolicy; see docs/admission.md')
    .action(async (options: Record<string, unknown>) => {
      // the webhook's server, metrics and logging modules load only for serve
      const { parsePort, runServe } = await import('./serve.js');
      process.exitCode = await runServe({
        certFile: String(options['tlsCert']),
        keyFile: String(options['tlsKey']),
        port: parsePort(String(options['port'])),
        host: String(options['host']),
        ...(options['config'] !== undefined ? { configFile: String(options['config']) } : {}),
      });
    });

  program
    .command('watch')
    .description('watch a live cluster and keep its results current as policy report objects (PolicyReport, ClusterPolicyReport); see docs/watch.md')
    .option('--kubeconfig <file>', 'kubeconfig file (default: in-cluster ServiceAccount, else KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option('--config <file>', `config file (default: ${CONFIG_FILE_NAME} in the working directory, when present)`)
    .option('--pss-level <level>', 'Pod Security level: baseline or restricted (default: pss.level in the config, else restricted)')
    .option('--pss-version <version>', 'Pod Security version: latest or v1.N (default: the cluster version)')
    .option('--include-passed', 'also list passed, not-applicable and skipped results in the reports', false)
    .option('--judge-aws-managed', 'judge the EKS add-on workloads AWS manages like any other', false)
    .addOption(new Option('--report-api <api>', 'report API to write: wgpolicyk8s.io/v1alpha2 (default), openreports.io/v1alpha1, or both (repeatable)').argParser(collect).default([]))
    .option('--warn-at <severity>', 'report failures at or below this severity as warn instead of fail (none: every failure is fail)', 'none')
    .option('--port <port>', 'HTTP port of /metrics, /healthz and /readyz (0: any free port)', '8080')
    .option('--host <address>', 'address the HTTP port listens on', '0.0.0.0')
    .option('--debounce-ms <ms>', 'changes arriving within this window are judged together', '500')
    .option('--max-report-bytes <bytes>', 'largest report object; larger reports are split into parts', '1000000')
    .option('--write-concurrency <n>', 'report writes in flight at most (1-32)', '6')
    .option('--no-leader-elect', 'do not take part in leader election (run exactly one replica)')
    .option('--lease-namespace <name>', 'namespace of the leader election Lease (default: POD_NAMESPACE, else eksguard)')
    .option('--lease-name <name>', 'name of the leader election Lease', 'eksguard-watch')
    .option('--identity <name>', 'this replica\'s name in the Lease (default: POD_NAME or the host name, and the process id)')
    .option('--aws', 'also audit the cluster\'s AWS account periodically (SDK default credentials: IRSA, Pod Identity, environment) into the cluster-wide report', false)
    .addOption(new Option('--region <region>', 'with --aws: AWS region (repeatable; default: AWS_REGION)').argParser(collect).default([]))
    .addOption(new Option('--cluster <name>', 'with --aws: EKS cluster name (repeatable; default: every cluster of the regions)').argParser(collect).default([]))
    .option('--aws-interval <seconds>', 'with --aws: seconds between the end of one AWS audit and the start of the next', '3600')
    .option('--ami-parameter-prefix <path>', 'with --aws: read the public EKS AMI SSM parameters under this prefix (a mirror)')
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      const { runWatch, parseReportApis, parseWarnAt, parseBoundedInteger, defaultIdentity, parseWatchAws } = await import('./watch.js');
      const { parsePort } = await import('./serve.js');
      const { parsePssLevel, parsePssVersion } = await import('./options.js');
      const port = String(options['port']) === '0' ? 0 : parsePort(String(options['port']));
      process.exitCode = await runWatch({
        ...(options['kubeconfig'] !== undefined ? { kubeconfig: String(options['kubeconfig']) } : {}),
        ...(options['context'] !== undefined ? { context: String(options['context']) } : {}),
        ...(options['config'] !== undefined ? { configFile: String(options['config']) } : {}),
        ...(options['pssLevel'] !== undefined ? { pssLevel: parsePssLevel(String(options['pssLevel'])) } : {}),
        ...(options['pssVersion'] !== undefined ? { pssVersion: parsePssVersion(String(options['pssVersion'])) } : {}),
        includePassed: Boolean(options['includePassed']),
        judgeAwsManaged: Boolean(options['judgeAwsManaged']),
        apis: parseReportApis(options['reportApi'] as string[]),
        warnAt: parseWarnAt(String(options['warnAt'])),
        port,
        host: String(options['host']),
        debounceMs: parseBoundedInteger(String(options['debounceMs']), '--debounce-ms', 0, 60_000),
        maxReportBytes: parseBoundedInteger(String(options['maxReportBytes']), '--max-report-bytes', 16_384, 3_000_000),
        writeConcurrency: parseBoundedInteger(String(options['writeConcurrency']), '--write-concurrency', 1, 32),
        ...parseWatchAws(options),
        ...(options['leaderElect'] !== false
          ? {
              leaderElection: {
                namespace: String(options['leaseNamespace'] ?? process.env['POD_NAMESPACE'] ?? 'eksguard'),
                name: String(options['leaseName']),
                identity: String(options['identity'] ?? defaultIdentity()),
              },
            }
          : {}),
      });
    });

  const collectCommand = program.command('collect').description('save what a source reads for a later offline scan');
  collectCommand
    .command('aws')
    .description('save the raw AWS API responses of the EKS clusters (scan them later with scan --aws-snapshot DIR)')
    .requiredOption('--out <dir>', 'directory to write the snapshot to')
    .addOption(new Option('--region <region>', 'AWS region (repeatable; default: AWS_REGION or the profile region)').argParser(collect).default([]))
    .addOption(new Option('--cluster <name>', 'EKS cluster name (repeatable; default: every cluster of the regions)').argParser(collect).default([]))
    .option('--profile <name>', 'AWS profile of the shared config files (default: the SDK default chain)')
    .option('--ami-parameter-prefix <path>', 'read the public EKS AMI SSM parameters under this prefix (a mirror)')
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      const [{ runCollectAws }, { parseLiveAwsOptions }] = await Promise.all([import('./collect-command.js'), import('./aws-options.js')]);
      process.exitCode = await runCollectAws(parseLiveAwsOptions(options), String(options['out']));
    });

  program
    .command('who-can')
    .description('list the subjects RBAC allows to do VERB on RESOURCE, with the binding, role and rule (see docs/who-can.md)')
    .argument('<verb>', 'get, list, create, update, patch, delete, escalate, bind, impersonate, …')
    .argument('<resource>', 'pods, pods/exec, deployments.apps, widgets.example.com, or a URL path such as /metrics')
    .argument('[paths...]', 'manifest files or directories; - reads stdin')
    .option('-n, --namespace <name>', 'only grants that hold in this namespace (default: every namespace)')
    .option('--name <name>', 'one object by name (default: also rules limited to some names, shown with them)')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .option('--kube', 'read the RBAC objects of a live cluster (read-only)', false)
    .option('--kubeconfig <file>', 'with --kube: kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'with --kube: kubeconfig context (default: the current context)')
    .option('--aws', "also read the cluster's EKS access entries and their access policies from the AWS account (read-only)", false)
    .option('--aws-snapshot <dir>', 'also read the EKS access entries of an AWS snapshot directory (eksguard collect aws)')
    .addOption(new Option('--region <region>', 'with --aws: AWS region (repeatable; default: AWS_REGION or the profile region)').argParser(collect).default([]))
    .addOption(new Option('--cluster <name>', 'with --aws or --aws-snapshot: the EKS cluster asked about (needed when the data holds several)').argParser(collect).default([]))
    .option('--profile <name>', 'with --aws: AWS profile of the shared config files (default: the SDK default chain)')
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (verb: string, resource: string, paths: string[], options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      const { runWhoCan, whoCanOptionsFrom } = await import('./who-can.js');
      process.exitCode = await runWhoCan(whoCanOptionsFrom(verb, resource, paths, options));
    });

  program
    .command('merge')
    .description('join the reports of the shards of a fleet scan into the report of the whole fleet (see docs/fleet.md)')
    .argument('<reports...>', 'JSON reports of `scan --shard I/N --format json` (files or s3://BUCKET/KEY)')
    .addOption(new Option('-f, --format <format>', `format of the merged report: ${FORMATS.join(', ')} (repeatable; default json)`).argParser(collect).default([]))
    .addOption(new Option('-o, --output <file>', 'write the matching --format to FILE or s3://BUCKET/KEY (repeatable)').argParser(collect).default([]))
    .option('--fail-on <severity>', `exit 1 when a failure is at or above: ${SEVERITIES.join(', ')}, none`, 'none')
    .option('--allow-missing-shards', 'merge the shards given even when some are missing (each becomes a gap)', false)
    .option('--max-spread <hours>', 'refuse shards that started further apart than this: they are of different runs', '12')
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (reports: string[], options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      const { runMerge } = await import('./merge-command.js');
      const { pairOutputs, parseFailOn } = await import('./options.js');
      const { allChecks } = await import('../checks/index.js');
      const formats = options['format'] as string[];
      process.exitCode = await runMerge({
        reports,
        outputs: pairOutputs(formats.length > 0 ? formats : ['json'], options['output'] as string[]),
        failOn: parseFailOn(String(options['failOn'])),
        allowMissingShards: Boolean(options['allowMissingShards']),
        maxSpreadMs: parseHours(String(options['maxSpread'])),
        checks: allChecks,
      });
    });

  program
    .command('diff')
    .description('new, fixed and unchanged failures between two JSON reports, by baseline fingerprint (see docs/fleet.md)')
    .argument('<old>', 'the earlier JSON report (file or s3://BUCKET/KEY)')
    .argument('<new>', 'the later JSON report')
    .option('-f, --format <format>', 'table, json or markdown', 'table')
    .option('-o, --output <file>', 'write to FILE or s3://BUCKET/KEY instead of standard output')
    .option('--fail-on-new <severity>', `exit 1 when a new failure is at or above: ${SEVERITIES.join(', ')}`)
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (older: string, newer: string, options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      const { runDiff } = await import('./diff-command.js');
      const { parseFailOn } = await import('./options.js');
      const failOnNew = options['failOnNew'] === undefined ? undefined : parseFailOn(String(options['failOnNew']));
      if (failOnNew === 'none') throw new UsageError('invalid --fail-on-new "none"', `use one of: ${SEVERITIES.join(', ')}, or leave it out`);
      process.exitCode = await runDiff({
        older,
        newer,
        format: String(options['format']),
        ...(options['output'] !== undefined ? { output: String(options['output']) } : {}),
        ...(failOnNew ? { failOnNew } : {}),
      });
    });

  program
    .command('publish')
    .description('send a JSON report to a findings service: securityhub (AWS Security Hub, in ASFF; see docs/fleet.md)')
    .argument('<destination>', 'securityhub')
    .argument('<report>', 'JSON report (file or s3://BUCKET/KEY)')
    .option('--region <region>', 'region of findings that name none, and of the STS calls (default: AWS_REGION)')
    .option('--role-name <name>', 'assume this role in each other account whose findings are published')
    .option('--external-id <id>', 'the external ID the role trust policy requires (default: EKSGUARD_EXTERNAL_ID)')
    .option('--profile <name>', 'AWS profile of the shared config files')
    .option('--dry-run', 'print the validated ASFF findings per account and region instead of sending them', false)
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (destination: string, report: string, options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      if (destination !== 'securityhub') throw new UsageError(`unknown destination "${destination}"`, 'eksguard publish securityhub REPORT');
      const { runPublishSecurityHub } = await import('./publish-command.js');
      const region = options['region'] === undefined ? undefined : String(options['region']);
      if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new UsageError(`invalid --region "${region}"`, 'use an AWS region name, for example us-east-1');
      const roleName = options['roleName'] === undefined ? undefined : String(options['roleName']);
      if (roleName !== undefined && !/^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(roleName)) throw new UsageError(`invalid --role-name "${roleName}"`, 'use an IAM role name');
      process.exitCode = await runPublishSecurityHub({
        report,
        dryRun: Boolean(options['dryRun']),
        ...(region !== undefined ? { region } : {}),
        ...(roleName !== undefined ? { roleName } : {}),
        ...(options['externalId'] !== undefined ? { externalId: String(options['externalId']) } : process.env['EKSGUARD_EXTERNAL_ID'] ? { externalId: process.env['EKSGUARD_EXTERNAL_ID'] } : {}),
        ...(options['profile'] !== undefined ? { profile: String(options['profile']) } : {}),
      });
    });

  registerPathsCommand(program, state);

  const checks = program.command('checks').description('describe the checks');
  checks
    .command('list')
    .description('list every check')
    .option('-f, --format <format>', 'table, json or markdown (the docs/checks index)', 'table')
    .action(async (options: { format: string }) => {
      const [{ listChecks }, { writeOutput }] = await Promise.all([import('./checks-command.js'), import('./output.js')]);
      await writeOutput(listChecks(options.format), undefined);
    });
  checks
    .command('show')
    .description('explain one check')
    .argument('<id>', 'check ID, for example PSS-privileged')
    .action(async (id: string) => {
      const [{ showCheck }, { writeOutput }] = await Promise.all([import('./checks-command.js'), import('./output.js')]);
      await writeOutput(showCheck(id), undefined);
    });

  const frameworks = program.command('frameworks').description('the compliance frameworks and how eksguard covers each control');
  frameworks
    .command('list')
    .description('list every framework')
    .option('-f, --format <format>', 'table or json', 'table')
    .action(async (options: { format: string }) => {
      const [{ listFrameworks }, { writeOutput }] = await Promise.all([import('./frameworks-command.js'), import('./output.js')]);
      await writeOutput(listFrameworks(options.format), undefined);
    });
  frameworks
    .command('show')
    .description('show each control of a framework: the checks that decide it, or what is left to the auditor and why')
    .argument('<name>', 'framework name, for example cis-eks-2.0.0')
    .option('-f, --format <format>', 'table, json or markdown', 'table')
    .action(async (name: string, options: { format: string }) => {
      const [{ showFramework }, { writeOutput }] = await Promise.all([import('./frameworks-command.js'), import('./output.js')]);
      await writeOutput(showFramework(name, options.format), undefined);
    });

  program
    .command('completion')
    .description('print a shell completion script: commands, options, formats and check IDs')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string) => {
      const [{ completionScript }, { writeOutput }] = await Promise.all([import('./completion.js'), import('./output.js')]);
      await writeOutput(completionScript(shell, program), undefined);
    });
  addExamples(program);
  return program;
}

/**
 * Node's on-disk compile cache (Node 22.1 and newer) keeps the compiled code of the modules a
 * command loads, so a second run of `scan` skips compiling them. NODE_DISABLE_COMPILE_CACHE=1
 * turns it off; where the runtime lacks it, nothing happens.
 */
function enableCompileCache(): void {
  const enable = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
  try {
    enable?.();
  } catch {
    // an unwritable cache directory only costs speed
  }
}

export async function main(argv: string[]): Promise<void> {
  enableCompileCache();
  const runtimeWarning = unsupportedRuntimeWarning(process.version);
  if (runtimeWarning) process.stderr.write(`${runtimeWarning}\n`);
  silenceDependencyRuntimeWarnings(process.env);
  const args = argv.slice(2);
  // the version alone needs no command-line parser
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${versionLine(toolVersion(), process)}\n`);
    return;
  }
  const state = { debug: argv.includes('--debug') };
  const commander = await import('commander');
  const program = buildProgram(state, commander);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof commander.CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UsageError) {
      // arguments are quoted in messages: a control character in one is shown, never acted on by the terminal
      const safe = (text: string) => text.split('\n').map(escapeControl).join('\n');
      process.stderr.write(`eksguard: error: ${safe(error.message)}\n${error.hint ? `hint: ${safe(error.hint)}\n` : ''}`);
    } else if (state.debug) {
      process.stderr.write(`eksguard: internal error\n${error instanceof Error ? error.stack : String(error)}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`eksguard: internal error: ${message}\nhint: rerun with --debug for details, and report it if it persists\n`);
    }
    process.exitCode = 2;
  }
}

await main(process.argv);
