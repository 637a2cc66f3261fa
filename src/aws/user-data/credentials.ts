import { detectCredentialInArguments, detectCredentialInAssignment, detectCredentialShape, type CredentialKind } from '../../k8s/credentials.js';
import type { UserDataPart } from './decode.js';

/** A credential found in user data: where and what kind, never the value (at most a kind-identifying four-character prefix). */
export interface UserDataCredential {
  readonly kind: CredentialKind;
  readonly label: string;
  readonly preview: string;
  /** the part it is in: `user data`, `MIME part 2 (text/x-shellscript)` */
  readonly part: string;
  /** 1-based line inside the part */
  readonly line: number;
  /** the variable, flag or key the value is given to, when the evidence is its name */
  readonly name?: string;
}

/** Lines longer than this are not scanned: a bound on regex work (the detectors bound values the same way). */
const MAX_LINE_CHARS = 16 * 1024;
/** Findings kept per user data: enough to act on, bounded for hostile input. */
export const MAX_USER_DATA_CREDENTIALS = 20;

/**
 * Credentials in decoded user data, line by line, with the detectors of the
 * K8S-DATA checks: credential shapes anywhere (AWS access keys, PEM private
 * keys, tokens), secret-named shell variables and flags given a literal
 * (`export DB_PASSWORD=…`, `--token …`), and secret-named `key: value` lines
 * (cloud-config, nodeadm NodeConfig). One finding per line at most.
 */
export function findUserDataCredentials(parts: readonly UserDataPart[]): UserDataCredential[] {
  const found: UserDataCredential[] = [];
  for (const part of parts) {
    const lines = part.text.split('\n');
    for (let index = 0; index < lines.length && found.length < MAX_USER_DATA_CREDENTIALS; index += 1) {
      const line = lines[index]!.replace(/\r$/, '');
      if (line.trim() === '' || line.length > MAX_LINE_CHARS) continue;
      const where = { part: part.label, line: index + 1 };
      const shape = detectCredentialShape(line);
      if (shape) {
        found.push({ kind: shape.kind, label: shape.label, preview: shape.preview, ...where });
        continue;
      }
      const argument = detectCredentialInArguments(shellWords(line))[0];
      if (argument) {
        found.push({ kind: argument.kind, label: argument.label, preview: argument.preview, ...where, ...(argument.name ? { name: argument.name } : {}) });
        continue;
      }
      // YAML list items (`- password: x`) and PowerShell variables (`$Password = 'x'`, `$env:TOKEN = 'x'`, Windows nodes) as plain assignments
      const assignment = detectCredentialInAssignment(line.replace(/^\s*-\s+/, '').replace(/^\s*\$(?:env:)?(?=[A-Za-z_])/i, ''));
      if (assignment) found.push({ kind: assignment.kind, label: assignment.label, preview: assignment.preview, ...where, ...(assignment.embeddedKey ? { name: assignment.embeddedKey } : {}) });
    }
  }
  return found;
}

/** Words of a shell line, with the quotes a shell would remove around whole words (`'--token' "abc"`). */
function shellWords(line: string): string[] {
  return (line.match(/"[^"]*"|'[^']*'|[^\s]+/g) ?? []).map((word) => word.replace(/^(["'])(.*)\1$/, '$2'));
}
