import { createInventory, type AwsRecord, type Inventory } from '../../core/inventory.js';
import type { Gap, InputError } from '../../core/types.js';
import { ALSO_PROVIDES, AWS_KEYS, OPTIONAL_KEYS, dataKeyOf } from '../../aws/data-keys.js';
import { record, records, str, strings } from '../../aws/json.js';
import { AWS_TYPES, type TrailModel, type EcrImageModel, type AccessEntryModel, type ClusterModel, type KmsKeyModel, type NodegroupModel, type RoleModel } from '../../aws/models.js';
import * as eks from '../../aws/normalize/eks.js';
import * as ec2 from '../../aws/normalize/ec2.js';
import * as svc from '../../aws/normalize/services.js';
import { applyTrailDetails, recordsManagementEvents, trailsFrom } from '../../aws/normalize/cloudtrail.js';
import { metricAlarmsFrom, metricFiltersFrom } from '../../aws/normalize/cloudwatch.js';
import { ecrImagesFrom, ecrPolicyFrom, ecrScanFindingsFrom, mergeScanFindings, type ScanFindings } from '../../aws/normalize/ecr.js';
import { kubeletRefusalMessages } from '../../aws/user-data/refusals.js';
import { classifyResponse, pathHints, type ResponseKind } from './layout.js';

export interface SnapshotFile {
  /** relative to the snapshot root, `/`-separated */
  path: string;
  body: unknown;
}

/** `snapshot.json`: written by `eksguard collect aws`, optional in a hand-built snapshot. */
export interface SnapshotMeta {
  format?: string;
  version?: number;
  collectedAt?: string;
  regions?: string[];
  /** prefix that was put before `/aws/service/...` SSM names (tests use a private one) */
  ssmParameterPrefix?: string;
  /** calls that failed while collecting, with the data keys they starve */
  gaps?: { source: string; reason: string; keys: string[] }[];
}

export interface ParseOptions {
  /** names the label of errors and gaps, for example the snapshot directory */
  origin: string;
  meta?: SnapshotMeta;
  /** the checks a data key starves (filled in by the caller that knows the registry) */
  starvedChecks?: (key: string) => string[];
}

/**
 * Why an AWS source (live or snapshot) yielded no resource at all: a gate that audited nothing
 * must not pass. `allowable` when the account answered and simply has no cluster (`--allow-empty`
 * accepts that); never for missing credentials, an unreachable endpoint or a denied account.
 */
export interface AwsNothing {
  reason: string;
  allowable: boolean;
}

export function metaFrom(body: unknown): SnapshotMeta {
  const json = record(body);
  const gaps = records(json['gaps']).map((gap) => ({ source: str(gap['source']) ?? 'aws', reason: str(gap['reason']) ?? 'unknown', keys: strings(gap['keys']) }));
  const meta: SnapshotMeta = { gaps };
  if (typeof json['ssmParameterPrefix'] === 'string') meta.ssmParameterPrefix = json['ssmParameterPrefix'];
  if (typeof json['collectedAt'] === 'string') meta.collectedAt = json['collectedAt'];
  if (typeof json['format'] === 'string') meta.format = json['format'];
  if (typeof json['version'] === 'number') meta.version = json['version'];
  const regions = strings(json['regions']);
  if (regions.length > 0) meta.regions = regions;
  return meta;
}

