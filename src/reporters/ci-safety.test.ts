import { describe, expect, it } from 'vitest';
import { buildReport, type Report } from '../core/report.js';
import type { Finding } from '../core/types.js';
import { FIXTURE_CHECKS } from '../../test/helpers/report-fixtures.js';
import { REPORT_CSS, REPORT_JS } from './html-assets.js';
import { FORMATS, reporters } from './index.js';
import { escapeTerminal, MARKUP_ESCAPES, neutralizeCiCommands } from './text-safety.js';

/**
 * Text that drives a CI log when a line carries it: GitHub Actions workflow commands (`::` at a
 * line start after any white space, the runner trims it; legacy `##[` anywhere), Azure Pipelines
 * logging commands (`##vso[` anywhere) and TeamCity service messages, plus the terminal tricks
 * that make a new line or hide one (CR, LF, ESC sequences, bidi overrides).
 */
const COMMANDS = [
  '::error title=x::y.yaml',
  '  ::warning file=a::indented',
  '\t::add-mask::tabbed',
  '\u00a0::notice::no-break space',
  '\u3000::stop-commands::ideographic space',
  '\u2003::group::em space',
  '\ufeff::debug::bom',
  'mid ##[error]legacy anywhere',
  '##[group]at the start',
  '\n##vso[task.setvariable variable=x]pwned',
  '\r##vso[task.complete result=Succeeded]',
  'x ##VSO[task.uploadfile]/etc/passwd',
  '###[section] three hashes',
  '##teamcity[buildStatus text=pwned]',
  'esc \u001b[2K\u001b[1A::error::after an erase',
  'bidi \u202e::error::reversed',
  'line\r::error::after a carriage return',
  'line\n  ::set-output name=a::b',
  'line\u2028::error::after a line separator',
  'line\u0085::error::after a next-line',
];
const HOSTILE = COMMANDS.join(' ');

function finding(overrides: Partial<Finding>): Finding {
  return {
    checkId: 'PSS-privileged',
    severity: 'critical',
    area: 'containers',
    title: 'Privileged containers',
    standards: ['PSS baseline/privileged'],
    remediation: 'Remove securityContext.privileged.',
    status: 'fail',
    message: 'container is privileged',
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web' },
    ...overrides,
  };
}

/** One finding per hostile string, in every field a source fills from input. */
function hostileCiReport(): Report {
  const findings: Finding[] = COMMANDS.flatMap((command, index) => [
    finding({
      message: command,
      resource: { apiVersion: 'v1', kind: command, namespace: command, name: `${command}-${index}`, context: command },
      location: { file: command, line: index + 1 },
      path: command,
    }),
    finding({
      status: 'suppressed',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: `s${index}` },
      location: { file: `${command}.yaml` },
      // the eksguard.io/ignore-expires.<ID> annotation value and the reason come from the object
      suppression: { reason: command, source: 'annotation', expires: command },
    }),
    finding({
      checkId: 'K8S-WL-001',
      severity: 'low',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: `e${index}` },
      expiredSuppression: { reason: command, source: 'annotation', expires: command },
    }),
  ]);
  return buildReport({
    version: '0.1.0',
    findings,
    errors: COMMANDS.map((command) => ({ source: command, message: command, location: { file: command, line: 2 } })),
    gaps: [{ source: HOSTILE, reason: HOSTILE, checks: ['EKS-DP-001'] }],
    includePassed: true,
  });
}

/** Lines as the runners read them (.NET ReadLine: \n, \r, \r\n), and as JavaScript would (U+2028, U+2029, U+0085 too). */
function lines(text: string): string[] {
  return text.split(/\r\n|[\r\n\u2028\u2029\u0085]/);
}

/** .NET Char.IsWhiteSpace and JavaScript white space, trimmed like the Actions runner trims. */
const LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*/;

