import type { Check } from '../core/check.js';
import type { Report } from '../core/report.js';
import type { Area, Finding, Severity } from '../core/types.js';

/** The part of a check's definition that reports describe; the CLI passes the catalogue in, reporters never import it. */
export type RuleMeta = Pick<Check, 'id' | 'title' | 'area' | 'severity' | 'rationale' | 'remediation' | 'references' | 'standards'> &
  Partial<Pick<Check, 'enabledByDefault'>>;

/**
 * Where the generated check pages are published. The repository's public home is not settled yet;
 * callers (and users, through the reporters' options) can point this elsewhere.
 */
export const DEFAULT_DOCS_BASE_URL = 'https://github.com/eksguard/eksguard/blob/main/docs/checks/';

export function checkDocsUrl(checkId: string, base: string = DEFAULT_DOCS_BASE_URL): string {
  return `${base.endsWith('/') ? base : `${base}/`}${encodeURIComponent(checkId)}.md`;
}

export interface Rule {
  id: string;
  title: string;
  area: Area;
  /** the catalogue's default severity (a config override shows on each finding instead) */
  severity: Severity;
  rationale?: string;
  remediation: string;
  references: readonly string[];
  standards: readonly string[];
}

function ruleFromFinding(finding: Finding): Rule {
  return {
    id: finding.checkId,
    title: finding.title,
    area: finding.area,
    severity: finding.severity,
    remediation: finding.remediation,
    references: [],
    standards: finding.standards,
  };
}

/** One rule per check that has a finding in the report, in order of first appearance; catalogue metadata where given. */
export function rulesOf(report: Report, checks: readonly RuleMeta[] | undefined): Rule[] {
  const catalogue = new Map((checks ?? []).map((check) => [check.id, check]));
  const rules = new Map<string, Rule>();
  for (const finding of report.findings) {
    if (rules.has(finding.checkId)) continue;
    const check = catalogue.get(finding.checkId);
    rules.set(
      finding.checkId,
      check
        ? {
            id: check.id,
            title: check.title,
            area: check.area,
            severity: check.severity,
            rationale: check.rationale,
            remediation: check.remediation,
            references: check.references,
            standards: check.standards,
          }
        : ruleFromFinding(finding),
    );
  }
  return [...rules.values()];
}