class Builder {
  readonly records: AwsRecord[] = [];
  readonly errors: InputError[] = [];
  readonly seen = new Set<ResponseKind>();
  readonly clusters: ClusterModel[] = [];
  readonly nodegroups: NodegroupModel[] = [];
  readonly entries = new Map<string, AccessEntryModel>();
  readonly pendingPolicies: { region: string; cluster?: string; principal?: string; policies: AccessEntryModel['policies'] }[] = [];
  readonly roles = new Map<string, RoleModel>();
  readonly roleDetails: { role: string; apply: (role: RoleModel) => void }[] = [];
  readonly keys = new Map<string, KmsKeyModel>();
  readonly rotations: { keyId: string; enabled: boolean }[] = [];
  readonly oidcArns: string[] = [];
  /** managed policy files by their directory: GetPolicy names the ARN and default version, GetPolicyVersion holds the document */
  readonly policies = new Map<string, { policy?: Record<string, unknown>; version?: Record<string, unknown> }>();
  ecrRepositoryCount = 0;
  metricFilterCount = 0;
  clusterLogGroupCount = 0;
  /** images by region|repository|digest; scan findings are merged in by finish() */
  readonly ecrImages = new Map<string, EcrImageModel>();
  readonly ecrFindings: { region: string; findings: ScanFindings }[] = [];
  readonly trails: TrailModel[] = [];
  readonly trailDetails: { region: string; trail: string; logging?: boolean; managementEvents?: boolean }[] = [];
  fargateCount = 0;
  addonCount = 0;
  private readonly seenIds = new Set<string>();

  private readonly ssmPrefix: string;

  constructor(ssmPrefix: string) {
    this.ssmPrefix = ssmPrefix;
  }

  /** Whether the resource is new (and so kept). */
  add<M>(type: string, arn: string, region: string, model: M): boolean {
    // the same resource may come from several pages or from a list and a get call: keep the first
    const id = `${type}|${arn}`;
    if (this.seenIds.has(id)) return false;
    this.seenIds.add(id);
    this.records.push({ type, ref: { arn, type, region }, model });
    return true;
  }

  file(file: SnapshotFile): void {
    const kind = classifyResponse(file.body, file.path);
    if (!kind) {
      this.errors.push({ source: 'aws-snapshot', message: 'not a recognised AWS CLI response; ignored', location: { file: file.path } });
      return;
    }
    const hints = pathHints(file.path);
    const body = record(file.body);
    const global = kind.startsWith('iam:');
    if (!global && !hints.region) {
      this.errors.push({ source: 'aws-snapshot', message: `${kind} output must sit under a region directory (for example us-east-1/); ignored`, location: { file: file.path } });
      return;
    }
    this.seen.add(kind);
    this.read(kind, body, hints.region ?? 'global', hints, file.path);
  }

