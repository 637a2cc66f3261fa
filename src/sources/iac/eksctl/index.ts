/**
 * An eksctl ClusterConfig (`apiVersion: eksctl.io/v1alpha5`, `kind: ClusterConfig`) → the AWS
 * models of what `eksctl create cluster -f` builds from it: the cluster, its managed node groups
 * with the launch templates and node roles eksctl writes, Fargate profiles, add-ons (the default
 * ones too), access entries, IRSA and Pod Identity roles, and the VPC eksctl creates when the
 * config names none. What eksctl decides when a field is absent comes from ./defaults.ts.
 */
import { createHash } from 'node:crypto';
import { AWS_TYPES, type AddonModel, type ClusterModel, type LaunchTemplateVersionModel, type NodegroupModel, type PolicyStatement, type RoleModel, type SecurityGroupModel } from '../../../aws/models.js';
import { policyStatements } from '../../../aws/policy.js';
import { analyzeUserData, mergeUserDataFacts } from '../../../aws/user-data/facts.js';
import { asRecord } from '../../../core/inventory.js';
import { defined } from '../fields.js';
import { groupOfPath, locator, type Declaration, type LocateTarget } from '../locate.js';
import { emptyInput, inputError, type IacRecord, type NormalisedInput } from '../model.js';
import { readYamlSource, type SourceText } from '../yaml-source.js';
import * as D from './defaults.js';

type Json = Record<string, unknown>;

const obj = (value: unknown): Json => asRecord(value) ?? {};
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const strs = (value: unknown): string[] => arr(value).filter((item): item is string => typeof item === 'string' && item !== '');
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);
const flag = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);

const trust = (service: string, actions: string[]) => ({ effect: 'Allow', actions, notActions: [], resources: [], principals: { Service: [service] }, conditions: {} });

export function isEksctlConfig(value: unknown): boolean {
  const json = asRecord(value);
  return typeof json?.['apiVersion'] === 'string' && json['apiVersion'].startsWith('eksctl.io/') && json['kind'] === 'ClusterConfig';
}

class ConfigNormaliser {
  readonly records: IacRecord[] = [];
  private readonly file: string;
  private readonly source: SourceText;
  private readonly config: Json;
  private readonly name: string;
  private readonly region: string;
  private readonly account: string;
  private readonly withOIDC: boolean;
  private readonly clusterGroup: string;
  private readonly issuer: string;

  constructor(file: string, source: SourceText, account: string) {
    this.file = file;
    this.source = source;
    this.config = obj(source.value);
    const metadata = obj(this.config['metadata']);
    this.name = text(metadata['name']) ?? 'cluster';
    this.region = text(metadata['region']) ?? 'unknown-region';
    this.account = account;
    this.withOIDC = obj(this.config['iam'])['withOIDC'] === true;
    this.clusterGroup = `eksctl-${this.name}-cluster/ClusterSecurityGroup`;
    this.issuer = `https://oidc.eks.${this.region}.amazonaws.com/id/${createHash('sha256').update(`${file}|${this.name}`).digest('hex').slice(0, 32).toUpperCase()}`;
  }

  private declaration(path: readonly (string | number)[]): Declaration {
    const line = this.source.lineOf(path);
    return { path, ...(line !== undefined ? { line } : {}) };
  }

  private emit(type: string, id: string, model: object, path: readonly (string | number)[], translate: (finding: string) => LocateTarget | undefined = () => undefined): void {
    const own = this.declaration(path);
    this.records.push({
      type,
      id,
      region: this.region,
      model,
      location: { file: this.file, ...(own.line !== undefined ? { line: own.line } : {}) },
      locate: locator(this.file, own, translate, this.source.lineOf),
    });
  }

  private roleArn(name: string): string {
    return `arn:aws:iam::${this.account}:role/${name}`;
  }

  private at(...path: (string | number)[]): LocateTarget {
    return { declaration: { path: [] }, attribute: path };
  }

