/**
 * The HTML report's attack-path section: each path drawn as an inline SVG graph, top to bottom
 * from the entry point to the crown jewel, each step labelled with what it does and the check
 * behind it, the edge to cut first drawn in red. Presentation attributes only (no `style`
 * attributes, no script): the page's Content-Security-Policy stays as strict as before. Every
 * label comes from input and is escaped; long labels are cut short, with the full text in a
 * `<title>` tooltip.
 */
import type { AttackPath, PathEdge, PathNode, PathsSection } from '../core/attack-path.js';
import { SEVERITY_COLORS } from './html-charts.js';
import { escapeHtml as h } from './text-safety.js';

/** Paths drawn at most; the others are listed as text. */
export const DRAWN_PATHS = 50;
const TEXT_PATHS = 200;

const WIDTH = 720;
const BOX_WIDTH = 420;
const BOX_HEIGHT = 34;
const GAP = 46;
const LABEL_CHARS = 58;
const NOTE_CHARS = 34;

const KIND_FILL: Partial<Record<PathNode['kind'], string>> = {
  internet: '#fee2e2',
  authenticated: '#fee2e2',
  developers: '#fef3c7',
  'rbac-subject': '#fef3c7',
  capability: '#fecdd3',
  'cluster-admin': '#fecdd3',
  'iam-role': '#e0e7ff',
  unknown: '#f1f5f9',
};

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function nodeBox(node: PathNode, index: number): string {
  const y = 8 + index * (BOX_HEIGHT + GAP);
  const fill = KIND_FILL[node.kind] ?? '#ffffff';
  const dashed = node.kind === 'unknown' ? ' stroke-dasharray="5 4"' : '';
  return `<g class="pnode"><title>${h(node.label)}</title><rect x="8" y="${y}" width="${BOX_WIDTH}" height="${BOX_HEIGHT}" rx="6" fill="${fill}" stroke="#94a3b8"${dashed}/><text x="18" y="${y + 21}" font-size="13" fill="#0f172a">${h(shorten(node.label, LABEL_CHARS))}</text><text x="${BOX_WIDTH - 4}" y="${y + 21}" font-size="10" fill="#64748b" text-anchor="end">${h(node.kind)}</text></g>`;
}

function edgeArrow(edge: PathEdge, index: number, cut: boolean): string {
  const top = 8 + index * (BOX_HEIGHT + GAP) + BOX_HEIGHT;
  const bottom = top + GAP;
  const x = 8 + BOX_WIDTH / 2;
  const color = cut ? '#dc2626' : edge.missing ? '#94a3b8' : '#475569';
  const dash = edge.missing ? ' stroke-dasharray="4 3"' : '';
  const width = cut ? 3 : 1.5;
  const cite = edge.checkId ? ` [${edge.checkId}]` : '';
  const note = edge.missing ? ' (not collected)' : edge.conditional ? ' (conditional)' : '';
  const marker = cut ? ' · fix here' : '';
  return `<g class="pedge"><title>${h(`${edge.label}: ${edge.because}${cite}${edge.missing ? ` — not collected: ${edge.missing}` : ''}`)}</title><line x1="${x}" y1="${top}" x2="${x}" y2="${bottom - 6}" stroke="${color}" stroke-width="${width}"${dash}/><path d="M ${x - 5} ${bottom - 8} L ${x} ${bottom} L ${x + 5} ${bottom - 8} Z" fill="${color}"/><text x="${x + 12}" y="${top + GAP / 2 + 4}" font-size="11" fill="${color}">${h(shorten(`${edge.label}${cite}${note}${marker}`, NOTE_CHARS + LABEL_CHARS))}</text></g>`;
}

/** One path as an SVG picture. */
export function pathSvg(path: AttackPath): string {
  const height = 16 + path.nodes.length * BOX_HEIGHT + (path.nodes.length - 1) * GAP;
  const parts = path.nodes.map(nodeBox);
  path.edges.forEach((edge, index) => parts.push(edgeArrow(edge, index, path.cut?.edge === index)));
  return `<svg class="path-graph" role="img" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg"><title>${h(path.nodes.map((node) => node.label).join(' → '))}</title>${parts.join('')}</svg>`;
}

