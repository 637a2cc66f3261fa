import type { FrameworkResult } from '../core/framework-report.js';
import { describeResource } from './format-resource.js';
import { scoreText } from './frameworks.js';
import { escapeControl as safe } from './text-safety.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './xml.js';

export type ControlOutcome = 'failure' | 'skipped' | 'passed';

/**
 * One JUnit test suite per `--framework`, one test case per control: a failing control is a
 * failure carrying its evidence; manual, not-covered, skipped and not-applicable controls are
 * skipped with their reason, so a CI test view reads like the audit.
 */
export function frameworkJunitSuites(results: readonly FrameworkResult[]): { lines: string[]; outcomes: ControlOutcome[] } {
  const lines: string[] = [];
  const outcomes: ControlOutcome[] = [];
  for (const result of results) {
    const suiteOutcomes = result.controls.map((control): ControlOutcome => (control.status === 'pass' ? 'passed' : control.status === 'fail' ? 'failure' : 'skipped'));
    outcomes.push(...suiteOutcomes);
    const count = (outcome: ControlOutcome) => suiteOutcomes.filter((x) => x === outcome).length;
    lines.push(`  <testsuite name="${attr(`${result.title} ${result.version}: score ${scoreText(result)}`)}" tests="${suiteOutcomes.length}" failures="${count('failure')}" errors="0" skipped="${count('skipped')}">`);
    result.controls.forEach((control, index) => {
      const head = `    <testcase classname="${attr(`eksguard.framework.${result.name}`)}" name="${attr(`${control.id} ${control.title}`)}"`;
      const outcome = suiteOutcomes[index]!;
      if (outcome === 'passed') {
        lines.push(`${head}/>`);
        return;
      }
      const reason = attr(`${control.status}: ${safe(control.reason)}`);
      if (outcome === 'skipped') {
        lines.push(`${head}>\n      <skipped message="${reason}"/>\n    </testcase>`);
        return;
      }
      const evidence = control.evidence.map((item) => `${item.status} ${item.checkId} ${safe(describeResource(item.resource))}${item.path ? ` at ${safe(item.path)}` : ''}: ${safe(item.message)}`);
      if (control.moreEvidence) evidence.push(`… ${control.moreEvidence} more`);
      lines.push(`${head}>\n      <failure message="${reason}" type="control">${text(evidence.join('\n'))}</failure>\n    </testcase>`);
    });
    lines.push('  </testsuite>');
  }
  return { lines, outcomes };
}