  run(): void {
    const vpc = obj(this.config['vpc']);
    const endpoints = obj(vpc['clusterEndpoints']);
    const privateCluster = obj(this.config['privateCluster'])['enabled'] === true;
    const access = obj(this.config['accessConfig']);
    const logging = obj(obj(this.config['cloudWatch'])['clusterLogging']);
    const enabled = strs(logging['enableTypes']);
    const issuer = this.issuer;
    const keyArn = text(obj(this.config['secretsEncryption'])['keyARN']);
    const version = text(obj(this.config['metadata'])['version']) ?? D.DEFAULT_KUBERNETES_VERSION;
    const cluster: ClusterModel = defined({
      name: this.name,
      arn: `arn:aws:eks:${this.region}:${this.account}:cluster/${this.name}`,
      region: this.region,
      accountId: this.account || undefined,
      version,
      roleArn: text(obj(this.config['iam'])['serviceRoleARN']) ?? this.roleArn(`eksctl-${this.name}-cluster-ServiceRole`),
      endpointPublicAccess: privateCluster ? false : flag(endpoints['publicAccess'], D.DEFAULT_PUBLIC_ACCESS),
      endpointPrivateAccess: privateCluster ? true : flag(endpoints['privateAccess'], D.DEFAULT_PRIVATE_ACCESS),
      publicAccessCidrs: strs(vpc['publicAccessCIDRs']).length > 0 ? strs(vpc['publicAccessCIDRs']) : D.DEFAULT_PUBLIC_ACCESS_CIDRS,
      clusterSecurityGroupId: this.clusterGroup,
      securityGroupIds: [text(vpc['securityGroup']) ?? `eksctl-${this.name}-cluster/ControlPlaneSecurityGroup`],
      subnetIds: this.subnets(false).concat(this.subnets(true)),
      vpcId: text(vpc['id']) ?? `eksctl-${this.name}-cluster/VPC`,
      enabledLogTypes: enabled.some((type) => type === '*' || type.toLowerCase() === 'all') ? D.ALL_LOG_TYPES : enabled,
      oidcIssuer: issuer,
      encryption: keyArn ? [{ resources: ['secrets'], keyArn }] : [],
      accessConfig: { authenticationMode: text(access['authenticationMode']) ?? D.DEFAULT_AUTHENTICATION_MODE, bootstrapClusterCreatorAdminPermissions: flag(access['bootstrapClusterCreatorAdminPermissions'], true) },
      healthIssues: [],
      autoMode: obj(this.config['autoModeConfig'])['enabled'] === true,
      tags: Object.fromEntries(Object.entries(obj(obj(this.config['metadata'])['tags'])).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    });
    this.emit(AWS_TYPES.cluster, this.name, cluster, ['metadata'], (path) => this.clusterPath(path));
    this.network(vpc);
    const retention = logging['logRetentionInDays'];
    if (typeof retention === 'number' && enabled.length > 0) {
      this.emit(AWS_TYPES.logGroup, `/aws/eks/${this.name}/cluster`, { name: `/aws/eks/${this.name}/cluster`, region: this.region, arn: `arn:aws:logs:${this.region}:${this.account}:log-group:/aws/eks/${this.name}/cluster`, retentionInDays: retention }, ['cloudWatch', 'clusterLogging', 'logRetentionInDays']);
    }
    arr(this.config['managedNodeGroups']).forEach((ng, index) => this.nodegroup(obj(ng), index, version));
    arr(this.config['fargateProfiles']).forEach((profile, index) => this.fargate(obj(profile), index));
    this.addons();
    this.identities(issuer);
    arr(access['accessEntries']).forEach((entry, index) => {
      const item = obj(entry);
      const principalArn = text(item['principalARN']) ?? '';
      this.emit(AWS_TYPES.accessEntry, `accessConfig.accessEntries[${index}]`, defined({
        principalArn,
        clusterName: this.name,
        region: this.region,
        arn: principalArn,
        type: text(item['type']) ?? 'STANDARD',
        username: text(item['username']),
        kubernetesGroups: strs(item['kubernetesGroups']),
        policies: arr(item['accessPolicies']).map((policy) => defined({ policyArn: text(obj(policy)['policyARN']) ?? '', scopeType: text(obj(obj(policy)['accessScope'])['type']), namespaces: strs(obj(obj(policy)['accessScope'])['namespaces']) })),
      }), ['accessConfig', 'accessEntries', index], (path) => (path === 'associatedAccessPolicies' ? this.at('accessConfig', 'accessEntries', index, 'accessPolicies') : path.startsWith('accessEntry.') ? this.at('accessConfig', 'accessEntries', index, path.endsWith('kubernetesGroups') ? 'kubernetesGroups' : 'principalARN') : undefined));
    });
  }

  /** The subnets eksctl creates (or the ones vpc.subnets names), public or private. */
  private subnets(isPrivate: boolean): string[] {
    const named = obj(obj(obj(this.config['vpc'])['subnets'])[isPrivate ? 'private' : 'public']);
    const ids = Object.values(named).map((subnet) => text(obj(subnet)['id'])).filter((id): id is string => !!id);
    if (Object.keys(named).length > 0) return ids;
    if (text(obj(this.config['vpc'])['id'])) return [];
    return [`eksctl-${this.name}-cluster/Subnet${isPrivate ? 'Private' : 'Public'}`];
  }

  /** The VPC eksctl creates: public subnets with public IPs routed to an internet gateway, private ones behind a NAT gateway. */
  private network(vpc: Json): void {
    const vpcId = text(vpc['id']) ?? `eksctl-${this.name}-cluster/VPC`;
    const group = (id: string, ingress: SecurityGroupModel['ingress']): SecurityGroupModel => ({ id, region: this.region, arn: id, vpcId, ingress, egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], groupIds: [], prefixListIds: [] }], tags: {} });
    // created by EKS (sec-group-reqs); eksctl also links it to its shared node group both ways
    this.emit(AWS_TYPES.securityGroup, this.clusterGroup, group(this.clusterGroup, [{ protocol: '-1', cidrs: [], groupIds: [this.clusterGroup], prefixListIds: [] }]), ['vpc']);
    const controlPlane = text(vpc['securityGroup']);
    if (!controlPlane) this.emit(AWS_TYPES.securityGroup, `eksctl-${this.name}-cluster/ControlPlaneSecurityGroup`, group(`eksctl-${this.name}-cluster/ControlPlaneSecurityGroup`, []), ['vpc']);
    if (text(vpc['id']) || Object.keys(obj(vpc['subnets'])).length > 0) return;
    for (const isPrivate of [false, true]) {
      const [subnet] = this.subnets(isPrivate);
      this.emit(AWS_TYPES.subnet, subnet!, { id: subnet!, vpcId, region: this.region, mapPublicIpOnLaunch: !isPrivate }, ['vpc']);
      const table = `eksctl-${this.name}-cluster/${isPrivate ? 'Private' : 'Public'}RouteTable`;
      this.emit(AWS_TYPES.routeTable, table, { id: table, vpcId, region: this.region, main: false, subnetIds: [subnet!], internetRoutes: isPrivate ? [] : ['0.0.0.0/0'] }, ['vpc']);
    }
  }

  private clusterPath(path: string): LocateTarget | undefined {
    const group = groupOfPath(path);
    if (group) return this.at('vpc');
    if (path.startsWith('resourcesVpcConfig.endpointP')) return this.at('vpc', 'clusterEndpoints', path.endsWith('PublicAccess') ? 'publicAccess' : 'privateAccess');
    if (path === 'resourcesVpcConfig.publicAccessCidrs') return this.at('vpc', 'publicAccessCIDRs');
    if (path.startsWith('resourcesVpcConfig')) return this.at('vpc');
    if (path.startsWith('logging')) return this.at('cloudWatch', 'clusterLogging', 'enableTypes');
    if (path.startsWith('logGroups')) return this.at('cloudWatch', 'clusterLogging', 'logRetentionInDays');
    if (path === 'encryptionConfig') return this.at('secretsEncryption');
    if (path.startsWith('accessConfig')) return this.at('accessConfig', path.split('.')[1] ?? 'authenticationMode');
    if (path === 'version' || path === 'platformVersion') return this.at('metadata', 'version');
    if (path.startsWith('identity')) return this.at('iam', 'withOIDC');
    if (path.startsWith('addon') || path === 'addons' || path === 'associations') return this.at('addons');
    return undefined;
  }

  /** eksctl writes preBootstrapCommands and overrideBootstrapCommand into the template's user data as they are. */
  private userData(ng: Json) {
    const override = text(ng['overrideBootstrapCommand']);
    const commands = [...strs(ng['preBootstrapCommands']).map((command, index) => ({ command, part: `preBootstrapCommands[${index}]` })), ...(override ? [{ command: override, part: 'overrideBootstrapCommand' }] : [])];
    if (commands.length === 0) return undefined;
    return mergeUserDataFacts(
      commands.map(({ command, part }) => {
        const facts = analyzeUserData(command, { base64: false });
        const named = (label: string): string => (label.startsWith('user data') ? `${part}${label.slice('user data'.length)}` : `${part} ${label}`);
        const kubelet = facts.kubelet?.refused ? { kubelet: { ...facts.kubelet, refused: facts.kubelet.refused.map(named) } } : {};
        return { ...facts, ...kubelet, credentials: facts.credentials.map((credential) => ({ ...credential, part: credential.part === 'user data' ? part : named(credential.part) })) };
      }),
    );
  }

  private nodegroup(ng: Json, index: number, clusterVersion: string): void {
    const name = text(ng['name']) ?? `ng-${index}`;
    const ssh = obj(ng['ssh']);
    const keyName = text(ssh['publicKeyName']) ?? (text(ssh['publicKeyPath']) || text(ssh['publicKey']) ? `eksctl-${this.name}-nodegroup-${name}` : undefined);
    const sshAllowed = flag(ssh['allow'], keyName !== undefined);
    const privateNetworking = ng['privateNetworking'] === true;
    const iam = obj(ng['iam']);
    const addonPolicies = obj(iam['withAddonPolicies']);
    const roleArn = text(iam['instanceRoleARN']) ?? this.roleArn(text(iam['instanceRoleName']) ?? `eksctl-${this.name}-nodegroup-${name}-NodeInstanceRole`);
    const template = obj(ng['launchTemplate']);
    const templateId = text(template['id']) ?? `eksctl-${this.name}-nodegroup-${name}/LaunchTemplate`;
    const sshGroup = `eksctl-${this.name}-nodegroup-${name}/SSH`;
    const path = ['managedNodeGroups', index];
    const instanceTypes = [text(ng['instanceType']), ...strs(ng['instanceTypes'])].filter((type): type is string => !!type);
    const model: NodegroupModel = defined({
      name,
      arn: `arn:aws:eks:${this.region}:${this.account}:nodegroup/${this.name}/${name}`,
      clusterName: this.name,
      region: this.region,
      version: clusterVersion,
      releaseVersion: text(ng['releaseVersion']),
      amiType: amiType(ng, instanceTypes),
      nodeRole: roleArn,
      subnets: strs(ng['subnets']).length > 0 ? strs(ng['subnets']) : this.subnets(privateNetworking),
      autoScalingGroups: [],
      launchTemplate: { id: templateId, version: text(template['version']) ?? '1' },
      healthIssues: [],
    });
    const translate = (finding: string): LocateTarget | undefined => {
      if (finding.endsWith('HttpTokens')) return this.at(...path, 'disableIMDSv1');
      if (finding.endsWith('HttpPutResponseHopLimit')) return this.at(...path, 'disablePodIMDS');
      if (finding.endsWith('KeyName') || finding.startsWith('nodegroup.remoteAccess')) return this.at(...path, 'ssh');
      if (finding.endsWith('BlockDeviceMappings')) return this.at(...path, 'volumeEncrypted');
      if (finding === 'LaunchTemplateData.UserData') return this.at(...path, ng['overrideBootstrapCommand'] !== undefined && arr(ng['preBootstrapCommands']).length === 0 ? 'overrideBootstrapCommand' : 'preBootstrapCommands');
      if (finding === 'nodegroup.subnets') return this.at(...path, strs(ng['subnets']).length > 0 ? 'subnets' : 'privateNetworking');
      if (finding === 'AttachedPolicies' || finding === 'PolicyNames') return this.at(...path, 'iam');
      if (finding === 'nodegroup.amiType') return this.at(...path, 'amiFamily');
      if (finding.startsWith('SecurityGroups[') || finding.includes('SecurityGroupIds')) return this.at(...path, groupOfPath(finding)?.group === sshGroup ? 'ssh' : 'securityGroups');
      if (finding === 'nodegroup.releaseVersion') return this.at(...path, 'releaseVersion');
      return undefined;
    };
    this.emit(AWS_TYPES.nodegroup, `managedNodeGroups/${name}`, model, path, translate);
    if (!text(template['id'])) {
      const groups = [this.clusterGroup, ...strs(obj(ng['securityGroups'])['attachIDs']), ...(sshAllowed ? [sshGroup] : [])];
      const disableIMDSv1 = flag(ng['disableIMDSv1'], D.DEFAULT_DISABLE_IMDSV1);
      const disablePodIMDS = flag(ng['disablePodIMDS'], D.DEFAULT_DISABLE_POD_IMDS);
      const volumeEncrypted = typeof ng['volumeEncrypted'] === 'boolean' ? ng['volumeEncrypted'] : undefined;
      const launchTemplate: LaunchTemplateVersionModel = defined({
        id: templateId,
        name: templateId,
        version: '1',
        region: this.region,
        isDefault: true,
        keyName: sshAllowed ? keyName : undefined,
        imageId: text(ng['ami']),
        securityGroupIds: groups,
        metadata: { httpTokens: disableIMDSv1 || disablePodIMDS ? 'required' : 'optional', hopLimit: disablePodIMDS ? 1 : 2 },
        volumes: [defined({ device: text(ng['volumeName']) ?? '/dev/xvda', encrypted: volumeEncrypted, kmsKeyId: text(ng['volumeKmsKeyID']) })],
        userData: this.userData(ng),
      });
      this.emit(AWS_TYPES.launchTemplateVersion, templateId, launchTemplate, path, translate);
      if (sshAllowed) {
        const sources = strs(ssh['sourceSecurityGroupIds']);
        const cidr = privateNetworking ? [text(obj(this.config['vpc'])['cidr']) ?? '192.168.0.0/16'] : ['0.0.0.0/0', '::/0'];
        const ingress = sources.length > 0 ? [{ protocol: 'tcp', from: 22, to: 22, cidrs: [], groupIds: sources, prefixListIds: [] }] : [{ protocol: 'tcp', from: 22, to: 22, cidrs: cidr, groupIds: [], prefixListIds: [] }];
        this.emit(AWS_TYPES.securityGroup, sshGroup, { id: sshGroup, region: this.region, arn: sshGroup, ingress, egress: [], tags: {} } satisfies SecurityGroupModel, [...path, 'ssh']);
      }
    }
    if (!text(iam['instanceRoleARN'])) {
      const role: RoleModel = {
        name: roleArn.split('/').pop()!,
        arn: roleArn,
        trust: [trust('ec2.amazonaws.com', ['sts:AssumeRole'])],
        trustReadable: true,
        attachedPolicyArns: D.nodeRolePolicies({ withOIDC: this.withOIDC, attachPolicyARNs: strs(iam['attachPolicyARNs']), imageBuilder: addonPolicies['imageBuilder'] === true, cloudWatch: addonPolicies['cloudWatch'] === true, ebs: addonPolicies['ebs'] === true }),
        // the add-on policies eksctl writes are not modelled: their names stay without documents (not read, never assumed empty)
        inlinePolicyNames: [
          ...Object.entries({ autoScaler: 'PolicyAutoScaling', externalDNS: 'PolicyExternalDNSChangeSet', certManager: 'PolicyCertManagerChangeSet', albIngress: 'PolicyAWSLoadBalancerController', awsLoadBalancerController: 'PolicyAWSLoadBalancerController', efs: 'PolicyEFS', xRay: 'PolicyXRay' })
            .filter(([key]) => addonPolicies[key] === true)
            .map(([, policy]) => policy),
          ...(iam['attachPolicy'] !== undefined ? [ATTACHED_POLICY] : []),
        ],
        inlinePolicies: inlineDocument(iam['attachPolicy']),
        permissionsBoundary: boundaryOf(iam['instanceRolePermissionsBoundary']),
      };
      this.emit(AWS_TYPES.role, role.arn, role, this.source.lineOf([...path, 'iam']) !== undefined ? [...path, 'iam'] : path);
    }
  }

  private fargate(profile: Json, index: number): void {
    const name = text(profile['name']) ?? `fp-${index}`;
    const roleArn = text(profile['podExecutionRoleARN']) ?? this.roleArn(`eksctl-${this.name}-cluster-FargatePodExecutionRole`);
    const path = ['fargateProfiles', index];
    this.emit(AWS_TYPES.fargateProfile, `fargateProfiles/${name}`, defined({
      name,
      arn: `arn:aws:eks:${this.region}:${this.account}:fargateprofile/${this.name}/${name}`,
      clusterName: this.name,
      region: this.region,
      podExecutionRoleArn: roleArn,
      subnets: strs(profile['subnets']).length > 0 ? strs(profile['subnets']) : this.subnets(true),
      selectors: arr(profile['selectors']).map((selector) => defined({ namespace: text(obj(selector)['namespace']), labels: Object.fromEntries(Object.entries(obj(obj(selector)['labels'])).map(([key, value]) => [key, String(value)])) })),
    }), path, (finding) => (finding === 'fargateProfile.subnets' ? this.at(...path, 'subnets') : finding === 'podExecutionRoleArn' ? this.at(...path, 'podExecutionRoleARN') : undefined));
    if (!text(profile['podExecutionRoleARN']) && !this.records.some((item) => item.id === roleArn)) {
      this.emit(AWS_TYPES.role, roleArn, { name: roleArn.split('/').pop()!, arn: roleArn, trust: [trust('eks-fargate-pods.amazonaws.com', ['sts:AssumeRole'])], trustReadable: true, attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy'], inlinePolicyNames: [], inlinePolicies: {} } satisfies RoleModel, path);
    }
  }

  private addons(): void {
    const listed = arr(this.config['addons']).map(obj);
    const names = listed.map((addon) => text(addon['name']) ?? '');
    const disabled = obj(this.config['addonsConfig'])['disableDefaultAddons'] === true || obj(this.config['autoModeConfig'])['enabled'] === true;
    const all: { addon: Json; index?: number }[] = [...listed.map((addon, index) => ({ addon, index })), ...(disabled ? [] : D.DEFAULT_ADDONS.filter((name) => !names.includes(name)).map((name) => ({ addon: { name } })))];
    for (const { addon, index } of all) {
      const name = text(addon['name']) ?? 'addon';
      let configuration: Record<string, unknown> | undefined;
      const values = addon['configurationValues'];
      if (typeof values === 'string') {
        const parsed = readYamlSource(values, undefined, false);
        configuration = parsed.ok ? asRecord(parsed.source.value) : undefined;
      }
      // with an OIDC provider eksctl gives vpc-cni its own IRSA role unless a Pod Identity association is set
      const associations = arr(addon['podIdentityAssociations']).map((item) => text(obj(item)['roleARN']) ?? this.roleArn(text(obj(item)['roleName']) ?? `eksctl-${this.name}-addon-${name}-podidentity`));
      const roleArn = text(addon['serviceAccountRoleARN']) ?? (name === 'vpc-cni' && this.withOIDC && associations.length === 0 ? this.roleArn(`eksctl-${this.name}-addon-vpc-cni-Role1`) : undefined);
      const model: AddonModel = defined({
        name,
        arn: `arn:aws:eks:${this.region}:${this.account}:addon/${this.name}/${name}`,
        clusterName: this.name,
        region: this.region,
        version: text(addon['version']) === 'latest' ? undefined : text(addon['version']),
        healthIssues: [],
        serviceAccountRoleArn: roleArn,
        podIdentityAssociations: associations,
        configuration,
        configurationUnparsable: typeof values === 'string' && configuration === undefined,
      });
      const path = index === undefined ? ['metadata'] : ['addons', index];
      arr(addon['podIdentityAssociations']).forEach((item, at) => {
        if (text(obj(item)['roleARN'])) return;
        const arn = associations[at]!;
        this.emit(AWS_TYPES.role, arn, { name: arn.split('/').pop()!, arn, trust: [trust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession'])], trustReadable: true, attachedPolicyArns: strs(obj(item)['permissionPolicyARNs']), inlinePolicyNames: [], inlinePolicies: {} } satisfies RoleModel, [...path, 'podIdentityAssociations', at]);
      });
      if (roleArn && !text(addon['serviceAccountRoleARN'])) this.irsaRole(roleArn, 'kube-system', 'aws-node', ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy'], {}, path);
      this.emit(AWS_TYPES.addon, `addons/${name}`, model, path, (finding) => (finding.startsWith('addon.') ? this.at(...path, finding === 'addon.configurationValues' ? 'configurationValues' : 'name') : undefined));
    }
  }

  /** A role eksctl creates for a service account: it trusts exactly that service account of the cluster's OIDC provider, for STS. */
  private irsaRole(arn: string, namespace: string, serviceAccount: string, policies: string[], permissions: Json, path: readonly (string | number)[]): void {
    const host = this.issuer.replace(/^https:\/\//, '');
    const provider = `arn:aws:iam::${this.account}:oidc-provider/${host}`;
    const role: RoleModel = {
      name: arn.split('/').pop()!,
      arn,
      trust: [{ effect: 'Allow', actions: ['sts:AssumeRoleWithWebIdentity'], notActions: [], resources: [], principals: { Federated: [provider] }, conditions: { StringEquals: { [`${host}:sub`.toLowerCase()]: [`system:serviceaccount:${namespace}:${serviceAccount}`], [`${host}:aud`.toLowerCase()]: ['sts.amazonaws.com'] } } }],
      trustReadable: true,
      attachedPolicyArns: policies,
      ...inlinePoliciesOf(permissions, 'attachPolicy'),
      permissionsBoundary: boundaryOf(permissions['permissionsBoundary']),
    };
    this.emit(AWS_TYPES.role, role.arn, role, path);
  }

  /** iam.withOIDC, iam.serviceAccounts (IRSA roles eksctl creates) and iam.podIdentityAssociations. */
  private identities(issuer: string): void {
    const iam = obj(this.config['iam']);
    const host = issuer.replace(/^https:\/\//, '');
    const provider = `arn:aws:iam::${this.account}:oidc-provider/${host}`;
    if (this.withOIDC) this.emit(AWS_TYPES.oidcProvider, provider, { arn: provider, url: host, clientIds: ['sts.amazonaws.com'] }, ['iam', 'withOIDC']);
    arr(iam['serviceAccounts']).forEach((entry, index) => {
      const account = obj(entry);
      const metadata = obj(account['metadata']);
      if (text(account['attachRoleARN'])) return;
      const name = text(account['roleName']) ?? `eksctl-${this.name}-addon-iamserviceaccount-${text(metadata['namespace']) ?? 'default'}-${text(metadata['name']) ?? index}`;
      this.irsaRole(this.roleArn(name), text(metadata['namespace']) ?? 'default', text(metadata['name']) ?? '', strs(account['attachPolicyARNs']), account, ['iam', 'serviceAccounts', index]);
    });
    arr(iam['podIdentityAssociations']).forEach((entry, index) => {
      const association = obj(entry);
      const namespace = text(association['namespace']) ?? 'default';
      const serviceAccount = text(association['serviceAccountName']) ?? '';
      const given = text(association['roleARN']);
      const roleArn = given ?? this.roleArn(text(association['roleName']) ?? `eksctl-${this.name}-podidentityrole-${namespace}-${serviceAccount}`);
      const path = ['iam', 'podIdentityAssociations', index];
      this.emit(AWS_TYPES.podIdentity, `iam.podIdentityAssociations[${index}]`, { id: `${namespace}/${serviceAccount}`, arn: `arn:aws:eks:${this.region}:${this.account}:podidentityassociation/${this.name}/${namespace}/${serviceAccount}`, clusterName: this.name, region: this.region, namespace, serviceAccount, roleArn }, path);
      if (!given) {
        this.emit(AWS_TYPES.role, roleArn, { name: roleArn.split('/').pop()!, arn: roleArn, trust: [trust('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession'])], trustReadable: true, attachedPolicyArns: strs(association['permissionPolicyARNs']), ...inlinePoliciesOf(association, 'permissionPolicy'), permissionsBoundary: boundaryOf(association['permissionsBoundaryARN']) } satisfies RoleModel, path);
      }
    });
  }
}

/** The name eksctl gives the inline policy it writes from `attachPolicy` / `permissionPolicy`. */
const ATTACHED_POLICY = 'Policy1';

function inlineDocument(document: unknown): Record<string, PolicyStatement[]> {
  return document === undefined ? {} : { [ATTACHED_POLICY]: policyStatements(document) };
}

function boundaryOf(value: unknown): { arn?: string } {
  const arn = text(value);
  return arn ? { arn } : {};
}

/**
 * The inline policies eksctl writes for a role: the document given (`attachPolicy`,
 * `permissionPolicy`) and, for `wellKnownPolicies`, policies whose documents eksctl owns: named
 * without a document, so what they grant is reported as not read.
 */
function inlinePoliciesOf(permissions: Json, documentKey: string): Pick<RoleModel, 'inlinePolicyNames' | 'inlinePolicies'> {
  const wellKnown = Object.entries(obj(permissions['wellKnownPolicies'])).filter(([, on]) => on === true).map(([key]) => `wellKnownPolicies.${key}`);
  const document = permissions[documentKey];
  return { inlinePolicyNames: [...(document !== undefined ? [ATTACHED_POLICY] : []), ...wellKnown], inlinePolicies: inlineDocument(document) };
}

function amiType(ng: Json, instanceTypes: string[]): string | undefined {
  const family = text(ng['amiFamily']) ?? D.DEFAULT_AMI_FAMILY;
  return D.amiTypeOf(family, instanceTypes, text(ng['ami']) !== undefined);
}

export interface EksctlOptions {
  /** the AWS account, when known (`--cfn-parameter AWS::AccountId=…` is not read here) */
  account?: string;
}

/** Normalises one eksctl ClusterConfig file; `file` is how findings name it. */
export function normaliseEksctlConfig(textOfFile: string, file: string, options: EksctlOptions = {}): NormalisedInput {
  const read = readYamlSource(textOfFile);
  if (!read.ok) return emptyInput('eksctl', file, [inputError('eksctl', file, read.column !== undefined ? `${read.problem} (column ${read.column})` : read.problem, read.line)]);
  if (!isEksctlConfig(read.source.value)) return emptyInput('eksctl', file, [inputError('eksctl', file, 'not an eksctl ClusterConfig (apiVersion eksctl.io/v1alpha5, kind ClusterConfig)')]);
  const metadata = obj(obj(read.source.value)['metadata']);
  const errors = [];
  if (!text(metadata['name'])) errors.push(inputError('eksctl', file, 'metadata.name is missing', read.source.lineOf(['metadata'])));
  if (!text(metadata['region'])) errors.push(inputError('eksctl', file, 'metadata.region is missing', read.source.lineOf(['metadata'])));
  if (arr(obj(read.source.value)['nodeGroups']).length > 0) errors.push(inputError('eksctl', file, 'self-managed nodeGroups are not judged (only managedNodeGroups, as with --aws)', read.source.lineOf(['nodeGroups'])));
  const normaliser = new ConfigNormaliser(file, read.source, options.account ?? '');
  normaliser.run();
  return { kind: 'eksctl', file, records: normaliser.records, errors, gaps: [] };
}