  private read(kind: ResponseKind, body: Record<string, unknown>, region: string, hints: ReturnType<typeof pathHints>, file: string): void {
    switch (kind) {
      case 'eks:DescribeCluster': {
        const cluster = eks.clusterFrom(record(body['cluster']), region);
        if (cluster) {
          this.clusters.push(cluster);
          this.add(AWS_TYPES.cluster, cluster.arn, region, cluster);
        }
        return;
      }
      case 'eks:DescribeNodegroup': {
        const nodegroup = eks.nodegroupFrom(record(body['nodegroup']), region, hints.cluster);
        if (nodegroup) {
          this.nodegroups.push(nodegroup);
          this.add(AWS_TYPES.nodegroup, nodegroup.arn, region, nodegroup);
        }
        return;
      }
      case 'eks:DescribeFargateProfile': {
        const profile = eks.fargateProfileFrom(record(body['fargateProfile']), region, hints.cluster);
        if (profile) {
          this.fargateCount += 1;
          this.add(AWS_TYPES.fargateProfile, profile.arn, region, profile);
        }
        return;
      }
      case 'eks:DescribeAddon': {
        const addon = eks.addonFrom(record(body['addon']), region, hints.cluster);
        if (addon) {
          this.addonCount += 1;
          this.add(AWS_TYPES.addon, addon.arn, region, addon);
        }
        return;
      }
      case 'eks:DescribeAddonVersions':
        for (const model of eks.addonVersionsFrom(body, region)) this.add(AWS_TYPES.addonVersions, `${region}/${model.addonName}/${Object.keys(model.defaultByClusterVersion).join(',')}`, region, model);
        return;
      case 'eks:DescribeAccessEntry': {
        const entry = eks.accessEntryFrom(record(body['accessEntry']), region, hints.cluster);
        if (entry) this.entries.set(`${region}|${entry.clusterName}|${entry.principalArn}`, entry);
        return;
      }
      case 'eks:ListAssociatedAccessPolicies': {
        const found = eks.accessPoliciesFrom(body);
        this.pendingPolicies.push({
          region,
          ...(found.clusterName ?? hints.cluster ? { cluster: found.clusterName ?? hints.cluster } : {}),
          ...(found.principalArn ? { principal: found.principalArn } : {}),
          policies: found.policies,
        });
        return;
      }
      case 'eks:DescribePodIdentityAssociation': {
        const association = eks.podIdentityFrom(record(body['association']), region, hints.cluster);
        if (association) this.add(AWS_TYPES.podIdentity, association.arn, region, association);
        return;
      }
      case 'eks:DescribeClusterVersions':
        for (const version of eks.clusterVersionsFrom(body, region)) this.add(AWS_TYPES.clusterVersion, `${region}/${version.version}`, region, version);
        return;
      case 'ec2:DescribeSecurityGroups':
        for (const group of ec2.securityGroupsFrom(body, region)) this.add(AWS_TYPES.securityGroup, group.arn, region, group);
        return;
      case 'ec2:DescribeSubnets':
        for (const subnet of ec2.subnetsFrom(body, region)) this.add(AWS_TYPES.subnet, `arn:aws:ec2:${region}::subnet/${subnet.id}`, region, subnet);
        return;
      case 'ec2:DescribeRouteTables':
        for (const table of ec2.routeTablesFrom(body, region)) this.add(AWS_TYPES.routeTable, `arn:aws:ec2:${region}::route-table/${table.id}`, region, table);
        return;
      case 'ec2:DescribeFlowLogs':
        for (const log of ec2.flowLogsFrom(body, region)) this.add(AWS_TYPES.flowLog, `arn:aws:ec2:${region}::vpc-flow-log/${log.id}`, region, log);
        return;
      case 'ec2:DescribeLaunchTemplateVersions':
        for (const version of ec2.launchTemplateVersionsFrom(body, region)) {
          if (!this.add(AWS_TYPES.launchTemplateVersion, `arn:aws:ec2:${region}::launch-template/${version.id ?? version.name}:${version.version}`, region, version)) continue;
          for (const message of kubeletRefusalMessages(version)) this.errors.push({ source: 'aws', message, location: { file } });
        }
        return;
      case 'ec2:DescribeInstances':
        for (const instance of ec2.instancesFrom(body, region)) this.add(AWS_TYPES.instance, `arn:aws:ec2:${region}::instance/${instance.id}`, region, instance);
        return;
      case 'ec2:GetEbsEncryptionByDefault': {
        const model = ec2.ebsDefaultFrom(body, region);
        if (model) this.add(AWS_TYPES.ebsDefault, `arn:aws:ec2:${region}::ebs-default-encryption`, region, model);
        return;
      }
      case 'iam:ListRoles':
        for (const raw of records(body['Roles'])) this.role(svc.roleFrom(raw));
        return;
      case 'iam:GetRole': {
        const raw = record(body['Role']);
        const role = svc.roleFrom(raw);
        this.role(role);
        // a role also listed keeps its list-roles model: the boundary GetRole states is applied to it
        if (role) this.roleDetails.push({ role: role.name, apply: (model) => (model.permissionsBoundary = svc.permissionsBoundaryFrom(raw, true)) });
        return;
      }
      case 'iam:GetPolicy':
      case 'iam:GetPolicyVersion': {
        const policy = kind === 'iam:GetPolicy' ? record(body['Policy']) : undefined;
        const key = hints.policy ?? str(policy?.['Arn']);
        if (!key) return;
        const entry = this.policies.get(key) ?? {};
        if (policy) entry.policy = policy;
        else entry.version = record(body['PolicyVersion']);
        this.policies.set(key, entry);
        return;
      }
      case 'iam:ListAttachedRolePolicies': {
        const arns = svc.attachedPolicyArnsFrom(body);
        if (hints.role) this.roleDetails.push({ role: hints.role, apply: (role) => (role.attachedPolicyArns = [...(role.attachedPolicyArns ?? []), ...arns]) });
        return;
      }
      case 'iam:ListRolePolicies': {
        const names = strings(body['PolicyNames']);
        if (hints.role) this.roleDetails.push({ role: hints.role, apply: (role) => (role.inlinePolicyNames = [...(role.inlinePolicyNames ?? []), ...names]) });
        return;
      }
      case 'iam:GetRolePolicy': {
        const policy = svc.inlinePolicyFrom(body);
        const roleName = policy.roleName ?? hints.role;
        if (roleName && policy.policyName) this.roleDetails.push({ role: roleName, apply: (role) => (role.inlinePolicies[policy.policyName!] = policy.statements) });
        return;
      }
      case 'iam:ListOpenIDConnectProviders':
        for (const provider of records(body['OpenIDConnectProviderList'])) {
          const arn = str(provider['Arn']);
          if (arn) this.oidcArns.push(arn);
        }
        return;
      case 'iam:GetOpenIDConnectProvider': {
        const provider = svc.oidcProviderFrom(body);
        if (provider) this.add(AWS_TYPES.oidcProvider, provider.arn, 'global', provider);
        return;
      }
      case 'kms:DescribeKey': {
        const key = svc.kmsKeyFrom(body, region);
        if (key) this.keys.set(key.keyId, key);
        return;
      }
      case 'kms:GetKeyRotationStatus': {
        const keyId = lastSegment(str(body['KeyId'])) ?? hints.key;
        if (keyId) this.rotations.push({ keyId, enabled: body['KeyRotationEnabled'] === true });
        return;
      }
      case 'logs:DescribeLogGroups':
        for (const group of svc.logGroupsFrom(body, region)) {
          if (/^\/aws\/eks\/[^/]+\/cluster$/.test(group.name)) this.clusterLogGroupCount += 1;
          this.add(AWS_TYPES.logGroup, group.arn, region, group);
        }
        return;
      case 'ssm:GetParameters':
        for (const parameter of svc.ssmParametersFrom(body, region, this.ssmPrefix)) this.add(AWS_TYPES.ssmParameter, `arn:aws:ssm:${region}::parameter${parameter.name}`, region, parameter);
        return;
      case 'guardduty:GetDetector': {
        if (!hints.detector) return;
        const detector = svc.guardDutyFrom(body, region, hints.detector);
        this.add(AWS_TYPES.guardDuty, detector.arn, region, detector);
        return;
      }
      case 'ecr:DescribeRepositories':
        for (const repository of svc.ecrRepositoriesFrom(body, region)) {
          this.ecrRepositoryCount += 1;
          this.add(AWS_TYPES.ecrRepository, repository.arn, region, repository);
        }
        return;
      case 'ecr:GetRegistryScanningConfiguration': {
        const scanning = svc.ecrScanningFrom(body, region);
        this.add(AWS_TYPES.ecrScanning, `arn:aws:ecr:${region}:${scanning.registryId ?? ''}:registry-scanning`, region, scanning);
        return;
      }
      case 'ecr:GetRepositoryPolicy':
      case 'ecr:GetRegistryPolicy': {
        const policy = ecrPolicyFrom(body, region);
        const registry = policy.registryId ?? '';
        if (kind === 'ecr:GetRegistryPolicy') this.add(AWS_TYPES.ecrRegistryPolicy, `arn:aws:ecr:${region}:${registry}:registry`, region, policy);
        else this.add(AWS_TYPES.ecrRepositoryPolicy, `arn:aws:ecr:${region}:${registry}:repository/${policy.repositoryName ?? ''}`, region, policy);
        return;
      }
      case 'ecr:DescribeImages':
        for (const image of ecrImagesFrom(body, region)) {
          const key = `${region}|${image.repositoryName}|${image.digest}`;
          if (!this.ecrImages.has(key)) this.ecrImages.set(key, image);
        }
        return;
      case 'ecr:DescribeImageScanFindings':
        this.ecrFindings.push({ region, findings: ecrScanFindingsFrom(body) });
        return;
      case 'cloudtrail:DescribeTrails':
        for (const trail of trailsFrom(body, region)) if (!this.trails.some((known) => known.region === region && known.arn === trail.arn)) this.trails.push(trail);
        return;
      case 'cloudtrail:GetTrailStatus':
        if (hints.trail) this.trailDetails.push({ region, trail: hints.trail, logging: body['IsLogging'] === true });
        return;
      case 'cloudtrail:GetEventSelectors': {
        const trail = str(body['TrailARN']) ?? hints.trail;
        if (trail) this.trailDetails.push({ region, trail, managementEvents: recordsManagementEvents(body) });
        return;
      }
      case 'logs:DescribeMetricFilters':
        for (const filter of metricFiltersFrom(body, region)) {
          this.metricFilterCount += 1;
          this.add(AWS_TYPES.metricFilter, `arn:aws:logs:${region}::log-group:${filter.logGroupName}:metric-filter:${filter.name}`, region, filter);
        }
        return;
      case 'cloudwatch:DescribeAlarms':
        for (const alarm of metricAlarmsFrom(body, region)) this.add(AWS_TYPES.alarm, alarm.arn ?? `arn:aws:cloudwatch:${region}::alarm:${alarm.name}`, region, alarm);
        return;
      case 'eks:ListClusters':
      case 'eks:ListNodegroups':
      case 'eks:ListFargateProfiles':
      case 'eks:ListAddons':
      case 'eks:ListAccessEntries':
      case 'eks:ListPodIdentityAssociations':
      case 'guardduty:ListDetectors':
        // lists only prove that the collection ran (an empty list is an answer, not a gap)
        return;
    }
  }

