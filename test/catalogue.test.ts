import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../src/checks/index.js';
import { AREAS, SEVERITIES } from '../src/core/types.js';
import { exampleInventory } from './helpers/example-inventory.js';
import { runCheck } from './helpers/run-check.js';

const root = path.resolve(import.meta.dirname, '..');

function ledgerIds(): string[] {
  return readFileSync(path.join(root, 'src/checks/ledger.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(/\s+/)[0]!);
}

function testSources(directory: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) out.push(...testSources(full));
    else if (entry.name.endsWith('.test.ts')) out.push(readFileSync(full, 'utf8'));
  }
  return out;
}

describe('check catalogue', () => {
  it('has unique IDs', () => {
    const ids = allChecks.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps every ID in the ledger, which never repeats an ID', () => {
    const ledger = ledgerIds();
    expect(new Set(ledger).size).toBe(ledger.length);
    const missing = allChecks.map((check) => check.id).filter((id) => !ledger.includes(id));
    expect(missing).toEqual([]);
  });

  const tests = testSources(path.join(root, 'src'));
  for (const check of allChecks) {
    describe(check.id, () => {
      it('has complete metadata', () => {
        expect(check.title.length).toBeGreaterThan(5);
        expect(AREAS).toContain(check.area);
        expect(SEVERITIES).toContain(check.severity);
        expect(check.rationale.length).toBeGreaterThan(20);
        expect(check.remediation.length).toBeGreaterThan(20);
        expect(check.standards.length).toBeGreaterThan(0);
        expect(check.needs.length).toBeGreaterThan(0);
        expect(check.examples.pass.length).toBeGreaterThan(0);
        expect(check.examples.fail.length).toBeGreaterThan(0);
      });

      it('is named in a test next to the code', () => {
        expect(tests.some((source) => source.includes(check.id) || source.includes(`'${check.id.replace(/^PSS-/, '')}'`))).toBe(true);
      });

      it('passes its pass examples', () => {
        for (const example of check.examples.pass) {
          const findings = runCheck(check, exampleInventory(check, example), { ...(check.examples.settings ? { settings: check.examples.settings } : {}) });
          expect(findings.filter((f) => f.status === 'fail' || f.status === 'error'), example).toEqual([]);
          expect(findings.some((f) => f.status === 'pass'), `no subject evaluated in: ${example}`).toBe(true);
        }
      });

      it('fails its fail examples', () => {
        for (const example of check.examples.fail) {
          const findings = runCheck(check, exampleInventory(check, example), { ...(check.examples.settings ? { settings: check.examples.settings } : {}) });
          expect(findings.some((f) => f.status === 'fail'), example).toBe(true);
          expect(findings.filter((f) => f.status === 'error')).toEqual([]);
        }
      });
    });
  }
});

describe('check examples cost nothing at load', () => {
  it('the registry leaves every AWS and attack-path check example unbuilt until read', () => {
    // a getter, not a value: loading the registry (every scan) does not serialise example YAML
    const lazy = allChecks.filter((check) => typeof Object.getOwnPropertyDescriptor(check, 'examples')?.get === 'function').map((check) => check.id);
    const expected = allChecks.filter((check) => /^EKS-(?!PATH-004)/.test(check.id)).map((check) => check.id);
    expect(lazy).toEqual(expected);
  });
});
