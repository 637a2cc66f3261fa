import { writeAwsSnapshot } from '../sources/aws-snapshot/write.js';
import { liveCollectOptions, type LiveAwsOptions } from './aws-options.js';

/** `eksguard collect aws --out DIR`: the raw responses for a later `scan --aws-snapshot DIR`. Returns the exit code. */
export async function runCollectAws(live: LiveAwsOptions, out: string, stderr: NodeJS.WritableStream = process.stderr): Promise<0 | 2> {
  const { collectAwsResponses } = await import('../sources/aws/index.js');
  const collection = await collectAwsResponses(await liveCollectOptions(live));
  const written = await writeAwsSnapshot(out, collection.files, collection.meta);
  stderr.write(`eksguard: wrote ${written} files to ${out}\n`);
  for (const gap of collection.meta.gaps ?? []) stderr.write(`eksguard: gap: ${gap.source}: ${gap.reason}\n`);
  return 0;
}
