import { createHash } from 'node:crypto';
import type { Report } from '../core/report.js';
import { resourceKey } from '../core/suppression.js';
import { isAwsRef, type Finding, type Severity } from '../core/types.js';
import { ASFF_SCHEMA_VERSION } from './asff-rules.js';
import { checkDocsUrl } from './rules.js';
import { escapeControl } from './text-safety.js';

/** The account and region of findings that carry none (Kubernetes objects of a context not named by an EKS ARN). */
export interface AsffDefaults {
  accountId?: string;
  region?: string;
}

export interface AsffOptions {
  defaults?: AsffDefaults;
  /** CreatedAt/UpdatedAt; left out, the Unix epoch keeps the output deterministic */
  generatedAt?: Date;
  docsBaseUrl?: string;
}

/** Raised when a finding's account or region cannot be known; the CLI turns it into a usage error. */
export class AsffContextError extends Error {}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' };
const RESOURCE_TYPE: Readonly<Record<string, string>> = {
  'AWS::EKS::Cluster': 'AwsEksCluster',
  'AWS::IAM::Role': 'AwsIamRole',
  'AWS::ECR::Repository': 'AwsEcrRepository',
  'AWS::EC2::SecurityGroup': 'AwsEc2SecurityGroup',
  'AWS::KMS::Key': 'AwsKmsKey',
};
const ARN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:/;
const EKS_CONTEXT = /^arn:(aws|aws-cn|aws-us-gov):eks:([a-z0-9-]+):(\d{12}):cluster\/(.+)$/;

/** Where a finding belongs in Security Hub: the account and region of its cluster. */
export interface AsffPlace {
  partition: string;
  accountId: string;
  region: string;
}

export function placeOf(finding: Finding, defaults: AsffDefaults = {}): AsffPlace {
  const ref = finding.resource;
  const arn = isAwsRef(ref) ? ARN.exec(ref.arn) : null;
  const context = !isAwsRef(ref) && ref.context ? EKS_CONTEXT.exec(ref.context) : null;
  const partition = arn?.[1] ?? context?.[1] ?? 'aws';
  const accountId = arn?.[4] ?? context?.[3] ?? defaults.accountId;
  // IAM is global: its findings go to the region the defaults name, else us-east-1 where IAM lives
  const ownRegion = isAwsRef(ref) && ref.region && ref.region !== 'global' ? ref.region : (arn?.[3] || context?.[2]);
  const region = ownRegion || defaults.region || (isAwsRef(ref) ? 'us-east-1' : undefined);
  if (!accountId || !/^\d{12}$/.test(accountId)) throw new AsffContextError(`the AWS account of ${describe(finding)} is not known: set AWS_ACCOUNT_ID (or name the kubeconfig context by the cluster ARN)`);
  if (!region) throw new AsffContextError(`the AWS region of ${describe(finding)} is not known: set AWS_REGION (or name the kubeconfig context by the cluster ARN)`);
  return { partition, accountId, region };
}

function describe(finding: Finding): string {
  return `${finding.checkId} on ${escapeControl(resourceKey(finding.resource))}`;
}

export function productArnOf(place: AsffPlace): string {
  return `arn:${place.partition}:securityhub:${place.region}:${place.accountId}:product/${place.accountId}/default`;
}

/** Where a finding came from, for its ID and for scoping archival: the context, or the account and region. */
export function asffScopeOf(finding: Finding, place: AsffPlace): string {
  const ref = finding.resource;
  return isAwsRef(ref) ? `aws:${place.accountId}:${place.region}` : `kube:${ref.context ?? ''}`;
}

/**
 * Stable across runs: the check, the resource, the field path, the cluster and which occurrence it
 * is. A re-import with the same ID updates the finding in Security Hub instead of adding one.
 */
export function asffIdOf(finding: Finding, place: AsffPlace, occurrence: number): string {
  const identity = [asffScopeOf(finding, place), finding.checkId, resourceKey(finding.resource), finding.path ?? '', String(occurrence)].join('\u0000');
  return `eksguard/${finding.checkId}/${createHash('sha256').update(identity).digest('hex').slice(0, 40)}`;
}

