import { asRecord } from '../fields.js';
import { readYaml11, yamlLines } from './yaml-value.js';

/**
 * The kube-system/aws-auth ConfigMap as the EKS authenticator reads it
 * (kubernetes-sigs/aws-iam-authenticator, pkg/mapper/configmap `ParseMap`):
 *
 * - `mapRoles` and `mapUsers` are YAML strings, converted to JSON and decoded
 *   by Go's encoding/json into lists of mappings: keys match case-insensitively
 *   (`roleARN` works), unknown keys are ignored, a value of the wrong type is
 *   skipped (the rest is kept), and a string that is not YAML, or not a list,
 *   yields no mappings at all;
 * - `mapAccounts` is a YAML list of account IDs decoded by yaml.v2 into
 *   strings (scalars keep their text);
 * - a value that is empty, only blanks, ` `` ` or `""` is skipped;
 * - every problem is logged by EKS and the ConfigMap is applied with whatever
 *   could be read: nodes whose role mapping was lost cannot join, admins lose access.
 */

export const AWS_AUTH_KEYS = ['mapRoles', 'mapUsers', 'mapAccounts'] as const;
export type AwsAuthKey = (typeof AWS_AUTH_KEYS)[number];
export type MappingKey = 'mapRoles' | 'mapUsers';

export interface AwsAuthMapping {
  readonly key: MappingKey;
  readonly index: number;
  /** `rolearn` or `userarn`; empty when missing */
  readonly arn: string;
  readonly username: string;
  readonly groups: readonly string[];
  /** path of each group, parallel to `groups` (the key as written, the index before skipped values) */
  readonly groupPaths: readonly string[];
  readonly hasSso: boolean;
  /** path from the ConfigMap root: `data.mapRoles[1]` */
  readonly path: string;
}

export interface AwsAuthAccount {
  readonly index: number;
  readonly id: string;
  readonly path: string;
}

export interface AwsAuthProblem {
  readonly key: AwsAuthKey | 'data';
  /** path from the ConfigMap root: `data.mapRoles`, `data.mapRoles[2].groups` */
  readonly path: string;
  readonly message: string;
  /** true when EKS reads nothing at all from this key */
  readonly dropsKey: boolean;
}

export interface AwsAuth {
  readonly mapRoles: readonly AwsAuthMapping[];
  readonly mapUsers: readonly AwsAuthMapping[];
  readonly mapAccounts: readonly AwsAuthAccount[];
  readonly problems: readonly AwsAuthProblem[];
  /** which keys the ConfigMap has (even when empty) */
  readonly present: ReadonlySet<AwsAuthKey>;
  /** 0-based line inside a key's text of a path below it (`[1].groups[0]`), or of its YAML error (path ``) */
  innerLine(key: AwsAuthKey, innerPath: string): number | undefined;
  /** true when a key's text spans lines (a block scalar), so inner lines map onto the file */
  isMultiline(key: AwsAuthKey): boolean;
}