  private role(role: RoleModel | undefined): void {
    if (role && !this.roles.has(role.name)) this.roles.set(role.name, role);
  }

  finish(): void {
    for (const pending of this.pendingPolicies) {
      const entry = [...this.entries.values()].find(
        (candidate) => candidate.region === pending.region && candidate.principalArn === pending.principal && (!pending.cluster || candidate.clusterName === pending.cluster),
      );
      if (entry) entry.policies = [...(entry.policies ?? []), ...(pending.policies ?? [])];
    }
    for (const entry of this.entries.values()) this.add(AWS_TYPES.accessEntry, entry.arn, entry.region, entry);
    for (const detail of this.roleDetails) {
      const role = this.roles.get(detail.role);
      if (role) detail.apply(role);
    }
    for (const role of this.roles.values()) this.add(AWS_TYPES.role, role.arn, 'global', role);
    for (const [key, entry] of this.policies) {
      const arn = str(entry.policy?.['Arn']) ?? (key.startsWith('arn:') ? key : undefined);
      if (!arn || !entry.version) continue;
      this.add(AWS_TYPES.managedPolicy, arn, 'global', svc.managedPolicyFrom(arn, entry.policy ?? {}, entry.version));
    }
    for (const rotation of this.rotations) {
      const key = this.keys.get(rotation.keyId);
      if (key) key.rotationEnabled = rotation.enabled;
    }
    for (const key of this.keys.values()) this.add(AWS_TYPES.kmsKey, key.arn, key.region, key);
    mergeScanFindings(this.ecrImages, this.ecrFindings);
    applyTrailDetails(this.trails, this.trailDetails);
    for (const trail of this.trails) this.add(AWS_TYPES.trail, `${trail.arn}#${trail.region}`, trail.region, trail);
    for (const image of this.ecrImages.values()) {
      this.add(AWS_TYPES.ecrImage, `arn:aws:ecr:${image.region}:${image.registryId ?? ''}:repository/${image.repositoryName}@${image.digest}`, image.region, image);
    }
  }

