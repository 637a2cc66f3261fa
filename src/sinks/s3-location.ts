// S3 locations without the SDK: every scan checks its --output, and only S3 outputs load the client.

/** Where a report goes or comes from: `s3://bucket/key`. */
export interface S3Location {
  bucket: string;
  key: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isS3Url(text: string | undefined): text is string {
  return typeof text === 'string' && text.startsWith('s3://');
}

/** Parses `s3://bucket/key`; a string says what is wrong. */
export function parseS3Url(url: string): S3Location | string {
  const match = /^s3:\/\/([^/]+)\/([\s\S]+)$/.exec(url);
  // quoted as JSON: a control character in the argument is shown, never written to the terminal
  if (!match) return `${JSON.stringify(url)} is not s3://BUCKET/KEY`;
  const bucket = match[1]!;
  const key = match[2]!;
  if (!BUCKET.test(bucket) || bucket.includes('..')) return `${JSON.stringify(bucket)} is not an S3 bucket name`;
  if (Buffer.byteLength(key, 'utf8') > 1024) return 'an S3 key is at most 1024 bytes';
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'the S3 key holds a control character';
  return { bucket, key };
}

/** Report media types, so a browser or the console shows the object as what it is. */
export function contentTypeOf(format: string): string {
  switch (format) {
    case 'json':
    case 'asff':
      return 'application/json';
    case 'sarif':
      return 'application/sarif+json';
    case 'junit':
      return 'application/xml';
    case 'html':
      return 'text/html; charset=utf-8';
    case 'markdown':
      return 'text/markdown; charset=utf-8';
    default:
      return 'text/plain; charset=utf-8';
  }
}
