import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { controlPlaneLogTypes } from './eks-log-002-control-plane-log-types.js';
import { PATHS, clusterResponse } from './fixtures.js';

const logging = (entries: unknown) => ({ [PATHS.cluster]: clusterResponse({ logging: { clusterLogging: entries } }) });

testCheck(controlPlaneLogTypes, {
  pass: [{ input: { aws: logging([{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true }]) } }],
  fail: [
    {
      input: { aws: logging([{ types: ['api', 'audit', 'authenticator', 'controllerManager'], enabled: true }, { types: ['scheduler'], enabled: false }]) },
      failures: [{ path: 'logging.clusterLogging', messageId: 'logTypesOff', data: { types: 'scheduler' }, severity: 'low' }],
    },
    {
      input: { aws: logging([{ types: ['api', 'controllerManager', 'scheduler'], enabled: true }]) },
      failures: [{ path: 'logging.clusterLogging', messageId: 'logTypesOff', data: { types: 'audit, authenticator' }, severity: 'medium' }],
    },
  ],
});

describe('EKS-LOG-002 all control-plane log types', () => {
  it('takes the union of the enabled entries and names what is missing', () => {
    const split = logging([
      { types: ['api', 'audit', 'authenticator'], enabled: true },
      { types: ['controllerManager'], enabled: true },
      { types: ['scheduler'], enabled: false },
    ]);
    const findings = runAws(controlPlaneLogTypes, split);
    expect(summary(findings)).toEqual(['fail:low']);
    expect(findings[0]?.message).toBe('control-plane log types not enabled: scheduler');
  });
  it('is medium when the authenticator or audit log is missing', () => {
    expect(summary(runAws(controlPlaneLogTypes, logging([{ types: ['api', 'audit', 'controllerManager', 'scheduler'], enabled: true }])))).toEqual(['fail:medium']);
    expect(summary(runAws(controlPlaneLogTypes, logging([])))).toEqual(['fail:medium']);
  });
  it('ignores entries of the wrong shape', () => {
    expect(summary(runAws(controlPlaneLogTypes, logging([{ types: 'api', enabled: true }, null, { types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: 'true' }])))).toEqual(['fail:medium']);
  });
});
