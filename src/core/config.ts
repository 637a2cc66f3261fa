import { z } from 'zod';
import { type ConfigIssue, type ConfigPath, type ConfigResult, type EksguardConfig } from './config-model.js';
import type { CheckOverride } from './engine.js';
import { pathGlobProblem } from './path-glob.js';
import { suggestion } from './suggest.js';
import { globMatches, parseExpiryDate, type SuppressionRule } from './suppression.js';
import { SEVERITIES } from './types.js';

export { CONFIG_FILE_NAME, EMPTY_CONFIG, formatConfigPath, type ConfigIssue, type ConfigPath, type ConfigResult, type EksguardConfig } from './config-model.js';

/**
 * The `.eksguard.yaml` schema. Every object is strict: a misspelt key is an error that names its
 * path, never a setting silently ignored. Check IDs are checked against a list the caller passes
 * in, because core must not import the check registry.
 */

function requiredText(what: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`) })
    .trim()
    .min(1, { error: `${what} must not be empty` });
}

const expiryDate = z
  .string({ error: 'expires must be a date written YYYY-MM-DD (quote it if your editor turns it into a timestamp)' })
  .refine((value) => parseExpiryDate(value) !== undefined, { error: 'expires must be a real date written YYYY-MM-DD' });

const checkSettingsSchema = z.strictObject({
  enabled: z.boolean({ error: 'enabled must be true or false' }).optional().describe('run this check (overrides its default)'),
  severity: z
    .enum(SEVERITIES, { error: `severity must be one of: ${SEVERITIES.join(', ')}` })
    .optional()
    .describe('report failures of this check at this severity'),
});

const suppressionSchema = z.strictObject({
  check: requiredText('check').describe('a check ID, or a pattern where * matches anything, for example K8S-NET-*'),
  resource: requiredText('resource').describe('Kind/namespace/name, Kind/name for cluster-scoped objects, or an ARN; * matches anything'),
  reason: requiredText('reason').describe('why the finding is acceptable; shown in every report'),
  expires: expiryDate.optional().describe('YYYY-MM-DD: from this day (UTC) on, the finding fails again and the report says the suppression expired'),
});

const exemptionSchema = z.strictObject({
  namespaces: z
    .array(requiredText('a namespace'), { error: 'namespaces must be a list' })
    .min(1, { error: 'namespaces must list at least one namespace' })
    .describe('namespace names or patterns; their objects and the Namespace objects themselves are exempt'),
  checks: z
    .array(requiredText('a check'), { error: 'checks must be a list' })
    .min(1, { error: 'checks must list at least one check' })
    .optional()
    .describe('check IDs or patterns (default: every check)'),
  reason: requiredText('reason').describe('why these namespaces are exempt; shown in every report'),
  expires: expiryDate.optional().describe('YYYY-MM-DD: from this day (UTC) on, the exemption ends'),
});

const PSS_VERSION = /^(latest|v1\.(0|[1-9]\d*))$/;

const configSchema = z.strictObject({
  checks: z
    .record(z.string(), checkSettingsSchema, { error: 'checks must be a mapping of check ID to settings' })
    .nullish()
    .describe('per-check settings, by check ID'),
  pss: z
    .strictObject({
      level: z.enum(['baseline', 'restricted'], { error: 'level must be baseline or restricted' }).optional().describe('Pod Security Standards level (default restricted)'),
      version: z
        .string({ error: 'version must be text' })
        .regex(PSS_VERSION, { error: 'version must be latest or v1.N, for example v1.31' })
        .optional()
        .describe('Pod Security Standards version: latest or v1.N (default: the cluster version when known, else latest)'),
    })
    .nullish()
    .describe('defaults for --pss-level and --pss-version'),
  failOn: z
    .enum([...SEVERITIES, 'none'], { error: `failOn must be one of: ${SEVERITIES.join(', ')}, none` })
    .optional()
    .describe('default for --fail-on: exit 1 when a failure is at or above this severity'),
  suppressions: z.array(suppressionSchema, { error: 'suppressions must be a list' }).nullish().describe('accepted findings, by check and resource'),
  suppressAwsManaged: z
    .boolean({ error: 'suppressAwsManaged must be true or false' })
    .nullish()
    .describe('report the failures of the EKS add-on workloads AWS manages (aws-node, kube-proxy, the CSI node plugins…) as suppressed, "managed by AWS" (default true; --judge-aws-managed sets false)'),
  exemptions: z.array(exemptionSchema, { error: 'exemptions must be a list' }).nullish().describe('namespaces exempt from some or all checks'),
  exclude: z
    .array(
      z.string({ error: 'an exclude pattern must be text' }).superRefine((pattern, context) => {
        const problem = pathGlobProblem(pattern);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
      { error: 'exclude must be a list' },
    )
    .nullish()
    .describe('paths left out of manifest scans (like --exclude): * and ? within a name, ** across directories; a pattern without / matches a name at any depth'),
});

type RawConfig = z.infer<typeof configSchema>;

function schemaIssues(error: z.ZodError): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...path, key], message: 'unknown key' });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
}

/** An exact ID must exist; a glob must match at least one check, so a typo never silently suppresses nothing. */
function checkPatternIssue(pattern: string, knownIds: readonly string[]): string | undefined {
  if (pattern.includes('*')) {
    return knownIds.some((id) => globMatches(pattern, id)) ? undefined : 'pattern matches no check';
  }
  // the value is not repeated: the path and line say where it is, and a config value is never echoed
  return knownIds.includes(pattern) ? undefined : `unknown check ID${suggestion(pattern, knownIds)}`;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Check IDs and patterns, read defensively from the raw input so that they are reported together
 * with any schema problem (one run of the tool shows every mistake in the file).
 */
function referenceIssues(raw: unknown, knownIds: readonly string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const config = asRecord(raw);
  for (const id of Object.keys(asRecord(config?.['checks']) ?? {})) {
    if (!knownIds.includes(id)) issues.push({ path: ['checks', id], message: `unknown check ID${suggestion(id, knownIds)}` });
  }
  const suppressions = config?.['suppressions'];
  if (Array.isArray(suppressions)) {
    suppressions.forEach((rule, index) => {
      const check = asRecord(rule)?.['check'];
      const problem = typeof check === 'string' && check.trim() ? checkPatternIssue(check.trim(), knownIds) : undefined;
      if (problem) issues.push({ path: ['suppressions', index, 'check'], message: problem });
    });
  }
  const exemptions = config?.['exemptions'];
  if (Array.isArray(exemptions)) {
    exemptions.forEach((exemption, index) => {
      const checks = asRecord(exemption)?.['checks'];
      if (!Array.isArray(checks)) return;
      checks.forEach((pattern, at) => {
        const problem = typeof pattern === 'string' && pattern.trim() ? checkPatternIssue(pattern.trim(), knownIds) : undefined;
        if (problem) issues.push({ path: ['exemptions', index, 'checks', at], message: problem });
      });
    });
  }
  return issues;
}

/**
 * A namespace exemption becomes suppression rules over the namespace's objects and over the
 * Namespace object itself (namespace-level checks such as "no NetworkPolicy" report on it).
 */
function exemptionRules(exemptions: NonNullable<RawConfig['exemptions']>): SuppressionRule[] {
  const rules: SuppressionRule[] = [];
  for (const exemption of exemptions) {
    for (const namespace of exemption.namespaces) {
      for (const check of exemption.checks ?? ['*']) {
        for (const resource of [`*/${namespace}/*`, `Namespace/${namespace}`]) {
          rules.push({ check, resource, reason: exemption.reason, ...(exemption.expires ? { expires: exemption.expires } : {}) });
        }
      }
    }
  }
  return rules;
}

/**
 * JSON Schema (2020-12) of the config file, for editors (yaml-language-server) and docs. The
 * check keys are limited to the IDs passed in, so editors can complete and flag them.
 */
export function configJsonSchema(knownCheckIds: readonly string[]): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, any>;
  const checks = schema['properties']?.['checks']?.['anyOf']?.find((option: Record<string, unknown>) => option['type'] === 'object');
  if (checks) checks['propertyNames'] = { enum: [...knownCheckIds] };
  return { ...schema, title: 'eksguard configuration (.eksguard.yaml)' };
}

