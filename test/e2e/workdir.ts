import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh directory holding the given files (paths may have sub-directories); the CLI runs inside it. */
export function makeWorkdir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-e2e-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** Looks like a credential to a human and to eksguard's checks; it must never appear in any output. */
export const SECRET_VALUE = 'hunter2-Sup3rS3cret-wJalrXUtnFEMI';

/**
 * Manifests an attacker could write: names, annotations and container names with markup, quotes,
 * CDATA terminators, ANSI escapes and line breaks, and a literal credential in an env value.
 */
export const HOSTILE_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: "web<script>alert('x')</script>"
  namespace: "shop\\"quoted'"
  annotations:
    note: "]]> \\u001b[31mred\\u001b[0m <img src=x onerror=alert(1)>"
    leaked: "${SECRET_VALUE}"
spec:
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: "app]]>\\u001b[2J\\nsecond line"
          image: nginx
          env:
            - name: DB_PASSWORD
              value: "${SECRET_VALUE}"
          securityContext:
            privileged: true
`;