  /** Data keys that some model in the snapshot calls for, so their absence is a gap and not "nothing there". */
  requiredKeys(): Set<string> {
    const required = new Set<string>();
    if (this.clusters.length === 0) return required;
    const always = [
      AWS_KEYS.nodegroups, AWS_KEYS.fargateProfiles, AWS_KEYS.addons, AWS_KEYS.accessEntries, AWS_KEYS.podIdentity,
      AWS_KEYS.securityGroups, AWS_KEYS.subnets, AWS_KEYS.routeTables, AWS_KEYS.flowLogs, AWS_KEYS.roles, AWS_KEYS.logGroups,
      AWS_KEYS.guardDuty, AWS_KEYS.ecrRepositories, AWS_KEYS.ecrScanning, AWS_KEYS.ecrRegistryPolicy, AWS_KEYS.trails,
    ];
    for (const key of always) required.add(key);
    if (this.clusters.some((cluster) => cluster.oidcIssuer)) required.add(AWS_KEYS.oidcProviders);
    if (this.clusters.some((cluster) => cluster.encryption.some((entry) => entry.keyArn))) {
      required.add(AWS_KEYS.kmsKeys);
      required.add(AWS_KEYS.kmsRotation);
    }
    if (this.addonCount > 0) required.add(AWS_KEYS.addonVersions);
    // alarms are read only for the metrics some filter publishes
    if (this.clusterLogGroupCount > 0) required.add(AWS_KEYS.metricFilters);
    if (this.metricFilterCount > 0) required.add(AWS_KEYS.alarms);
    if (this.trails.length > 0) {
      required.add(AWS_KEYS.trailStatus);
      required.add(AWS_KEYS.trailSelectors);
    }
    if (this.ecrRepositoryCount > 0) {
      required.add(AWS_KEYS.ecrRepositoryPolicies);
      required.add(AWS_KEYS.ecrImages);
    }
    if ([...this.entries.values()].some((entry) => (entry.type ?? 'STANDARD') === 'STANDARD')) required.add(AWS_KEYS.accessPolicies);
    if (this.nodegroups.length > 0 || this.fargateCount > 0) {
      required.add(AWS_KEYS.attachedPolicies);
      required.add(AWS_KEYS.inlinePolicies);
    }
    if (this.nodegroups.length > 0) required.add(AWS_KEYS.ebsDefault);
    if (this.nodegroups.some((nodegroup) => nodegroup.launchTemplate)) required.add(AWS_KEYS.launchTemplates);
    if (this.nodegroups.some((nodegroup) => nodegroup.autoScalingGroups.length > 0)) required.add(AWS_KEYS.instances);
    if (this.nodegroups.some((nodegroup) => nodegroup.amiType && nodegroup.amiType !== 'CUSTOM')) required.add(AWS_KEYS.amiReleases);
    return required;
  }
}

