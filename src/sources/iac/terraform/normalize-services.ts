/**
 * IAM, KMS, CloudWatch Logs, GuardDuty and ECR resources of a plan → their models
 * (AWS provider attribute names: aws_iam_role, aws_iam_role_policy_attachment,
 * aws_iam_role_policy, aws_iam_openid_connect_provider, aws_kms_key, aws_cloudwatch_log_group,
 * aws_guardduty_detector, aws_guardduty_detector_feature, aws_ecr_repository,
 * aws_ecr_registry_scanning_configuration).
 */
import type { EcrRepositoryModel, EcrScanningModel, GuardDutyModel, KmsKeyModel, LogGroupModel, ManagedPolicyModel, OidcProviderModel, RoleModel } from '../../../aws/models.js';
import { decodePolicyDocument, policyStatements } from '../../../aws/policy.js';
import { records } from '../../../aws/json.js';
import { defined, FieldReader, isUnresolved } from '../fields.js';
import type { PlanInstance } from './plan.js';
import type { PlanValues } from './values.js';

export function roleOf(values: PlanValues, instance: PlanInstance, f: FieldReader): RoleModel {
  const get = (...path: (string | number)[]) => values.get(instance, path);
  const trust = get('assume_role_policy');
  const inline: Record<string, ReturnType<typeof policyStatements>> = {};
  const names: string[] = [];
  const blocks = values.orDefault(instance, ['inline_policy'], []);
  if (isUnresolved(blocks)) {
    f.mark('inlinePolicyNames', blocks.reason);
    f.mark('inlinePolicies', blocks.reason);
  } else {
    records(blocks).forEach((_, index) => {
      const name = get('inline_policy', index, 'name');
      const policy = get('inline_policy', index, 'policy');
      if (isUnresolved(name) || isUnresolved(policy)) f.mark('inlinePolicies', (isUnresolved(name) ? name : (policy as { reason: string })).reason);
      else if (typeof name === 'string' && name) {
        names.push(name);
        inline[name] = policyStatements(policy);
      }
    });
  }
  const managed = get('managed_policy_arns');
  const boundary = values.orDefault(instance, ['permissions_boundary'], '');
  const unknownTrust = isUnresolved(trust) ? trust.reason : undefined;
  if (unknownTrust) {
    f.mark('trust', unknownTrust);
    f.mark('trustReadable', unknownTrust);
  }
  return {
    name: values.identity(instance, ['name']),
    arn: values.identity(instance, ['arn']),
    trust: unknownTrust ? [] : policyStatements(trust),
    trustReadable: unknownTrust ? false : decodePolicyDocument(trust) !== undefined,
    attachedPolicyArns: f.strings('attachedPolicyArns', isUnresolved(managed) && !values.isSet(instance, ['managed_policy_arns']) ? [] : managed),
    inlinePolicyNames: names,
    inlinePolicies: inline,
    // the provider leaves permissions_boundary empty when the role has none
    permissionsBoundary: isUnresolved(boundary) ? f.mark('permissionsBoundary', boundary.reason) : typeof boundary === 'string' && boundary ? { arn: boundary } : {},
  };
}

/** aws_iam_policy → the managed policy's document (the version Terraform writes is the default one). */
export function managedPolicyOf(values: PlanValues, instance: PlanInstance, f: FieldReader): ManagedPolicyModel {
  const document = values.get(instance, ['policy']);
  const unknown = isUnresolved(document) ? document.reason : undefined;
  if (unknown) {
    f.mark('statements', unknown);
    f.mark('readable', unknown);
  }
  return {
    arn: values.identity(instance, ['arn']),
    name: values.identity(instance, ['name']),
    statements: unknown ? [] : policyStatements(document),
    readable: unknown ? false : decodePolicyDocument(document) !== undefined,
  };
}

