import { z } from 'zod';
import { type ConfigIssue, type ConfigResult } from './config-model.js';
import { configSchema, legacyExemptionsSchema, type ConfigFileData, type ExemptionEntry } from './config-schema.js';
import type { CheckOverride } from './engine.js';
import { globMatches } from './glob.js';
import { suggestion } from './suggest.js';
import type { SuppressionRule } from './suppression.js';

export { CONFIG_FILE_NAME, EMPTY_CONFIG, formatConfigPath, type ConfigIssue, type ConfigPath, type ConfigResult, type EksguardConfig } from './config-model.js';


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
 * An exemption becomes suppression rules. Where it applies: the objects of the namespaces it
 * names and the Namespace objects themselves (namespace-level checks report on them), or
 * every object when it names none. To whom: everyone, or (at admission only, where a request
 * has a user) the usernames and groups it names; `scan` has no requester, so an entry that
 * names users or groups never applies there.
 */
export function exemptionRules(exemptions: readonly ExemptionEntry[]): SuppressionRule[] {
  const rules: SuppressionRule[] = [];
  for (const exemption of exemptions) {
    const who = {
      ...(exemption.usernames || exemption.groups ? { usernames: exemption.usernames ?? [], groups: exemption.groups ?? [] } : {}),
    };
    const resources = exemption.namespaces ? exemption.namespaces.flatMap((namespace) => [`*/${namespace}/*`, `Namespace/${namespace}`]) : ['*'];
    for (const check of exemption.checks ?? ['*']) {
      for (const resource of resources) {
        rules.push({ check, resource, reason: exemption.reason, origin: 'exemption', ...who, ...(exemption.expires ? { expires: exemption.expires } : {}) });
      }
    }
  }
  return rules;
}

/**
 * The webhook's old `exemptions` mapping, as the entries that mean the same: each list exempts
 * from every check, alone (a namespace, or a user, or a group was enough).
 */
function legacyExemptions(value: z.output<typeof legacyExemptionsSchema>): ExemptionEntry[] {
  const reason = 'exempt in the webhook config (old exemptions mapping)';
  return [
    ...(value.namespaces.length > 0 ? [{ namespaces: value.namespaces, reason }] : []),
    ...(value.usernames.length > 0 ? [{ usernames: value.usernames, reason }] : []),
    ...(value.groups.length > 0 ? [{ groups: value.groups, reason }] : []),
  ];
}

const LEGACY_EXEMPTIONS_WARNING =
  'the exemptions mapping (namespaces, usernames, groups) is deprecated: write a list of entries with a reason, read by scan and serve alike (see docs/admission.md, "Migrating from the old webhook config")';

/**
 * JSON Schema (2020-12) of the config file, for editors (yaml-language-server) and docs. The
 * check keys are limited to the IDs passed in, so editors can complete and flag them.
 */
export function configJsonSchema(knownCheckIds: readonly string[]): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, any>;
  const checks = schema['properties']?.['checks']?.['anyOf']?.find((option: Record<string, unknown>) => option['type'] === 'object');
  if (checks) checks['propertyNames'] = { enum: [...knownCheckIds] };
  return { ...schema, title: 'eksguard configuration (.eksguard.yaml and the webhook config)' };
}

export type ConfigFileResult = { ok: true; data: ConfigFileData; warnings: ConfigIssue[] } | { ok: false; issues: ConfigIssue[] };

/**
 * Validates a whole config file, as scan and serve both read it: the schema, then check IDs and
 * patterns (reported together, so one run shows every mistake). The old exemptions mapping is
 * read as the entries it stands for, with a warning.
 */
export function validateConfigFile(raw: unknown, knownCheckIds: readonly string[]): ConfigFileResult {
  const warnings: ConfigIssue[] = [];
  let input = raw ?? {};
  const legacy = asRecord(asRecord(input)?.['exemptions']);
  const issues: ConfigIssue[] = [];
  if (legacy) {
    const parsed = legacyExemptionsSchema.safeParse(legacy);
    if (parsed.success) {
      warnings.push({ path: ['exemptions'], message: LEGACY_EXEMPTIONS_WARNING });
      input = { ...(input as Record<string, unknown>), exemptions: legacyExemptions(parsed.data) };
    } else {
      issues.push(...schemaIssues(parsed.error).map((issue) => ({ ...issue, path: ['exemptions', ...issue.path] })));
      input = { ...(input as Record<string, unknown>), exemptions: [] };
    }
  }
  const parsed = configSchema.safeParse(input);
  issues.push(...(parsed.success ? [] : schemaIssues(parsed.error)), ...referenceIssues(input, knownCheckIds));
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  return { ok: true, data: parsed.data, warnings };
}

/** The settings a scan takes from the file; the webhook's sections are validated but not used. */
export function validateConfig(raw: unknown, knownCheckIds: readonly string[]): ConfigResult {
  const result = validateConfigFile(raw, knownCheckIds);
  if (!result.ok) return result;
  const data = result.data;
  const overrides: Record<string, CheckOverride> = {};
  for (const [id, settings] of Object.entries(data.checks ?? {})) {
    overrides[id] = {
      ...(settings.enabled !== undefined ? { enabled: settings.enabled } : {}),
      ...(settings.severity !== undefined ? { severity: settings.severity } : {}),
    };
  }
  return {
    ok: true,
    warnings: result.warnings,
    config: {
      overrides,
      pss: {
        ...(data.pss?.level ? { level: data.pss.level } : {}),
        ...(data.pss?.version ? { version: data.pss.version } : {}),
      },
      ...(data.failOn ? { failOn: data.failOn } : {}),
      ...(typeof data.suppressAwsManaged === 'boolean' ? { suppressAwsManaged: data.suppressAwsManaged } : {}),
      ...(data.registries ? { registries: data.registries.map((entry) => entry.trim()) } : {}),
      suppressions: [...suppressionRules(data.suppressions ?? []), ...exemptionRules(data.exemptions ?? [])],
      exclude: data.exclude ?? [],
      ...(data.trustedAccounts ? { trustedAccounts: data.trustedAccounts } : {}),
    },
  };
}

export function suppressionRules(suppressions: NonNullable<ConfigFileData['suppressions']>): SuppressionRule[] {
  return suppressions.map((rule) => ({ check: rule.check, resource: rule.resource, reason: rule.reason, ...(rule.expires ? { expires: rule.expires } : {}) }));
}
