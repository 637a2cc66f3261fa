/**
 * A Terraform plan (`terraform show -json PLANFILE`) → the AWS models, joined the way the live
 * source joins them (rules into their security groups, attachments into their roles, access
 * policies into their entries). Findings point at the plan file and the resource address.
 */
import { AWS_TYPES, type AccessPolicyAssociation, type ClusterModel, type GuardDutyModel, type LaunchTemplateVersionModel, type RoleModel, type SecurityGroupModel } from '../../../aws/models.js';
import { policyStatements } from '../../../aws/policy.js';
import type { Gap } from '../../../core/types.js';
import { FieldReader, isUnresolved, unresolved } from '../fields.js';
import { emptyInput, inputError, type IacRecord, type NormalisedInput } from '../model.js';
import { accessEntryOf, accessPolicyOf, addonOf, clusterOf, fargateProfileOf, nodegroupOf, podIdentityOf } from './normalize-eks.js';
import { applyRouteResource, launchTemplateOf, routeTableOf, ruleResourceOf, securityGroupOf, subnetOf } from './normalize-ec2.js';
import { detectorFeatureOf, detectorOf, ecrRepositoryOf, ecrScanningOf, kmsKeyOf, logGroupOf, managedPolicyOf, oidcProviderOf, roleOf } from './normalize-services.js';
import { readPlan, type PlanInstance } from './plan.js';
import { PlanValues } from './values.js';

/** The rules EKS gives the cluster security group it creates (EKS user guide, sec-group-reqs). */
function eksClusterSecurityGroup(id: string, region: string): SecurityGroupModel {
  return {
    id,
    region,
    arn: id,
    name: 'eks-cluster-sg (created by EKS)',
    ingress: [{ protocol: '-1', cidrs: [], groupIds: [id], prefixListIds: [] }],
    egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], groupIds: [], prefixListIds: [] }],
    tags: {},
  };
}

class PlanNormaliser {
  readonly records: IacRecord[] = [];
  readonly gaps = new Map<string, Gap>();
  private readonly values: PlanValues;
  private readonly file: string;

  constructor(values: PlanValues, file: string) {
    this.values = values;
    this.file = file;
  }

  emit(id: string, type: string, model: object, fields?: FieldReader): IacRecord {
    const item: IacRecord = { type, id, region: this.values.region, model, location: { file: this.file }, ...(fields && fields.unknown.size > 0 ? { unknown: fields.unknown } : {}) };
    this.records.push(item);
    for (const reason of fields?.unknown.values() ?? []) this.gap(reason);
    return item;
  }

  gap(reason: string): void {
    if (!this.gaps.has(reason)) this.gaps.set(reason, { source: `Terraform plan ${this.file}`, reason, checks: [] });
  }

