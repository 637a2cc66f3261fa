import { describe, expect, it } from 'vitest';
import { UsageError } from './errors.js';
import { defaultIdentity, parseBoundedInteger, parseReportApis, parseWarnAt } from './watch.js';

describe('eksguard watch options', () => {
  it('--report-api: wgpolicyk8s.io by default, openreports.io, or both; anything else is a usage error naming it', () => {
    expect(parseReportApis([])).toEqual(['wgpolicyk8s.io/v1alpha2']);
    expect(parseReportApis(['openreports.io/v1alpha1'])).toEqual(['openreports.io/v1alpha1']);
    expect(parseReportApis(['both'])).toEqual(['wgpolicyk8s.io/v1alpha2', 'openreports.io/v1alpha1']);
    expect(() => parseReportApis(['wgpolicyk8s.io/v1beta1'])).toThrow(UsageError);
    expect(() => parseReportApis(['wgpolicyk8s.io/v1beta1'])).toThrow(/invalid --report-api "wgpolicyk8s.io\/v1beta1"/);
  });

  it('--warn-at takes a severity or none', () => {
    expect(parseWarnAt('low')).toBe('low');
    expect(parseWarnAt('none')).toBe('none');
    expect(() => parseWarnAt('urgent')).toThrow(/invalid --warn-at "urgent"/);
  });

  it('bounded numbers refuse what is out of range or not a whole number', () => {
    expect(parseBoundedInteger('500', '--debounce-ms', 0, 60_000)).toBe(500);
    expect(() => parseBoundedInteger('-1', '--debounce-ms', 0, 60_000)).toThrow(/invalid --debounce-ms "-1"/);
    expect(() => parseBoundedInteger('1e9', '--max-report-bytes', 16_384, 3_000_000)).toThrow(/invalid --max-report-bytes/);
  });

  it('names a replica after its pod and process', () => {
    expect(defaultIdentity({ POD_NAME: 'eksguard-watch-7c9f-abcde' })).toBe(`eksguard-watch-7c9f-abcde_${process.pid}`);
  });
});