function commandLines(text: string): string[] {
  return lines(text).filter((line) => line.replace(LEADING_SPACE, '').startsWith('::') || /##[A-Za-z]*\[/i.test(line));
}

describe('no output can drive a CI log', () => {
  const report = hostileCiReport();

  it('the fixture would drive one if printed raw', () => {
    expect(commandLines(COMMANDS.join("\n")).length).toBeGreaterThanOrEqual(15);
  });

  for (const format of FORMATS) {
    for (const color of [false, true]) {
      it(`${format}${color ? ' (colour)' : ''}: no line starts with :: (after white space) or holds ##[, ##vso[ or ##teamcity[`, () => {
        const output = reporters[format](report, { color, checks: FIXTURE_CHECKS, asff: { accountId: '111122223333', region: 'us-east-1' } });
        expect(output.length).toBeGreaterThan(1000);
        expect(commandLines(output)).toEqual([]);
      });
    }
  }

  it('table: every hostile string is visible, and no raw ESC, CR or bidi override reaches the terminal', () => {
    const table = reporters.table(report, { color: true });
    const withoutOurColours = table.replace(/\u001b\[(\d+;)?\d+m/g, '');
    expect(withoutOurColours).not.toMatch(/[\u001b\r\u202e\u2028\u0085]/);
    expect(table).toContain('\\u003a:error title=x::y.yaml:1');
    expect(table).toContain('suppression expired on \\u003a:error title=x::y.yaml');
    expect(table).toContain('until \\n#\\u0023vso[task.setvariable variable=x]pwned');
    expect(table).toContain('line\\r::error::after a carriage return');
    expect(table).toContain('esc \\u001b[2K\\u001b[1A::error::after an erase');
    // a leading no-break space is kept, the command behind it is not
    expect(table).toContain('\u00a0\\u003a:notice::no-break space');
  });

  it('markdown: the same escapes, inside inert table cells', () => {
    const markdown = reporters.markdown(report, { color: false });
    expect(markdown).toContain('\\\\u003a:error title=x::y.yaml');
    expect(markdown).toContain('#\\\\u0023vso\\[task.setvariable');
    expect(markdown).not.toMatch(/[\u001b\r\u202e]/);
  });

  it('json: the strings parse back exactly as they were', () => {
    const json = reporters.json(report, { color: false });
    expect(json).toContain('#\\u0023[error]legacy anywhere');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('sarif: still valid JSON, with the hostile messages made inert but readable', () => {
    const sarif = JSON.parse(reporters.sarif(report, { color: false, checks: FIXTURE_CHECKS })) as { runs: { results: { message: { text: string } }[] }[] };
    const messages = sarif.runs[0]!.results.map((result) => result.message.text);
    expect(messages).toContain('mid ##[error]legacy anywhere');
  });

  it('junit and html: character references, so the parsed text is unchanged', () => {
    const xml = reporters.junit(report, { color: false, checks: FIXTURE_CHECKS });
    expect(xml).toContain('#&#35;vso[task.complete result=Succeeded]');
    const html = reporters.html(report, { color: false, checks: FIXTURE_CHECKS });
    expect(html).toContain('mid #&#35;[error]legacy anywhere');
  });

  it('html: the inline stylesheet and script hold nothing the guard would change, so their CSP hashes stay valid', () => {
    for (const asset of [REPORT_CSS, REPORT_JS]) expect(neutralizeCiCommands(asset, MARKUP_ESCAPES)).toBe(asset);
  });
});

describe('escapeTerminal', () => {
  it('breaks CI commands at any position and leading white space, and leaves ordinary colons and hashes alone', () => {
    expect(escapeTerminal('::error::x')).toBe('\\u003a:error::x');
    expect(escapeTerminal(' \u2003::error::x')).toBe(' \u2003\\u003a:error::x');
    expect(escapeTerminal('a ##[error] b ##vso[x] c ##teamcity[y] d ###[z]')).toBe('a #\\u0023[error] b #\\u0023vso[x] c #\\u0023teamcity[y] d ##\\u0023[z]');
    expect(escapeTerminal('\n::error::x')).toBe('\\n::error::x');
    expect(escapeTerminal('fe80::1 a::b # ## [x] #[y] C# ## notes')).toBe('fe80::1 a::b # ## [x] #[y] C# ## notes');
  });

  it('stays linear on long hostile input', () => {
    const long = `${'##'.repeat(200_000)}${'#a'.repeat(200_000)}${':'.repeat(200_000)}`;
    const started = performance.now();
    escapeTerminal(long);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
