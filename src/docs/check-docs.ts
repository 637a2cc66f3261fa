import { admissionUse, type Check } from '../core/check.js';
import { IGNORE_ANNOTATION_PREFIX, IGNORE_EXPIRES_ANNOTATION_PREFIX } from '../core/suppression.js';
import { AREAS } from '../core/types.js';
import { AREA_LABELS } from '../core/areas.js';
import type { CheckLinks } from './check-sources.js';

/**
 * Renders docs/checks/ from the check definitions: one page per check and an index by area.
 * The text is a pure function of the catalogue, so a test can tell when the committed pages are
 * stale, and `eksguard checks list --format markdown` prints the very same index.
 */

export const GENERATED_NOTICE = '<!-- Generated from the check definitions by `npm run docs` (scripts/generate-docs.mjs). Do not edit by hand. -->';

/** A fence longer than any backtick run in the text, so an example can never close it early. */
function fence(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function codeBlock(text: string): string {
  const marker = fence(text);
  const language = /^\s*[{[]/.test(text) ? 'json' : 'yaml';
  return `${marker}${language}\n${text.replace(/\n+$/, '')}\n${marker}`;
}

/** Table cells are one line and must not split on `|`. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function enabledText(check: Check): string {
  return check.enabledByDefault === false ? 'no (turn it on in `.eksguard.yaml`)' : 'yes';
}

/** Where the webhook stands on this check, from its `admission` declaration (see docs/admission.md). */
function admissionText(check: Check): string {
  const use = admissionUse(check);
  if (!use) return 'undeclared';
  return 'judges' in use ? `runs, judging ${cell(use.judges)}` : `scan only: ${cell(use.scanOnly)}`;
}

function referenceLine(reference: string): string {
  return /^https?:\/\//.test(reference) ? `- <${reference}>` : `- ${reference}`;
}

/** AWS resources carry no annotations: such checks are suppressed in the config, by ARN. */
function readsOnlyAws(check: Check): boolean {
  return check.needs.length > 0 && check.needs.every((need) => need.startsWith('aws:'));
}

function suppressSection(check: Check): string[] {
  const aws = readsOnlyAws(check);
  const annotation = aws
    ? []
    : [
        'Accept a finding on one object, with a reason (and, optionally, the date from which it fails again):',
        '',
        codeBlock(
          `metadata:\n  annotations:\n    ${IGNORE_ANNOTATION_PREFIX}${check.id}: "why this is acceptable"\n    ${IGNORE_EXPIRES_ANNOTATION_PREFIX}${check.id}: "2030-01-31"`,
        ),
        '',
      ];
  const resource = aws ? 'arn:aws:eks:*:111122223333:cluster/my-cluster' : 'Deployment/my-namespace/*';
  return [
    '## Suppress or tune',
    '',
    ...annotation,
    `${aws ? 'Accept a finding' : 'Or'} in \`.eksguard.yaml\` (see [configuration](../configuration.md)):`,
    '',
    codeBlock(
      `checks:\n  ${check.id}: { enabled: ${check.enabledByDefault === false ? 'true' : 'false'}, severity: ${check.severity} }\nsuppressions:\n  - check: ${check.id}\n    resource: "${resource}"\n    reason: "why this is acceptable"\n    expires: "2030-01-31"`,
    ),
    '',
  ];
}

/** Links from docs/checks/<ID>.md to the check's source and tests. */
function linksText(links: CheckLinks): string {
  const link = (file: string) => `[${cell(file)}](../../${file})`;
  return `${link(links.source)}; tests: ${links.tests.map(link).join(', ') || 'none'}`;
}

export function renderCheckPage(check: Check, links?: CheckLinks): string {
  const area = AREA_LABELS[check.area];
  const lines = [
    GENERATED_NOTICE,
    '',
    `# ${check.id}: ${check.title}`,
    '',
    '| | |',
    '|---|---|',
    `| Area | ${cell(area.name)} (\`${check.area}\`): ${cell(area.description)} |`,
    `| Default severity | ${check.severity} |`,
    `| Enabled by default | ${enabledText(check)} |`,
    `| Data it reads | ${check.needs.map((need) => `\`${cell(need)}\``).join(', ')} |`,
    `| Standards | ${check.standards.map(cell).join(', ') || 'none'} |`,
    `| [Admission webhook](../admission.md#which-checks-run-at-admission) | ${admissionText(check)} |`,
    ...(links ? [`| Source | ${linksText(links)} |`] : []),
    '',
    '## Why it matters',
    '',
    check.rationale,
    '',
    '## How to fix',
    '',
    check.remediation,
    '',
  ];
  if (check.examples.fail.length) {
    lines.push('## Fails', '', ...check.examples.fail.flatMap((example) => [codeBlock(example), '']));
  }
  if (check.examples.pass.length) {
    lines.push('## Passes', '', ...check.examples.pass.flatMap((example) => [codeBlock(example), '']));
  }
  lines.push(...suppressSection(check));
  if (check.references.length) lines.push('## References', '', ...check.references.map(referenceLine), '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

export interface IndexOptions {
  /** how an index row links to a check page: `./` inside docs/checks, a URL elsewhere */
  linkPrefix: string;
}

export function renderChecksIndex(checks: readonly Pick<Check, 'id' | 'title' | 'area' | 'severity' | 'enabledByDefault'>[], options: IndexOptions = { linkPrefix: './' }): string {
  const lines = [
    GENERATED_NOTICE,
    '',
    '# eksguard checks',
    '',
    `${checks.length} checks, grouped by the area of the customer's side of the Amazon EKS shared-responsibility model they cover.`,
    'Check IDs never change meaning; use them in suppressions, baselines and `.eksguard.yaml`.',
    '',
  ];
  for (const area of AREAS) {
    const inArea = checks.filter((check) => check.area === area);
    if (inArea.length === 0) continue;
    const label = AREA_LABELS[area];
    lines.push(`## ${label.name} (\`${area}\`)`, '', `${label.description}.`, '', '| Check | Title | Severity | On by default |', '|---|---|---|---|');
    for (const check of inArea) {
      lines.push(`| [${check.id}](${options.linkPrefix}${encodeURIComponent(check.id)}.md) | ${cell(check.title)} | ${check.severity} | ${check.enabledByDefault === false ? 'no' : 'yes'} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** Every file of docs/checks/, by name. */
export function renderCheckDocs(checks: readonly Check[], links?: ReadonlyMap<string, CheckLinks>): Map<string, string> {
  const files = new Map<string, string>([['README.md', renderChecksIndex(checks)]]);
  for (const check of checks) files.set(`${check.id}.md`, renderCheckPage(check, links?.get(check.id)));
  return files;
}
