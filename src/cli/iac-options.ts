import type { InfrastructureFile, InfrastructureInventory } from '../sources/iac/index.js';
import type { InfrastructureFound } from '../sources/manifests/index.js';
import { starvedChecks } from './aws-options.js';
import { UsageError } from './errors.js';
import type { SourceFailure } from './source-gate.js';

/** `--terraform-plan FILE`, `--cloudformation FILE`, `--eksctl FILE` (each repeatable) and `--cfn-parameter Key=Value`. */
export interface InfrastructureScanOptions {
  terraformPlans: string[];
  cloudFormation: string[];
  eksctl: string[];
  cfnParameters: Map<string, string>;
}

const PARAMETER_NAME = /^[A-Za-z0-9:_.-]{1,255}$/;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

export function parseInfrastructureOptions(options: Record<string, unknown>, paths: readonly string[]): InfrastructureScanOptions | undefined {
  const terraformPlans = strings(options['terraformPlan']);
  const cloudFormation = strings(options['cloudformation']);
  const eksctl = strings(options['eksctl']);
  const cfnParameters = new Map<string, string>();
  for (const pair of strings(options['cfnParameter'])) {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    // the value may be a secret, and without `=` the whole argument may be one: only a valid name is repeated
    if (equals <= 0 || !PARAMETER_NAME.test(name)) {
      throw new UsageError('invalid --cfn-parameter: expected NAME=VALUE', 'use --cfn-parameter Name=Value (a template parameter, AWS::Region, AWS::AccountId or an export name)');
    }
    cfnParameters.set(name, pair.slice(equals + 1));
  }
  const stdin = [...terraformPlans, ...cloudFormation, ...eksctl].filter((file) => file === '-').length;
  if (stdin > 1 || (stdin === 1 && paths.includes('-'))) throw new UsageError('standard input can be read only once', 'name at most one of the paths and the --terraform-plan/--cloudformation/--eksctl files as -');
  if (terraformPlans.length + cloudFormation.length + eksctl.length === 0 && cfnParameters.size === 0) return undefined;
  return { terraformPlans, cloudFormation, eksctl, cfnParameters };
}

/** The files to read: those the flags name, then those the manifest walk recognised by content. */
export function infrastructureFiles(options: InfrastructureScanOptions | undefined, found: readonly InfrastructureFound[]): InfrastructureFile[] {
  const named = (paths: readonly string[], kind: InfrastructureFile['kind']): InfrastructureFile[] =>
    paths.map((path) => ({ path, display: path === '-' ? '<stdin>' : path, ...(kind ? { kind } : {}), explicit: true }));
  return [
    ...named(options?.terraformPlans ?? [], 'terraform'),
    ...named(options?.cloudFormation ?? [], 'cloudformation'),
    ...named(options?.eksctl ?? [], 'eksctl'),
    ...found.map((file): InfrastructureFile => ({ path: file.file, display: file.displayName, kind: file.kind, explicit: false })),
  ];
}

export async function collectInfrastructureInventory(files: InfrastructureFile[], options: InfrastructureScanOptions | undefined): Promise<InfrastructureInventory> {
  const { collectInfrastructure } = await import('../sources/iac/index.js');
  return collectInfrastructure({ files, ...(options ? { cfnParameters: options.cfnParameters } : {}), starvedChecks });
}

/** A file named on the command line that holds nothing eksguard reads fails the run, like an empty --aws. */
export function emptyInfrastructure(inventory: InfrastructureInventory, allowEmpty: boolean): SourceFailure[] {
  if (allowEmpty) return [];
  return inventory.empty.map((name) => ({
    error: { source: 'iac', message: `no EKS, EC2, IAM, KMS, Logs, GuardDuty or ECR resource that eksguard reads in ${name}: nothing was checked` },
    hint: 'check the file; pass --allow-empty if that is expected',
  }));
}
