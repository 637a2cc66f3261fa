import { isoDate, num, record, records, str, strings } from '../json.js';
import type {
  ManagedPolicyModel,
  EcrRepositoryModel,
  EcrScanningModel,
  GuardDutyModel,
  KmsKeyModel,
  LogGroupModel,
  OidcProviderModel,
  PolicyStatement,
  RoleModel,
  SsmParameterModel,
} from '../models.js';
import { decodePolicyDocument, policyStatements } from '../policy.js';

/** One role of `aws iam list-roles` (or the `Role` of `aws iam get-role`). */
export function roleFrom(role: Record<string, unknown>): RoleModel | undefined {
  const name = str(role['RoleName']);
  const arn = str(role['Arn']);
  if (!name || !arn) return undefined;
  const document = role['AssumeRolePolicyDocument'];
  const boundary = permissionsBoundaryFrom(role, false);
  return { name, arn, trust: policyStatements(document), trustReadable: decodePolicyDocument(document) !== undefined, inlinePolicies: {}, ...(boundary ? { permissionsBoundary: boundary } : {}) };
}

/**
 * The permissions boundary a role response states: `{ arn }`, or `{}` from `get-role` when it has
 * none; undefined from `list-roles`, which never includes it.
 */
export function permissionsBoundaryFrom(role: Record<string, unknown>, detailed: boolean): RoleModel['permissionsBoundary'] {
  const arn = str(record(role['PermissionsBoundary'])['PermissionsBoundaryArn']);
  if (arn) return { arn };
  return detailed ? {} : undefined;
}

/** `aws iam get-policy` and `aws iam get-policy-version` of one policy → its default version. */
export function managedPolicyFrom(arn: string, policy: Record<string, unknown>, version: Record<string, unknown>): ManagedPolicyModel {
  const document = version['Document'];
  const name = str(policy['PolicyName']) ?? arn.split('/').pop() ?? arn;
  const versionId = str(version['VersionId']) ?? str(policy['DefaultVersionId']);
  return { arn, name, ...(versionId ? { versionId } : {}), statements: policyStatements(document), readable: decodePolicyDocument(document) !== undefined };
}

export function attachedPolicyArnsFrom(response: Record<string, unknown>): string[] {
  return records(response['AttachedPolicies']).map((policy) => str(policy['PolicyArn'])).filter((arn): arn is string => !!arn);
}

/** `aws iam get-role-policy` → role, policy name and statements. */
export function inlinePolicyFrom(response: Record<string, unknown>): { roleName?: string; policyName?: string; statements: PolicyStatement[] } {
  const roleName = str(response['RoleName']);
  const policyName = str(response['PolicyName']);
  return { ...(roleName ? { roleName } : {}), ...(policyName ? { policyName } : {}), statements: policyStatements(response['PolicyDocument']) };
}

