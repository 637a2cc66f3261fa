import type { Command } from 'commander';
import { SEVERITIES } from '../core/types.js';

// The options of `eksguard paths` only: its sources and checks (paths-command.ts) load when it runs.

/** Adds `eksguard paths` to the program. */
export function registerPathsCommand(program: Command, state: { debug: boolean }): void {
  const collect = (value: string, previous: string[]): string[] => [...previous, value];
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
    .addOption(program.createOption('-n, --namespace <name>', 'the namespace of manifests that set none; with --kube: read namespaced objects from this namespace only (repeatable)').argParser(collect).default([]))
    .option('--no-render', 'read chart and kustomization directories as raw files instead of rendering them')
    .option('--aws', 'also read the EKS clusters and IAM roles of the AWS account (read-only; see docs/aws.md)', false)
    .addOption(program.createOption('--region <region>', 'with --aws: AWS region (repeatable)').argParser(collect).default([]))
    .addOption(program.createOption('--cluster <name>', 'with --aws: EKS cluster name (repeatable)').argParser(collect).default([]))
    .option('--profile <name>', 'with --aws: AWS profile of the shared config files')
    .option('--ami-parameter-prefix <path>', 'with --aws: read the public EKS AMI SSM parameters under this prefix')
    .option('--aws-snapshot <dir>', 'also read an AWS snapshot directory (see docs/aws-snapshot.md)')
    .addOption(program.createOption('--terraform-plan <file>', 'also read a Terraform plan (terraform show -json; repeatable)').argParser(collect).default([]))
    .addOption(program.createOption('--cloudformation <file>', 'also read a CloudFormation template (repeatable)').argParser(collect).default([]))
    .addOption(program.createOption('--eksctl <file>', 'also read an eksctl ClusterConfig (repeatable)').argParser(collect).default([]))
    .addOption(program.createOption('--cfn-parameter <name=value>', 'a CloudFormation parameter (repeatable)').argParser(collect).default([]))
    .option('--config <file>', 'config file (suppressions apply to paths too)')
    .addOption(program.createOption('--exclude <glob>', 'leave matching paths out of the manifest scan (repeatable)').argParser(collect).default([]))
    .option('--allow-empty', 'do not fail when the manifest paths hold no Kubernetes object', false)
    .option('--debug', 'print stack traces of internal errors', false)
    .action(async (paths: string[], options: Record<string, unknown>) => {
      state.debug = Boolean(options['debug']);
      const { pathsAction } = await import('./paths-command.js');
      process.exitCode = await pathsAction(paths, options);
    });
}
