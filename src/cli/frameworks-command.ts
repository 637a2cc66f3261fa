import { frameworkMarkdown } from '../docs/framework-docs.js';
import { allFrameworks, findFramework, type Control, type Framework } from '../frameworks/index.js';
import { escapeControl } from '../reporters/text-safety.js';
import { UsageError } from './errors.js';

function coverageLine(control: Control): string {
  const coverage = control.coverage;
  if (coverage.kind === 'checks') return `checks: ${coverage.checks.join(', ')}${coverage.note ? ` (${coverage.note})` : ''}`;
  if (coverage.kind === 'manual') return `manual: ${coverage.auditor}`;
  return `not covered: ${coverage.reason}`;
}

function counts(framework: Framework): { byChecks: number; manual: number; notCovered: number } {
  const kinds = framework.controls.map((control) => control.coverage.kind);
  return { byChecks: kinds.filter((kind) => kind === 'checks').length, manual: kinds.filter((kind) => kind === 'manual').length, notCovered: kinds.filter((kind) => kind === 'not-covered').length };
}

export function listFrameworks(format: string): string {
  if (format === 'json') {
    return `${JSON.stringify(allFrameworks.map((framework) => ({ name: framework.name, title: framework.title, version: framework.version, controls: framework.controls.length, ...counts(framework) })), null, 2)}\n`;
  }
  if (format !== 'table') throw new UsageError(`invalid --format "${escapeControl(format)}" for frameworks list`, 'use table or json');
  const width = Math.max(...allFrameworks.map((framework) => framework.name.length));
  const lines = allFrameworks.map((framework) => {
    const c = counts(framework);
    return `${framework.name.padEnd(width)}  ${`${framework.title} ${framework.version}`.padEnd(50)}  ${framework.controls.length} controls: ${c.byChecks} by checks, ${c.manual} manual, ${c.notCovered} not covered`;
  });
  return `${lines.join('\n')}\n`;
}

function frameworkOrThrow(name: string): Framework {
  const framework = findFramework(name);
  if (!framework) throw new UsageError(`unknown framework "${escapeControl(name)}"`, 'run `eksguard frameworks list` to see every framework');
  return framework;
}


/** The mapping of one framework: each control with the checks that decide it, or what eksguard leaves to the auditor and why. */
export function showFramework(name: string, format: string): string {
  const framework = frameworkOrThrow(name);
  if (format === 'json') return `${JSON.stringify(framework, null, 2)}\n`;
  if (format === 'markdown') return frameworkMarkdown(framework);
  if (format !== 'table') throw new UsageError(`invalid --format "${escapeControl(format)}" for frameworks show`, 'use table, json or markdown');
  const lines = [`${framework.title} ${framework.version} (${framework.name}; tags "${framework.tag} <control>")`, `source: ${framework.source}`, ''];
  let section = '';
  for (const control of framework.controls) {
    if (control.section !== section) {
      section = control.section;
      lines.push(section);
    }
    lines.push(`  ${control.id.padEnd(8)} [${control.assessment}] ${control.title}`, `           ${coverageLine(control)}`);
  }
  const c = counts(framework);
  lines.push('', `${framework.controls.length} controls: ${c.byChecks} decided by checks, ${c.manual} manual, ${c.notCovered} not covered`);
  return `${lines.join('\n')}\n`;
}