export function oidcProviderFrom(response: Record<string, unknown>, arnHint?: string): OidcProviderModel | undefined {
  const url = str(response['Url'])?.replace(/^https:\/\//, '');
  if (!url) return undefined;
  return { arn: arnHint ?? `arn:aws:iam:::oidc-provider/${url}`, url, clientIds: strings(response['ClientIDList']) };
}

export function kmsKeyFrom(describe: Record<string, unknown>, region: string): KmsKeyModel | undefined {
  const metadata = record(describe['KeyMetadata']);
  const keyId = str(metadata['KeyId']);
  const arn = str(metadata['Arn']);
  if (!keyId || !arn) return undefined;
  const state = str(metadata['KeyState']);
  const manager = str(metadata['KeyManager']);
  const enabled = typeof metadata['Enabled'] === 'boolean' ? metadata['Enabled'] : undefined;
  return { keyId, arn, region, ...(state ? { state } : {}), ...(manager ? { manager } : {}), ...(enabled !== undefined ? { enabled } : {}) };
}

export function logGroupsFrom(response: Record<string, unknown>, region: string): LogGroupModel[] {
  return records(response['logGroups']).flatMap((group) => {
    const name = str(group['logGroupName']);
    if (!name) return [];
    const retentionInDays = num(group['retentionInDays']);
    return [{ name, region, arn: str(group['arn']) ?? `arn:aws:logs:${region}::log-group:${name}`, ...(retentionInDays !== undefined ? { retentionInDays } : {}) }];
  });
}

/** `aws ssm get-parameters` or `get-parameter`; the configured prefix is stripped so checks see the public names. */
export function ssmParametersFrom(response: Record<string, unknown>, region: string, prefix: string): SsmParameterModel[] {
  const single = record(response['Parameter']);
  const items = [...records(response['Parameters']), ...(Object.keys(single).length > 0 ? [single] : [])];
  return items.flatMap((parameter) => {
    const fullName = str(parameter['Name']);
    const value = str(parameter['Value']);
    if (!fullName || value === undefined) return [];
    const name = prefix && fullName.startsWith(prefix) ? fullName.slice(prefix.length) : fullName;
    const lastModified = isoDate(parameter['LastModifiedDate']);
    return [{ name, region, value, ...(lastModified ? { lastModified } : {}) }];
  });
}

/** `aws guardduty get-detector` (its id comes from the file's directory or the ListDetectors call). */
export function guardDutyFrom(response: Record<string, unknown>, region: string, detectorId: string): GuardDutyModel {
  const features: Record<string, string> = {};
  for (const feature of records(response['Features'])) {
    const name = str(feature['Name']);
    const status = str(feature['Status']);
    if (name && status) features[name] = status;
    for (const extra of records(feature['AdditionalConfiguration'])) {
      const extraName = str(extra['Name']);
      const extraStatus = str(extra['Status']);
      if (extraName && extraStatus) features[extraName] = extraStatus;
    }
  }
  // Older detectors report EKS audit logs only through the legacy DataSources block.
  const legacy = str(record(record(record(response['DataSources'])['Kubernetes'])['AuditLogs'])['Status']);
  if (legacy && features['EKS_AUDIT_LOGS'] === undefined) features['EKS_AUDIT_LOGS'] = legacy;
  const status = str(response['Status']);
  return { region, detectorId, arn: `arn:aws:guardduty:${region}::detector/${detectorId}`, ...(status ? { status } : {}), features };
}

export function ecrRepositoriesFrom(response: Record<string, unknown>, region: string): EcrRepositoryModel[] {
  return records(response['repositories']).flatMap((repository) => {
    const name = str(repository['repositoryName']);
    const arn = str(repository['repositoryArn']);
    if (!name || !arn) return [];
    const uri = str(repository['repositoryUri']);
    const registryId = str(repository['registryId']);
    const scan = record(repository['imageScanningConfiguration'])['scanOnPush'];
    const mutability = str(repository['imageTagMutability']);
    return [
      {
        name,
        arn,
        region,
        ...(uri ? { uri } : {}),
        ...(registryId ? { registryId } : {}),
        ...(typeof scan === 'boolean' ? { scanOnPush: scan } : {}),
        ...(mutability ? { tagMutability: mutability } : {}),
      },
    ];
  });
}

export function ecrScanningFrom(response: Record<string, unknown>, region: string): EcrScanningModel {
  const configuration = record(response['scanningConfiguration']);
  const registryId = str(response['registryId']);
  const scanType = str(configuration['scanType']);
  return {
    region,
    ...(registryId ? { registryId } : {}),
    ...(scanType ? { scanType } : {}),
    rules: records(configuration['rules']).map((rule) => {
      const frequency = str(rule['scanFrequency']);
      return {
        ...(frequency ? { frequency } : {}),
        filters: records(rule['repositoryFilters']).map((filter) => str(filter['filter'])).filter((f): f is string => !!f),
      };
    }),
  };
}
