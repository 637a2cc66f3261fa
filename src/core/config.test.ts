import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, formatConfigPath, validateConfig, type ConfigResult } from './config.js';
import { findSuppression } from './suppression.js';

const KNOWN = ['K8S-WL-001', 'K8S-WL-002', 'K8S-NET-001', 'PSS-runAsUser', 'PSS-privileged'];

function issues(result: ConfigResult): string[] {
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.issues.map((issue) => `${formatConfigPath(issue.path)}: ${issue.message}`);
}

function config(raw: unknown) {
  const result = validateConfig(raw, KNOWN);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

describe('validateConfig', () => {
  it('accepts an empty file', () => {
    expect(config(null)).toEqual({ overrides: {}, pss: {}, suppressions: [], exclude: [] });
    expect(config({ checks: null, suppressions: null, exclude: null })).toEqual({ overrides: {}, pss: {}, suppressions: [], exclude: [] });
  });

  it('reads check overrides, PSS defaults and failOn', () => {
    const result = config({
      checks: { 'K8S-WL-001': { enabled: false }, 'PSS-runAsUser': { severity: 'critical' }, 'K8S-WL-002': { enabled: true, severity: 'low' } },
      pss: { level: 'baseline', version: 'v1.31' },
      failOn: 'medium',
    });
    expect(result.overrides).toEqual({
      'K8S-WL-001': { enabled: false },
      'PSS-runAsUser': { severity: 'critical' },
      'K8S-WL-002': { enabled: true, severity: 'low' },
    });
    expect(result.pss).toEqual({ level: 'baseline', version: 'v1.31' });
    expect(result.failOn).toBe('medium');
  });

  it('reads trustedAccounts, and refuses account IDs that are numbers or not 12 digits', () => {
    expect(config({ trustedAccounts: ['444455556666'] }).trustedAccounts).toEqual(['444455556666']);
    expect(issues(validateConfig({ trustedAccounts: [444455556666, '4444'] }, KNOWN))).toEqual([
      'trustedAccounts[0]: an account ID must be text (quote it: YAML reads 12 digits as a number)',
      'trustedAccounts[1]: an account ID is 12 digits',
    ]);
  });

  it('names every unknown key by its path', () => {
    expect(
      issues(validateConfig({ chekcs: {}, checks: { 'K8S-WL-001': { enable: false } }, pss: { levle: 'baseline' }, suppressions: [{ check: 'K8S-WL-001', resource: '*', reason: 'r', until: 'x' }] }, KNOWN)).sort(),
    ).toEqual(['checks.K8S-WL-001.enable: unknown key', 'chekcs: unknown key', 'pss.levle: unknown key', 'suppressions[0].until: unknown key']);
  });

  it('rejects unknown check IDs, with a suggestion for near misses', () => {
    expect(issues(validateConfig({ checks: { 'K8S-WL-01': { enabled: false }, 'NOPE-1': { enabled: false } } }, KNOWN))).toEqual([
      'checks.K8S-WL-01: unknown check ID (did you mean K8S-WL-001?)',
      'checks.NOPE-1: unknown check ID',
    ]);
  });

  it('rejects suppression and exemption check patterns that match nothing', () => {
    expect(
      issues(
        validateConfig(
          {
            suppressions: [{ check: 'K8S-RBAC-*', resource: '*', reason: 'r' }, { check: 'PSS-runAsUsr', resource: '*', reason: 'r' }],
            exemptions: [{ namespaces: ['kube-system'], checks: ['PSS-*', 'EKS-*'], reason: 'r' }],
          },
          KNOWN,
        ),
      ),
    ).toEqual([
      'suppressions[0].check: pattern matches no check',
      'suppressions[1].check: unknown check ID (did you mean PSS-runAsUser?)',
      'exemptions[0].checks[1]: pattern matches no check',
    ]);
  });

  it('reads exclude patterns, and refuses empty ones and ones that leave the tree', () => {
    expect(config({ exclude: ['charts/**', '*.json'] }).exclude).toEqual(['charts/**', '*.json']);
    expect(issues(validateConfig({ exclude: ['', '../x', 7] }, KNOWN))).toEqual([
      'exclude[0]: a pattern must not be empty',
      'exclude[1]: a pattern must not contain ..',
      'exclude[2]: an exclude pattern must be text',
    ]);
    expect(issues(validateConfig({ exclude: 'charts' }, KNOWN))).toEqual(['exclude: exclude must be a list']);
  });

  it('reports schema problems and unknown check IDs in one go', () => {
    expect(
      issues(validateConfig({ checks: { 'K8S-WL-01': { enabled: false }, 'K8S-WL-001': { foo: 1 } }, suppressions: [{ check: 'NOPE', resource: '*' }] }, KNOWN)).sort(),
    ).toEqual([
      'checks.K8S-WL-001.foo: unknown key',
      'checks.K8S-WL-01: unknown check ID (did you mean K8S-WL-001?)',
      'suppressions[0].check: unknown check ID',
      'suppressions[0].reason: reason is required',
    ]);
  });

  it('requires a reason, and a real expiry date', () => {
    expect(
      issues(
        validateConfig(
          {
            suppressions: [
              { check: 'K8S-WL-001', resource: '*' },
              { check: 'K8S-WL-001', resource: '*', reason: '   ' },
              { check: 'K8S-WL-001', resource: '*', reason: 'r', expires: '2027-02-30' },
              { check: 'K8S-WL-001', resource: '*', reason: 'r', expires: 20270101 },
            ],
          },
          KNOWN,
        ),
      ),
    ).toEqual([
      'suppressions[0].reason: reason is required',
      'suppressions[1].reason: reason must not be empty',
      'suppressions[2].expires: expires must be a real date written YYYY-MM-DD',
      'suppressions[3].expires: expires must be a date written YYYY-MM-DD (quote it if your editor turns it into a timestamp)',
    ]);
  });

  it('rejects wrong types and values with messages that say what is allowed', () => {
    expect(
      issues(validateConfig({ checks: { 'K8S-WL-001': { enabled: 'no', severity: 'urgent' } }, pss: { version: '1.31' }, failOn: 'bad', suppressions: {} }, KNOWN)),
    ).toEqual([
      'checks.K8S-WL-001.enabled: enabled must be true or false',
      'checks.K8S-WL-001.severity: severity must be one of: critical, high, medium, low, info',
      'pss.version: version must be latest or v1.N, for example v1.31',
      'failOn: failOn must be one of: critical, high, medium, low, info, none',
      'suppressions: suppressions must be a list',
    ]);
  });

  it('rejects a config that is not a mapping', () => {
    expect(issues(validateConfig(['checks'], KNOWN))).toHaveLength(1);
    expect(issues(validateConfig('checks: x', KNOWN))).toHaveLength(1);
  });

  it('compiles namespace exemptions into suppressions over the namespace and its objects', () => {
    const { suppressions } = config({ exemptions: [{ namespaces: ['kube-system'], checks: ['PSS-*'], reason: 'EKS add-ons', expires: '2027-06-01' }] });
    const now = new Date('2026-11-27T00:00:00Z');
    const outcome = (kind: string, namespace: string | undefined, name: string, checkId = 'PSS-privileged') =>
      findSuppression({ checkId, ref: { apiVersion: 'v1', kind, name, ...(namespace ? { namespace } : {}) }, annotations: undefined, rules: suppressions, now }).active
        ?.reason;
    expect(outcome('DaemonSet', 'kube-system', 'aws-node')).toBe('EKS add-ons');
    expect(outcome('Namespace', undefined, 'kube-system')).toBe('EKS add-ons');
    expect(outcome('DaemonSet', 'shop', 'aws-node')).toBeUndefined();
    expect(outcome('DaemonSet', 'kube-system', 'aws-node', 'K8S-WL-001')).toBeUndefined();
  });

  it('reads the webhook sections too (validated, not used by scan), so one file serves both', () => {
    const result = validateConfig({ failurePolicy: 'Ignore', defaults: { enforce: 'high' }, namespaceLabels: { lookup: false }, annotationSuppressions: { allow: false }, server: { maxBodyBytes: 1048576 } }, KNOWN);
    expect(result.ok).toBe(true);
    expect(issues(validateConfig({ failurePolicy: 'open', defaults: { enforse: 'high' } }, KNOWN))).toEqual(['failurePolicy: failurePolicy must be Fail or Ignore', 'defaults.enforse: unknown key']);
  });

  it('applies exemptions for users or groups only where a requester is known (admission), never in a scan', () => {
    const { suppressions } = config({ exemptions: [{ usernames: ['system:serviceaccount:ci:*'], checks: ['PSS-*'], reason: 'CI' }, { namespaces: ['shop'], groups: ['platform'], reason: 'platform' }] });
    const now = new Date('2026-11-27T00:00:00Z');
    const ref = { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'p' };
    const suppressed = (requester?: { username: string; groups: string[] }, checkId = 'PSS-privileged') =>
      findSuppression({ checkId, ref, annotations: undefined, rules: suppressions, now, ...(requester ? { requester } : {}) }).active?.reason;
    expect(suppressed()).toBeUndefined();
    expect(suppressed({ username: 'system:serviceaccount:ci:deployer', groups: [] })).toBe('CI');
    expect(suppressed({ username: 'alice', groups: ['platform'] }, 'K8S-WL-001')).toBe('platform');
    expect(suppressed({ username: 'alice', groups: ['devs'] })).toBeUndefined();
  });

  it('reads the old webhook exemptions mapping with a deprecation warning', () => {
    const result = validateConfig({ exemptions: { namespaces: ['kube-system'], usernames: [], groups: [] } }, KNOWN);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.warnings).toEqual([{ path: ['exemptions'], message: expect.stringContaining('deprecated') }]);
    expect(result.config.suppressions.map((rule) => rule.resource)).toEqual(['*/kube-system/*', 'Namespace/kube-system']);
    expect(issues(validateConfig({ exemptions: { namespaces: 'kube-system', users: [] } }, KNOWN)).sort()).toEqual(['exemptions.namespaces: namespaces must be a list', 'exemptions.users: unknown key']);
  });

  it('exempts every check when an exemption lists none', () => {
    const { suppressions } = config({ exemptions: [{ namespaces: ['istio-*'], reason: 'mesh' }] });
    expect(suppressions.every((rule) => rule.check === '*')).toBe(true);
  });
});

