import yaml from 'js-yaml';
import { z } from 'zod';
import type { CheckOverride } from '../core/engine.js';
import type { PssLevel } from '../core/check.js';
import { parseExpiryDate, type SuppressionRule } from '../core/suppression.js';
import { SEVERITIES, type Severity } from '../core/types.js';

/** A mode's threshold: deny / warn / log findings at or above this severity; `none` turns the mode off. */
export const THRESHOLDS = [...SEVERITIES, 'none'] as const;
export type Threshold = (typeof THRESHOLDS)[number];

const threshold = z.enum(THRESHOLDS);
const severity = z.enum(SEVERITIES);
const names = z.array(z.string().min(1)).default([]);

const modes = z.strictObject({
  enforce: threshold.default('none'),
  warn: threshold.default('high'),
  audit: threshold.default('low'),
});

const schema = z.strictObject({
  /** the answer when eksguard itself cannot judge a request: Fail denies (closed), Ignore admits (open) */
  failurePolicy: z.enum(['Fail', 'Ignore']).default('Fail'),
  /** the modes of namespaces without eksguard.io labels, of cluster-scoped objects, and when labels cannot be read */
  defaults: modes.prefault({}),
  exemptions: z
    .strictObject({ namespaces: names, usernames: names, groups: names })
    .prefault({}),
  pss: z
    .strictObject({
      level: z.enum(['baseline', 'restricted']).default('restricted'),
      version: z
        .string()
        .regex(/^(latest|v1\.(0|[1-9]\d*))$/, 'use latest or v1.N, for example v1.31')
        .default('latest'),
    })
    .prefault({}),
  namespaceLabels: z
    .strictObject({
      /** read each namespace's eksguard.io labels through the Kubernetes API (read-only, cached) */
      lookup: z.boolean().default(true),
      cacheSeconds: z.number().min(0).max(3600).default(30),
      timeoutMs: z.number().int().min(50).max(10_000).default(1_000),
    })
    .prefault({}),
  checks: z.record(z.string(), z.strictObject({ enabled: z.boolean().optional(), severity: severity.optional() })).default({}),
  suppressions: z
    .array(
      z.strictObject({
        check: z.string().min(1),
        resource: z.string().min(1),
        reason: z.string().trim().min(1, 'a suppression needs a reason'),
        expires: z
          .string()
          .refine((value) => parseExpiryDate(value) !== undefined, 'expires must be a date YYYY-MM-DD')
          .optional(),
      }),
    )
    .default([]),
  server: z
    .strictObject({
      maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
      headersTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      requestTimeoutMs: z.number().int().min(100).max(300_000).default(30_000),
      /** how long a SIGTERM keeps serving while endpoints stop routing to this pod, then how long in-flight requests may finish */
      shutdownDelaySeconds: z.number().min(0).max(120).default(0),
      shutdownGraceSeconds: z.number().min(0).max(300).default(15),
    })
    .prefault({}),
});

export type WebhookConfigInput = z.input<typeof schema>;
type ParsedConfig = z.output<typeof schema>;

export interface WebhookConfig extends Omit<ParsedConfig, 'checks' | 'suppressions' | 'pss'> {
  pss: { level: PssLevel; version: string };
  checks: Record<string, CheckOverride>;
  suppressions: SuppressionRule[];
}

export type ModeThresholds = ParsedConfig['defaults'];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map((key) => (typeof key === 'number' ? `[${key}]` : String(key))).join('.').replace(/\.\[/g, '[');
}

/** Validates a decoded config; unknown keys and unknown check IDs are errors that name the key. */
export function parseWebhookConfig(input: unknown, knownCheckIds: ReadonlySet<string>): WebhookConfig {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `${formatIssuePath(issue.path)}: ${issue.message}${keys}`;
    });
    throw new ConfigError(`invalid webhook config:\n  ${lines.join('\n  ')}`);
  }
  const unknown = Object.keys(result.data.checks).filter((id) => !knownCheckIds.has(id));
  if (unknown.length > 0) throw new ConfigError(`invalid webhook config:\n  checks: unknown check ID ${unknown.join(', ')}`);
  const { checks, suppressions, ...rest } = result.data;
  return {
    ...rest,
    checks: Object.fromEntries(
      Object.entries(checks).map(([id, override]) => [
        id,
        { ...(override.enabled !== undefined ? { enabled: override.enabled } : {}), ...(override.severity ? { severity: override.severity } : {}) },
      ]),
    ),
    suppressions: suppressions.map((rule) => ({ check: rule.check, resource: rule.resource, reason: rule.reason, ...(rule.expires ? { expires: rule.expires } : {}) })),
  };
}

/** Reads config text (YAML or JSON); an empty file means every default. */
export function parseWebhookConfigText(text: string, knownCheckIds: ReadonlySet<string>): WebhookConfig {
  let decoded: unknown;
  try {
    decoded = yaml.load(text, { schema: yaml.CORE_SCHEMA, json: true });
  } catch (error) {
    throw new ConfigError(`webhook config is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (decoded !== undefined && decoded !== null && (typeof decoded !== 'object' || Array.isArray(decoded))) {
    throw new ConfigError('webhook config must be a mapping of keys to values');
  }
  return parseWebhookConfig(decoded, knownCheckIds);
}

export function defaultWebhookConfig(knownCheckIds: ReadonlySet<string>): WebhookConfig {
  return parseWebhookConfig({}, knownCheckIds);
}

export function isThresholdMet(found: Severity, limit: Threshold): boolean {
  return limit !== 'none' && SEVERITIES.indexOf(found) <= SEVERITIES.indexOf(limit);
}