function lastSegment(value: string | undefined): string | undefined {
  return value?.split('/').pop();
}

/** Turns the responses of a snapshot (or of a live collection) into the inventory the checks read. */
export function inventoryFromResponses(files: readonly SnapshotFile[], options: ParseOptions): Inventory {
  const meta = options.meta ?? {};
  const builder = new Builder(meta.ssmParameterPrefix ?? '');
  for (const file of files) builder.file(file);
  builder.finish();
  const starved = options.starvedChecks ?? (() => []);
  const gaps: Gap[] = [];
  const missing = new Map<string, Gap>();
  for (const recorded of meta.gaps ?? []) {
    const fallback = recorded.keys.length > 0 && recorded.keys.every((key) => OPTIONAL_KEYS.has(key));
    const reason = fallback ? `${recorded.reason}; the version checks use the EKS calendar shipped with eksguard instead` : recorded.reason;
    const gap: Gap = { source: recorded.source, reason, checks: [...new Set(recorded.keys.flatMap(starved))].sort() };
    gaps.push(gap);
    for (const key of recorded.keys) if (!OPTIONAL_KEYS.has(key) && !missing.has(key)) missing.set(key, gap);
  }
  const present = new Set([...builder.seen].flatMap((kind) => [dataKeyOf(kind), ALSO_PROVIDES[kind]]));
  for (const key of builder.requiredKeys()) {
    if (present.has(key as never) || missing.has(key)) continue;
    const action = key.replace(/^aws:/, '');
    const gap: Gap = { source: `aws ${action}`, reason: `no ${action} output in ${options.origin}`, checks: starved(key) };
    gaps.push(gap);
    missing.set(key, gap);
  }
  const versions = new Set(builder.clusters.map((cluster) => cluster.version).filter(Boolean));
  return createInventory({
    aws: builder.records,
    errors: builder.errors,
    gaps,
    missing,
    facts: versions.size === 1 ? { kubernetesVersion: [...versions][0]! } : {},
  });
}

