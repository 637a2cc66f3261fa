#!/usr/bin/env node
import * as nodeModule from 'node:module';
import type * as Commander from 'commander';
// Only light modules are imported here: every command loads what it uses when it runs, so that
// `--version`, `--help` and `checks list` do not pay for the checks, reporters and sources.
import { CONFIG_FILE_NAME } from '../core/config-model.js';
import { SEVERITIES } from '../core/types.js';
import { FORMATS } from '../reporters/formats.js';
import { UsageError } from './errors.js';
import { silenceDependencyRuntimeWarnings, unsupportedRuntimeWarning, versionLine } from './runtime.js';
import { toolVersion } from './version.js';
import { addExamples } from './help-examples.js';

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
    .addOption(new Option('-o, --output <file>', 'write the matching --format to FILE (repeatable)').argParser(collect).default([]))
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
    .option('--context <name>', 'with --kube: kubeconfig context (default: the current context)')
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
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (paths: string[], options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      const { scanAction } = await import('./scan-action.js');
      process.exitCode = await scanAction(paths, options);
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
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (verb: string, resource: string, paths: string[], options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      const { runWhoCan, whoCanOptionsFrom } = await import('./who-can.js');
      process.exitCode = await runWhoCan(whoCanOptionsFrom(verb, resource, paths, options));
    });

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
      process.stderr.write(`eksguard: error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
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
