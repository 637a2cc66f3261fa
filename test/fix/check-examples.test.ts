import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { fixableChecks } from '../../src/fix/plan.js';
import { fixTexts, untouchedLinesKept, verdicts } from '../helpers/fix-texts.js';

/**
 * Property over every failing example of every check that has a fix: the fix (when one is
 * made) makes that check pass for the object, no verdict of any check gets worse, the author's
 * lines stay (only a replaced scalar's line may go), and a second run changes nothing.
 */

const fixable = fixableChecks(allChecks);
/** fixes that `--unsafe` gates: without it they are suggestions only */
const UNSAFE_ONLY = new Set(['PSS-privileged', 'K8S-WL-004']);
const WORSE = new Set(['fail', 'error']);

describe('fix over the check examples', () => {
  it('covers the checks the issue names', () => {
    expect(fixable.map((check) => check.id).sort()).toEqual(
      ['K8S-WL-004', 'K8S-WL-007', 'PSS-allowPrivilegeEscalation', 'PSS-capabilities_restricted', 'PSS-privileged', 'PSS-runAsNonRoot', 'PSS-seccompProfile_restricted'].sort(),
    );
  });

  for (const check of fixable) {
    for (const unsafe of [false, true]) {
      it(`${check.id}${unsafe ? ' --unsafe' : ''}: fixes hold, nothing gets worse, lines stay`, () => {
        let fixed = 0;
        let suggested = 0;
        check.examples.fail.forEach((text, index) => {
          const file = `example-${index}.yaml`;
          const result = fixTexts({ [file]: text }, { only: [check.id], unsafe });
          suggested += result.suggestions.filter((entry) => entry.checkId === check.id).length;
          const applied = result.fixes.filter((fix) => fix.applied);
          for (const fix of applied) expect(fix.checkId).toBe(check.id);
          if (applied.length === 0) {
            expect(result.files).toEqual([]);
            return;
          }
          fixed += applied.length;
          const before = verdicts({ [file]: text });
          const after = verdicts(result.texts);
          for (const fix of applied) expect(after.get(`${check.id} ${JSON.stringify(fix.finding.resource)}`), `${file}: ${fix.description}`).not.toBe('fail');
          for (const [key, status] of after) if (WORSE.has(status)) expect(before.get(key), `${key} got worse`).toBe(status);
          const { missing } = untouchedLinesKept(text, result.texts[file]!);
          for (const line of missing) expect(line).toMatch(/privileged|allowPrivilegeEscalation|readOnlyRootFilesystem|runAsNonRoot|automountServiceAccountToken|drop|securityContext/);
          const again = fixTexts(result.texts, { only: [check.id], unsafe });
          expect(again.files, 'a second run changes nothing').toEqual([]);
        });
        if (UNSAFE_ONLY.has(check.id) && !unsafe) {
          expect(fixed).toBe(0);
          expect(suggested).toBeGreaterThan(0);
        } else if (check.id === 'PSS-runAsNonRoot') {
          // no example names a non-root user: a suggestion, never a guess
          expect(fixed + suggested).toBeGreaterThan(0);
        } else {
          expect(fixed).toBeGreaterThan(0);
        }
      });
    }
  }
});
