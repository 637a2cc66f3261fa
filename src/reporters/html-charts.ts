import { SEVERITIES, type Severity } from '../core/types.js';

/**
 * Inline SVG pictures for the HTML report. Colours are presentation attributes (`fill`, `stroke`),
 * not `style` attributes, so the page's Content-Security-Policy can forbid inline styles other
 * than its one hashed stylesheet. Every number is also printed as text: the pictures only repeat it.
 */

export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#9f1239',
  high: '#dc2626',
  medium: '#d97706',
  low: '#2563eb',
  info: '#64748b',
};

const EMPTY_COLOR = '#e2e8f0';

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** A horizontal bar, split by severity, scaled so that `scale` failures fill the width. */
export function severityBar(counts: Record<Severity, number>, options: { scale: number; label: string; width?: number }): string {
  const width = options.width ?? 320;
  const height = 16;
  const total = SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0);
  const parts: string[] = [`<rect x="0" y="0" width="${width}" height="${height}" rx="3" fill="${EMPTY_COLOR}"/>`];
  let x = 0;
  for (const severity of SEVERITIES) {
    const count = counts[severity];
    if (count === 0 || options.scale === 0) continue;
    const w = (count / options.scale) * width;
    parts.push(
      `<rect class="seg" x="${formatNumber(x)}" y="0" width="${formatNumber(Math.max(w, 2))}" height="${height}" fill="${SEVERITY_COLORS[severity]}"><title>${count} ${severity}</title></rect>`,
    );
    x += w;
  }
  return `<svg class="bar" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${options.label}: ${total} failing">${parts.join('')}</svg>`;
}

/** A donut of failures by severity; an empty grey ring when nothing fails. */
export function severityDonut(counts: Record<Severity, number>, options: { label: string; size?: number }): string {
  const size = options.size ?? 160;
  const radius = size / 2 - 14;
  const circumference = 2 * Math.PI * radius;
  const center = size / 2;
  const total = SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0);
  const rings: string[] = [`<circle cx="${center}" cy="${center}" r="${formatNumber(radius)}" fill="none" stroke="${EMPTY_COLOR}" stroke-width="22"/>`];
  let offset = 0;
  for (const severity of SEVERITIES) {
    const count = counts[severity];
    if (count === 0) continue;
    const length = (count / total) * circumference;
    rings.push(
      `<circle class="seg" cx="${center}" cy="${center}" r="${formatNumber(radius)}" fill="none" stroke="${SEVERITY_COLORS[severity]}" stroke-width="22" stroke-dasharray="${formatNumber(length)} ${formatNumber(circumference - length)}" stroke-dashoffset="${formatNumber(-offset)}" transform="rotate(-90 ${center} ${center})"><title>${count} ${severity}</title></circle>`,
    );
    offset += length;
  }
  rings.push(
    `<text x="${center}" y="${center - 2}" text-anchor="middle" class="donut-total">${total}</text>`,
    `<text x="${center}" y="${center + 18}" text-anchor="middle" class="donut-label">failing</text>`,
  );
  return `<svg class="donut" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" role="img" aria-label="${options.label}: ${total} failing">${rings.join('')}</svg>`;
}
