import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { auditLogging } from './eks-log-001-audit-logging.js';
import { PATHS, clusterResponse } from './fixtures.js';

const logging = (entries: unknown) => ({ [PATHS.cluster]: clusterResponse({ logging: { clusterLogging: entries } }) });

testCheck(auditLogging, {
  pass: [{ input: { aws: logging([{ types: ['audit'], enabled: true }]) } }],
  fail: [
    { input: { aws: logging([{ types: ['api', 'audit'], enabled: false }, { types: ['authenticator'], enabled: true }]) }, failures: [{ path: 'logging.clusterLogging', messageId: 'auditOff', severity: 'high' }] },
    { input: { aws: { [PATHS.cluster]: clusterResponse({ logging: undefined }) } }, failures: [{ path: 'logging.clusterLogging', messageId: 'auditOff', severity: 'high' }] },
  ],
});

describe('EKS-LOG-001 control-plane logging', () => {
  it('takes the union of the enabled entries', () => {
    const split = logging([
      { types: ['api', 'audit', 'authenticator'], enabled: true },
      { types: ['controllerManager'], enabled: true },
      { types: ['scheduler'], enabled: false },
    ]);
    expect(summary(runAws(auditLogging, split))).toEqual(['pass']);
  });
  it('fails audit when logging is missing or malformed', () => {
    expect(summary(runAws(auditLogging, { [PATHS.cluster]: clusterResponse({ logging: undefined }) }))).toEqual(['fail:high']);
    expect(summary(runAws(auditLogging, logging('audit')))).toEqual(['fail:high']);
  });
});
