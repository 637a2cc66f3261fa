/**
 * Normalised infrastructure code → the inventory the EKS-* checks read. Code describes what it
 * will create, not what an account holds: the data only a live account has (the latest AMI
 * release, add-on versions and health, running instances), and the account-wide settings the
 * code does not manage (GuardDuty, ECR registry scanning, EBS encryption by default, flow logs),
 * are gaps, so the checks that need them are skipped with that reason, never passed.
 */
import { AWS_KEYS } from '../../aws/data-keys.js';
import { AWS_TYPES, type LaunchTemplateVersionModel } from '../../aws/models.js';
import { kubeletRefusalMessages } from '../../aws/user-data/refusals.js';
import { withUnknowns } from '../../aws/unknown.js';
import { createInventory, type AwsRecord, type Inventory } from '../../core/inventory.js';
import type { Gap, InputError } from '../../core/types.js';
import { IAC_LABEL, type NormalisedInput } from './model.js';

export interface IacInventoryOptions {
  /** the checks that need a data key, for the gaps */
  starvedChecks?: (key: string) => string[];
}

const LIVE_ONLY: readonly { key: string; what: string }[] = [
  { key: AWS_KEYS.amiReleases, what: 'the latest EKS AMI releases are published in SSM: only a live account (--aws) has them' },
  { key: AWS_KEYS.addonVersions, what: 'add-on versions and health are known only to a live account (--aws)' },
  { key: AWS_KEYS.instances, what: 'infrastructure code has no running instances: only a live account (--aws) shows their metadata settings' },
];

/** Account-wide resources: code that does not declare them says nothing about whether they exist. */
const ACCOUNT_WIDE: readonly { key: string; type: string; what: string; when: (records: readonly AwsRecord[]) => boolean }[] = [
  { key: AWS_KEYS.guardDuty, type: AWS_TYPES.guardDuty, what: 'GuardDuty', when: (records) => has(records, AWS_TYPES.cluster) },
  { key: AWS_KEYS.ecrScanning, type: AWS_TYPES.ecrScanning, what: 'ECR registry scanning', when: (records) => has(records, AWS_TYPES.ecrRepository) },
  { key: AWS_KEYS.ebsDefault, type: AWS_TYPES.ebsDefault, what: 'EBS encryption by default', when: (records) => has(records, AWS_TYPES.nodegroup) },
  { key: AWS_KEYS.flowLogs, type: AWS_TYPES.flowLog, what: 'VPC flow logs', when: (records) => has(records, AWS_TYPES.cluster) },
  { key: AWS_KEYS.routeTables, type: AWS_TYPES.routeTable, what: 'route tables', when: (records) => has(records, AWS_TYPES.subnet) },
];

function has(records: readonly AwsRecord[], type: string): boolean {
  return records.some((record) => record.type === type);
}

function toRecords(input: NormalisedInput): AwsRecord[] {
  return input.records.map((item) => ({
    type: item.type,
    ref: { arn: item.id, type: item.type, region: item.region },
    model: item.unknown && item.unknown.size > 0 ? withUnknowns(item.model, item.unknown) : item.model,
    location: item.location,
    ...(item.locate ? { locate: item.locate } : {}),
  }));
}

/** Kubelet configurations in launch-template user data that the nodes would refuse, at the user data's line. */
function userDataErrors(input: NormalisedInput): InputError[] {
  return input.records.flatMap((item) => {
    if (item.type !== AWS_TYPES.launchTemplateVersion) return [];
    const location = item.locate?.('LaunchTemplateData.UserData') ?? item.location;
    return kubeletRefusalMessages(item.model as LaunchTemplateVersionModel).map((message): InputError => ({ source: input.kind, message, location }));
  });
}

/** One inventory for every infrastructure file of a run, so references across them (a plan and a template) still join. */
export function inventoryFromInfrastructure(inputs: readonly NormalisedInput[], options: IacInventoryOptions = {}): Inventory {
  const starved = options.starvedChecks ?? (() => []);
  const records = inputs.flatMap(toRecords);
  const gaps: Gap[] = inputs.flatMap((input) => input.gaps);
  const missing = new Map<string, Gap>();
  const kinds = [...new Set(inputs.map((input) => IAC_LABEL[input.kind]))].join(', ');
  if (has(records, AWS_TYPES.cluster) || has(records, AWS_TYPES.nodegroup)) {
    for (const { key, what } of LIVE_ONLY) {
      const gap: Gap = { source: `${kinds}: ${key.replace(/^aws:/, '')}`, reason: what, checks: starved(key) };
      gaps.push(gap);
      missing.set(key, gap);
    }
  }
  for (const rule of ACCOUNT_WIDE) {
    if (!rule.when(records) || has(records, rule.type)) continue;
    const gap: Gap = {
      source: `${kinds}: ${rule.key.replace(/^aws:/, '')}`,
      reason: `the infrastructure code does not manage ${rule.what}: whether it is on is known only to a live account (--aws)`,
      checks: starved(rule.key),
    };
    gaps.push(gap);
    missing.set(rule.key, gap);
  }
  // no kubernetesVersion fact: the version a file plans is not the version running, and a file found
  // while walking the manifest paths must not change how those manifests are judged
  return createInventory({ aws: records, errors: inputs.flatMap((input) => [...input.errors, ...userDataErrors(input)]), gaps, missing });
}
