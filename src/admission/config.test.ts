import { describe, expect, it } from 'vitest';
import { ConfigError, defaultWebhookConfig, isThresholdMet, parseWebhookConfigText } from './config.js';

const known = new Set(['PSS-privileged', 'K8S-WL-001']);

describe('webhook config', () => {
  it('defaults: fail closed, warn at high, audit at low, no enforcement, lookups on', () => {
    const config = defaultWebhookConfig(known);
    expect(config.failurePolicy).toBe('Fail');
    expect(config.defaults).toEqual({ enforce: 'none', warn: 'high', audit: 'low' });
    expect(config.exemptions).toEqual({ namespaces: [], usernames: [], groups: [] });
    expect(config.pss).toEqual({ level: 'restricted', version: 'latest' });
    expect(config.namespaceLabels).toEqual({ lookup: true, cacheSeconds: 30, timeoutMs: 1000 });
    expect(config.server.maxBodyBytes).toBe(4 * 1024 * 1024);
    expect(parseWebhookConfigText('', known)).toEqual(config);
  });

  it('reads every section', () => {
    const config = parseWebhookConfigText(
      `failurePolicy: Ignore
defaults: { enforce: critical }
exemptions:
  namespaces: [kube-system]
  usernames: ["system:serviceaccount:ci:deployer"]
  groups: [break-glass]
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
    expect(config.exemptions.usernames).toEqual(['system:serviceaccount:ci:deployer']);
    expect(config.pss).toEqual({ level: 'baseline', version: 'v1.31' });
    expect(config.checks).toEqual({ 'K8S-WL-001': { enabled: false }, 'PSS-privileged': { severity: 'high' } });
    expect(config.suppressions).toEqual([{ check: 'PSS-*', resource: 'Pod/legacy/*', reason: 'migrating', expires: '2027-01-31' }]);
    expect(config.server).toMatchObject({ maxBodyBytes: 1048576, shutdownDelaySeconds: 5, shutdownGraceSeconds: 15 });
  });

  it.each([
    ['an unknown key', 'defaults: { enforse: high }', /defaults: Unrecognized key.*\(enforse\)/],
    ['a top-level typo', 'failurPolicy: Fail', /\(top level\).*failurPolicy/],
    ['a bad severity', 'defaults: { enforce: severe }', /defaults.enforce/],
    ['a bad failurePolicy', 'failurePolicy: open', /failurePolicy/],
    ['an unknown check', 'checks: { K8S-WL-999: { enabled: false } }', /unknown check ID K8S-WL-999/],
    ['a suppression without reason', 'suppressions: [{ check: PSS-privileged, resource: "*", reason: " " }]', /suppressions\[0\].reason: a suppression needs a reason/],
    ['an impossible expiry', 'suppressions: [{ check: PSS-privileged, resource: "*", reason: r, expires: 2027-02-30 }]', /suppressions\[0\].expires/],
    ['a bad PSS version', 'pss: { version: "1.31" }', /pss.version: use latest or v1.N/],
    ['a tiny body limit', 'server: { maxBodyBytes: 10 }', /server.maxBodyBytes/],
    ['a list', '- a\n- b', /must be a mapping/],
    ['broken YAML', 'defaults: { enforce: [', /not valid YAML/],
  ])('refuses %s with a message that names the key', (_, text, message) => {
    expect(() => parseWebhookConfigText(text, known)).toThrow(ConfigError);
    expect(() => parseWebhookConfigText(text, known)).toThrow(message);
  });

  it('compares severities with thresholds, none meaning off', () => {
    expect(isThresholdMet('critical', 'high')).toBe(true);
    expect(isThresholdMet('high', 'high')).toBe(true);
    expect(isThresholdMet('medium', 'high')).toBe(false);
    expect(isThresholdMet('critical', 'none')).toBe(false);
  });
});
