import { admissionUse, type Check } from '../core/check.js';

export const ADMISSION_DOC = 'docs/admission.md';
export const ADMISSION_TABLES = 'admission-checks';

/** A check's family: `PSS-`, or the ID without its number (`K8S-RBAC-`). */
function familyOf(id: string): string {
  return id.startsWith('PSS-') ? 'PSS-' : id.replace(/\d+$/, '');
}

/** The IDs of one row; a whole family in the same row is written `K8S-NODE-*` (all 3). */
function idList(ids: readonly string[], checks: readonly Check[]): string {
  const parts: string[] = [];
  const written = new Set<string>();
  for (const id of ids) {
    const family = familyOf(id);
    const members = checks.filter((check) => familyOf(check.id) === family).map((check) => check.id);
    if (members.length > 2 && members.every((member) => ids.includes(member))) {
      if (!written.has(family)) parts.push(`\`${family}*\` (all ${members.length})`);
      written.add(family);
    } else {
      parts.push(`\`${id}\``);
    }
  }
  return parts.join(', ');
}

/** Rows of checks that share one reason, in registry order of their first check. */
function rows(checks: readonly Check[], reasonOf: (check: Check) => string | undefined): string[] {
  const byReason = new Map<string, string[]>();
  for (const check of checks) {
    const reason = reasonOf(check);
    if (reason === undefined) continue;
    byReason.set(reason, [...(byReason.get(reason) ?? []), check.id]);
  }
  return [...byReason].map(([reason, ids]) => `| ${idList(ids, checks)} | ${reason.replace(/\|/g, '\\|')} |`);
}

/**
 * The two tables of docs/admission.md ("Run at admission", "Left to scan"), from each check's
 * `admission` declaration. A check that reads Kubernetes data and declares nothing is listed as
 * undeclared, so the page shows the gap that the catalogue test refuses.
 */
export function renderAdmissionTables(checks: readonly Check[]): string {
  const judges = (check: Check) => {
    const use = admissionUse(check);
    return use && 'judges' in use ? use.judges : undefined;
  };
  const scanOnly = (check: Check) => {
    const use = admissionUse(check);
    if (!use) return 'undeclared: add `admission` to the check';
    return 'scanOnly' in use ? use.scanOnly : undefined;
  };
  return [
    'Run at admission:',
    '',
    '| checks | judged from |',
    '| --- | --- |',
    ...rows(checks, judges),
    '',
    'Left to `scan`:',
    '',
    '| checks | why |',
    '| --- | --- |',
    ...rows(checks, scanOnly),
  ].join('\n');
}

const start = (name: string) => `<!-- generated:${name} (npm run docs, from the check definitions; do not edit by hand) -->`;
const end = (name: string) => `<!-- end generated:${name} -->`;

/** The text between a generated section's markers, or undefined when the markers are missing. */
export function generatedSection(text: string, name: string): string | undefined {
  const from = text.indexOf(start(name));
  const to = text.indexOf(end(name));
  if (from === -1 || to < from) return undefined;
  return text.slice(from + start(name).length, to).replace(/^\n+|\n+$/g, '');
}

/** Replaces a generated section of a hand-written page; throws when its markers are missing. */
export function spliceSection(text: string, name: string, body: string): string {
  const from = text.indexOf(start(name));
  const to = text.indexOf(end(name));
  if (from === -1 || to < from) throw new Error(`the markers of generated section ${name} are missing`);
  return `${text.slice(0, from)}${start(name)}\n\n${body}\n\n${text.slice(to)}`;
}
