import { gunzipSync } from 'node:zlib';

/**
 * Decodes EC2 user data into its text parts, in memory and within fixed
 * bounds: base64 (as the EC2 API returns it), gzip, MIME multipart (as EKS
 * managed node groups and cloud-init expect it, parts in base64 or gzip
 * themselves), then plain text (shell, `#cloud-config`, nodeadm `NodeConfig`).
 * The text is for scanning only: callers keep what they learn, never the text.
 */

export interface UserDataPart {
  /** where the part sits, for messages: `user data`, `MIME part 2 (text/x-shellscript)` */
  readonly label: string;
  readonly contentType?: string;
  readonly text: string;
}

export interface DecodedUserData {
  readonly parts: UserDataPart[];
  /** what could not be decoded, and why; the rest is still returned */
  readonly problems: string[];
}

/** EC2 takes at most 16 KB of user data; a larger input is not what EC2 would run. */
export const MAX_ENCODED_CHARS = 64 * 1024;
/** Decompressed text, summed over all parts: a bound against gzip bombs. */
export const MAX_DECODED_BYTES = 1024 * 1024;
const MAX_PARTS = 32;
const MAX_DEPTH = 4;

interface Budget {
  bytes: number;
  parts: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The bytes of base64 input, or undefined when the input is text that only looks like it
 * (CloudFormation's `Fn::Base64` and IaC sources hand over the text itself): base64 that
 * decodes to neither gzip nor readable UTF-8 is taken as text.
 */
function fromBase64(input: string): Buffer | undefined {
  const compact = input.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  if (isGzip(bytes)) return bytes;
  const text = bytes.toString('utf8');
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text) ? undefined : bytes;
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decodes user data as the EC2 API returns it (base64, when `base64`; text that is not base64 is read as it is), or as plain text (eksctl commands). */
export function decodeUserData(input: string, options: { base64: boolean }): DecodedUserData {
  const problems: string[] = [];
  const parts: UserDataPart[] = [];
  if (input.length > MAX_ENCODED_CHARS) return { parts, problems: [`user data is ${input.length} characters, over the ${MAX_ENCODED_CHARS} eksguard reads`] };
  const bytes = (options.base64 ? fromBase64(input) : undefined) ?? Buffer.from(input, 'utf8');
  visit(bytes, 'user data', undefined, 0, { bytes: MAX_DECODED_BYTES, parts: MAX_PARTS }, parts, problems);
  return { parts, problems };
}

function visit(bytes: Buffer, label: string, contentType: string | undefined, depth: number, budget: Budget, parts: UserDataPart[], problems: string[]): void {
  if (depth > MAX_DEPTH) {
    problems.push(`${label}: nested deeper than ${MAX_DEPTH} levels`);
    return;
  }
  if (isGzip(bytes)) {
    let inflated: Buffer;
    try {
      inflated = gunzipSync(bytes, { maxOutputLength: budget.bytes });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? `decompresses to more than ${MAX_DECODED_BYTES} bytes` : 'is not valid gzip';
      problems.push(`${label} ${reason}`);
      return;
    }
    visit(inflated, label, contentType, depth + 1, budget, parts, problems);
    return;
  }
  if (bytes.length > budget.bytes) {
    problems.push(`${label}: decoded user data exceeds ${MAX_DECODED_BYTES} bytes`);
    return;
  }
  budget.bytes -= bytes.length;
  const text = bytes.toString('utf8');
  if (text.includes('\u0000')) {
    problems.push(`${label} is binary`);
    return;
  }
  const boundary = multipartBoundary(text);
  if (boundary) {
    splitMultipart(text, boundary).forEach((part, index) => {
      const inner = `${label === 'user data' ? '' : `${label} › `}MIME part ${index + 1}${part.contentType ? ` (${part.contentType})` : ''}`;
      if (budget.parts <= 0) {
        problems.push(`${inner}: more than ${MAX_PARTS} MIME parts`);
        return;
      }
      budget.parts -= 1;
      const body = part.base64 ? Buffer.from(part.body, 'base64') : Buffer.from(part.body, 'utf8');
      visit(body, inner, part.contentType, depth + 1, budget, parts, problems);
    });
    return;
  }
  parts.push({ label, ...(contentType ? { contentType } : {}), text });
}

/** The boundary of a MIME multipart document, read from its top-level headers. */
function multipartBoundary(text: string): string | undefined {
  const headerEnd = text.search(/\r?\n\r?\n/);
  const headers = headerEnd < 0 ? text : text.slice(0, headerEnd);
  if (!/^content-type:\s*multipart\//im.test(headers)) return undefined;
  const match = /boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;]+))/i.exec(headers);
  return match ? (match[1] ?? match[2]) : undefined;
}

interface MimePart {
  contentType?: string;
  base64: boolean;
  body: string;
}

function splitMultipart(text: string, boundary: string): MimePart[] {
  const delimiter = `--${boundary}`;
  const sections = text.split(delimiter).slice(1);
  const out: MimePart[] = [];
  for (const section of sections) {
    if (section.startsWith('--')) break;
    const body = section.replace(/^[ \t]*\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(body);
    const headers = split ? body.slice(0, split.index) : '';
    const content = split ? body.slice(split.index + split[0].length) : body;
    const type = /^content-type:\s*([^;\s]+)/im.exec(headers)?.[1]?.toLowerCase();
    const base64 = /^content-transfer-encoding:\s*base64/im.test(headers);
    out.push({ ...(type ? { contentType: type } : {}), base64, body: content.replace(/\r?\n$/, '') });
  }
  return out;
}
