import { describe, expect, it } from 'vitest';
import { compareBytewise, goQuote, sortedUnique } from './format.js';
import { pssCheckApplicability, pssCheckApplies } from './registry.js';
import { defaultPssVersion, isPssVersion, parsePssVersion, PssVersionError } from './version.js';

describe('parsePssVersion', () => {
  it('reads latest and v1.N, clamping to v1.37 but keeping the requested text', () => {
    expect(parsePssVersion('latest')).toEqual({ text: 'latest', minor: 37 });
    expect(parsePssVersion('v1.0')).toEqual({ text: 'v1.0', minor: 0 });
    expect(parsePssVersion('v1.31')).toEqual({ text: 'v1.31', minor: 31 });
    expect(parsePssVersion('v1.40')).toEqual({ text: 'v1.40', minor: 37 });
  });

  it.each(['', 'v1.', 'v1.05', 'v2.0', '1.31', 'V1.31', 'v1.31.0', ' latest', 'v1.-1', 'Latest'])('rejects %j', (text) => {
    expect(() => parsePssVersion(text)).toThrow(PssVersionError);
    expect(isPssVersion(text)).toBe(false);
  });
});

describe('defaultPssVersion', () => {
  it('is min(cluster minor, 37)', () => {
    expect(defaultPssVersion(31)).toBe('v1.31');
    expect(defaultPssVersion(37)).toBe('v1.37');
    expect(defaultPssVersion(40)).toBe('v1.37');
    expect(defaultPssVersion('1.29')).toBe('v1.29');
    expect(defaultPssVersion('v1.33.4-eks-1234567')).toBe('v1.33');
  });

  it('falls back to latest when the cluster version is unknown', () => {
    expect(defaultPssVersion(undefined)).toBe('latest');
    expect(defaultPssVersion('unknown')).toBe('latest');
    expect(defaultPssVersion(-1)).toBe('latest');
    expect(defaultPssVersion(1.5)).toBe('latest');
  });
});

describe('check applicability', () => {
  it('leaves restricted checks out of baseline and every check out of privileged', () => {
    expect(pssCheckApplies('runAsNonRoot', { level: 'baseline', version: 'latest' })).toBe(false);
    expect(pssCheckApplies('privileged', { level: 'privileged', version: 'latest' })).toBe(false);
    expect(pssCheckApplies('privileged', { level: 'restricted', version: 'latest' })).toBe(true);
  });

  it('starts each check at its first revision', () => {
    expect(pssCheckApplicability('hostProbesAndHostLifecycle', { level: 'baseline', version: 'v1.33' })).toEqual({ applies: false, because: 'not-yet', since: 34 });
    expect(pssCheckApplies('hostProbesAndHostLifecycle', { level: 'baseline', version: 'v1.34' })).toBe(true);
    expect(pssCheckApplies('allowPrivilegeEscalation', { level: 'restricted', version: 'v1.7' })).toBe(false);
    expect(pssCheckApplies('allowPrivilegeEscalation', { level: 'restricted', version: 'v1.8' })).toBe(true);
    expect(pssCheckApplies('runAsUser', { level: 'restricted', version: 'v1.22' })).toBe(false);
    expect(pssCheckApplies('runAsUser', { level: 'restricted', version: 'v1.23' })).toBe(true);
  });

  it('drops the baseline checks that restricted overrides, from the overriding version on', () => {
    const at = (id: Parameters<typeof pssCheckApplies>[0], version: string) => pssCheckApplicability(id, { level: 'restricted', version });
    expect(at('hostPathVolumes', 'v1.0')).toEqual({ applies: false, because: 'overridden', by: 'restrictedVolumes' });
    expect(at('seccompProfile_baseline', 'v1.18')).toEqual({ applies: true });
    expect(at('seccompProfile_baseline', 'v1.19')).toEqual({ applies: false, because: 'overridden', by: 'seccompProfile_restricted' });
    expect(at('capabilities_baseline', 'v1.21')).toEqual({ applies: true });
    expect(at('capabilities_baseline', 'v1.22')).toEqual({ applies: false, because: 'overridden', by: 'capabilities_restricted' });
    expect(at('procMount', 'v1.34')).toEqual({ applies: true });
    expect(at('procMount', 'latest')).toEqual({ applies: false, because: 'overridden', by: 'procMount_restricted' });
    expect(pssCheckApplies('procMount', { level: 'baseline', version: 'latest' })).toBe(true);
  });

  it('throws on a bad version', () => {
    expect(() => pssCheckApplies('privileged', { level: 'baseline', version: 'v1.x' })).toThrow(PssVersionError);
  });
});

describe('text helpers', () => {
  it('quotes like Go %q', () => {
    expect(goQuote('unconfined')).toBe('"unconfined"');
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('tab\there\nnul\u0000del\u007f')).toBe('"tab\\there\\nnul\\x00del\\x7f"');
    expect(goQuote('\u0007\u000b')).toBe('"\\a\\v"');
    expect(goQuote('café ☃ 😀')).toBe('"café ☃ 😀"');
    expect(goQuote('nbsp\u00a0zwsp\u200b')).toBe('"nbsp\\u00a0zwsp\\u200b"');
    expect(goQuote('lone\ud800')).toBe('"lone\ufffd"');
  });

  it('sorts byte-wise like Go, not by UTF-16 units', () => {
    expect(['b', 'B', 'a', '_'].sort(compareBytewise)).toEqual(['B', '_', 'a', 'b']);
    // U+FF01 sorts after U+1F600 in UTF-16 but before it in UTF-8.
    expect(['😀', '！'].sort(compareBytewise)).toEqual(['！', '😀']);
    expect(sortedUnique(['8080', '10000', '8080', '443'])).toEqual(['10000', '443', '8080']);
  });
});
