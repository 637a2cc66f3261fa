/**
 * `who-can --aws` / `--aws-snapshot`: the EKS access entries of the cluster asked about, as rows
 * of the who-can answer. Each row says which entry grants it: "via access entry <principalArn>
 * (<policy>, <scope>)" for an access policy, or the entry's Kubernetes group and the RBAC binding
 * that grants that group.
 */
import { accessEntryGrants, type AccessEntryGrant } from '../aws/access-entry-grants.js';
import { AWS_KEYS } from '../aws/data-keys.js';
import { AWS_TYPES, type AccessEntryModel, type ClusterModel } from '../aws/models.js';
import type { Inventory } from '../core/inventory.js';
import type { Gap } from '../core/types.js';
import type { WhoCanQuery, WhoCanRow } from '../k8s/rbac/index.js';
import { describeRule } from '../k8s/rbac/index.js';
import { UsageError } from './errors.js';

export interface AccessEntryResult {
  /** the cluster whose entries were read; undefined when the AWS data holds none */
  readonly cluster?: string;
  readonly grants: readonly AccessEntryGrant[];
  readonly unmodelled: readonly string[];
  readonly policiesUnknown: readonly string[];
  readonly gaps: readonly Gap[];
}

function modelsOf<M>(inventory: Pick<Inventory, 'aws'>, type: string): M[] {
  return inventory.aws.filter((record) => record.type === type).map((record) => record.model as M);
}

/** The access entry grants of the one cluster the AWS data holds, or of `--cluster`. */
export function accessEntriesFor(inventory: Pick<Inventory, 'aws' | 'missing'>, query: WhoCanQuery, rows: readonly WhoCanRow[], wanted: string | undefined): AccessEntryResult {
  const clusters = [...new Set(modelsOf<ClusterModel>(inventory, AWS_TYPES.cluster).map((cluster) => cluster.name))].sort();
  const entries = modelsOf<AccessEntryModel>(inventory, AWS_TYPES.accessEntry);
  const names = [...new Set([...clusters, ...entries.map((entry) => entry.clusterName)])].sort();
  const gaps = [AWS_KEYS.accessEntries, AWS_KEYS.accessPolicies].flatMap((key) => {
    const gap = inventory.missing.get(key);
    return gap ? [gap] : [];
  });
  if (wanted !== undefined && !names.includes(wanted)) {
    throw new UsageError(`cluster "${wanted}" is not in the AWS data`, names.length > 0 ? `the data holds: ${names.join(', ')}` : 'the AWS data holds no EKS cluster');
  }
  if (wanted === undefined && names.length > 1) {
    throw new UsageError(`the AWS data holds ${names.length} clusters: who-can answers for one`, `give --cluster NAME (one of ${names.join(', ')})`);
  }
  const cluster = wanted ?? names[0];
  if (cluster === undefined) return { grants: [], unmodelled: [], policiesUnknown: [], gaps };
  const answer = accessEntryGrants(entries.filter((entry) => entry.clusterName === cluster), query, rows);
  return { cluster, ...answer, gaps };
}

function principalKind(arn: string): string {
  return /:user\//.test(arn) ? 'IAM user' : 'IAM role';
}

function scopeText(scope: AccessEntryGrant['scope']): string {
  return scope === 'cluster' || scope === undefined ? 'cluster' : `namespaces ${scope.join(', ')}`;
}

/** Table rows (SUBJECT, KIND, SCOPE, VIA, RULE), not yet escaped. */
export function accessEntryCells(result: AccessEntryResult, describe: { via: (row: WhoCanRow) => string; rule: (row: WhoCanRow) => string }): string[][] {
  return result.grants.map((grant) => {
    const where = grant.row.namespace ?? 'cluster-wide';
    if (grant.policy) {
      const rule = grant.policy === 'AmazonEKSClusterAdminPolicy' ? 'every verb on every resource' : `${grant.policy}: ${describeRule(grant.row.rule.rule)}`;
      return [grant.principalArn, principalKind(grant.principalArn), where, `access entry ${grant.principalArn} (${grant.policy}, ${scopeText(grant.scope)})`, rule];
    }
    return [grant.principalArn, principalKind(grant.principalArn), where, `access entry ${grant.principalArn} → group ${grant.group} → ${describe.via(grant.row)}`, describe.rule(grant.row)];
  });
}

export function accessEntryNotes(result: AccessEntryResult): string[] {
  const notes: string[] = [];
  if (result.cluster === undefined) notes.push('The AWS data holds no EKS cluster: no access entry was read.');
  if (result.grants.some((grant) => grant.policy)) notes.push(`EKS access policies grant without any RBAC object (cluster ${result.cluster}); their permissions are modelled on the Kubernetes roles they match.`);
  if (result.unmodelled.length > 0) notes.push(`Access policies eksguard does not model, not judged here: ${result.unmodelled.join('; ')}.`);
  if (result.policiesUnknown.length > 0) notes.push(`Incomplete: the access policies of ${result.policiesUnknown.join(', ')} were not collected.`);
  for (const gap of result.gaps) notes.push(`Incomplete: ${gap.source} could not be read (${gap.reason}).`);
  return notes;
}

export function accessEntryJson(result: AccessEntryResult): unknown {
  return {
    ...(result.cluster !== undefined ? { cluster: result.cluster } : {}),
    results: result.grants.map((grant) => ({
      principal: { kind: principalKind(grant.principalArn) === 'IAM user' ? 'IAMUser' : 'IAMRole', arn: grant.principalArn },
      scope: grant.row.namespace === undefined ? 'cluster-wide' : 'namespace',
      ...(grant.row.namespace !== undefined ? { namespace: grant.row.namespace } : {}),
      ...(grant.policy
        ? { accessPolicy: { name: grant.policy, scope: grant.scope === 'cluster' ? { type: 'cluster' } : { type: 'namespace', namespaces: grant.scope } }, clusterAdmin: grant.policy === 'AmazonEKSClusterAdminPolicy' && grant.scope === 'cluster' }
        : { group: grant.group, via: { binding: { kind: grant.row.binding.kind, name: grant.row.binding.name, ...(grant.row.binding.namespace ? { namespace: grant.row.binding.namespace } : {}) }, role: { kind: grant.row.role.kind, name: grant.row.role.name } } }),
    })),
    unmodelledPolicies: result.unmodelled,
    policiesNotCollected: result.policiesUnknown,
  };
}
