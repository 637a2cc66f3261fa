import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from './config-file.js';
import { parseConfigText } from './config-text.js';
import { UsageError } from './errors.js';

const KNOWN = ['K8S-WL-001', 'K8S-NET-001', 'PSS-runAsUser'];

function problem(text: string): string {
  try {
    parseConfigText(text, '.eksguard.yaml', KNOWN);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfigText', () => {
  it('reads a valid config', () => {
    const config = parseConfigText(
      ['# team defaults', 'checks:', '  K8S-WL-001: { enabled: false }', 'pss:', '  level: baseline', 'failOn: critical', 'suppressions:', '  - check: K8S-NET-*', '    resource: Namespace/legacy', '    reason: moving to the mesh', '    expires: 2027-01-31', ''].join(
        '\n',
      ),
      '.eksguard.yaml',
      KNOWN,
    );
    expect(config.overrides).toEqual({ 'K8S-WL-001': { enabled: false } });
    expect(config.pss.level).toBe('baseline');
    expect(config.failOn).toBe('critical');
    // YAML 1.2: an unquoted date stays a string, so it needs no quotes.
    expect(config.suppressions).toEqual([{ check: 'K8S-NET-*', resource: 'Namespace/legacy', reason: 'moving to the mesh', expires: '2027-01-31' }]);
  });

  it('reads a deprecated setting and warns with the file and line', () => {
    const warnings: string[] = [];
    const config = parseConfigText('# old webhook config\nexemptions:\n  namespaces: [kube-system]\n', '.eksguard.yaml', KNOWN, (message) => warnings.push(message));
    expect(config.suppressions).toHaveLength(2);
    expect(warnings).toEqual([expect.stringMatching(/^\.eksguard\.yaml:2: exemptions: the exemptions mapping \(namespaces, usernames, groups\) is deprecated/)]);
  });

  it('refuses duplicate keys with their line', () => {
    expect(problem('failOn: high\nfailOn: none\n')).toContain('.eksguard.yaml:2:1: duplicate key');
  });

  it('treats an empty or comment-only file as no settings', () => {
    expect(parseConfigText('', 'x', KNOWN).suppressions).toEqual([]);
    expect(parseConfigText('# nothing yet\n', 'x', KNOWN).overrides).toEqual({});
  });

  it('names the file, the line and the key path of each problem, in file order', () => {
    const message = problem(['checks:', '  K8S-WL-01:', '    enabled: false', '  PSS-runAsUser: { severity: urgent }', 'suppressions:', '  - check: K8S-WL-001', '    resource: "*"', 'colour: red', ''].join('\n'));
    expect(message.split('\n')).toEqual([
      'invalid config .eksguard.yaml:',
      '  .eksguard.yaml:2: checks.K8S-WL-01: unknown check ID (did you mean K8S-WL-001?)',
      '  .eksguard.yaml:4: checks.PSS-runAsUser.severity: severity must be one of: critical, high, medium, low, info',
      '  .eksguard.yaml:6: suppressions[0].reason: reason is required',
      '  .eksguard.yaml:8: colour: unknown key',
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with their line and column', () => {
    expect(problem('checks:\n  K8S-WL-001: [1, 2\n')).toMatch(/^config \.eksguard\.yaml is not valid YAML:\n {2}\.eksguard\.yaml:\d+:\d+: /);
    expect(problem('failOn: high\nfailOn: low\n')).toContain('.eksguard.yaml:2:1: duplicate key');
  });

  it.each([
    ['an alias', 'failOn: *SECRET\n', '.eksguard.yaml:1:9: alias to an anchor that is not defined before it'],
    ['a tag', 'failOn: !SECRET high\n', '.eksguard.yaml:1:9: unknown tag'],
    ['an unclosed quote', 'failOn: "SECRET\n', '.eksguard.yaml:2:1: missing closing quote or bracket'],
    ['an unclosed flow sequence', 'exclude: [SECRET\n', '.eksguard.yaml:2:1: bad indentation'],
    ['a tab', 'checks:\n\tSECRET: 1\n', '.eksguard.yaml:2:1: tab used for indentation'],
    ['a bad escape', 'failOn: "SECRET\\q"\n', '.eksguard.yaml:1:29: invalid escape sequence in a double-quoted string'],
  ])('never repeats the text of %s in a syntax error', (_what, text, expected) => {
    const secret = 'hunter2-Sup3rS3cret';
    const message = problem(text.replace('SECRET', secret));
    expect(message).toContain(expected);
    expect(message).not.toContain(secret);
  });

  it.each([
    ['flow collections', `exclude: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, '.eksguard.yaml:1:41: nested deeper than 32 levels'],
    ['block mappings', `${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`, '.eksguard.yaml:33:33: nested deeper than 32 levels'],
    ['compact sequences', `exclude:\n${'- '.repeat(5000)}x\n`, '.eksguard.yaml:2:1: nested deeper than 32 levels'],
  ])('refuses deep nesting of %s cleanly, before the parser recurses', (_what, text, expected) => {
    expect(problem(text)).toBe(`config .eksguard.yaml is not valid YAML:\n  ${expected}`);
  });

  it('reads brackets and quotes inside values without counting them as nesting', () => {
    const config = parseConfigText('exclude: ["a[b]/**", "{x}"]\nsuppressions:\n  - check: K8S-WL-001\n    resource: "*"\n    reason: it\'s [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ fine # [[[[\n', '.eksguard.yaml', KNOWN);
    expect(config.exclude).toEqual(['a[b]/**', '{x}']);
  });

  it('refuses alias bombs', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', ''].join('\n');
    expect(problem(bomb)).toMatch(/cannot be read|not valid YAML/);
  });

  it('makes control characters in keys visible', () => {
    expect(problem('checks:\n  "K8S\\u001b[31m": {}\n')).toContain('K8S\\u001b[31m');
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-config-'));

  it('uses no config when the working directory has none', async () => {
    expect(await loadConfigFile({ cwd: dir, knownCheckIds: KNOWN })).toEqual({ config: { overrides: {}, pss: {}, suppressions: [], exclude: [] } });
  });

  it('finds .eksguard.yaml in the working directory', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'eksguard-config-'));
    writeFileSync(path.join(cwd, '.eksguard.yaml'), 'failOn: low\n');
    expect(await loadConfigFile({ cwd, knownCheckIds: KNOWN })).toMatchObject({ file: '.eksguard.yaml', config: { failOn: 'low' } });
  });

  it('insists that an explicit --config exists', async () => {
    await expect(loadConfigFile({ cwd: dir, file: 'missing.yaml', knownCheckIds: KNOWN })).rejects.toThrow('cannot read config missing.yaml: ENOENT');
  });
});
