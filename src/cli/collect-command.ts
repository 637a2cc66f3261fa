import { writeAwsSnapshot } from '../sources/aws-snapshot/write.js';
import { escapeControl } from '../reporters/text-safety.js';
import { terminalProgress } from '../sources/kube/progress.js';
import { liveCollectOptions, type LiveAwsOptions } from './aws-options.js';

/**
 * `eksguard collect aws --out DIR`: the raw responses for a later `scan --aws-snapshot DIR`.
 * Returns the exit code: 2, with nothing written, when no credentials, endpoint or account
 * answered; an account that answered without clusters is written (its scan then says so).
 */
export async function runCollectAws(live: LiveAwsOptions, out: string, stderr: NodeJS.WritableStream = process.stderr): Promise<0 | 2> {
  const { collectAwsResponses } = await import('../sources/aws/index.js');
  const progress = terminalProgress(process.stderr);
  const collection = await collectAwsResponses({ ...(await liveCollectOptions(live)), ...(progress ? { progress } : {}) });
  if (collection.nothing && !collection.nothing.allowable) {
    stderr.write(`eksguard: error: ${escapeControl(collection.nothing.reason)}\nhint: check the AWS credentials, region and endpoint (see docs/aws.md); nothing was written\n`);
    return 2;
  }
  const written = await writeAwsSnapshot(out, collection.files, collection.meta);
  stderr.write(`eksguard: wrote ${written} files to ${out}\n`);
  if (collection.nothing) stderr.write(`eksguard: warning: ${escapeControl(collection.nothing.reason)}\n`);
  for (const gap of collection.meta.gaps ?? []) stderr.write(`eksguard: gap: ${gap.source}: ${gap.reason}\n`);
  return 0;
}
