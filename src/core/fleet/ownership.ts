import { isAwsRef, type Finding } from '../types.js';
import { compareText } from './record.js';

/** One cluster of the AWS side of a fleet. */
export interface AwsClusterTarget {
  key: string;
  account: string;
  region: string;
  cluster: string;
}

/**
 * A fleet is scanned cluster by cluster, but some subjects belong to no one cluster: IAM roles
 * are global to an account, ECR repositories to an account and region. Every cluster target of
 * that account (or region) reads them, so each would report them again; exactly one target, the
 * first of its scope in key order, keeps their results. Every shard lists the whole fleet, so every
 * shard names the same owner, and a merge of shards holds each such result once, as an unsharded
 * run does. EKS resources (cluster, node groups, add-ons, access entries …) belong to their cluster.
 */
export function sharedScopeOf(finding: Finding, target: Pick<AwsClusterTarget, 'account'>): string | undefined {
  const ref = finding.resource;
  if (!isAwsRef(ref) || ref.type.startsWith('AWS::EKS::')) return undefined;
  return ref.region === 'global' || ref.region === '' ? target.account : `${target.account}:${ref.region}`;
}

/** The owning target key of every shared scope (account, account:region) of the fleet. */
export function sharedScopeOwners(targets: readonly AwsClusterTarget[]): Map<string, string> {
  const owners = new Map<string, string>();
  const claim = (scope: string, key: string) => {
    const current = owners.get(scope);
    if (current === undefined || compareText(key, current) < 0) owners.set(scope, key);
  };
  for (const target of targets) {
    claim(target.account, target.key);
    claim(`${target.account}:${target.region}`, target.key);
  }
  return owners;
}

/** Whether the results of a target's evaluation keep this finding (see sharedScopeOf). */
export function ownsFinding(finding: Finding, target: AwsClusterTarget, owners: ReadonlyMap<string, string>): boolean {
  const scope = sharedScopeOf(finding, target);
  if (scope === undefined) return true;
  // a scope nobody claims (a region the listing did not visit) stays with the target that read it
  return (owners.get(scope) ?? target.key) === target.key;
}
