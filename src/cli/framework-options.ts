import type { Check } from '../core/check.js';
import type { FrameworkResult } from '../core/framework-report.js';
import { frameworkCheckIds } from '../frameworks/assess.js';
import { allFrameworks, findFramework, type Framework } from '../frameworks/index.js';
import { escapeControl } from '../reporters/text-safety.js';
import { UsageError } from './errors.js';

/** `--framework NAME` (repeatable), each once. */
export function parseFrameworks(names: readonly string[]): Framework[] {
  const chosen: Framework[] = [];
  for (const name of names) {
    const framework = findFramework(name);
    if (!framework) throw new UsageError(`unknown --framework "${escapeControl(name)}"`, `use one of: ${allFrameworks.map((known) => known.name).join(', ')} (eksguard frameworks list)`);
    if (!chosen.includes(framework)) chosen.push(framework);
  }
  return chosen;
}

/** `--fail-under PERCENT`: a number from 0 to 100; it needs a framework to score. */
export function parseFailUnder(value: string | undefined, frameworks: readonly Framework[]): number | undefined {
  if (value === undefined) return undefined;
  const percent = Number(value.endsWith('%') ? value.slice(0, -1) : value);
  if (value.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new UsageError(`invalid --fail-under "${escapeControl(value)}"`, 'use a percentage from 0 to 100, for example --fail-under 80');
  }
  if (frameworks.length === 0) throw new UsageError('--fail-under needs a --framework to score', 'for example: --framework cis-eks-2.0.0 --fail-under 80');
  return percent;
}

/** The checks a run limited to the frameworks runs: every check their controls name (all checks without a framework). */
export function checksForFrameworks(checks: readonly Check[], frameworks: readonly Framework[] | undefined): readonly Check[] {
  if (!frameworks || frameworks.length === 0) return checks;
  const wanted = frameworkCheckIds(frameworks);
  return checks.filter((check) => wanted.has(check.id));
}

/** Why each framework misses the score gate: below the percentage, or nothing judged at all. */
export function scoreGate(results: readonly FrameworkResult[], percent: number): string[] {
  const lines: string[] = [];
  for (const result of results) {
    if (result.score === null) lines.push(`${result.name}: no control could be judged, so the score cannot reach --fail-under ${percent}`);
    else if (result.score < percent) lines.push(`${result.name}: score ${result.score}% is below --fail-under ${percent}`);
  }
  return lines;
}
