import { containerChecks } from './checks-container.js';
import { hostChecks } from './checks-host.js';
import { identityChecks } from './checks-identity.js';
import { profileChecks } from './checks-profiles.js';
import { volumeChecks } from './checks-volumes.js';
import { PSS_CHECK_IDS, type CheckFunction, type CheckRevision, type PssCheckDefinition, type PssCheckId, type PssLevelName } from './types.js';
import { parsePssVersion, type PssVersion } from './version.js';

const DEFINITIONS: ReadonlyMap<PssCheckId, PssCheckDefinition> = new Map(
  [...hostChecks, ...containerChecks, ...profileChecks, ...identityChecks, ...volumeChecks].map((check) => [check.id, check]),
);

function definition(id: PssCheckId): PssCheckDefinition {
  const check = DEFINITIONS.get(id);
  if (!check) throw new Error(`no definition for Pod Security check ${id}`);
  return check;
}

export function pssCheckLevel(id: PssCheckId): 'baseline' | 'restricted' {
  return definition(id).level;
}

/** The revision in force at a minor version: the one with the greatest minimum not above it. */
function revisionAt(check: PssCheckDefinition, minor: number): CheckRevision | undefined {
  let chosen: CheckRevision | undefined;
  for (const revision of check.revisions) if (revision.minMinor <= minor) chosen = revision;
  return chosen;
}

export interface SelectedCheck {
  readonly id: PssCheckId;
  readonly run: CheckFunction;
}

export type Applicability =
  | { readonly applies: true }
  | { readonly applies: false; readonly because: 'level' | 'not-yet' | 'overridden'; readonly by?: PssCheckId; readonly since?: number };

function applicabilityAt(id: PssCheckId, level: PssLevelName, minor: number): Applicability {
  const check = definition(id);
  if (level === 'privileged' || (check.level === 'restricted' && level === 'baseline')) return { applies: false, because: 'level' };
  if (!revisionAt(check, minor)) return { applies: false, because: 'not-yet', since: check.revisions[0]?.minMinor ?? 0 };
  if (level === 'restricted' && check.level === 'baseline') {
    for (const other of DEFINITIONS.values()) {
      if (other.level === 'restricted' && revisionAt(other, minor)?.overrides?.includes(id)) return { applies: false, because: 'overridden', by: other.id };
    }
  }
  return { applies: true };
}

const selections = new Map<string, readonly SelectedCheck[]>();

/** The checks that run at a level and minor version, in upstream's result order. */
export function selectChecks(level: PssLevelName, minor: number): readonly SelectedCheck[] {
  const key = `${level}:${minor}`;
  let selected = selections.get(key);
  if (!selected) {
    selected = PSS_CHECK_IDS.filter((id) => applicabilityAt(id, level, minor).applies).map((id) => {
      const revision = revisionAt(definition(id), minor);
      if (!revision) throw new Error(`no revision of ${id} at v1.${minor}`);
      return { id, run: revision.run };
    });
    selections.set(key, selected);
  }
  return selected;
}

const replacements = new Map<string, readonly SelectedCheck[]>();

/** The baseline checks that restricted-level checks replace at a version (none below restricted), in upstream's order. */
export function replacedChecks(level: PssLevelName, minor: number): readonly SelectedCheck[] {
  if (level !== 'restricted') return [];
  const key = `${level}:${minor}`;
  let replaced = replacements.get(key);
  if (!replaced) {
    const running = new Set(selectChecks(level, minor).map((check) => check.id));
    replaced = selectChecks('baseline', minor).filter((check) => !running.has(check.id));
    replacements.set(key, replaced);
  }
  return replaced;
}

/** The baseline checks that this check replaces at the policy's level and version. */
export function pssCheckReplaces(id: PssCheckId, policy: PssPolicy): readonly PssCheckId[] {
  if (policy.level !== 'restricted' || !pssCheckApplies(id, policy)) return [];
  return revisionAt(definition(id), resolveVersion(policy.version).minor)?.overrides ?? [];
}

export interface PssPolicy {
  readonly level: PssLevelName;
  /** `latest`, `v1.N`, or an already parsed version */
  readonly version: string | PssVersion;
}

export function resolveVersion(version: string | PssVersion): PssVersion {
  return typeof version === 'string' ? parsePssVersion(version) : version;
}

/** Whether a check runs at this level and version, and if not, why. Throws PssVersionError for a bad version. */
export function pssCheckApplicability(id: PssCheckId, policy: PssPolicy): Applicability {
  return applicabilityAt(id, policy.level, resolveVersion(policy.version).minor);
}

/** Whether a check runs at this level and version: it exists at the version, belongs to the level and is not overridden. */
export function pssCheckApplies(id: PssCheckId, policy: PssPolicy): boolean {
  return pssCheckApplicability(id, policy).applies;
}
