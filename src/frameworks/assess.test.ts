import { describe, expect, it } from 'vitest';
import type { Tally } from '../core/engine.js';
import type { Finding } from '../core/types.js';
import { assessFramework, EVIDENCE_LIMIT, frameworkCheckIds } from './assess.js';
import { decidedBy, manual, notCovered, type Framework } from './model.js';

const tally = (counts: Partial<Tally>): Tally => ({ fail: 0, pass: 0, 'not-applicable': 0, skipped: 0, suppressed: 0, error: 0, ...counts });

const framework: Framework = {
  name: 'test-fw',
  title: 'Test framework',
  version: '1',
  tag: 'TEST',
  source: 'here',
  controls: [
    { id: '1', section: 's', title: 'two checks', assessment: 'automated', coverage: decidedBy(['A', 'B'], 'partial') },
    { id: '2', section: 's', title: 'by hand', assessment: 'manual', coverage: manual('look at the thing on the console') },
    { id: '3', section: 't', title: 'cannot', assessment: 'automated', coverage: notCovered('lives on the node disk only, out of reach') },
  ],
};

function finding(checkId: string, status: Finding['status'], name = 'x'): Finding {
  return {
    checkId,
    status,
    severity: 'high',
    area: 'iam',
    title: 't',
    message: `${checkId} says ${name}`,
    resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name },
    location: { file: 'a.yaml', line: 3 },
    path: 'data.key',
    standards: [],
    remediation: 'r',
  };
}

const control = (byCheck: Record<string, Tally>, findings: Finding[] = []) => assessFramework({ framework, byCheck, findings }).controls[0]!;

describe('assessFramework', () => {
  it('fails a control when any of its checks fails, with the findings as evidence (message, resource, path, location)', () => {
    const result = control({ A: tally({ pass: 2 }), B: tally({ fail: 1, pass: 1 }) }, [finding('B', 'fail', 'cm1'), finding('C', 'fail')]);
    expect(result.status).toBe('fail');
    expect(result.reason).toBe('1 failure of B');
    expect(result.evidence).toEqual([
      { checkId: 'B', status: 'fail', message: 'B says cm1', resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name: 'cm1' }, location: { file: 'a.yaml', line: 3 }, path: 'data.key' },
    ]);
    expect(result.note).toBe('partial');
    expect(result.results).toEqual({ pass: 3, fail: 1, skipped: 0, notApplicable: 0, suppressed: 0, error: 0 });
  });

  it('passes a control only when its checks judged some subject and none failed, naming checks that had no subject', () => {
    expect(control({ A: tally({ pass: 2 }), B: tally({}) })).toMatchObject({ status: 'pass', reason: '2 subjects passed A; no subject in the scanned sources for B' });
    expect(control({ A: tally({ pass: 1, suppressed: 1 }), B: tally({ pass: 1 }) }, [finding('A', 'suppressed')])).toMatchObject({
      status: 'pass',
      reason: '2 subjects passed A, B (1 suppressed failure, with reasons)',
      evidence: [expect.objectContaining({ status: 'suppressed' })],
    });
  });

  it('never passes without data: no subject, a gap, an error, or checks that did not run are skipped', () => {
    expect(control({ A: tally({}), B: tally({}) })).toMatchObject({ status: 'skipped', reason: 'no subject in the scanned sources for A, B' });
    expect(control({ A: tally({ pass: 1 }), B: tally({ skipped: 1 }) })).toMatchObject({ status: 'skipped', reason: 'data it needs was not collected (B)' });
    expect(control({ A: tally({ pass: 1 }), B: tally({ error: 1 }) })).toMatchObject({ status: 'skipped', reason: 'a check that decides it errored (B)' });
    expect(control({})).toMatchObject({ status: 'skipped', reason: 'its checks did not run (A, B): off, or left out of this scan' });
    expect(control({ A: tally({ pass: 1 }) })).toMatchObject({ status: 'pass', reason: '1 subject passed A; not run: B' });
  });

  it('is not applicable when every subject was out of scope', () => {
    expect(control({ A: tally({ 'not-applicable': 2 }), B: tally({}) })).toMatchObject({ status: 'not-applicable' });
  });

  it('reports manual and not-covered controls with what to look at or why, and leaves them out of the score', () => {
    const result = assessFramework({ framework, byCheck: { A: tally({ pass: 1 }), B: tally({ fail: 1 }) }, findings: [] });
    expect(result.controls[1]).toMatchObject({ status: 'manual', reason: 'for the auditor: look at the thing on the console', checks: [] });
    expect(result.controls[2]).toMatchObject({ status: 'not-covered', reason: 'lives on the node disk only, out of reach' });
    expect(result.counts).toEqual({ pass: 0, fail: 1, skipped: 0, 'not-applicable': 0, manual: 1, 'not-covered': 1 });
    expect(result.score).toBe(0);
  });

  it('scores passed over judged controls, and null when none was judged', () => {
    const two: Framework = { ...framework, controls: [framework.controls[0]!, { ...framework.controls[0]!, id: '9', coverage: decidedBy(['C']) }, { ...framework.controls[0]!, id: '10', coverage: decidedBy(['D']) }] };
    const result = assessFramework({ framework: two, byCheck: { A: tally({ pass: 1 }), B: tally({ pass: 1 }), C: tally({ fail: 1 }), D: tally({ pass: 1 }) }, findings: [] });
    expect(result.score).toBe(66.7);
    expect(assessFramework({ framework, byCheck: {}, findings: [] }).score).toBeNull();
  });

  it('bounds the evidence per control and counts the rest, failures first', () => {
    const findings = [finding('A', 'suppressed'), ...Array.from({ length: EVIDENCE_LIMIT + 5 }, (_, index) => finding('A', 'fail', `cm${index}`))];
    const result = control({ A: tally({ fail: EVIDENCE_LIMIT + 5, suppressed: 1 }), B: tally({}) }, findings);
    expect(result.evidence).toHaveLength(EVIDENCE_LIMIT);
    expect(result.evidence.every((item) => item.status === 'fail')).toBe(true);
    expect(result.moreEvidence).toBe(6);
  });

  it('lists the checks a framework needs', () => {
    expect([...frameworkCheckIds([framework])]).toEqual(['A', 'B']);
  });
});
