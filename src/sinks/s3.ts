import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Location } from './s3-location.js';

export { contentTypeOf, isS3Url, parseS3Url, type S3Location } from './s3-location.js';

/** Sends a report as one object, encrypted at rest with the bucket's key (SSE-S3 unless the bucket says KMS). */
export async function putReport(client: S3Client, location: S3Location, body: string, contentType: string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: location.bucket, Key: location.key, Body: body, ContentType: contentType }));
}

/** A report read back; refuses an object larger than `maxBytes` before reading it. */
export async function getReport(client: S3Client, location: S3Location, maxBytes: number): Promise<string> {
  const response = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  if (response.ContentLength !== undefined && response.ContentLength > maxBytes) {
    (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
    throw new Error(`s3://${location.bucket}/${location.key} has ${response.ContentLength} bytes, more than the ${maxBytes} a report may have`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of (response.Body ?? []) as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) throw new Error(`s3://${location.bucket}/${location.key} is larger than the ${maxBytes} bytes a report may have`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
