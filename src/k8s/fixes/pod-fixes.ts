import type { CheckContext } from '../../core/check.js';
import type { FixOutcome } from '../../core/patch.js';
import { asRecord, bool, num, str, type KubeRaw } from '../fields.js';
import { objectsByNamespace } from '../namespaces.js';
import { rbacGraph } from '../rbac/targets.js';
import { containersOf, type ContainerRef, type Workload } from '../workload.js';
import { describeContainer, describeContainers, fixOf, isWindowsPod, securityContextOf, suggestion, WINDOWS_SUGGESTION } from './common.js';
import { knownNonRootUser } from './image-user.js';

/** Fixes written once at pod level: seccomp, runAsNonRoot, the service-account token. */

const VALID_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);
const SECCOMP_ANNOTATIONS = /^(seccomp\.security\.alpha\.kubernetes\.io\/pod|container\.seccomp\.security\.alpha\.kubernetes\.io\/.+)$/;
const DEFAULT_SECCOMP_ANNOTATION_VALUES = new Set(['runtime/default', 'docker/default']);

function podContextIsOdd(spec: KubeRaw): boolean {
  const value = spec['securityContext'];
  return value !== undefined && value !== null && asRecord(value) === undefined;
}

const ODD_POD_CONTEXT = suggestion('the pod spec has a securityContext that is not a map; correct it by hand');

export function fixSeccompProfile(workload: Workload): FixOutcome | undefined {
  const spec = workload.spec;
  const podProfile = asRecord(securityContextOf(spec)?.['seccompProfile']);
  const refs = containersOf(spec);
  const explicit = refs.filter((ref) => {
    const profile = asRecord(securityContextOf(ref.container)?.['seccompProfile']);
    return profile !== undefined && !VALID_SECCOMP.has(str(profile['type']) ?? '');
  });
  const podBad = podProfile !== undefined && !VALID_SECCOMP.has(str(podProfile['type']) ?? '');
  if (podBad || explicit.length > 0) {
    const who = [podBad ? 'the pod' : '', explicit.length > 0 ? describeContainers(explicit) : ''].filter(Boolean).join(' and ');
    return suggestion(`another seccomp profile type (Unconfined, or none named) is set explicitly on ${who}; an explicit choice is not changed mechanically: set type: RuntimeDefault by hand if the workload runs under it`);
  }
  if (podProfile !== undefined) return undefined;
  const uncovered = refs.filter((ref) => asRecord(securityContextOf(ref.container)?.['seccompProfile']) === undefined);
  if (uncovered.length === 0) return undefined;
  if (isWindowsPod(spec)) return WINDOWS_SUGGESTION;
  if (podContextIsOdd(spec)) return ODD_POD_CONTEXT;
  const legacy = Object.entries(workload.annotations).filter(([key, value]) => SECCOMP_ANNOTATIONS.test(key) && !DEFAULT_SECCOMP_ANNOTATION_VALUES.has(value));
  if (legacy.length > 0) {
    return suggestion(`the pod template carries the legacy seccomp annotation ${JSON.stringify(legacy[0]![0])} with another profile; remove it and set securityContext.seccompProfile.type: RuntimeDefault by hand`);
  }
  return fixOf('seccompProfile.type: RuntimeDefault on the pod', [{ op: 'set', path: ['securityContext', 'seccompProfile'], value: { type: 'RuntimeDefault' } }]);
}

/** A UID the container runs as, when the spec or a known image says so. */
function effectiveUser(ref: ContainerRef, podContext: KubeRaw | undefined): { uid: number; from: 'spec' | 'image' } | undefined {
  const own = num(securityContextOf(ref.container)?.['runAsUser']);
  if (own !== undefined) return { uid: own, from: 'spec' };
  const pod = num(podContext?.['runAsUser']);
  if (pod !== undefined) return { uid: pod, from: 'spec' };
  const image = str(ref.container['image']);
  const known = image === undefined ? undefined : knownNonRootUser(image);
  return known === undefined ? undefined : { uid: known, from: 'image' };
}

export function fixRunAsNonRoot(spec: KubeRaw): FixOutcome | undefined {
  const podContext = securityContextOf(spec);
  const refs = containersOf(spec);
  const podValue = podContext?.['runAsNonRoot'];
  const explicitFalse = refs.filter((ref) => securityContextOf(ref.container)?.['runAsNonRoot'] === false);
  if (podValue === false || explicitFalse.length > 0) {
    const who = [podValue === false ? 'the pod' : '', explicitFalse.length > 0 ? describeContainers(explicitFalse) : ''].filter(Boolean).join(' and ');
    return suggestion(`runAsNonRoot: false is set explicitly on ${who}; an explicit choice is not changed mechanically`);
  }
  const uncovered = refs.filter((ref) => securityContextOf(ref.container)?.['runAsNonRoot'] !== true && podValue !== true);
  if (uncovered.length === 0) return undefined;
  if (isWindowsPod(spec)) return suggestion('a Windows pod: its user is a Windows user name (runAsUserName), which eksguard cannot judge; set runAsNonRoot by hand');
  if (podContextIsOdd(spec)) return ODD_POD_CONTEXT;
  // runAsNonRoot at pod level reaches every container that does not set it: each must be known to run as a non-root UID
  const reached = refs.filter((ref) => securityContextOf(ref.container)?.['runAsNonRoot'] === undefined || securityContextOf(ref.container)?.['runAsNonRoot'] === null);
  const root: ContainerRef[] = [];
  const unknown: ContainerRef[] = [];
  const uids = new Set<number>();
  for (const ref of reached) {
    const user = effectiveUser(ref, podContext);
    if (user === undefined || !Number.isInteger(user.uid) || user.uid < 0) unknown.push(ref);
    else if (user.uid === 0) root.push(ref);
    else uids.add(user.uid);
  }
  if (root.length > 0) return suggestion(`${describeContainers(root)} ${root.length === 1 ? 'runs' : 'run'} as root (runAsUser: 0); runAsNonRoot: true would stop ${root.length === 1 ? 'it' : 'them'} from starting: run the image as a non-root user first`);
  if (unknown.length > 0) {
    return suggestion(
      `the user of ${describeContainers(unknown)} is not known to be non-root (no runAsUser, and eksguard does not pull images to read their USER); runAsNonRoot: true would stop a root image from starting: set runAsUser to the image's non-root UID, then runAsNonRoot: true`,
    );
  }
  const list = [...uids].sort((a, b) => a - b).join(', ');
  return fixOf(`runAsNonRoot: true on the pod (its containers run as UID ${list})`, [{ op: 'set', path: ['securityContext', 'runAsNonRoot'], value: true }]);
}

