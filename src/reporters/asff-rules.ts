/**
 * The AWS Security Finding Format's field rules (Security Hub API reference, AwsSecurityFinding and
 * the required top-level attributes), as a pure check: `eksguard publish` validates every finding
 * before sending it, and the tests hold the reporter to them.
 */

export const ASFF_SCHEMA_VERSION = '2018-10-08';
export const ASFF_SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const ASFF_TYPE_NAMESPACES = ['Software and Configuration Checks', 'TTPs', 'Effects', 'Unusual Behaviors', 'Sensitive Data Identifications'] as const;
export const ASFF_COMPLIANCE = ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'] as const;
export const ASFF_RECORD_STATES = ['ACTIVE', 'ARCHIVED'] as const;
export const ASFF_WORKFLOW = ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'] as const;
/** The resource types eksguard uses; anything without a dedicated ASFF type is `Other`. */
export const ASFF_RESOURCE_TYPES = ['AwsEksCluster', 'AwsIamRole', 'AwsEcrRepository', 'AwsEc2SecurityGroup', 'AwsKmsKey', 'Other'] as const;

/** Security Hub refuses a finding larger than this (240 KB of JSON). */
export const ASFF_MAX_FINDING_BYTES = 240 * 1024;

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov']);
/** A custom integration imports under the account's own default product. */
const CUSTOM_PRODUCT_ARN = /^arn:(aws|aws-cn|aws-us-gov):securityhub:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):product\/(\d{12})\/default$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every problem of one finding, as `Field: what is wrong`; empty when Security Hub would accept it. */
export function asffProblems(finding: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(finding)) return ['the finding is not an object'];
  const text = (field: string, value: unknown, max: number, required = true) => {
    if (value === undefined) {
      if (required) problems.push(`${field}: required`);
      return;
    }
    if (typeof value !== 'string') problems.push(`${field}: must be a string`);
    else if (value.trim() === '') problems.push(`${field}: must not be empty`);
    else if (value.length > max) problems.push(`${field}: longer than ${max} characters`);
  };
  const oneOf = (field: string, value: unknown, allowed: readonly string[], required = true) => {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || !allowed.includes(value)) problems.push(`${field}: must be one of ${allowed.join(', ')}`);
  };
  const time = (field: string, value: unknown, required = true) => {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) problems.push(`${field}: must be an RFC 3339 timestamp`);
  };

  if (finding['SchemaVersion'] !== ASFF_SCHEMA_VERSION) problems.push(`SchemaVersion: must be ${ASFF_SCHEMA_VERSION}`);
  text('Id', finding['Id'], 512);
  text('GeneratorId', finding['GeneratorId'], 512);
  text('Title', finding['Title'], 256);
  text('Description', finding['Description'], 1024);
  time('CreatedAt', finding['CreatedAt']);
  time('UpdatedAt', finding['UpdatedAt']);
  time('FirstObservedAt', finding['FirstObservedAt'], false);
  time('LastObservedAt', finding['LastObservedAt'], false);
  const account = finding['AwsAccountId'];
  if (typeof account !== 'string' || !ACCOUNT.test(account)) problems.push('AwsAccountId: must be a 12-digit account ID');
  const product = typeof finding['ProductArn'] === 'string' ? CUSTOM_PRODUCT_ARN.exec(finding['ProductArn']) : null;
  if (!product) problems.push('ProductArn: must be arn:PARTITION:securityhub:REGION:ACCOUNT:product/ACCOUNT/default (a custom integration)');
  else if (product[3] !== product[4]) problems.push('ProductArn: the account of the product path must be the account of the ARN');
  if (finding['Region'] !== undefined && (typeof finding['Region'] !== 'string' || !REGION.test(finding['Region']))) problems.push('Region: must be an AWS region name');
  if (product && typeof finding['Region'] === 'string' && product[2] !== finding['Region']) problems.push('Region: must be the region of the ProductArn');

  const types = finding['Types'];
  if (!Array.isArray(types) || types.length === 0 || types.length > 50) problems.push('Types: must hold 1 to 50 entries');
  else {
    for (const [index, type] of types.entries()) {
      const parts = typeof type === 'string' ? type.split('/') : [];
      if (parts.length < 1 || parts.length > 3 || parts.some((part) => part.trim() === '') || !(ASFF_TYPE_NAMESPACES as readonly string[]).includes(parts[0]!)) {
        problems.push(`Types[${index}]: must be namespace/category/classifier with a namespace of ${ASFF_TYPE_NAMESPACES.join(', ')}`);
      }
    }
  }

  const severity = finding['Severity'];
  if (!isRecord(severity)) problems.push('Severity: required');
  else {
    oneOf('Severity.Label', severity['Label'], ASFF_SEVERITY_LABELS);
    text('Severity.Original', severity['Original'], 64, false);
  }

  const resources = finding['Resources'];
  if (!Array.isArray(resources) || resources.length === 0 || resources.length > 32) problems.push('Resources: must hold 1 to 32 resources');
  else {
    for (const [index, resource] of resources.entries()) {
      if (!isRecord(resource)) {
        problems.push(`Resources[${index}]: must be an object`);
        continue;
      }
      oneOf(`Resources[${index}].Type`, resource['Type'], ASFF_RESOURCE_TYPES);
      text(`Resources[${index}].Id`, resource['Id'], 512);
      if (resource['Partition'] !== undefined && !PARTITIONS.has(String(resource['Partition']))) problems.push(`Resources[${index}].Partition: must be aws, aws-cn or aws-us-gov`);
      if (resource['Region'] !== undefined && (typeof resource['Region'] !== 'string' || !REGION.test(resource['Region']))) problems.push(`Resources[${index}].Region: must be an AWS region name`);
      const details = resource['Details'];
      if (details !== undefined) {
        const other = isRecord(details) ? details['Other'] : undefined;
        if (!isRecord(details) || (other !== undefined && !isRecord(other))) problems.push(`Resources[${index}].Details: Other must be a map of strings`);
        else if (isRecord(other)) {
          const entries = Object.entries(other);
          if (entries.length > 50) problems.push(`Resources[${index}].Details.Other: at most 50 entries`);
          for (const [key, value] of entries) {
            if (key === '' || key.length > 128) problems.push(`Resources[${index}].Details.Other: keys hold 1 to 128 characters`);
            text(`Resources[${index}].Details.Other.${key}`, value, 1024);
          }
        }
      }
    }
  }

  const fields = finding['ProductFields'];
  if (fields !== undefined) {
    if (!isRecord(fields)) problems.push('ProductFields: must be a map of strings');
    else {
      const entries = Object.entries(fields);
      if (entries.length > 50) problems.push('ProductFields: at most 50 entries');
      for (const [key, value] of entries) {
        if (key === '' || key.length > 128) problems.push('ProductFields: keys hold 1 to 128 characters');
        text(`ProductFields.${key}`, value, 2048);
      }
    }
  }
  const remediation = finding['Remediation'];
  if (remediation !== undefined) {
    const recommendation = isRecord(remediation) ? remediation['Recommendation'] : undefined;
    if (!isRecord(recommendation)) problems.push('Remediation.Recommendation: must be an object');
    else {
      text('Remediation.Recommendation.Text', recommendation['Text'], 512, false);
      if (recommendation['Url'] !== undefined && (typeof recommendation['Url'] !== 'string' || !/^https:\/\/\S+$/.test(recommendation['Url']))) problems.push('Remediation.Recommendation.Url: must be an https URL');
    }
  }
  const compliance = finding['Compliance'];
  if (compliance !== undefined) {
    if (!isRecord(compliance)) problems.push('Compliance: must be an object');
    else {
      oneOf('Compliance.Status', compliance['Status'], ASFF_COMPLIANCE);
      const related = compliance['RelatedRequirements'];
      if (related !== undefined && (!Array.isArray(related) || related.length > 32 || related.some((item) => typeof item !== 'string' || item === '' || item.length > 128))) {
        problems.push('Compliance.RelatedRequirements: at most 32 non-empty strings');
      }
    }
  }
  oneOf('RecordState', finding['RecordState'], ASFF_RECORD_STATES, false);
  if (finding['Workflow'] !== undefined) oneOf('Workflow.Status', isRecord(finding['Workflow']) ? finding['Workflow']['Status'] : undefined, ASFF_WORKFLOW);
  if (Buffer.byteLength(JSON.stringify(finding), 'utf8') > ASFF_MAX_FINDING_BYTES) problems.push(`the finding is larger than ${ASFF_MAX_FINDING_BYTES} bytes`);
  return problems;
}
