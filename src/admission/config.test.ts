import { describe, expect, it } from 'vitest';
import { findSuppression, wholeExemption } from '../core/suppression.js';
import { ConfigError, defaultWebhookConfig, isThresholdMet, parseWebhookConfigText, readWebhookConfigText } from './config.js';

const known = new Set(['PSS-privileged', 'K8S-WL-001']);

describe('webhook config', () => {
  it('defaults: fail closed, warn at high, audit at low, no enforcement, lookups on', () => {
    const config = defaultWebhookConfig(known);
    expect(config.failurePolicy).toBe('Fail');
    expect(config.defaults).toEqual({ enforce: 'none', warn: 'high', audit: 'low' });
    expect(config.suppressions).toEqual([]);
    expect(config.annotationSuppressions).toEqual({ allow: false, usernames: [], groups: [], namespaces: [] });
    expect(config.ingressClasses).toEqual({ lookup: true, cacheSeconds: 30, timeoutMs: 1000 });
    expect(config.pss).toEqual({ level: 'restricted', version: 'latest' });
    expect(config.namespaceLabels).toEqual({ lookup: true, cacheSeconds: 30, timeoutMs: 1000 });
    expect(config.server).toMatchObject({ maxBodyBytes: 4 * 1024 * 1024, handshakeTimeoutMs: 10_000, queueTimeoutMs: 1000 });
    expect(config.server.maxInflightBytes).toBeGreaterThanOrEqual(config.server.maxBodyBytes);
    expect(parseWebhookConfigText('', known)).toEqual(config);
  });

  it('reads every section', () => {
    const config = parseWebhookConfigText(
      `failurePolicy: Ignore
defaults: { enforce: critical }
exemptions:
  - { namespaces: [kube-system], reason: EKS add-ons }
  - { usernames: ["system:serviceaccount:ci:deployer"], checks: ["K8S-WL-001"], reason: pins images elsewhere }
annotationSuppressions: { allow: true, groups: [platform], namespaces: ["team-*"] }
failOn: low
pss: { level: baseline, version: v1.31 }
namespaceLabels: { lookup: false }
checks:
  K8S-WL-001: { enabled: false }
  PSS-privileged: { severity: high }
suppressions:
  - { check: "PSS-*", resource: "Pod/legacy/*", reason: migrating, expires: 2027-01-31 }
server: { maxBodyBytes: 1048576, shutdownDelaySeconds: 5 }
`,
      known,
    );
    expect(config.failurePolicy).toBe('Ignore');
    expect(config.defaults).toEqual({ enforce: 'critical', warn: 'high', audit: 'low' });
    expect(config.suppressions.filter((rule) => rule.origin === 'exemption')).toEqual([
      { check: '*', resource: '*/kube-system/*', reason: 'EKS add-ons', origin: 'exemption' },
      { check: '*', resource: 'Namespace/kube-system', reason: 'EKS add-ons', origin: 'exemption' },
      { check: 'K8S-WL-001', resource: '*', reason: 'pins images elsewhere', origin: 'exemption', usernames: ['system:serviceaccount:ci:deployer'], groups: [] },
    ]);
    expect(config.annotationSuppressions).toEqual({ allow: true, usernames: [], groups: ['platform'], namespaces: ['team-*'] });
    expect(config.pss).toEqual({ level: 'baseline', version: 'v1.31' });
    expect(config.checks).toEqual({ 'K8S-WL-001': { enabled: false }, 'PSS-privileged': { severity: 'high' } });
    expect(config.suppressions[0]).toEqual({ check: 'PSS-*', resource: 'Pod/legacy/*', reason: 'migrating', expires: '2027-01-31' });
    expect(config.server).toMatchObject({ maxBodyBytes: 1048576, shutdownDelaySeconds: 5, shutdownGraceSeconds: 15 });
  });

  it.each([
    ['an unknown key', 'defaults: { enforse: high }', /config:1: defaults.enforse: unknown key/],
    ['a top-level typo', 'failurPolicy: Fail', /config:1: failurPolicy: unknown key/],
    ['a bad severity', 'defaults: { enforce: severe }', /defaults.enforce/],
    ['a bad failurePolicy', 'failurePolicy: open', /failurePolicy/],
    ['an unknown check', 'checks: { K8S-WL-999: { enabled: false } }', /checks.K8S-WL-999: unknown check ID/],
    ['a suppression without reason', 'suppressions: [{ check: PSS-privileged, resource: "*", reason: " " }]', /suppressions\[0\].reason: reason must not be empty/],
    ['an exemption without a reason', 'exemptions: [{ namespaces: [legacy] }]', /exemptions\[0\].reason: reason is required/],
    ['an exemption that names no one and nowhere', 'exemptions: [{ checks: [PSS-privileged], reason: r }]', /exemptions\[0\]: an exemption names namespaces, usernames or groups/],
    ['annotation suppressions allowed for everyone', 'annotationSuppressions: { allow: true, namespaces: [shop] }', /annotationSuppressions: allow: true needs usernames or groups, and namespaces/],
    ['an in-flight bound below the body limit', 'server: { maxBodyBytes: 2097152, maxInflightBytes: 1048576 }', /server: maxInflightBytes must be at least maxBodyBytes/],
    ['a header timeout longer than the request timeout', 'server: { headersTimeoutMs: 60000, requestTimeoutMs: 30000 }', /server: headersTimeoutMs must not be longer than requestTimeoutMs/],
    ['an impossible expiry', 'suppressions: [{ check: PSS-privileged, resource: "*", reason: r, expires: 2027-02-30 }]', /suppressions\[0\].expires/],
    ['a bad PSS version', 'pss: { version: "1.31" }', /pss.version: version must be latest or v1.N/],
    ['a tiny body limit', 'server: { maxBodyBytes: 10 }', /server.maxBodyBytes/],
    ['a list', '- a\n- b', /must be a mapping/],
    ['broken YAML', 'defaults: { enforce: [', /not valid YAML/],
    ['a duplicate key', 'failurePolicy: Fail\ndefaults: { enforce: high }\nfailurePolicy: Ignore', /config:3:\d+: duplicate key/],
    ['a duplicate nested key', 'server:\n  maxBodyBytes: 4096\n  maxBodyBytes: 8192', /config:3:\d+: duplicate key/],
  ])('refuses %s with a message that names the key', (_, text, message) => {
    expect(() => parseWebhookConfigText(text, known)).toThrow(ConfigError);
    expect(() => parseWebhookConfigText(text, known)).toThrow(message);
  });

  it('names the file and the line of each problem', () => {
    expect(() => parseWebhookConfigText('# webhook\nfailurePolicy: Fail\nfailurePolicy: Ignore\n', known, '/etc/eksguard/config/config.yaml')).toThrow(
      '/etc/eksguard/config/config.yaml:3:1: duplicate key',
    );
    expect(() => parseWebhookConfigText('defaults:\n  enforce: high\n  warn: loud\n', known, 'cm.yaml')).toThrow(/cm.yaml:3: defaults.warn: a threshold must be one of/);
  });

  it('reads the old exemptions mapping as entries exempt from every check, with a deprecation warning', () => {
    const { config, warnings } = readWebhookConfigText('exemptions:\n  namespaces: [kube-system]\n  usernames: [root-bot]\n  groups: [break-glass]\n', known, 'old.yaml');
    expect(warnings).toEqual([expect.stringMatching(/^old.yaml:1: exemptions: the exemptions mapping .* is deprecated/)]);
    const now = new Date('2026-11-27T00:00:00Z');
    const pod = { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'p' };
    expect(wholeExemption(config.suppressions, { ...pod, namespace: 'kube-system' }, undefined, now)).toBeDefined();
    expect(wholeExemption(config.suppressions, pod, { username: 'root-bot', groups: [] }, now)).toBeDefined();
    expect(wholeExemption(config.suppressions, pod, { username: 'alice', groups: ['devs', 'break-glass'] }, now)).toBeDefined();
    expect(wholeExemption(config.suppressions, pod, { username: 'alice', groups: ['devs'] }, now)).toBeUndefined();
    // exact names stay exact: the old mapping never matched by prefix
    expect(wholeExemption(config.suppressions, pod, { username: 'root-bot2', groups: ['break'] }, now)).toBeUndefined();
    expect(findSuppression({ checkId: 'PSS-privileged', ref: pod, annotations: undefined, rules: config.suppressions, now, requester: { username: 'root-bot', groups: [] } }).rule?.origin).toBe('exemption');
  });

  it('reads a scan config, so one file serves both', () => {
    const config = parseWebhookConfigText('failOn: medium\nchecks: { K8S-WL-001: { enabled: false } }\nexemptions:\n  - { namespaces: [legacy], checks: ["PSS-*"], reason: migrating }\n', known);
    expect(config.checks).toEqual({ 'K8S-WL-001': { enabled: false } });
    expect(config.suppressions.map((rule) => rule.resource)).toEqual(['*/legacy/*', 'Namespace/legacy']);
  });

  it('compares severities with thresholds, none meaning off', () => {
    expect(isThresholdMet('critical', 'high')).toBe(true);
    expect(isThresholdMet('high', 'high')).toBe(true);
    expect(isThresholdMet('medium', 'high')).toBe(false);
    expect(isThresholdMet('critical', 'none')).toBe(false);
  });
});
