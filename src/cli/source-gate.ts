import type { InputCounts } from '../core/report.js';
import type { Inventory } from '../core/inventory.js';
import type { InputError } from '../core/types.js';
import type { AwsNothing } from '../sources/aws-snapshot/parse.js';

/**
 * A source that was asked for and yielded nothing fails the gate: a CI job that audited nothing
 * must not pass. Each failure is an error entry of the report (so exit 2) and a line on stderr,
 * with a hint when there is one. `--allow-empty` accepts a source that answered and was empty
 * (manifest paths without Kubernetes objects, a cluster or account without any); never one that
 * could not be read at all.
 */
export interface SourceFailure {
  error: InputError;
  hint?: string;
}

export interface GateOptions {
  allowEmpty: boolean;
}

export function emptyManifests(paths: readonly string[], counts: InputCounts, options: GateOptions): SourceFailure | undefined {
  // infrastructure code found in the paths is something to check too
  if (counts.objects > 0 || (counts.infrastructureFiles ?? 0) > 0 || options.allowEmpty) return undefined;
  const rendered = (counts.charts ?? 0) + (counts.overlays ?? 0);
  const read = `${counts.files} ${counts.files === 1 ? 'file' : 'files'}${rendered > 0 ? ` and ${rendered} ${rendered === 1 ? 'chart or overlay' : 'charts and overlays'}` : ''} read`;
  const skipped = counts.skippedFiles > 0 ? `, ${counts.skippedFiles} skipped as not Kubernetes` : '';
  return {
    error: { source: 'manifests', message: `no Kubernetes object found in ${paths.join(' ')} (${read}${skipped}): nothing was checked` },
    hint: 'check the paths; pass --allow-empty if having no manifests is expected',
  };
}

/** A cluster that answered but yielded no object: its lists failed, or (allowable) nothing is there. */
export function emptyCluster(inventory: Inventory, options: GateOptions): SourceFailure | undefined {
  if (inventory.kube.length > 0) return undefined;
  const where = inventory.facts.context ? `context "${inventory.facts.context}"` : 'the cluster';
  if (inventory.gaps.length > 0) {
    return {
      error: { source: 'kube', message: `no object could be read from ${where}: its lists failed (see the gaps)` },
      hint: 'grant the reader role of docs/kube.md to the identity of that context',
    };
  }
  if (options.allowEmpty) return undefined;
  return {
    error: { source: 'kube', message: `no object found in ${where}: nothing was checked` },
    hint: 'check the context and --namespace; pass --allow-empty if an empty cluster is expected',
  };
}

export function emptyAws(nothing: AwsNothing | undefined, source: 'aws' | 'aws-snapshot', options: GateOptions): SourceFailure | undefined {
  if (!nothing || (nothing.allowable && options.allowEmpty)) return undefined;
  const hint = nothing.allowable
    ? 'check the regions and --cluster; pass --allow-empty if an account without clusters is expected'
    : source === 'aws'
      ? 'check the AWS credentials, region and endpoint (see docs/aws.md)'
      : 'point --aws-snapshot at the directory written by eksguard collect aws (see docs/aws-snapshot.md)';
  return { error: { source, message: nothing.reason }, hint };
}
