import type { PssLevel } from '../core/check.js';
import { exemptionRules, suppressionRules, validateConfigFile } from '../core/config.js';
import { formatConfigPath, type ConfigIssue } from '../core/config-model.js';
import { THRESHOLDS, type ConfigFileData, type Threshold } from '../core/config-schema.js';
import { formatPlacedIssue, readConfigText, type PlacedIssue } from '../core/config-text.js';
import type { CheckOverride } from '../core/engine.js';
import type { SuppressionRule } from '../core/suppression.js';
import { isAtLeast, type Severity } from '../core/types.js';
import { escapeControl } from '../core/text-safety.js';

export { THRESHOLDS, type Threshold };

/**
 * The webhook's view of the config file. The file format is the one `scan` reads
 * (src/core/config-schema.ts): the same `checks`, `pss`, `suppressions` and `exemptions`, plus
 * the webhook's own sections; `failOn` is scan's and is ignored here.
 */
export interface WebhookConfig {
  failurePolicy: ConfigFileData['failurePolicy'];
  defaults: ConfigFileData['defaults'];
  namespaceLabels: ConfigFileData['namespaceLabels'];
  ingressClasses: ConfigFileData['ingressClasses'];
  annotationSuppressions: ConfigFileData['annotationSuppressions'];
  server: ConfigFileData['server'];
  pss: { level: PssLevel; version: string };
  checks: Record<string, CheckOverride>;
  /** the `suppressions`, then the rules the `exemptions` compile to (some only for listed requesters) */
  suppressions: SuppressionRule[];
  /** `registries`: the approved registries K8S-WL-012 admits images from; absent: no list */
  registries?: string[];
}

/** A config object as a test or a caller writes it (the file's input shape). */
export type WebhookConfigInput = Record<string, unknown>;

export type ModeThresholds = WebhookConfig['defaults'];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ParsedWebhookConfig {
  config: WebhookConfig;
  /** deprecated settings that were read, each with its file, line and key */
  warnings: string[];
}

function line(display: string, issue: PlacedIssue): string {
  return formatPlacedIssue(display, issue, escapeControl);
}

function unplaced(issues: readonly ConfigIssue[]): PlacedIssue[] {
  return issues.map((issue) => ({ path: formatConfigPath(issue.path), message: issue.message }));
}

function toWebhookConfig(data: ConfigFileData): WebhookConfig {
  const checks: Record<string, CheckOverride> = {};
  for (const [id, settings] of Object.entries(data.checks ?? {})) {
    checks[id] = { ...(settings.enabled !== undefined ? { enabled: settings.enabled } : {}), ...(settings.severity !== undefined ? { severity: settings.severity } : {}) };
  }
  return {
    failurePolicy: data.failurePolicy,
    defaults: data.defaults,
    namespaceLabels: data.namespaceLabels,
    ingressClasses: data.ingressClasses,
    annotationSuppressions: data.annotationSuppressions,
    server: data.server,
    pss: { level: data.pss?.level ?? 'restricted', version: data.pss?.version ?? 'latest' },
    checks,
    suppressions: [...suppressionRules(data.suppressions ?? []), ...exemptionRules(data.exemptions ?? [])],
    ...(data.registries ? { registries: data.registries.map((entry) => entry.trim()) } : {}),
  };
}

function validate(raw: unknown, knownCheckIds: ReadonlySet<string>, place: (issues: readonly ConfigIssue[]) => PlacedIssue[], display: string): ParsedWebhookConfig {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) throw new ConfigError(`invalid webhook config ${display}:\n  ${display}: the config must be a mapping of keys to values`);
  const result = validateConfigFile(raw, [...knownCheckIds]);
  if (!result.ok) throw new ConfigError(`invalid webhook config ${display}:\n  ${place(result.issues).map((issue) => line(display, issue)).join('\n  ')}`);
  return { config: toWebhookConfig(result.data), warnings: place(result.warnings).map((issue) => line(display, issue)) };
}

/** Validates a decoded config; unknown keys and unknown check IDs are errors that name the key. */
export function parseWebhookConfig(input: unknown, knownCheckIds: ReadonlySet<string>): WebhookConfig {
  return validate(input, knownCheckIds, unplaced, 'config').config;
}

/**
 * Reads config text (YAML or JSON) as `scan` reads it: duplicate keys are refused, and every
 * problem names the file, the line and the key. An empty file means every default.
 */
export function readWebhookConfigText(text: string, knownCheckIds: ReadonlySet<string>, display = 'config'): ParsedWebhookConfig {
  const read = readConfigText(text);
  if (!read.ok) throw new ConfigError(`webhook config ${display} is not valid YAML:\n  ${read.problems.map((problem) => line(display, problem)).join('\n  ')}`);
  return validate(read.raw, knownCheckIds, read.place, display);
}

export function parseWebhookConfigText(text: string, knownCheckIds: ReadonlySet<string>, display = 'config'): WebhookConfig {
  return readWebhookConfigText(text, knownCheckIds, display).config;
}

export function defaultWebhookConfig(knownCheckIds: ReadonlySet<string>): WebhookConfig {
  return parseWebhookConfig({}, knownCheckIds);
}

export function isThresholdMet(found: Severity, limit: Threshold): boolean {
  return limit !== 'none' && isAtLeast(found, limit);
}