function steps(path: AttackPath): string {
  const items = path.edges.map((edge, index) => {
    const from = path.nodes[index]!;
    const to = path.nodes[index + 1]!;
    const cite = edge.checkId ? ` <code>${h(edge.checkId)}</code>` : '';
    const cut = path.cut?.edge === index ? ' <span class="badge cut">fix here</span>' : '';
    const missing = edge.missing ? ` <span class="missing">not collected: ${h(edge.missing)}</span>` : '';
    const conditional = edge.conditional ? ` <span class="missing">only under IAM conditions: ${h(edge.conditional)}</span>` : '';
    return `<li>${h(from.label)} <strong>${h(edge.label)}</strong> ${h(to.label)}: ${h(edge.because)}${cite}${cut}${missing}${conditional}</li>`;
  });
  return `<ol class="steps">${items.join('')}</ol>`;
}

function pathArticle(path: AttackPath, drawn: boolean): string {
  const status = path.status === 'fail' ? '' : ` <span class="badge status">${h(path.status)}</span>`;
  const suppressed = path.suppression ? `<div class="note suppressed">Suppressed by ${h(path.suppression.source)}: ${h(path.suppression.reason)}</div>` : '';
  const cut = path.cut ? `<p class="fix">Fix first: step ${path.cut.edge + 1}, which lies on ${path.cut.paths} failing path${path.cut.paths === 1 ? '' : 's'}.</p>` : '';
  const missing = path.missing?.length ? `<p class="missing">Cannot be judged: ${h(path.missing.join('; '))}</p>` : '';
  return `<article class="attack-path sev-${path.severity}" data-status="${h(path.status)}" id="path-${h(path.id)}">
<div class="head"><span class="badge">${h(path.severity)}</span>${status} <span class="check-id">${h(path.checkId)}</span> <span class="title">${path.edges.length} step${path.edges.length === 1 ? '' : 's'} from ${h(path.nodes[0]?.label ?? '?')} to ${h(path.nodes.at(-1)?.label ?? '?')}</span></div>
${suppressed}${missing}${cut}${drawn ? pathSvg(path) : ''}
<details><summary>Steps and the facts behind them</summary>${steps(path)}</details>
</article>`;
}

function fixesTable(section: PathsSection): string {
  if (section.fixes.length === 0) return '';
  const rows = section.fixes.map(
    (fix) =>
      `<tr><td class="num">${fix.paths}</td><td>${h(fix.fromLabel)} <strong>${h(fix.edge.label)}</strong> ${h(fix.toLabel)}</td><td>${h(fix.edge.because)}</td><td>${fix.edge.checkId ? `<code>${h(fix.edge.checkId)}</code>` : ''}</td></tr>`,
  );
  return `<h3>Fixes that cut the most paths</h3><table class="fixes"><thead><tr><th class="num">paths</th><th>step</th><th>because</th><th>check</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The section, or nothing when the report has no paths. */
export function pathsSection(section: PathsSection | undefined): string {
  if (!section || section.paths.length === 0) return '';
  const { summary } = section;
  const counts = `<p class="path-summary">${summary.fail} failing, ${summary.suppressed} suppressed, ${summary.skipped} skipped (a half of the data missing)${summary.notListed ? `; ${summary.notListed} more not listed` : ''}.</p>`;
  const listed = section.paths.slice(0, TEXT_PATHS).map((path, index) => pathArticle(path, index < DRAWN_PATHS));
  const more = section.paths.length > TEXT_PATHS ? `<p class="empty">${section.paths.length - TEXT_PATHS} more paths are in the JSON report.</p>` : '';
  const legend = `<p class="legend-line"><svg width="14" height="10" aria-hidden="true"><line x1="0" y1="5" x2="14" y2="5" stroke="${SEVERITY_COLORS.high}" stroke-width="3"/></svg> the step to cut first · dashed: data that was not collected</p>`;
  return `<h2>Attack paths</h2>${counts}${legend}${fixesTable(section)}<section id="attack-paths">${listed.join('\n')}${more}</section>`;
}