/** Attacker text (names, messages) made inert and clipped to the field's limit. */
function field(text: string, max: number): string {
  const safe = escapeControl(text).trim() || '-';
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

function complianceOf(finding: Finding): string {
  if (finding.status === 'pass') return 'PASSED';
  if (finding.status === 'fail' || finding.status === 'suppressed') return 'FAILED';
  return 'NOT_AVAILABLE';
}

function resourceOf(finding: Finding, place: AsffPlace): Record<string, unknown> {
  const ref = finding.resource;
  if (isAwsRef(ref)) {
    const type = RESOURCE_TYPE[ref.type] ?? 'Other';
    return {
      Type: type,
      Id: field(ref.arn, 512),
      Partition: place.partition,
      Region: place.region,
      ...(type === 'Other' ? { Details: { Other: { Type: field(ref.type, 1024) } } } : {}),
    };
  }
  const other: Record<string, string> = { ApiVersion: field(ref.apiVersion || '-', 1024), Kind: field(ref.kind, 1024), Name: field(ref.name || '-', 1024) };
  if (ref.namespace) other['Namespace'] = field(ref.namespace, 1024);
  if (ref.context) other['Context'] = field(ref.context, 1024);
  const id = `kubernetes://${ref.context ?? 'manifests'}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.kind}/${ref.name}`;
  return { Type: 'Other', Id: field(id, 512), Partition: place.partition, Region: place.region, Details: { Other: other } };
}

/** The findings that go to Security Hub: failures (also suppressed ones) and, when listed, passes and errors. */
function published(finding: Finding): boolean {
  return finding.status === 'fail' || finding.status === 'suppressed' || finding.status === 'pass' || finding.status === 'error';
}

/** The report's findings in ASFF, each with the account and region of the cluster it belongs to. */
export function toAsffFindings(report: Report, options: AsffOptions = {}): Record<string, unknown>[] {
  const at = (options.generatedAt ?? new Date(0)).toISOString();
  const occurrences = new Map<string, number>();
  const out: Record<string, unknown>[] = [];
  for (const finding of report.findings.filter(published)) {
    const place = placeOf(finding, options.defaults);
    const base = [asffScopeOf(finding, place), finding.checkId, resourceKey(finding.resource), finding.path ?? ''].join('\u0000');
    const occurrence = occurrences.get(base) ?? 0;
    occurrences.set(base, occurrence + 1);
    const fields: Record<string, string> = {
      'eksguard/CheckId': finding.checkId,
      'eksguard/Status': finding.status,
      'eksguard/Area': finding.area,
      // what `publish` archives by: the fleet target (cluster) when known, else the account and region or the context
      'eksguard/Scope': field(finding.target ?? asffScopeOf(finding, place), 2048),
      'eksguard/Version': field(report.tool.version, 2048),
    };
    if (finding.path) fields['eksguard/Path'] = field(finding.path, 2048);
    if (finding.location) fields['eksguard/Location'] = field(`${finding.location.file}${finding.location.line ? `:${finding.location.line}` : ''}`, 2048);
    if (finding.suppression) fields['eksguard/SuppressionReason'] = field(finding.suppression.reason, 2048);
    out.push({
      SchemaVersion: ASFF_SCHEMA_VERSION,
      Id: asffIdOf(finding, place, occurrence),
      ProductArn: productArnOf(place),
      ProductName: 'eksguard',
      CompanyName: 'eksguard',
      GeneratorId: `eksguard/${finding.checkId}`,
      AwsAccountId: place.accountId,
      Region: place.region,
      Types: [`Software and Configuration Checks/AWS Security Best Practices/EKS ${finding.area}`],
      CreatedAt: at,
      UpdatedAt: at,
      Severity: { Label: SEVERITY_LABEL[finding.severity], Original: finding.severity },
      Title: field(`${finding.checkId} ${finding.title}`, 256),
      Description: field(finding.message, 1024),
      Remediation: { Recommendation: { Text: field(finding.remediation, 512), Url: checkDocsUrl(finding.checkId, options.docsBaseUrl) } },
      ProductFields: fields,
      Resources: [resourceOf(finding, place)],
      Compliance: {
        Status: complianceOf(finding),
        ...(finding.standards.length > 0 ? { RelatedRequirements: finding.standards.slice(0, 32).map((standard) => field(standard, 128)) } : {}),
      },
      RecordState: 'ACTIVE',
      Workflow: { Status: finding.status === 'suppressed' ? 'SUPPRESSED' : finding.status === 'pass' ? 'RESOLVED' : 'NEW' },
    });
  }
  return out;
}