export function oidcProviderOf(values: PlanValues, instance: PlanInstance, f: FieldReader): OidcProviderModel {
  const url = values.get(instance, ['url']);
  return {
    arn: values.identity(instance, ['arn']),
    url: (f.string('url', url) ?? instance.address).replace(/^https:\/\//, ''),
    clientIds: f.strings('clientIds', values.get(instance, ['client_id_list'])),
  };
}

export function kmsKeyOf(values: PlanValues, instance: PlanInstance, f: FieldReader): KmsKeyModel {
  const enabled = f.bool('enabled', values.orDefault(instance, ['is_enabled'], true));
  const rotation = f.bool('rotationEnabled', values.orDefault(instance, ['enable_key_rotation'], false));
  return defined({
    arn: values.identity(instance, ['arn']),
    keyId: values.identity(instance, ['key_id']),
    region: values.region,
    state: enabled === undefined ? f.mark('state', `${instance.address}: is_enabled is known only after apply`) : enabled ? 'Enabled' : 'Disabled',
    enabled,
    manager: 'CUSTOMER',
    rotationEnabled: rotation,
  });
}

export function logGroupOf(values: PlanValues, instance: PlanInstance, f: FieldReader): LogGroupModel {
  const retention = f.number('retentionInDays', values.orDefault(instance, ['retention_in_days'], 0));
  return defined({
    name: values.identity(instance, ['name']),
    region: values.region,
    arn: values.identity(instance, ['arn']),
    // 0 is "never expire" in the provider, as an absent retention is in the API
    retentionInDays: retention === 0 ? undefined : retention,
  });
}

export function detectorOf(values: PlanValues, instance: PlanInstance, f: FieldReader): GuardDutyModel {
  const enabled = f.bool('status', values.orDefault(instance, ['enable'], true));
  const audit = values.get(instance, ['datasources', 0, 'kubernetes', 0, 'audit_logs', 0, 'enable']);
  const features: Record<string, string> = {};
  if (typeof audit === 'boolean') features['EKS_AUDIT_LOGS'] = audit ? 'ENABLED' : 'DISABLED';
  return defined({
    region: values.region,
    detectorId: values.identity(instance, ['id']),
    arn: values.identity(instance, ['arn']),
    status: enabled === undefined ? undefined : enabled ? 'ENABLED' : 'DISABLED',
    features,
  });
}

/** aws_guardduty_detector_feature → the detector it belongs to and the statuses it sets. */
export function detectorFeatureOf(values: PlanValues, instance: PlanInstance): { detector: unknown; features: Record<string, string>; unknown?: string } {
  const get = (...path: (string | number)[]) => values.get(instance, path);
  const features: Record<string, string> = {};
  const name = get('name');
  const status = get('status');
  const unknown = [name, status].find(isUnresolved);
  if (typeof name === 'string' && typeof status === 'string') features[name] = status;
  records(get('additional_configuration')).forEach((_, index) => {
    const extraName = get('additional_configuration', index, 'name');
    const extraStatus = get('additional_configuration', index, 'status');
    if (typeof extraName === 'string' && typeof extraStatus === 'string') features[extraName] = extraStatus;
  });
  return { detector: get('detector_id'), features, ...(unknown ? { unknown: unknown.reason } : {}) };
}

export function ecrRepositoryOf(values: PlanValues, instance: PlanInstance, f: FieldReader): EcrRepositoryModel {
  const registry = values.get(instance, ['registry_id']);
  return defined({
    name: values.identity(instance, ['name']),
    arn: values.identity(instance, ['arn']),
    region: values.region,
    registryId: typeof registry === 'string' && registry ? registry : values.account || undefined,
    scanOnPush: f.bool('scanOnPush', values.orDefault(instance, ['image_scanning_configuration', 0, 'scan_on_push'], false)),
    tagMutability: f.string('tagMutability', values.orDefault(instance, ['image_tag_mutability'], 'MUTABLE')),
  });
}

export function ecrScanningOf(values: PlanValues, instance: PlanInstance, f: FieldReader): EcrScanningModel {
  const get = (...path: (string | number)[]) => values.get(instance, path);
  return defined({
    region: values.region,
    registryId: values.account || undefined,
    scanType: f.string('scanType', get('scan_type')),
    rules: records(get('rule')).map((_, index) =>
      defined({
        frequency: f.string('rules', get('rule', index, 'scan_frequency')),
        filters: records(get('rule', index, 'repository_filter')).map((_, at) => f.string('rules', get('rule', index, 'repository_filter', at, 'filter')) ?? '').filter(Boolean),
      }),
    ),
  });
}
