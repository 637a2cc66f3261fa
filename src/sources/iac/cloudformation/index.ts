/**
 * A CloudFormation template (YAML with short-form tags, or JSON such as `cdk synth` output) →
 * the AWS models, each pointing at the line of its resource, and each finding at the line of
 * the property that decides it.
 */
import { AWS_TYPES, type ClusterModel, type NodegroupModel, type RoleModel, type SecurityGroupModel, type SecurityGroupRule } from '../../../aws/models.js';
import { asRecord } from '../../../core/inventory.js';
import { policyStatements } from '../../../aws/policy.js';
import { FieldReader, firstUnresolved, isUnresolved } from '../fields.js';
import { groupOfPath, locator, pascal, type Declaration, type LocateTarget } from '../locate.js';
import { emptyInput, inputError, type IacRecord, type NormalisedInput } from '../model.js';
import { readYamlSource, type SourceText } from '../yaml-source.js';
import { Resolver } from './intrinsics.js';
import * as cfn from './normalize.js';

export interface CloudFormationOptions {
  /** `--cfn-parameter Key=Value`: template parameters, pseudo parameters (`AWS::Region`, `AWS::AccountId`) and imported exports */
  parameters?: ReadonlyMap<string, string>;
}

const READ_TYPES = new Set([
  'AWS::EKS::Cluster', 'AWS::EKS::Nodegroup', 'AWS::EKS::FargateProfile', 'AWS::EKS::Addon', 'AWS::EKS::AccessEntry', 'AWS::EKS::PodIdentityAssociation',
  'AWS::EC2::LaunchTemplate', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable', 'AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::FlowLog', 'AWS::IAM::Role', 'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::OIDCProvider', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::GuardDuty::Detector',
  'AWS::ECR::Repository', 'AWS::ECR::RegistryScanningConfiguration',
]);
const TYPE_NAME = /^(AWS|Alexa)::[A-Za-z0-9]+::[A-Za-z0-9]+$|^Custom::[A-Za-z0-9_@-]+$|^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(::MODULE)?$/;

/** The rules EKS gives the cluster security group it creates (EKS user guide, sec-group-reqs). */
function eksClusterGroup(id: string, region: string): SecurityGroupModel {
  return { id, region, arn: id, name: 'eks-cluster-sg (created by EKS)', ingress: [{ protocol: '-1', cidrs: [], groupIds: [id], prefixListIds: [] }], egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], groupIds: [], prefixListIds: [] }], tags: {} };
}

interface Built {
  record: IacRecord;
  logical: string;
  fields: FieldReader;
}

class TemplateNormaliser {
  readonly built: Built[] = [];
  readonly errors: NormalisedInput['errors'] = [];
  private readonly file: string;
  private readonly source: SourceText;
  private readonly resolver: Resolver;
  private readonly region: string;
  private readonly account: string;
  private readonly resources: Record<string, { Type?: unknown; Properties?: unknown; Condition?: unknown }>;

  constructor(file: string, source: SourceText, parameters: ReadonlyMap<string, string>) {
    this.file = file;
    this.source = source;
    const root = asRecord(source.value) ?? {};
    this.resources = (asRecord(root['Resources']) ?? {}) as typeof this.resources;
    const values = new Map<string, unknown>();
    for (const [name, declaration] of Object.entries(asRecord(root['Parameters']) ?? {})) {
      const fallback = asRecord(declaration)?.['Default'];
      if (fallback !== undefined) values.set(name, fallback);
    }
    for (const [name, value] of parameters) values.set(name, value);
    this.region = parameters.get('AWS::Region') ?? 'unknown-region';
    this.account = parameters.get('AWS::AccountId') ?? '';
    this.resolver = new Resolver({ parameters: values, mappings: asRecord(root['Mappings']) ?? {}, conditions: asRecord(root['Conditions']) ?? {}, resources: this.resources, region: this.region, account: this.account });
  }

  private declaration(logical: string): Declaration {
    const line = this.source.lineOf(['Resources', logical]);
    return { path: ['Resources', logical], ...(line !== undefined ? { line } : {}) };
  }