  run(): void {
    const values = this.values;
    const of = (...types: string[]) => values.plan.instances.filter((instance) => types.includes(instance.type));
    const build = <M extends object>(instance: PlanInstance, type: string, make: (f: FieldReader) => M): { model: M; record: IacRecord } => {
      const f = new FieldReader();
      const model = make(f);
      return { model, record: this.emit(instance.address, type, model, f) };
    };

    const clusters = of('aws_eks_cluster').map((instance) => ({ instance, ...build(instance, AWS_TYPES.cluster, (f) => clusterOf(values, instance, f)) }));
    const templates = of('aws_launch_template').map((instance) => build(instance, AWS_TYPES.launchTemplateVersion, (f) => launchTemplateOf(values, instance, f)).model as LaunchTemplateVersionModel);
    const clusterVersion = (name: string): unknown => {
      const found = clusters.find((cluster) => cluster.model.name === name);
      const unknown = found?.record.unknown?.get('version');
      return unknown ? unresolved(unknown) : found?.model.version;
    };
    const customAmi = (template: unknown) => templates.some((item) => (item.id === template || item.name === template) && item.imageId !== undefined);
    for (const instance of of('aws_eks_node_group')) {
      build(instance, AWS_TYPES.nodegroup, (f) => nodegroupOf(values, instance, f, clusterVersion, customAmi));
    }
    for (const instance of of('aws_eks_fargate_profile')) build(instance, AWS_TYPES.fargateProfile, (f) => fargateProfileOf(values, instance, f));
    for (const instance of of('aws_eks_addon')) build(instance, AWS_TYPES.addon, (f) => addonOf(values, instance, f));
    for (const instance of of('aws_eks_pod_identity_association')) build(instance, AWS_TYPES.podIdentity, (f) => podIdentityOf(values, instance, f));
    this.accessEntries(of('aws_eks_access_entry'), of('aws_eks_access_policy_association'));
    this.securityGroups(of('aws_security_group'), of('aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'), clusters.filter((cluster) => cluster.instance.creating).map((cluster) => (cluster.model as ClusterModel).clusterSecurityGroupId!));
    for (const instance of of('aws_subnet')) build(instance, AWS_TYPES.subnet, (f) => subnetOf(values, instance, f));
    this.routeTables(of('aws_route_table', 'aws_default_route_table'), of('aws_route', 'aws_route_table_association', 'aws_main_route_table_association'));
    for (const instance of of('aws_flow_log')) {
      const target = ['vpc_id', 'subnet_id', 'eni_id'].map((name) => values.get(instance, [name])).find((value) => typeof value === 'string' && value);
      this.emit(instance.address, AWS_TYPES.flowLog, { id: instance.address, region: values.region, ...(typeof target === 'string' ? { resourceId: target } : {}), status: 'ACTIVE' });
    }
    for (const instance of of('aws_ebs_encryption_by_default')) {
      build(instance, AWS_TYPES.ebsDefault, (f) => ({ region: values.region, enabled: f.bool('enabled', values.orDefault(instance, ['enabled'], true)) ?? false }));
    }
    this.roles(of('aws_iam_role'), of('aws_iam_role_policy_attachment'), of('aws_iam_role_policy'), of('aws_iam_policy_attachment'));
    for (const instance of of('aws_iam_policy')) build(instance, AWS_TYPES.managedPolicy, (f) => managedPolicyOf(values, instance, f));
    for (const instance of of('aws_iam_openid_connect_provider')) build(instance, AWS_TYPES.oidcProvider, (f) => oidcProviderOf(values, instance, f));
    for (const instance of of('aws_kms_key')) build(instance, AWS_TYPES.kmsKey, (f) => kmsKeyOf(values, instance, f));
    for (const instance of of('aws_cloudwatch_log_group')) build(instance, AWS_TYPES.logGroup, (f) => logGroupOf(values, instance, f));
    this.detectors(of('aws_guardduty_detector'), of('aws_guardduty_detector_feature'));
    for (const instance of of('aws_ecr_repository')) build(instance, AWS_TYPES.ecrRepository, (f) => ecrRepositoryOf(values, instance, f));
    for (const instance of of('aws_ecr_registry_scanning_configuration')) build(instance, AWS_TYPES.ecrScanning, (f) => ecrScanningOf(values, instance, f));
  }

  private accessEntries(entries: PlanInstance[], associations: PlanInstance[]): void {
    const policies = associations.map((instance) => accessPolicyOf(this.values, instance));
    for (const instance of entries) {
      const f = new FieldReader();
      const cluster = this.values.identity(instance, ['cluster_name']);
      const principal = this.values.identity(instance, ['principal_arn']);
      const mine = policies.filter((item) => item.cluster === cluster && item.principal === principal);
      const unknown = mine.find((item) => typeof item.policy === 'string');
      if (unknown) f.mark('policies', unknown.policy as string);
      const model = accessEntryOf(this.values, instance, f, unknown ? undefined : mine.map((item) => item.policy as AccessPolicyAssociation));
      this.emit(instance.address, AWS_TYPES.accessEntry, model, f);
    }
  }

  private securityGroups(groups: PlanInstance[], rules: PlanInstance[], eksGroups: string[]): void {
    const models = new Map<string, { model: SecurityGroupModel; fields: FieldReader; instance?: PlanInstance }>();
    for (const instance of groups) {
      const fields = new FieldReader();
      const model = securityGroupOf(this.values, instance, fields);
      models.set(model.id, { model, fields, instance });
    }
    for (const id of eksGroups) if (!models.has(id)) models.set(id, { model: eksClusterSecurityGroup(id, this.values.region), fields: new FieldReader() });
    for (const instance of rules) {
      const { group, direction, rule } = ruleResourceOf(this.values, instance);
      if (isUnresolved(group)) {
        // a rule whose group is not known could open any group of the plan
        for (const entry of models.values()) entry.fields.mark(direction, group.reason);
        continue;
      }
      const entry = models.get(group);
      if (!entry) continue;
      if (isUnresolved(rule)) entry.fields.mark(direction, rule.reason);
      else entry.model[direction].push(rule);
    }
    for (const [id, entry] of models) this.emit(entry.instance?.address ?? id, AWS_TYPES.securityGroup, entry.model, entry.fields);
  }

