import type { CheckContext, Subject, Target } from '../core/check.js';
import type { AwsRecord, Inventory } from '../core/inventory.js';
import {
  AWS_TYPES,
  type AccessEntryModel,
  type AddonModel,
  type AddonVersionsModel,
  type ClusterModel,
  type ClusterVersionModel,
  type EbsDefaultModel,
  type EcrRepositoryModel,
  type EcrScanningModel,
  type FargateProfileModel,
  type FlowLogModel,
  type GuardDutyModel,
  type InstanceModel,
  type KmsKeyModel,
  type LaunchTemplateVersionModel,
  type LogGroupModel,
  type NodegroupModel,
  type OidcProviderModel,
  type PodIdentityAssociationModel,
  type RoleModel,
  type RouteTableModel,
  type SecurityGroupModel,
  type SsmParameterModel,
  type SubnetModel,
} from './models.js';
import { roleNameOf } from './json.js';

function ofType<M>(records: readonly AwsRecord[], type: string): M[] {
  return records.filter((record) => record.type === type).map((record) => record.model as M);
}

function group<M>(items: readonly M[], key: (item: M) => string): Map<string, M[]> {
  const out = new Map<string, M[]>();
  for (const item of items) {
    const k = key(item);
    const bucket = out.get(k);
    if (bucket) bucket.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const clusterKey = (region: string, cluster: string) => `${region}|${cluster}`;

/** Indexes over the AWS records of one inventory, built once per run, for joins between resources. */
export class AwsView {
  readonly clusters: ClusterModel[];
  readonly nodegroups: NodegroupModel[];
  readonly fargateProfiles: FargateProfileModel[];
  readonly addons: AddonModel[];
  readonly accessEntries: AccessEntryModel[];
  readonly podIdentity: PodIdentityAssociationModel[];
  readonly roles: RoleModel[];
  readonly oidcProviders: OidcProviderModel[];
  readonly ecrRepositories: EcrRepositoryModel[];
  private readonly byCluster: Map<string, { nodegroups: NodegroupModel[]; fargate: FargateProfileModel[]; addons: AddonModel[]; entries: AccessEntryModel[]; podIdentity: PodIdentityAssociationModel[] }>;
  private readonly groups: Map<string, SecurityGroupModel>;
  private readonly subnets: Map<string, SubnetModel>;
  private readonly routeTables: RouteTableModel[];
  private readonly flowLogs: FlowLogModel[];
  private readonly templates: LaunchTemplateVersionModel[];
  private readonly instances: Map<string, InstanceModel[]>;
  private readonly ebsDefaults: Map<string, EbsDefaultModel>;
  private readonly rolesByName: Map<string, RoleModel>;
  private readonly keys: KmsKeyModel[];
  private readonly logGroups: Map<string, LogGroupModel>;
  private readonly parameters: Map<string, SsmParameterModel>;
  private readonly detectors: Map<string, GuardDutyModel[]>;
  private readonly scanning: Map<string, EcrScanningModel>;
  private readonly versions: Map<string, ClusterVersionModel>;
  private readonly addonVersions: AddonVersionsModel[];

  constructor(records: readonly AwsRecord[]) {
    this.clusters = ofType(records, AWS_TYPES.cluster);
    this.nodegroups = ofType(records, AWS_TYPES.nodegroup);
    this.fargateProfiles = ofType(records, AWS_TYPES.fargateProfile);
    this.addons = ofType(records, AWS_TYPES.addon);
    this.accessEntries = ofType(records, AWS_TYPES.accessEntry);
    this.podIdentity = ofType(records, AWS_TYPES.podIdentity);
    this.roles = ofType(records, AWS_TYPES.role);
    this.oidcProviders = ofType(records, AWS_TYPES.oidcProvider);
    this.ecrRepositories = ofType(records, AWS_TYPES.ecrRepository);
    this.byCluster = new Map();
    const bucket = (region: string, cluster: string) => {
      const key = clusterKey(region, cluster);
      let found = this.byCluster.get(key);
      if (!found) {
        found = { nodegroups: [], fargate: [], addons: [], entries: [], podIdentity: [] };
        this.byCluster.set(key, found);
      }
      return found;
    };
    for (const item of this.nodegroups) bucket(item.region, item.clusterName).nodegroups.push(item);
    for (const item of this.fargateProfiles) bucket(item.region, item.clusterName).fargate.push(item);
    for (const item of this.addons) bucket(item.region, item.clusterName).addons.push(item);
    for (const item of this.accessEntries) bucket(item.region, item.clusterName).entries.push(item);
    for (const item of this.podIdentity) bucket(item.region, item.clusterName).podIdentity.push(item);
    this.groups = new Map(ofType<SecurityGroupModel>(records, AWS_TYPES.securityGroup).map((sg) => [sg.id, sg]));
    this.subnets = new Map(ofType<SubnetModel>(records, AWS_TYPES.subnet).map((subnet) => [subnet.id, subnet]));
    this.routeTables = ofType(records, AWS_TYPES.routeTable);
    this.flowLogs = ofType(records, AWS_TYPES.flowLog);
    this.templates = ofType(records, AWS_TYPES.launchTemplateVersion);
    this.instances = group(
      ofType<InstanceModel>(records, AWS_TYPES.instance).filter((instance) => instance.autoScalingGroup),
      (instance) => `${instance.region}|${instance.autoScalingGroup}`,
    );
    this.ebsDefaults = new Map(ofType<EbsDefaultModel>(records, AWS_TYPES.ebsDefault).map((item) => [item.region, item]));
    this.rolesByName = new Map(this.roles.map((role) => [role.name, role]));
    this.keys = ofType(records, AWS_TYPES.kmsKey);
    this.logGroups = new Map(ofType<LogGroupModel>(records, AWS_TYPES.logGroup).map((item) => [`${item.region}|${item.name}`, item]));
    this.parameters = new Map(ofType<SsmParameterModel>(records, AWS_TYPES.ssmParameter).map((item) => [`${item.region}|${item.name}`, item]));
    this.detectors = group(ofType<GuardDutyModel>(records, AWS_TYPES.guardDuty), (item) => item.region);
    this.scanning = new Map(ofType<EcrScanningModel>(records, AWS_TYPES.ecrScanning).map((item) => [item.region, item]));
    this.versions = new Map(ofType<ClusterVersionModel>(records, AWS_TYPES.clusterVersion).map((item) => [`${item.region}|${item.version}`, item]));
    this.addonVersions = ofType(records, AWS_TYPES.addonVersions);
  }

  clusterOf(item: { region: string; clusterName: string }): ClusterModel | undefined {
    return this.clusters.find((cluster) => cluster.region === item.region && cluster.name === item.clusterName);
  }

  nodegroupsOf(cluster: ClusterModel): NodegroupModel[] {
    return this.byCluster.get(clusterKey(cluster.region, cluster.name))?.nodegroups ?? [];
  }

  fargateProfilesOf(cluster: ClusterModel): FargateProfileModel[] {
    return this.byCluster.get(clusterKey(cluster.region, cluster.name))?.fargate ?? [];
  }

  addonsOf(cluster: ClusterModel): AddonModel[] {
    return this.byCluster.get(clusterKey(cluster.region, cluster.name))?.addons ?? [];
  }

  addon(cluster: ClusterModel, name: string): AddonModel | undefined {
    return this.addonsOf(cluster).find((addon) => addon.name === name);
  }

  accessEntriesOf(cluster: ClusterModel): AccessEntryModel[] {
    return this.byCluster.get(clusterKey(cluster.region, cluster.name))?.entries ?? [];
  }

  podIdentityOf(cluster: ClusterModel): PodIdentityAssociationModel[] {
    return this.byCluster.get(clusterKey(cluster.region, cluster.name))?.podIdentity ?? [];
  }

  securityGroup(id: string): SecurityGroupModel | undefined {
    return this.groups.get(id);
  }

  subnet(id: string): SubnetModel | undefined {
    return this.subnets.get(id);
  }

  routeTablesIn(region: string): RouteTableModel[] {
    return this.routeTables.filter((table) => table.region === region);
  }

  flowLogsFor(region: string, resourceId: string): FlowLogModel[] {
    return this.flowLogs.filter((log) => log.region === region && log.resourceId === resourceId);
  }

  /** The launch-template version a node group uses (`$Default`/`$Latest` resolved against what was collected). */
  launchTemplateOf(nodegroup: NodegroupModel): LaunchTemplateVersionModel | undefined {
    const template = nodegroup.launchTemplate;
    if (!template) return undefined;
    const candidates = this.templates.filter(
      (version) => version.region === nodegroup.region && ((template.id && version.id === template.id) || (template.name && version.name === template.name)),
    );
    const wanted = template.version;
    if (wanted === undefined || wanted === '$Default') return candidates.find((version) => version.isDefault) ?? (wanted ? undefined : candidates[0]);
    if (wanted === '$Latest') return [...candidates].sort((a, b) => Number(b.version) - Number(a.version))[0];
    return candidates.find((version) => version.version === wanted);
  }

  instancesOf(nodegroup: NodegroupModel): InstanceModel[] {
    return nodegroup.autoScalingGroups.flatMap((name) => this.instances.get(`${nodegroup.region}|${name}`) ?? []);
  }

  ebsDefault(region: string): EbsDefaultModel | undefined {
    return this.ebsDefaults.get(region);
  }

  role(arnOrName: string | undefined): RoleModel | undefined {
    if (!arnOrName) return undefined;
    return this.rolesByName.get(roleNameOf(arnOrName) ?? arnOrName);
  }

  kmsKey(arnOrId: string): KmsKeyModel | undefined {
    const id = arnOrId.split('/').pop() ?? arnOrId;
    return this.keys.find((key) => key.arn === arnOrId || key.keyId === id);
  }

  logGroup(region: string, name: string): LogGroupModel | undefined {
    return this.logGroups.get(`${region}|${name}`);
  }

  ssmParameter(region: string, name: string): SsmParameterModel | undefined {
    return this.parameters.get(`${region}|${name}`);
  }

  detectorsIn(region: string): GuardDutyModel[] {
    return this.detectors.get(region) ?? [];
  }

  registryScanning(region: string): EcrScanningModel | undefined {
    return this.scanning.get(region);
  }

  clusterVersion(region: string, version: string): ClusterVersionModel | undefined {
    return this.versions.get(`${region}|${version}`);
  }

  addonDefault(region: string, addonName: string, clusterVersion: string): string | undefined {
    for (const model of this.addonVersions) {
      if (model.region === region && model.addonName === addonName && model.defaultByClusterVersion[clusterVersion]) return model.defaultByClusterVersion[clusterVersion];
    }
    return undefined;
  }

  /** The security groups the cluster's control-plane ENIs carry. */
  controlPlaneGroups(cluster: ClusterModel): string[] {
    return [...new Set([...(cluster.clusterSecurityGroupId ? [cluster.clusterSecurityGroupId] : []), ...cluster.securityGroupIds])];
  }

  /**
   * The security groups on a node group's instances: the launch template's own groups
   * (EKS then does not add the cluster group), else the cluster group, plus the SSH
   * group EKS creates for remote access, plus whatever the running instances show.
   */
  nodeGroups(nodegroup: NodegroupModel): string[] {
    const template = this.launchTemplateOf(nodegroup);
    const cluster = this.clusterOf(nodegroup);
    const ids = new Set<string>();
    if (template && template.securityGroupIds.length > 0) for (const id of template.securityGroupIds) ids.add(id);
    else if (cluster?.clusterSecurityGroupId) ids.add(cluster.clusterSecurityGroupId);
    if (nodegroup.remoteAccessSecurityGroup) ids.add(nodegroup.remoteAccessSecurityGroup);
    for (const instance of this.instancesOf(nodegroup)) for (const id of instance.securityGroupIds) ids.add(id);
    return [...ids];
  }
}

export function awsView(ctx: Pick<CheckContext, 'memo' | 'inventory'>): AwsView {
  return ctx.memo('aws:view', () => new AwsView(ctx.inventory.aws));
}

/** A record as a subject: its model, with the location of its declaration where the source knows it. */
export function subjectOf<M>(record: AwsRecord): Subject<M> {
  return { ref: record.ref, value: record.model as M, ...(record.location ? { location: record.location } : {}), ...(record.locate ? { locate: record.locate } : {}) };
}

const typeTargets = new Map<string, Target<unknown>>();

/** Every AWS record of one type (`AWS::EKS::Cluster` ...) as a subject whose value is its model. */
export function awsRecordsOf<M>(type: string): Target<M> {
  let target = typeTargets.get(type);
  if (!target) {
    target = {
      id: `aws:${type}`,
      // AWS records, never a Kubernetes object
      kinds: [],
      select(inventory: Inventory): readonly Subject<unknown>[] {
        return inventory.aws.filter((record) => record.type === type).map((record) => subjectOf(record));
      },
    };
    typeTargets.set(type, target);
  }
  return target as Target<M>;
}

export const clusters = awsRecordsOf<ClusterModel>(AWS_TYPES.cluster);
export const nodegroups = awsRecordsOf<NodegroupModel>(AWS_TYPES.nodegroup);
export const fargateProfiles = awsRecordsOf<FargateProfileModel>(AWS_TYPES.fargateProfile);
export const addons = awsRecordsOf<AddonModel>(AWS_TYPES.addon);
export const accessEntries = awsRecordsOf<AccessEntryModel>(AWS_TYPES.accessEntry);
export const launchTemplateVersions = awsRecordsOf<LaunchTemplateVersionModel>(AWS_TYPES.launchTemplateVersion);