const FIELDS: Record<MappingKey, readonly string[]> = {
  mapRoles: ['rolearn', 'sso', 'username', 'groups', 'userid'],
  mapUsers: ['userarn', 'username', 'groups', 'userid'],
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function isSkippable(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || trimmed === '``' || trimmed === '""';
}

/** Go's encoding/json: an exact field-name match, else a case-insensitive one; the last key for a field wins. */
function fieldsOf(entry: Record<string, unknown>, names: readonly string[]): Map<string, { value: unknown; key: string }> {
  const out = new Map<string, { value: unknown; key: string }>();
  for (const [key, value] of Object.entries(entry)) {
    const field = names.find((name) => name === key) ?? names.find((name) => name === key.toLowerCase());
    if (field) out.set(field, { value, key });
  }
  return out;
}

interface KeyParse {
  problems: AwsAuthProblem[];
  errorLine?: number;
}

function parseMappings(key: MappingKey, text: string, into: AwsAuthMapping[]): KeyParse {
  const base = `data.${key}`;
  const problems: AwsAuthProblem[] = [];
  const read = readYaml11(text);
  if (!read.ok) {
    problems.push({ key, path: base, message: `${key} ${read.message}: EKS reads no ${key} entries`, dropsKey: true });
    return { problems, ...(read.line !== undefined ? { errorLine: read.line } : {}) };
  }
  if (read.value === null) return { problems };
  if (!Array.isArray(read.value)) {
    problems.push({ key, path: base, message: `${key} is ${kindOf(read.value)}, not a list: EKS reads no ${key} entries`, dropsKey: true });
    return { problems };
  }
  const arnField = key === 'mapRoles' ? 'rolearn' : 'userarn';
  read.value.forEach((item, index) => {
    const path = `${base}[${index}]`;
    const skip = (field: string, message: string) =>
      problems.push({ key, path: field ? `${path}.${field}` : path, message: `${key}[${index}]${field ? `.${field}` : ''} ${message}`, dropsKey: false });
    const entry = item === null ? {} : asRecord(item);
    if (!entry) {
      skip('', `is ${kindOf(item)}, not a mapping: EKS skips it`);
      return;
    }
    const fields = fieldsOf(entry, FIELDS[key]);
    const text = (field: string): string => {
      const found = fields.get(field);
      if (!found || found.value === null) return '';
      if (typeof found.value === 'string') return found.value;
      skip(found.key, `is ${kindOf(found.value)}, not a string: EKS ignores the value`);
      return '';
    };
    const arn = text(arnField);
    const username = text('username');
    text('userid');
    const groups: string[] = [];
    const groupPaths: string[] = [];
    const rawGroups = fields.get('groups');
    if (rawGroups && rawGroups.value !== null) {
      if (!Array.isArray(rawGroups.value)) skip(rawGroups.key, `is ${kindOf(rawGroups.value)}, not a list: EKS maps no groups for this entry`);
      else {
        rawGroups.value.forEach((group, groupIndex) => {
          if (typeof group === 'string') {
            groups.push(group);
            groupPaths.push(`${path}.${rawGroups.key}[${groupIndex}]`);
          }
          else if (group !== null) skip(`${rawGroups.key}[${groupIndex}]`, `is ${kindOf(group)}, not a string: EKS ignores it`);
        });
      }
    }
    const sso = fields.get('sso');
    const hasSso = sso !== undefined && sso.value !== null && asRecord(sso.value) !== undefined;
    if (sso && sso.value !== null && !hasSso) skip(sso.key, `is ${kindOf(sso.value)}, not a mapping: EKS ignores it`);
    if (!arn && !hasSso) skip('', `has no ${arnField}: EKS matches no IAM principal to it`);
    into.push({ key, index, arn, username, groups, groupPaths, hasSso, path });
  });
  return { problems };
}

function parseAccounts(text: string, into: AwsAuthAccount[]): KeyParse {
  const base = 'data.mapAccounts';
  const problems: AwsAuthProblem[] = [];
  const read = readYaml11(text, { rawScalars: true });
  if (!read.ok) {
    problems.push({ key: 'mapAccounts', path: base, message: `mapAccounts ${read.message}: EKS reads no accounts`, dropsKey: true });
    return { problems, ...(read.line !== undefined ? { errorLine: read.line } : {}) };
  }
  if (read.value === null) return { problems };
  if (!Array.isArray(read.value)) {
    const what = typeof read.value === 'string' ? 'a single value' : kindOf(read.value);
    problems.push({ key: 'mapAccounts', path: base, message: `mapAccounts is ${what}, not a list: EKS reads no accounts`, dropsKey: true });
    return { problems };
  }
  read.value.forEach((item, index) => {
    const path = `${base}[${index}]`;
    if (typeof item === 'string') {
      if (item !== '') into.push({ index, id: item, path });
    } else if (item !== null) {
      problems.push({ key: 'mapAccounts', path, message: `mapAccounts[${index}] is ${kindOf(item)}, not an account ID: EKS ignores it`, dropsKey: false });
    }
  });
  return { problems };
}

/** Parses the `data` of an aws-auth ConfigMap. Never throws. */
export function parseAwsAuth(data: unknown): AwsAuth {
  const mapRoles: AwsAuthMapping[] = [];
  const mapUsers: AwsAuthMapping[] = [];
  const mapAccounts: AwsAuthAccount[] = [];
  const problems: AwsAuthProblem[] = [];
  const present = new Set<AwsAuthKey>();
  const parsed = new Map<AwsAuthKey, KeyParse & { text: string; lines?: ReadonlyMap<string, number> }>();
  const multiline = new Set<AwsAuthKey>();
  const record = asRecord(data);
  if (data !== undefined && data !== null && !record) {
    problems.push({ key: 'data', path: 'data', message: `data is ${kindOf(data)}, not a map of strings: the API server rejects this ConfigMap`, dropsKey: true });
  }
  for (const key of AWS_AUTH_KEYS) {
    if (!record || !(key in record)) continue;
    present.add(key);
    const value = record[key];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') {
      problems.push({
        key,
        path: `data.${key}`,
        message: `data.${key} is ${kindOf(value)}, not a string: the API server rejects this ConfigMap (write the YAML as a block string, \`${key}: |\`)`,
        dropsKey: true,
      });
      continue;
    }
    if (value.includes('\n')) multiline.add(key);
    if (isSkippable(value)) continue;
    const result = key === 'mapAccounts' ? parseAccounts(value, mapAccounts) : parseMappings(key, value, key === 'mapRoles' ? mapRoles : mapUsers);
    parsed.set(key, { ...result, text: value });
    problems.push(...result.problems);
  }
  return {
    mapRoles,
    mapUsers,
    mapAccounts,
    problems,
    present,
    innerLine(key, innerPath) {
      const result = parsed.get(key);
      if (!result) return undefined;
      if (innerPath === '') return result.errorLine;
      // lines are worked out only when a finding is located, once per key
      result.lines ??= yamlLines(result.text);
      return result.lines.get(innerPath);
    },
    isMultiline: (key) => multiline.has(key),
  };
}
