import { describe, expect, it } from 'vitest';
import { expectedSubstring, fixtureLabel, loadPssFixtures } from '../../../test/fixtures/pod-security/fixtures.js';
import { evaluatePodSecurity, formatAggregate } from './index.js';

const fixtures = loadPssFixtures();

/** The conformance README's decision rule, applied to one fixture at its own level and version. */
function mismatch(fixture: (typeof fixtures)[number]): string | undefined {
  const pod = { metadata: fixture.pod['metadata'], spec: fixture.pod['spec'] };
  const violations = evaluatePodSecurity(pod, { level: fixture.level, version: fixture.version });
  const aggregate = formatAggregate(violations);
  if (evaluatePodSecurity(pod, { level: 'privileged', version: fixture.version }).length > 0) return 'denied at privileged';
  if (aggregate.includes('unknown forbidden reason')) return `unknown forbidden reason: ${aggregate}`;
  if (fixture.outcome === 'pass') return violations.length === 0 ? undefined : `expected no violation, got: ${aggregate}`;
  const substring = expectedSubstring(fixture);
  if (violations.length === 0) return `expected a violation containing ${JSON.stringify(substring)}, got none`;
  return aggregate.includes(substring) ? undefined : `expected ${JSON.stringify(substring)} in: ${aggregate}`;
}

describe('Pod Security conformance (upstream fixtures, each at its own level and version)', () => {
  it('holds the whole upstream snapshot', () => {
    expect(fixtures).toHaveLength(4537);
    expect(fixtures.filter((fixture) => fixture.outcome === 'pass')).toHaveLength(433 + 618);
  });

  it('gives every fixture its labelled verdict', () => {
    const failures = fixtures.flatMap((fixture) => {
      const problem = mismatch(fixture);
      return problem === undefined ? [] : [`${fixtureLabel(fixture)}: ${problem}`];
    });
    expect(failures).toEqual([]);
  });

  it('evaluates the v1.37 fixtures identically at latest and at v1.40', () => {
    for (const fixture of fixtures.filter((item) => item.minor === 37)) {
      const pod = { metadata: fixture.pod['metadata'], spec: fixture.pod['spec'] };
      const expected = evaluatePodSecurity(pod, { level: fixture.level, version: 'v1.37' });
      expect(evaluatePodSecurity(pod, { level: fixture.level, version: 'latest' }), fixtureLabel(fixture)).toEqual(expected);
      expect(evaluatePodSecurity(pod, { level: fixture.level, version: 'v1.40' }), fixtureLabel(fixture)).toEqual(expected);
    }
  });
});
