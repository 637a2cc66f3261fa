import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface WebhookCerts {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  ca: Buffer;
  /** base64 of the CA, for a ValidatingWebhookConfiguration's caBundle */
  caBundle: string;
}

/** Makes a CA and a serving certificate for 127.0.0.1 with scripts/webhook-certs.sh (the documented way). */
export function makeWebhookCerts(dir = mkdtempSync(path.join(tmpdir(), 'eksguard-webhook-certs-'))): WebhookCerts {
  const caBundle = execFileSync('bash', [path.join(repoRoot, 'scripts/webhook-certs.sh'), '--out', dir, '--ip', '127.0.0.1', '--days', '2'], { encoding: 'utf8' }).trim();
  const caFile = path.join(dir, 'ca.crt');
  return { dir, caFile, certFile: path.join(dir, 'tls.crt'), keyFile: path.join(dir, 'tls.key'), ca: readFileSync(caFile), caBundle };
}
