import type { CredentialKind } from '../../k8s/credentials.js';
import { findUserDataCredentials, MAX_USER_DATA_CREDENTIALS, type UserDataCredential } from './credentials.js';
import { decodeUserData } from './decode.js';
import { findKubeletOverrides, MAX_KUBELET_REFUSALS, userDataKubeletFrom, type UserDataKubelet } from './kubelet.js';

/**
 * What eksguard keeps of a launch template's user data: the credentials found
 * (kind and place, never a value), the kubelet settings it overrides (CIS section 3.2), and what
 * could not be decoded. The user data
 * itself is never kept, stored in a snapshot or printed.
 */
export interface UserDataFacts {
  readonly credentials: UserDataCredential[];
  readonly problems: string[];
  /** absent when no part configures an EKS kubelet (bootstrap.sh, nodeadm, Bottlerocket) */
  readonly kubelet?: UserDataKubelet;
}

/**
 * The key under which the live AWS source records `UserDataFacts` in place of
 * `LaunchTemplateData.UserData`, so a saved snapshot carries no user data.
 */
export const USER_DATA_FACTS_KEY = 'EksguardUserDataFacts';

export function analyzeUserData(input: string, options: { base64: boolean }): UserDataFacts {
  const decoded = decodeUserData(input, options);
  const problems = [...decoded.problems];
  const kubelet = findKubeletOverrides(decoded.parts, problems);
  return { credentials: findUserDataCredentials(decoded.parts), problems, ...(kubelet ? { kubelet } : {}) };
}

const KINDS: ReadonlySet<string> = new Set<CredentialKind>([
  'aws-access-key-id', 'private-key', 'github-token', 'slack-token', 'stripe-secret-key', 'google-api-key', 'jwt', 'http-authorization', 'secret-named-value',
]);

const text = (value: unknown, max: number): string | undefined => (typeof value === 'string' && value.length <= max ? value : undefined);

/** Reads recorded facts back (a snapshot file is input like any other): unknown shapes are dropped, sizes bounded. */
export function userDataFactsFrom(value: unknown): UserDataFacts | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const facts = value as Record<string, unknown>;
  const credentials = (Array.isArray(facts['credentials']) ? facts['credentials'] : []).slice(0, MAX_USER_DATA_CREDENTIALS).flatMap((entry): UserDataCredential[] => {
    const item = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
    const kind = text(item['kind'], 40);
    const label = text(item['label'], 120);
    const part = text(item['part'], 200);
    const line = typeof item['line'] === 'number' && Number.isInteger(item['line']) && item['line'] > 0 ? item['line'] : undefined;
    if (!kind || !KINDS.has(kind) || !label || !part || line === undefined) return [];
    // a recorded preview is at most a four-character prefix and an ellipsis, as the detectors make it
    const preview = text(item['preview'], 5) ?? '';
    const name = text(item['name'], 200);
    return [{ kind: kind as CredentialKind, label, preview, part, line, ...(name ? { name } : {}) }];
  });
  const problems = (Array.isArray(facts['problems']) ? facts['problems'] : []).slice(0, 10).flatMap((problem) => (typeof problem === 'string' ? [problem.slice(0, 300)] : []));
  const kubelet = userDataKubeletFrom(facts['kubelet']);
  return { credentials, problems, ...(kubelet ? { kubelet } : {}) };
}

/** Facts of several pieces of user data (eksctl's preBootstrapCommands and overrideBootstrapCommand) as one. */
export function mergeUserDataFacts(all: readonly UserDataFacts[]): UserDataFacts {
  const kubelets = all.flatMap((facts) => (facts.kubelet ? [facts.kubelet] : []));
  const refused = kubelets.flatMap((found) => found.refused ?? []).slice(0, MAX_KUBELET_REFUSALS);
  const kubelet = kubelets.length > 0
    ? { format: kubelets[0]!.format, settings: Object.assign({}, ...kubelets.map((found) => found.settings)), ...(refused.length > 0 ? { refused } : {}) }
    : undefined;
  return { credentials: all.flatMap((facts) => facts.credentials).slice(0, MAX_USER_DATA_CREDENTIALS), problems: all.flatMap((facts) => facts.problems), ...(kubelet ? { kubelet } : {}) };
}