describe('formatConfigPath', () => {
  it('quotes keys that are not plain identifiers', () => {
    expect(formatConfigPath(['checks', 'a.b', 'x'])).toBe('checks["a.b"].x');
    expect(formatConfigPath([])).toBe('(top level)');
  });
});

describe('configJsonSchema', () => {
  const validate = new Ajv2020({ strict: false }).compile(configJsonSchema(KNOWN));

  it('accepts what validateConfig accepts', () => {
    const sample = {
      checks: { 'K8S-WL-001': { enabled: false }, 'PSS-runAsUser': { severity: 'critical' } },
      pss: { level: 'baseline', version: 'v1.31' },
      failOn: 'medium',
      suppressions: [{ check: 'K8S-NET-*', resource: 'Service/shop/*', reason: 'r', expires: '2027-01-31' }],
      exemptions: [{ namespaces: ['kube-system'], reason: 'r' }],
    };
    expect(validateConfig(sample, KNOWN).ok).toBe(true);
    expect(validate(sample)).toBe(true);
  });

  it('lets editors flag unknown keys, unknown check IDs and a missing reason', () => {
    expect(validate({ chekcs: {} })).toBe(false);
    expect(validate({ checks: { 'K8S-WL-999': { enabled: false } } })).toBe(false);
    expect(validate({ suppressions: [{ check: 'K8S-WL-001', resource: '*' }] })).toBe(false);
  });
});

describe('registries (approved registries for K8S-WL-012)', () => {
  it('keeps the list, trimmed, and leaves it out when not given', () => {
    expect(config({ registries: [' ghcr.io/acme/ ', '111122223333.dkr.ecr.eu-west-1.amazonaws.com'] }).registries).toEqual(['ghcr.io/acme/', '111122223333.dkr.ecr.eu-west-1.amazonaws.com']);
    expect(config({}).registries).toBeUndefined();
  });

  it('names the entry and what is wrong with it', () => {
    expect(issues(validateConfig({ registries: ['ghcr.io', 'nginx', 'ghcr.io/acme/app:1'] }, []))).toEqual([
      'registries[1]: "nginx" does not start with a registry host (one with a dot, a port or localhost); for Docker Hub write docker.io/nginx',
      'registries[2]: "ghcr.io/acme/app:1" has a tag: an entry names a registry or repository, never an image',
    ]);
    expect(issues(validateConfig({ registries: 'ghcr.io' }, []))).toEqual(['registries: registries must be a list']);
  });
});