export function validateConfig(raw: unknown, knownCheckIds: readonly string[]): ConfigResult {
  // An empty file (or one holding only comments) parses to null: that is an empty config.
  const parsed = configSchema.safeParse(raw ?? {});
  const issues = [...(parsed.success ? [] : schemaIssues(parsed.error)), ...referenceIssues(raw, knownCheckIds)];
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  const data = parsed.data;
  const overrides: Record<string, CheckOverride> = {};
  for (const [id, settings] of Object.entries(data.checks ?? {})) {
    overrides[id] = {
      ...(settings.enabled !== undefined ? { enabled: settings.enabled } : {}),
      ...(settings.severity !== undefined ? { severity: settings.severity } : {}),
    };
  }
  const suppressions: SuppressionRule[] = (data.suppressions ?? []).map((rule) => ({
    check: rule.check,
    resource: rule.resource,
    reason: rule.reason,
    ...(rule.expires ? { expires: rule.expires } : {}),
  }));
  return {
    ok: true,
    config: {
      overrides,
      pss: {
        ...(data.pss?.level ? { level: data.pss.level } : {}),
        ...(data.pss?.version ? { version: data.pss.version } : {}),
      },
      ...(data.failOn ? { failOn: data.failOn } : {}),
      ...(typeof data.suppressAwsManaged === 'boolean' ? { suppressAwsManaged: data.suppressAwsManaged } : {}),
      suppressions: [...suppressions, ...exemptionRules(data.exemptions ?? [])],
      exclude: data.exclude ?? [],
    },
  };
}
