import type { ControlResult, FrameworkResult } from '../core/framework-report.js';
import { isAwsRef } from '../core/types.js';
import { resourceKey } from '../core/suppression.js';
import { escapeControl } from './text-safety.js';

/**
 * The per-control section of `--framework` in SARIF 2.1.0, as SARIF's taxonomies are meant to
 * carry it (§3.19.3, the way CWE is encoded): each framework is a `run.taxonomies[]` tool
 * component whose `taxa` are its controls, with the control's status, reason, check results and
 * evidence in the taxon's property bag and the score and counts in the component's; the driver
 * lists the frameworks in `supportedTaxonomies`; each rule points at the controls it decides with
 * a `relationships` entry, and each result names them in `taxa`.
 */

interface ControlRef {
  id: string;
  index: number;
  toolComponent: { name: string; index: number };
}

/** The controls each check decides, as SARIF references: one lookup per rule and per result. */
export class FrameworkIndex {
  private readonly byCheck = new Map<string, ControlRef[]>();
  private readonly results: readonly FrameworkResult[];

  constructor(results: readonly FrameworkResult[]) {
    this.results = results;
    results.forEach((framework, frameworkIndex) => {
      framework.controls.forEach((control, controlIndex) => {
        for (const checkId of control.checks) {
          const refs = this.byCheck.get(checkId) ?? [];
          refs.push({ id: control.id, index: controlIndex, toolComponent: { name: framework.name, index: frameworkIndex } });
          this.byCheck.set(checkId, refs);
        }
      });
    });
  }

  get empty(): boolean {
    return this.results.length === 0;
  }

  controlsOf(checkId: string): readonly ControlRef[] {
    return this.byCheck.get(checkId) ?? [];
  }

  /** `relationships` of a rule: a check is one of the checks that decide the control (all must pass). */
  relationshipsOf(checkId: string): object[] {
    return this.controlsOf(checkId).map((target) => ({ target, kinds: ['relevant'], description: { text: `one of the checks that decide ${target.toolComponent.name} ${target.id}` } }));
  }

  supportedTaxonomies(): object[] {
    return this.results.map((framework, index) => ({ name: framework.name, index }));
  }

  taxonomies(): object[] {
    return this.results.map((framework) => ({
      name: framework.name,
      fullName: `${framework.title} ${framework.version}`,
      version: framework.version,
      isComprehensive: true,
      shortDescription: { text: `${framework.title} ${framework.version}: score ${framework.score === null ? 'no control judged' : `${framework.score}%`}` },
      taxa: framework.controls.map(taxon),
      properties: { score: framework.score, counts: framework.counts },
    }));
  }
}

function evidenceOf(control: ControlResult) {
  return control.evidence.map((item) => ({
    checkId: item.checkId,
    status: item.status,
    message: escapeControl(item.message),
    resource: escapeControl(isAwsRef(item.resource) ? item.resource.arn : resourceKey(item.resource)),
    ...(item.location ? { location: { file: escapeControl(item.location.file), ...(item.location.line ? { line: item.location.line } : {}) } } : {}),
    ...(item.path !== undefined ? { path: escapeControl(item.path) } : {}),
  }));
}

function taxon(control: ControlResult) {
  return {
    id: control.id,
    shortDescription: { text: control.title },
    fullDescription: { text: escapeControl(control.reason) },
    properties: {
      tags: [`status:${control.status}`, `assessment:${control.assessment}`],
      section: control.section,
      assessment: control.assessment,
      status: control.status,
      reason: escapeControl(control.reason),
      checks: control.checks,
      results: control.results,
      evidence: evidenceOf(control),
      ...(control.moreEvidence ? { moreEvidence: control.moreEvidence } : {}),
      ...(control.note ? { note: control.note } : {}),
    },
  };
}