  private emit(logical: string, type: string, model: object, fields: FieldReader, id = logical): void {
    const declaration = this.declaration(logical);
    this.built.push({ logical, fields, record: { type, id, region: this.region, model, ...(fields.unknown.size > 0 ? { unknown: fields.unknown } : {}), location: { file: this.file, ...(declaration.line !== undefined ? { line: declaration.line } : {}) } } });
  }

  run(): void {
    const groups = new Map<string, { model: SecurityGroupModel; fields: FieldReader; logical: string }>();
    const rules: { group: unknown; egress: boolean; rule: SecurityGroupRule | ReturnType<typeof cfn.rule>; logical: string }[] = [];
    const roleExtras: { roles: unknown; managed?: string; inline?: { name: string; document: unknown }; logical: string }[] = [];
    const tables = new Map<string, { logical: string; model: { id: string; vpcId?: string; region: string; main: boolean; subnetIds: string[]; internetRoutes: string[] }; fields: FieldReader }>();
    const routeParts: { type: string; props: cfn.Props }[] = [];
    const clusters: { logical: string; model: ClusterModel }[] = [];
    const deferred: (() => void)[] = [];
    for (const [logical, resource] of Object.entries(this.resources)) {
      const type = resource?.Type;
      if (typeof type !== 'string' || !TYPE_NAME.test(type)) {
        this.errors.push(inputError('cloudformation', this.file, `resource ${logical.slice(0, 255)} has ${typeof type === 'string' ? 'an invalid' : 'no'} Type; ignored`, this.source.lineOf(['Resources', logical])));
        continue;
      }
      if (!READ_TYPES.has(type)) {
        if (type.startsWith('AWS::EKS::')) this.errors.push(inputError('cloudformation', this.file, `resource ${logical.slice(0, 255)}: ${type} is not read by eksguard; ignored`, this.source.lineOf(['Resources', logical])));
        continue;
      }
      if (typeof resource.Condition === 'string') {
        const enabled = this.resolver.condition(resource.Condition);
        if (isUnresolved(enabled)) {
          // whether the resource exists is not known: left out, and said so (the run is then incomplete)
          this.errors.push(inputError('cloudformation', this.file, `resource ${logical.slice(0, 255)} is left out: ${enabled.reason}`, this.source.lineOf(['Resources', logical, 'Condition'])));
          continue;
        }
        if (!enabled) continue;
      }
      const resolved = this.resolver.resolve(resource.Properties ?? {});
      const props: cfn.Props = isUnresolved(resolved) ? {} : (asRecord(resolved) ?? {});
      const f = new FieldReader();
      const scope = (name: unknown): cfn.Scope => ({ name: typeof name === 'string' && name ? name : logical, region: this.region, account: this.account });
      const ref = this.resolver.ref(logical);
      const arn = (attribute = 'Arn') => String(this.resolver.getAtt(logical, attribute));
      switch (type) {
        case 'AWS::EKS::Cluster': {
          const model = cfn.cluster(props, scope(ref), f, arn(), String(this.resolver.getAtt(logical, 'ClusterSecurityGroupId')), String(this.resolver.getAtt(logical, 'OpenIdConnectIssuerUrl')));
          clusters.push({ logical, model });
          groups.set(model.clusterSecurityGroupId!, { model: eksClusterGroup(model.clusterSecurityGroupId!, this.region), fields: new FieldReader(), logical });
          this.emit(logical, AWS_TYPES.cluster, model, f);
          break;
        }
        case 'AWS::EKS::Nodegroup':
          deferred.push(() => {
            const clusterName = f.string('clusterName', props['ClusterName']) ?? '';
            const version = clusters.find((item) => item.model.name === clusterName)?.model.version;
            const custom = (template: unknown) => typeof template === 'string' && asRecord(asRecord(this.resolver.resolve(this.resources[template]?.Properties ?? {}))?.['LaunchTemplateData'])?.['ImageId'] !== undefined;
            const model = cfn.nodegroup(props, scope(props['NodegroupName'] ?? logical), f, `arn:aws:eks:${this.region}:${this.account}:nodegroup/${clusterName}/${logical}`, clusterName, version, custom);
            this.emit(logical, AWS_TYPES.nodegroup, model, f);
          });
          break;
        case 'AWS::EKS::FargateProfile':
          this.emit(logical, AWS_TYPES.fargateProfile, cfn.fargateProfile(props, scope(props['FargateProfileName']), f, arn()), f);
          break;
        case 'AWS::EKS::Addon':
          this.emit(logical, AWS_TYPES.addon, cfn.addon(props, scope(logical), f, arn()), f);
          break;
        case 'AWS::EKS::AccessEntry':
          this.emit(logical, AWS_TYPES.accessEntry, cfn.accessEntry(props, scope(logical), f), f);
          break;
        case 'AWS::EKS::PodIdentityAssociation':
          this.emit(logical, AWS_TYPES.podIdentity, cfn.podIdentity(props, scope(logical), f), f);
          break;
        case 'AWS::EC2::LaunchTemplate':
          this.emit(logical, AWS_TYPES.launchTemplateVersion, cfn.launchTemplate(props, scope(logical), f), f);
          break;
        case 'AWS::EC2::SecurityGroup': {
          const model: SecurityGroupModel = { id: logical, region: this.region, arn: logical, ingress: [], egress: [], tags: {} };
          const name = f.string('name', props['GroupName']);
          const vpcId = f.string('vpcId', props['VpcId']);
          if (name) model.name = name;
          if (vpcId) model.vpcId = vpcId;
          groups.set(logical, { model, fields: f, logical });
          for (const egress of [false, true]) {
            const entries = props[egress ? 'SecurityGroupEgress' : 'SecurityGroupIngress'];
            if (isUnresolved(entries)) f.mark(egress ? 'egress' : 'ingress', entries.reason);
            for (const entry of Array.isArray(entries) ? entries : []) rules.push({ group: logical, egress, rule: isUnresolved(entry) ? entry : cfn.rule(asRecord(entry) ?? {}, egress), logical });
          }
          break;
        }
        case 'AWS::EC2::SecurityGroupIngress':
        case 'AWS::EC2::SecurityGroupEgress': {
          const egress = type.endsWith('Egress');
          rules.push({ group: props['GroupId'], egress, rule: cfn.rule(props, egress), logical });
          break;
        }
        case 'AWS::EC2::Subnet':
          this.emit(logical, AWS_TYPES.subnet, cfn.subnet(props, scope(logical), f), f);
          break;
        case 'AWS::EC2::RouteTable':
          tables.set(logical, { logical, fields: f, model: { id: logical, ...(typeof props['VpcId'] === 'string' ? { vpcId: props['VpcId'] } : {}), region: this.region, main: false, subnetIds: [], internetRoutes: [] } });
          break;
        case 'AWS::EC2::Route':
        case 'AWS::EC2::SubnetRouteTableAssociation':
          routeParts.push({ type, props });
          break;
        case 'AWS::EC2::FlowLog':
          this.emit(logical, AWS_TYPES.flowLog, { id: logical, region: this.region, ...(typeof props['ResourceId'] === 'string' ? { resourceId: props['ResourceId'] } : {}), status: 'ACTIVE' }, f);
          break;
        case 'AWS::IAM::Role':
          this.emit(logical, AWS_TYPES.role, cfn.role(props, scope(ref), f, arn()), f);
          break;
        case 'AWS::IAM::Policy':
        case 'AWS::IAM::RolePolicy':
          roleExtras.push({ roles: type === 'AWS::IAM::Policy' ? props['Roles'] : [props['RoleName']], inline: { name: String(props['PolicyName'] ?? logical), document: props['PolicyDocument'] }, logical });
          break;
        case 'AWS::IAM::ManagedPolicy': {
          const policyArn = String(ref);
          this.emit(logical, AWS_TYPES.managedPolicy, cfn.managedPolicy(props, f, policyArn), f, policyArn);
          roleExtras.push({ roles: props['Roles'], managed: policyArn, logical });
          break;
        }
        case 'AWS::IAM::OIDCProvider':
          this.emit(logical, AWS_TYPES.oidcProvider, cfn.oidcProvider(props, f, arn()), f);
          break;
        case 'AWS::KMS::Key':
          this.emit(logical, AWS_TYPES.kmsKey, cfn.kmsKey(props, scope(logical), f, arn()), f);
          break;
        case 'AWS::Logs::LogGroup':
          this.emit(logical, AWS_TYPES.logGroup, cfn.logGroup(props, scope(ref), f, arn()), f);
          break;
        case 'AWS::GuardDuty::Detector':
          this.emit(logical, AWS_TYPES.guardDuty, cfn.detector(props, scope(logical), f), f);
          break;
        case 'AWS::ECR::Repository':
          this.emit(logical, AWS_TYPES.ecrRepository, cfn.ecrRepository(props, scope(ref), f, arn()), f);
          break;
        case 'AWS::ECR::RegistryScanningConfiguration':
          this.emit(logical, AWS_TYPES.ecrScanning, cfn.ecrScanning(props, scope(logical), f), f);
          break;
      }
    }
    for (const run of deferred) run();
    this.joinRules(groups, rules);
    this.joinRoles(roleExtras);
    this.joinRoutes(tables, routeParts);
  }

