import type { Report } from '../core/report.js';
import { resourceKey } from '../core/suppression.js';
import { compareSeverity, type Finding, type InputError } from '../core/types.js';
import { describeLocation } from './format-resource.js';
import { rulesOf, type RuleMeta } from './rules.js';
import { escapeControl as safe, MARKUP_ESCAPES, neutralizeCiCommands } from './text-safety.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml.js';
import { frameworkJunitSuites } from './junit-frameworks.js';

/**
 * JUnit XML for CI test dashboards (GitLab, Jenkins, Azure DevOps): one test suite per check and
 * one test case per (check, subject). A subject with several findings of one check (two
 * containers, say) is one test case whose outcome is the worst of them. Everything is escaped
 * and no CDATA is used, so any input yields well-formed XML 1.0.
 */

export interface JunitOptions {
  checks?: readonly RuleMeta[];
}

type Outcome = 'error' | 'failure' | 'skipped' | 'passed';

interface TestCase {
  name: string;
  findings: Finding[];
}

function outcomeOf(findings: readonly Finding[]): Outcome {
  if (findings.some((f) => f.status === 'error')) return 'error';
  if (findings.some((f) => f.status === 'fail')) return 'failure';
  if (findings.some((f) => f.status === 'skipped' || f.status === 'suppressed' || f.status === 'not-applicable')) return 'skipped';
  return 'passed';
}

function caseName(finding: Finding): string {
  const ref = finding.resource;
  const context = 'context' in ref && ref.context ? ` [${ref.context}]` : '';
  return safe(`${resourceKey(ref)}${context}`);
}

function describeFinding(finding: Finding): string {
  const lines = [`${finding.status === 'fail' ? finding.severity.toUpperCase() : finding.status}: ${safe(finding.message)}`];
  const location = describeLocation(finding);
  if (location) lines.push(`  at ${safe(location)}`);
  if (finding.path) lines.push(`  path: ${safe(finding.path)}`);
  if (finding.suppression) {
    const until = finding.suppression.expires ? ` until ${safe(finding.suppression.expires)}` : '';
    lines.push(`  suppressed by ${finding.suppression.source}${until}: ${safe(finding.suppression.reason)}`);
  }
  if (finding.expiredSuppression) {
    const expired = finding.expiredSuppression;
    lines.push(`  suppression expired on ${safe(expired.expires ?? '?')} (${expired.source}): ${safe(expired.reason)}`);
  }
  return lines.join('\n');
}

function summaryLine(findings: readonly Finding[], outcome: Outcome): string {
  const first = findings.find((f) => (outcome === 'error' ? f.status === 'error' : outcome === 'failure' ? f.status === 'fail' : f.status !== 'pass')) ?? findings[0]!;
  if (first.status === 'suppressed') return `suppressed: ${safe(first.suppression?.reason ?? '')}`;
  return safe(first.message);
}

function renderCase(classname: string, testCase: TestCase): string {
  const outcome = outcomeOf(testCase.findings);
  const first = testCase.findings[0]!;
  const location = first.location;
  const head = `    <testcase classname="${attr(classname)}" name="${attr(testCase.name)}"${location ? ` file="${attr(safe(location.file))}"` : ''}${
    location?.line ? ` line="${location.line}"` : ''
  }`;
  if (outcome === 'passed') return `${head}/>`;
  const message = attr(summaryLine(testCase.findings, outcome));
  const body = text(
    [...testCase.findings.map(describeFinding), '', `How to fix: ${first.remediation}`, ...(first.standards.length ? [`Standards: ${first.standards.join(', ')}`] : [])].join(
      '\n',
    ),
  );
  const element =
    outcome === 'skipped'
      ? `<skipped message="${message}">${body}</skipped>`
      : `<${outcome} message="${message}" type="${attr(outcome === 'failure' ? worstSeverity(testCase.findings) : 'check-error')}">${body}</${outcome}>`;
  return `${head}>\n      ${element}\n    </testcase>`;
}

function worstSeverity(findings: readonly Finding[]): string {
  return findings.filter((f) => f.status === 'fail').map((f) => f.severity).sort(compareSeverity)[0] ?? 'info';
}

function counts(outcomes: readonly Outcome[]): string {
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
  return `tests="${outcomes.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}"`;
}

function inputSuite(errors: readonly InputError[]): string[] {
  if (errors.length === 0) return [];
  const cases = errors.map((error) => {
    const where = safe(error.location ? `${error.location.file}${error.location.line ? `:${error.location.line}` : ''}` : error.source);
    const message = safe(error.message);
    return `    <testcase classname="eksguard.input" name="${attr(where)}">\n      <error message="${attr(message)}" type="input-error">${text(
      `${where}: ${message}`,
    )}</error>\n    </testcase>`;
  });
  return [`  <testsuite name="eksguard: input" tests="${errors.length}" failures="0" errors="${errors.length}" skipped="0">`, ...cases, '  </testsuite>'];
}

export function renderJunit(report: Report, options: JunitOptions = {}): string {
  const rules = rulesOf(report, options.checks);
  const suites: string[] = [];
  const outcomes: Outcome[] = [];
  const byCheck = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byCheck.get(finding.checkId);
    if (list) list.push(finding);
    else byCheck.set(finding.checkId, [finding]);
  }
  for (const rule of rules) {
    const cases = new Map<string, TestCase>();
    for (const finding of byCheck.get(rule.id) ?? []) {
      const name = caseName(finding);
      const existing = cases.get(name);
      if (existing) existing.findings.push(finding);
      else cases.set(name, { name, findings: [finding] });
    }
    const list = [...cases.values()];
    const suiteOutcomes = list.map((c) => outcomeOf(c.findings));
    outcomes.push(...suiteOutcomes);
    const classname = `eksguard.${rule.area}.${rule.id}`;
    suites.push(`  <testsuite name="${attr(`${rule.id}: ${rule.title}`)}" ${counts(suiteOutcomes)}>`, ...list.map((c) => renderCase(classname, c)), '  </testsuite>');
  }
  outcomes.push(...report.errors.map((): Outcome => 'error'));
  const controls = frameworkJunitSuites(report.frameworks ?? []);
  outcomes.push(...controls.outcomes);
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="eksguard" ${counts(outcomes)}>`,
    ...suites,
    ...inputSuite(report.errors),
    ...controls.lines,
    '</testsuites>',
    '',
  ].join('\n');
  // `##[`, `##vso[` and a line-leading `::` can only be text or attribute content here (markup lines
  // start with `<`): character references break the CI log commands and parse back to the same text.
  return neutralizeCiCommands(xml, MARKUP_ESCAPES);
}