  private routeTables(tables: PlanInstance[], parts: PlanInstance[]): void {
    const models = new Map(tables.map((instance) => [this.values.identity(instance, ['id']), { instance, table: routeTableOf(this.values, instance) }] as const));
    const byId = new Map([...models].map(([id, entry]) => [id, entry.table]));
    for (const instance of parts) applyRouteResource(this.values, instance, byId);
    for (const { instance, table } of models.values()) {
      const { unknown, ...model } = table;
      const f = new FieldReader();
      for (const [field, reason] of unknown) f.mark(field, reason);
      this.emit(instance.address, AWS_TYPES.routeTable, model, f);
    }
  }

  private roles(roles: PlanInstance[], attachments: PlanInstance[], inline: PlanInstance[], shared: PlanInstance[]): void {
    const built = roles.map((instance) => {
      const f = new FieldReader();
      return { instance, f, model: roleOf(this.values, instance, f) };
    });
    const byName = new Map(built.map((entry) => [entry.model.name, entry]));
    const unattached = (reason: string, field: 'attachedPolicyArns' | 'inlinePolicies') => {
      // an attachment whose role is not known could belong to any role of the plan
      for (const entry of built) entry.f.mark(field, reason);
    };
    for (const instance of attachments) {
      const role = this.values.get(instance, ['role']);
      const policy = this.values.get(instance, ['policy_arn']);
      if (isUnresolved(role)) unattached(role.reason, 'attachedPolicyArns');
      const entry = typeof role === 'string' ? byName.get(role.split('/').pop() ?? role) : undefined;
      if (!entry) continue;
      if (isUnresolved(policy)) entry.f.mark('attachedPolicyArns', policy.reason);
      else if (typeof policy === 'string') entry.model.attachedPolicyArns = [...(entry.model.attachedPolicyArns ?? []), policy];
    }
    // aws_iam_policy_attachment attaches one policy to a list of roles (and users and groups)
    for (const instance of shared) {
      const names = this.values.get(instance, ['roles']);
      const policy = this.values.get(instance, ['policy_arn']);
      if (isUnresolved(names)) {
        unattached(names.reason, 'attachedPolicyArns');
        continue;
      }
      for (const name of Array.isArray(names) ? names : []) {
        const entry = typeof name === 'string' ? byName.get(name.split('/').pop() ?? name) : undefined;
        if (!entry) continue;
        if (isUnresolved(policy)) entry.f.mark('attachedPolicyArns', policy.reason);
        else if (typeof policy === 'string') entry.model.attachedPolicyArns = [...(entry.model.attachedPolicyArns ?? []), policy];
      }
    }
    for (const instance of inline) {
      const role = this.values.get(instance, ['role']);
      if (isUnresolved(role)) unattached(role.reason, 'inlinePolicies');
      const entry = typeof role === 'string' ? byName.get(role) : undefined;
      if (!entry) continue;
      const name = this.values.identity(instance, ['name']);
      const policy = this.values.get(instance, ['policy']);
      entry.model.inlinePolicyNames = [...(entry.model.inlinePolicyNames ?? []), name];
      if (isUnresolved(policy)) entry.f.mark('inlinePolicies', policy.reason);
      else entry.model.inlinePolicies[name] = policyStatements(policy);
    }
    for (const { instance, f, model } of built) this.emit(instance.address, AWS_TYPES.role, model as RoleModel, f);
  }

  private detectors(detectors: PlanInstance[], features: PlanInstance[]): void {
    const built = detectors.map((instance) => {
      const f = new FieldReader();
      return { instance, f, model: detectorOf(this.values, instance, f) as GuardDutyModel };
    });
    for (const instance of features) {
      const feature = detectorFeatureOf(this.values, instance);
      const entry = built.find((item) => item.model.detectorId === feature.detector);
      if (!entry) continue;
      if (feature.unknown) entry.f.mark('features', feature.unknown);
      Object.assign(entry.model.features, feature.features);
    }
    for (const { instance, f, model } of built) this.emit(instance.address, AWS_TYPES.guardDuty, model, f);
  }
}

/** Normalises one parsed plan document; `file` is how findings name it. */
export function normaliseTerraformPlan(document: unknown, file: string): NormalisedInput {
  const read = readPlan(document);
  if (!read.ok) return emptyInput('terraform', file, [inputError('terraform', file, read.problem)]);
  const normaliser = new PlanNormaliser(new PlanValues(read.plan), file);
  normaliser.run();
  return { kind: 'terraform', file, records: normaliser.records, errors: [], gaps: [...normaliser.gaps.values()] };
}
