import { createHash } from 'node:crypto';
import type { Report } from '../core/report.js';
import { AREAS, SEVERITIES, compareSeverity, type Area, type Finding, type Severity, type Status } from '../core/types.js';
import { describeLocation, describeResource } from './format-resource.js';
import { AREA_LABELS } from '../core/areas.js';
import { REPORT_CSS, REPORT_JS } from './html-assets.js';
import { frameworkHtml } from './frameworks.js';
import { severityBar, severityDonut } from './html-charts.js';
import { pathsSection } from './html-paths.js';
import { checkDocsUrl, type RuleMeta } from './rules.js';
import { escapeHtml as h, MARKUP_ESCAPES, neutralizeCiCommands } from './text-safety.js';

/**
 * One self-contained HTML file an auditor can open offline: no remote scripts, styles, fonts or
 * images, and a Content-Security-Policy that forbids loading any (only the inline stylesheet and
 * script below, by hash). Every string that comes from input is HTML-escaped.
 */

export interface HtmlOptions {
  checks?: readonly RuleMeta[];
  generatedAt?: Date;
  docsBaseUrl?: string;
}


/** The statuses the status filter offers; not-applicable is shown with pass. */
type FilterStatus = 'fail' | 'error' | 'suppressed' | 'skipped' | 'pass';
const FILTER_STATUS: Record<Status, FilterStatus> = {
  fail: 'fail',
  error: 'error',
  suppressed: 'suppressed',
  skipped: 'skipped',
  pass: 'pass',
  'not-applicable': 'pass',
};
const STATUS_ORDER: readonly FilterStatus[] = ['error', 'fail', 'suppressed', 'skipped', 'pass'];