  private joinRules(groups: Map<string, { model: SecurityGroupModel; fields: FieldReader; logical: string }>, rules: { group: unknown; egress: boolean; rule: SecurityGroupRule | ReturnType<typeof cfn.rule> }[]): void {
    for (const { group, egress, rule } of rules) {
      const direction = egress ? 'egress' : 'ingress';
      if (isUnresolved(group)) {
        for (const entry of groups.values()) entry.fields.mark(direction, group.reason);
        continue;
      }
      const entry = typeof group === 'string' ? groups.get(group) : undefined;
      if (!entry) continue;
      if (isUnresolved(rule)) entry.fields.mark(direction, rule.reason);
      else entry.model[direction].push({ ...rule, groupIds: rule.groupIds.map((id) => id) });
    }
    for (const [id, entry] of groups) this.emit(entry.logical, AWS_TYPES.securityGroup, entry.model, entry.fields, id);
  }

  private joinRoles(extras: { roles: unknown; managed?: string; inline?: { name: string; document: unknown } }[]): void {
    const roles = this.built.filter((item) => item.record.type === AWS_TYPES.role);
    for (const extra of extras) {
      const names = Array.isArray(extra.roles) ? extra.roles : [];
      const unknown = [extra.roles, ...names].find(isUnresolved);
      if (unknown) {
        for (const item of roles) item.fields.mark(extra.managed ? 'attachedPolicyArns' : 'inlinePolicies', unknown.reason);
        continue;
      }
      for (const name of names) {
        const item = roles.find((candidate) => (candidate.record.model as RoleModel).name === name);
        if (!item) continue;
        const role = item.record.model as RoleModel;
        if (extra.managed) role.attachedPolicyArns = [...(role.attachedPolicyArns ?? []), extra.managed];
        if (extra.inline) {
          const unknownDocument = firstUnresolved(extra.inline.document);
          if (unknownDocument) item.fields.mark('inlinePolicies', unknownDocument.reason);
          role.inlinePolicyNames = [...(role.inlinePolicyNames ?? []), extra.inline.name];
          role.inlinePolicies[extra.inline.name] = policyStatements(extra.inline.document);
        }
      }
    }
    for (const item of roles) if (item.fields.unknown.size > 0) item.record.unknown = item.fields.unknown;
  }

