/**
 * Readers for AWS API JSON. Input comes from the network or from files a user
 * wrote by hand, so every field may be missing, null or of the wrong type.
 */
export { record, records, list, str, strings, bool, num, stringMap } from '../k8s/fields.js';
import { asRecord } from '../core/inventory.js';

/** Timestamps arrive as Date objects (SDK) or ISO strings (CLI, snapshots); both become ISO strings. */
export function isoDate(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
  }
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  return undefined;
}

/** EC2/IAM tags `[{Key, Value}]` and EKS tags `{k: v}` both become a plain map. */
export function tagMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const tag = asRecord(item);
      if (tag && typeof tag['Key'] === 'string') out[tag['Key']] = typeof tag['Value'] === 'string' ? tag['Value'] : '';
    }
    return out;
  }
  const map = asRecord(value);
  if (map) for (const [key, item] of Object.entries(map)) if (typeof item === 'string') out[key] = item;
  return out;
}

/** The account id in an ARN (`arn:partition:service:region:account:resource`). */
export function accountOf(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account ? account : undefined;
}

/** The last path segment of an IAM ARN: the role name of `arn:aws:iam::1:role/path/name`. */
export function roleNameOf(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const resource = arn.split(':').slice(5).join(':');
  if (!resource.startsWith('role/')) return undefined;
  const name = resource.split('/').pop();
  return name ? name : undefined;
}