/** Catalogue text (remediation, rationale) marks code with backticks; it is escaped first, so the spans hold only text. */
function catalogueText(text: string): string {
  return h(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

function emptyCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

interface AreaStats {
  failing: Record<Severity, number>;
  fail: number;
  suppressed: number;
  skipped: number;
  error: number;
  pass: number;
}

function areaStats(findings: readonly Finding[]): Record<Area, AreaStats> {
  const stats = Object.fromEntries(
    AREAS.map((area) => [area, { failing: emptyCounts(), fail: 0, suppressed: 0, skipped: 0, error: 0, pass: 0 }]),
  ) as Record<Area, AreaStats>;
  for (const finding of findings) {
    const entry = stats[finding.area];
    if (!entry) continue;
    const status = FILTER_STATUS[finding.status];
    entry[status] += 1;
    if (status === 'fail') entry.failing[finding.severity] += 1;
  }
  return stats;
}

function summaryCards(report: Report): string {
  const { summary } = report;
  const cards: [string, number, string][] = [
    ['failed', summary.fail, summary.fail > 0 ? 'fail' : 'ok'],
    ['suppressed', summary.suppressed, ''],
    ['check errors', summary.error, summary.error > 0 ? 'fail' : ''],
    ['input errors', report.errors.length, report.errors.length > 0 ? 'fail' : ''],
    ['skipped', summary.skipped, ''],
    ['passed', summary.pass, ''],
  ];
  const baselined = summary.baselined;
  if (typeof baselined === 'number') cards.push(['baselined', baselined, '']);
  return `<div class="cards">${cards
    .map(([label, value, kind]) => `<div class="card ${kind}"><span class="n">${value}</span><span class="k">${h(label)}</span></div>`)
    .join('')}</div>`;
}

function legend(): string {
  return `<div class="legend">${SEVERITIES.map((s) => `<span class="sw-${s}">${s}</span>`).join('')}</div>`;
}

function areaTable(stats: Record<Area, AreaStats>): string {
  const scale = Math.max(1, ...AREAS.map((area) => stats[area].fail));
  const rows = AREAS.map((area) => {
    const s = stats[area];
    const label = AREA_LABELS[area];
    return `<tr data-area-row="${area}"><td><button type="button" class="area-link" data-only-area="${area}"><span class="area-name">${h(label.name)}</span></button><div class="area-desc">${h(
      label.description,
    )}</div></td><td>${severityBar(s.failing, { scale, label: label.name })}</td><td class="num">${s.fail}</td><td class="num">${s.suppressed}</td><td class="num">${s.skipped}</td><td class="num">${s.pass}</td></tr>`;
  });
  return `<table class="areas"><thead><tr><th>Area (your side of the shared-responsibility model)</th><th>Failures by severity</th><th class="num">failed</th><th class="num">suppressed</th><th class="num">skipped</th><th class="num">passed</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table>`;
}

function chip(name: string, value: string, label: string, count: number): string {
  return `<label><input type="checkbox" name="${name}" value="${value}" checked>${h(label)} <span class="count">${count}</span></label>`;
}

function filters(findings: readonly Finding[]): string {
  const count = (predicate: (f: Finding) => boolean) => findings.filter(predicate).length;
  const statuses = STATUS_ORDER.filter((status) => findings.some((f) => FILTER_STATUS[f.status] === status));
  return `<form id="filters" class="filters" aria-label="Filter findings">
<fieldset><legend>Severity</legend>${SEVERITIES.map((s) => chip('severity', s, s, count((f) => f.severity === s))).join('')}</fieldset>
<fieldset><legend>Area</legend>${AREAS.map((a) => chip('area', a, AREA_LABELS[a].name, count((f) => f.area === a))).join('')}</fieldset>
<fieldset><legend>Status</legend>${statuses.map((s) => chip('status', s, s, count((f) => FILTER_STATUS[f.status] === s))).join('')}</fieldset>
<input type="search" placeholder="Search resource, check, message" aria-label="Search findings">
<span class="shown"><span id="shown-count">${findings.length}</span> of ${findings.length} shown</span>
</form>`;
}

function statusBadge(finding: Finding): string {
  if (finding.status === 'fail') return `<span class="badge">${finding.severity}</span>`;
  return `<span class="badge">${finding.severity}</span> <span class="badge status">${finding.status}</span>`;
}

function renderFinding(finding: Finding, rule: RuleMeta | undefined, docsBaseUrl: string | undefined): string {
  const location = describeLocation(finding);
  const facts: string[] = [];
  if (location) facts.push(`<dt>Location</dt><dd><code>${h(location)}</code></dd>`);
  if (finding.path) facts.push(`<dt>Field</dt><dd><code>${h(finding.path)}</code></dd>`);
  facts.push(`<dt>How to fix</dt><dd>${catalogueText(finding.remediation)}</dd>`);
  if (rule?.rationale) facts.push(`<dt>Why</dt><dd>${catalogueText(rule.rationale)}</dd>`);
  if (finding.standards.length) facts.push(`<dt>Standards</dt><dd>${finding.standards.map((s) => `<span class="std">${h(s)}</span>`).join('')}</dd>`);
  facts.push(`<dt>Docs</dt><dd><a href="${h(checkDocsUrl(finding.checkId, docsBaseUrl))}" rel="noopener noreferrer">${h(finding.checkId)}</a></dd>`);
  const notes: string[] = [];
  if (finding.suppression) {
    const until = finding.suppression.expires ? ` until ${h(finding.suppression.expires)}` : '';
    notes.push(`<div class="note suppressed">Suppressed by ${finding.suppression.source}${until}: ${h(finding.suppression.reason)}</div>`);
  }
  if (finding.expiredSuppression) {
    notes.push(
      `<div class="note expired">A ${finding.expiredSuppression.source} suppression expired on ${h(finding.expiredSuppression.expires ?? '?')}, so this fails again. Its reason was: ${h(
        finding.expiredSuppression.reason,
      )}</div>`,
    );
  }
  return `<article class="finding sev-${finding.severity}" data-severity="${finding.severity}" data-area="${finding.area}" data-status="${FILTER_STATUS[finding.status]}">
<div class="head">${statusBadge(finding)} <span class="check-id">${h(finding.checkId)}</span> <span class="title">${h(finding.title)}</span></div>
<div class="resource">${h(describeResource(finding.resource))}</div>
<p class="message">${h(finding.message)}</p>
${notes.join('')}<dl class="facts">${facts.join('')}</dl>
</article>`;
}

function byImportance(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER.indexOf(FILTER_STATUS[a.status]) - STATUS_ORDER.indexOf(FILTER_STATUS[b.status]) ||
    compareSeverity(a.severity, b.severity) ||
    (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0)
  );
}

function problems(report: Report): string {
  const warnings = (report.warnings ?? []).map((warning) => {
    const where = warning.location ? `${warning.location.file}${warning.location.line ? `:${warning.location.line}` : ''}: ` : '';
    return `<li>Warning: <code>${h(where)}</code>${h(warning.message)}</li>`;
  });
  if (report.errors.length === 0 && report.gaps.length === 0 && warnings.length === 0) return '';
  const errors = report.errors.map((error) => {
    const where = error.location ? `${error.location.file}${error.location.line ? `:${error.location.line}` : ''}: ` : '';
    return `<li>Input error: <code>${h(where)}</code>${h(error.message)}</li>`;
  });
  const gaps = report.gaps.map(
    (gap) => `<li>Not collected: <code>${h(gap.source)}</code> (${h(gap.reason)}); skipped checks: ${gap.checks.map((c) => `<code>${h(c)}</code>`).join(' ') || 'none'}</li>`,
  );
  return `<h2>What could not be read or collected</h2><ul class="problems">${[...errors, ...gaps, ...warnings].join('')}</ul>`;
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const catalogue = new Map((options.checks ?? []).map((check) => [check.id, check]));
  const findings = [...report.findings].sort(byImportance);
  const stats = areaStats(report.findings);
  const csp = [
    "default-src 'none'",
    `style-src ${cspHash(REPORT_CSS)}`,
    `script-src ${cspHash(REPORT_JS)}`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const generated = options.generatedAt ? ` · generated ${h(options.generatedAt.toISOString())}` : '';
  const body = findings.length
    ? `${findings.map((f) => renderFinding(f, catalogue.get(f.checkId), options.docsBaseUrl)).join('\n')}\n<p id="no-match" class="empty" hidden>No finding matches these filters.</p>`
    : '<p class="empty">No findings to list.</p>';
  // Input is escaped by h(); character references then break CI log commands (`##[`, `##vso[`, a
  // line-leading `::`) wherever text lands, and the page shows the same text. The inline stylesheet
  // and script contain neither, so their CSP hashes hold (a test keeps it so).
  return neutralizeCiCommands(
    `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>eksguard report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top"><h1>eksguard report</h1><span class="meta">eksguard ${h(report.tool.version)}${generated} · the customer's side of the Amazon EKS shared-responsibility model</span></header>
<main>
${summaryCards(report)}
<h2>Summary by area</h2>
<section class="overview">
<div>${severityDonut(report.summary.bySeverity, { label: 'All areas' })}${legend()}</div>
${areaTable(stats)}
</section>
${problems(report)}
${pathsSection(report.paths)}
${frameworkHtml(report.frameworks ?? [], h)}
<h2>Findings</h2>
${filters(findings)}
<section id="findings">
${body}
</section>
<footer>Each finding lists its remediation and the standards it maps to. Suppressed findings show the reason; a suppression past its expiry date no longer applies.</footer>
</main>
<script>${REPORT_JS}</script>
</body>
</html>
`,
    MARKUP_ESCAPES,
  );
}