const SERVICE_ACCOUNT_GROUPS = 'system:serviceaccounts';

interface BindingIndex {
  /** binding description and input order, by `scope\0account` and by `namespace\0account` */
  readonly byScope: Map<string, [number, string]>;
  readonly byNamespace: Map<string, [number, string]>;
  /** bindings to every ServiceAccount, and to those of a namespace (`system:serviceaccounts:NS`) */
  readonly allAccounts?: [number, string];
  readonly byGroupNamespace: Map<string, [number, string]>;
}

function keepFirst(map: Map<string, [number, string]>, key: string, entry: [number, string]): void {
  if (!map.has(key)) map.set(key, entry);
}

/** Who the input's bindings grant roles to, indexed once per evaluation: a workload's lookup is then constant. */
function bindingIndex(ctx: CheckContext): BindingIndex {
  return ctx.memo('fix:service-account-bindings', () => {
    const index: { byScope: Map<string, [number, string]>; byNamespace: Map<string, [number, string]>; allAccounts?: [number, string]; byGroupNamespace: Map<string, [number, string]> } = {
      byScope: new Map(),
      byNamespace: new Map(),
      byGroupNamespace: new Map(),
    };
    rbacGraph(ctx).bindings.forEach((binding, order) => {
      const entry: [number, string] = [order, `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name}`];
      for (const subject of binding.subjects) {
        if (subject.kind === 'ServiceAccount') {
          keepFirst(index.byScope, `${subject.scope ?? subject.namespace}\u0000${subject.name}`, entry);
          if (subject.namespace !== undefined) keepFirst(index.byNamespace, `${subject.namespace}\u0000${subject.name}`, entry);
        } else if (subject.kind === 'Group' && subject.name === SERVICE_ACCOUNT_GROUPS) {
          index.allAccounts ??= entry;
        } else if (subject.kind === 'Group' && subject.name.startsWith(`${SERVICE_ACCOUNT_GROUPS}:`)) {
          keepFirst(index.byGroupNamespace, subject.name.slice(SERVICE_ACCOUNT_GROUPS.length + 1), entry);
        }
      }
    });
    return index;
  });
}

/** The first binding in the input that grants anything to the pod's ServiceAccount (directly or through its groups). */
function bindingOf(workload: Workload, account: string, ctx: CheckContext): string | undefined {
  const index = bindingIndex(ctx);
  const candidates = [
    index.byScope.get(`${workload.namespaceKey}\u0000${account}`),
    workload.namespace !== undefined ? index.byNamespace.get(`${workload.namespace}\u0000${account}`) : undefined,
    index.allAccounts,
    workload.namespace !== undefined ? index.byGroupNamespace.get(workload.namespace) : undefined,
  ].filter((entry): entry is [number, string] => entry !== undefined);
  if (candidates.length === 0) return undefined;
  return candidates.reduce((first, entry) => (entry[0] < first[0] ? entry : first))[1];
}

function accountInInput(workload: Workload, account: string, ctx: CheckContext): boolean {
  const accounts = objectsByNamespace('ServiceAccount', ctx).get(workload.namespaceKey) ?? [];
  return accounts.some((object) => object.name === account);
}

/**
 * `automountServiceAccountToken: false` on the pod, where nothing shows that it uses the API
 * token: no binding in the input grants its ServiceAccount a role, and the ServiceAccount is
 * either `default` or one the input holds (one that is not could be bound anywhere).
 */
export function fixServiceAccountToken(workload: Workload, ctx: CheckContext): FixOutcome | undefined {
  const spec = workload.spec;
  if (bool(spec['automountServiceAccountToken']) !== undefined) return undefined;
  const account = str(spec['serviceAccountName']) || str(spec['serviceAccount']) || 'default';
  const binding = bindingOf(workload, account, ctx);
  if (binding !== undefined) {
    return suggestion(
      `${binding} grants ServiceAccount ${JSON.stringify(account)} a role, so the pod likely calls the Kubernetes API with its token; opt in explicitly with automountServiceAccountToken: true on the pod (or false if it does not need the token)`,
    );
  }
  if (account !== 'default' && !accountInInput(workload, account, ctx)) {
    return suggestion(
      `ServiceAccount ${JSON.stringify(account)} is not in the input, so whether the pod needs its token cannot be told; set automountServiceAccountToken: false on the pod if it does not call the Kubernetes API, or true to opt in`,
    );
  }
  const containers = containersOf(spec);
  const named = containers.length === 1 ? ` (${describeContainer(containers[0]!)})` : '';
  return fixOf(`automountServiceAccountToken: false on the pod${named}: no binding in the input grants ServiceAccount ${JSON.stringify(account)} a role`, [
    { op: 'set', path: ['automountServiceAccountToken'], value: false },
  ]);
}
