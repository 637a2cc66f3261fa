import { describe, expect, it } from 'vitest';
import { defineCheck, pass, withCheckFields, type CheckExamples } from './check.js';

const definition = (examples: CheckExamples | (() => CheckExamples)) => ({
  id: 'K8S-POD-999',
  title: 't',
  area: 'containers' as const,
  severity: 'low' as const,
  target: { id: 'test:none', select: () => [] },
  needs: [],
  rationale: 'r',
  remediation: 'm',
  references: [],
  standards: [],
  admission: { scanOnly: 'test' },
  examples,
  evaluate: () => pass(),
});

describe('defineCheck examples', () => {
  it('builds examples given as a function on the first read only, never at definition', () => {
    let builds = 0;
    const check = defineCheck(definition(() => {
      builds += 1;
      return { pass: ['a'], fail: ['b'] };
    }));
    expect(builds).toBe(0);
    expect(check.examples.fail).toEqual(['b']);
    expect(check.examples.pass).toEqual(['a']);
    expect(builds).toBe(1);
    expect(Object.isFrozen(check)).toBe(true);
    expect(Object.isFrozen(check.examples)).toBe(true);
  });

  it('keeps examples given as data as they are', () => {
    const examples = { pass: ['a'], fail: [] };
    expect(defineCheck(definition(examples)).examples).toBe(examples);
  });

  it('withCheckFields replaces fields without building the examples', () => {
    let builds = 0;
    const check = defineCheck(definition(() => {
      builds += 1;
      return { pass: [], fail: ['b'] };
    }));
    const copy = withCheckFields(check, { standards: ['X 1'] });
    expect(builds).toBe(0);
    expect(copy.standards).toEqual(['X 1']);
    expect(copy.id).toBe(check.id);
    expect(Object.isFrozen(copy)).toBe(true);
    expect(copy.examples.fail).toEqual(['b']);
  });
});