  private joinRoutes(tables: Map<string, { logical: string; model: { subnetIds: string[]; internetRoutes: string[] }; fields: FieldReader }>, parts: { type: string; props: cfn.Props }[]): void {
    for (const { type, props } of parts) {
      const table = typeof props['RouteTableId'] === 'string' ? tables.get(props['RouteTableId']) : undefined;
      if (!table) continue;
      if (type === 'AWS::EC2::SubnetRouteTableAssociation') {
        if (typeof props['SubnetId'] === 'string') table.model.subnetIds.push(props['SubnetId']);
        continue;
      }
      const gateway = props['GatewayId'];
      const cidr = props['DestinationCidrBlock'] ?? props['DestinationIpv6CidrBlock'];
      if (isUnresolved(gateway)) table.fields.mark('internetRoutes', gateway.reason);
      else if (typeof gateway === 'string' && gateway.startsWith('igw-') && (cidr === '0.0.0.0/0' || cidr === '::/0')) table.model.internetRoutes.push(cidr);
    }
    for (const table of tables.values()) this.emit(table.logical, AWS_TYPES.routeTable, table.model, table.fields);
  }

  /** Each record's finding locator: API paths translated to the template's property names. */
  attachLocators(): void {
    const byType = (type: string) => this.built.filter((item) => item.record.type === type);
    const declared = (logical: string) => this.declaration(logical);
    const roleNamed = (arnOrName: string | undefined) => byType(AWS_TYPES.role).find((item) => arnOrName !== undefined && ((item.record.model as RoleModel).name === arnOrName.split('/').pop() || (item.record.model as RoleModel).arn === arnOrName));
    for (const item of this.built) {
      const own = declared(item.logical);
      const model = item.record.model as Record<string, unknown>;
      const translate = (path: string): LocateTarget | undefined => {
        const group = groupOfPath(path);
        if (group) {
          const holder = this.built.find((candidate) => candidate.record.type === AWS_TYPES.securityGroup && candidate.record.id === group.group);
          if (!holder) return undefined;
          const synthesized = holder.record.id !== holder.logical;
          return { declaration: declared(holder.logical), attribute: synthesized ? ['Properties', 'ResourcesVpcConfig'] : ['Properties', group.rest.endsWith('Egress') ? 'SecurityGroupEgress' : 'SecurityGroupIngress'] };
        }
        if (path.startsWith('LaunchTemplateData.')) {
          // a launch template's own fields, or those of the template a node group names
          const template = item.record.type === AWS_TYPES.launchTemplateVersion ? item.logical : (model as unknown as NodegroupModel).launchTemplate?.id;
          return template && this.resources[template] ? { declaration: declared(template), attribute: ['Properties', ...path.split('.').map(pascal)], structural: 1 } : undefined;
        }
        if (path === 'AttachedPolicies' || path === 'PolicyNames') {
          const role = roleNamed(String(model['nodeRole'] ?? model['podExecutionRoleArn'] ?? ''));
          return role ? { declaration: declared(role.logical), attribute: ['Properties', path === 'AttachedPolicies' ? 'ManagedPolicyArns' : 'Policies'] } : undefined;
        }
        if (path.startsWith('logGroups.')) {
          const group = byType(AWS_TYPES.logGroup).find((candidate) => (candidate.record.model as { name: string }).name === `/aws/eks/${String(model['name'])}/cluster`);
          return group ? { declaration: declared(group.logical), attribute: ['Properties', 'RetentionInDays'] } : undefined;
        }
        if (path.startsWith('addon.') && item.record.type === AWS_TYPES.cluster) {
          const addon = byType(AWS_TYPES.addon).find((candidate) => (candidate.record.model as { name: string }).name === 'vpc-cni');
          return addon ? { declaration: declared(addon.logical), attribute: ['Properties', pascal(path.slice('addon.'.length))] } : undefined;
        }
        const steps = path.replace(/^(nodegroup|fargateProfile|accessEntry|addon)\./, '').replace(/^associatedAccessPolicies/, 'accessPolicies').split('.');
        return { declaration: own, attribute: ['Properties', ...steps.map(pascal)], structural: 1 };
      };
      item.record.locate = locator(this.file, own, translate, this.source.lineOf);
    }
  }
}

/** Normalises one template's text; `file` is how findings name it. */
export function normaliseCloudFormation(text: string, file: string, options: CloudFormationOptions = {}): NormalisedInput {
  const read = readYamlSource(text);
  if (!read.ok) return emptyInput('cloudformation', file, [inputError('cloudformation', file, read.column !== undefined ? `${read.problem} (column ${read.column})` : read.problem, read.line)]);
  if (!asRecord(asRecord(read.source.value)?.['Resources'])) return emptyInput('cloudformation', file, [inputError('cloudformation', file, 'not a CloudFormation template: no Resources section')]);
  const normaliser = new TemplateNormaliser(file, read.source, options.parameters ?? new Map());
  normaliser.run();
  normaliser.attachLocators();
  const gaps = new Map<string, NormalisedInput['gaps'][number]>();
  for (const { record } of normaliser.built) for (const reason of record.unknown?.values() ?? []) gaps.set(reason, { source: `CloudFormation template ${file}`, reason: `${record.id}: ${reason}`, checks: [] });
  return { kind: 'cloudformation', file, records: normaliser.built.map((item) => item.record), errors: normaliser.errors, gaps: [...gaps.values()] };
}
