import type { PssLevel } from './check.js';
import type { CheckOverride } from './engine.js';
import type { SuppressionRule } from './suppression.js';
import type { Severity } from './types.js';

/** The config's shapes, without its schema: a scan without a config file never loads the validator. */

export const CONFIG_FILE_NAME = '.eksguard.yaml';

export type ConfigPath = readonly (string | number)[];

export interface ConfigIssue {
  path: ConfigPath;
  message: string;
}

/** The validated config, already in the shapes the engine and the scan take. */
export interface EksguardConfig {
  overrides: Record<string, CheckOverride>;
  pss: { level?: PssLevel; version?: string };
  failOn?: Severity | 'none';
  /** config suppressions followed by the rules that namespace exemptions compile to */
  suppressions: SuppressionRule[];
  /** path globs left out of manifest scans, as `--exclude` (see path-glob.ts) */
  exclude: string[];
  /** `suppressAwsManaged`: report AWS-managed add-on workloads as suppressed (default true) */
  suppressAwsManaged?: boolean;
  /** AWS accounts besides the scanned one that ECR policies may grant access to */
  trustedAccounts?: string[];
  /** `registries`: approved registry hosts and repository prefixes (K8S-WL-012); absent: no list */
  registries?: string[];
}

/** `warnings`: settings that are read but deprecated, with the path to change */
export type ConfigResult = { ok: true; config: EksguardConfig; warnings: ConfigIssue[] } | { ok: false; issues: ConfigIssue[] };

export const EMPTY_CONFIG: EksguardConfig = Object.freeze({ overrides: {}, pss: {}, suppressions: [], exclude: [] });

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `checks.K8S-WL-001.severity`, `suppressions[0].reason`, `checks["odd.key"]` */
export function formatConfigPath(path: ConfigPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (PLAIN_KEY.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || '(top level)';
}
