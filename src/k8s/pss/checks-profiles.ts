import { str, type KubeRaw } from '../fields.js';
import { compareBytewise, containerPhrase, goQuote, joinQuote, pluralize, setterPhrase, sortedUnique } from './format.js';
import { exemptingWindows } from './exemptions.js';
import { annotation, child, type PodView } from './pod-view.js';
import type { CheckOutcome, PssCheckDefinition } from './types.js';

const ANNOTATIONS_PATH = 'metadata.annotations';

/** The `type` of a profile object (`appArmorProfile`, `seccompProfile`), `""` when unset. */
function profileType(profile: KubeRaw): string {
  return str(profile['type']) ?? '';
}

interface BadProfileSetters {
  readonly pod: boolean;
  readonly containers: readonly string[];
  /** the rejected types, in traversal order, with repeats */
  readonly types: readonly string[];
  /** the type field of the first setter, if any */
  readonly firstPath: string | undefined;
}

/** Pod and containers whose profile object (when present) has a type the predicate rejects. */
function badProfileSetters(pod: PodView, field: string, allowed: (type: string) => boolean): BadProfileSetters {
  const types: string[] = [];
  const podProfile = child(pod.securityContext, field);
  const podBad = podProfile !== undefined && !allowed(profileType(podProfile));
  if (podProfile && podBad) types.push(profileType(podProfile));
  const containers: { name: string; path: string }[] = [];
  for (const container of pod.containers) {
    const profile = child(container.securityContext, field);
    if (!profile || allowed(profileType(profile))) continue;
    containers.push(container);
    types.push(profileType(profile));
  }
  const first = podBad ? 'securityContext' : containers[0] ? `${containers[0].path}.securityContext` : undefined;
  return {
    pod: podBad,
    containers: containers.map((container) => container.name),
    types,
    firstPath: first === undefined ? undefined : `${first}.${field}.type`,
  };
}

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAppArmorAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function appArmorProfile(pod: PodView): CheckOutcome | undefined {
  const fields = badProfileSetters(pod, 'appArmorProfile', (type) => type === 'RuntimeDefault' || type === 'Localhost');
  const annotations = pod.annotations
    .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAppArmorAnnotation(value))
    .map(([key, value]) => `${key}=${goQuote(value)}`)
    .sort(compareBytewise);
  const path = fields.firstPath ?? (annotations.length > 0 ? ANNOTATIONS_PATH : undefined);
  if (path === undefined) return undefined;
  const values = [...sortedUnique(fields.types), ...annotations];
  const extra = annotations.length > 0 ? [pluralize('annotation', 'annotations', annotations.length)] : [];
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    detail: `${setterPhrase(fields.pod, fields.containers, ...extra)} must not set AppArmor profile type to ${joinQuote(values)}`,
    path,
    ...(fields.firstPath === undefined ? { pathBase: 'template' as const } : {}),
  };
}

const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

function seLinuxOptionsAllowing(allowed: readonly string[]) {
  const allowedTypes = new Set(allowed);
  return (pod: PodView): CheckOutcome | undefined => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    /** The first forbidden field of the options (`type`, `user`, `role`), if any. */
    const inspect = (options: KubeRaw | undefined): string | undefined => {
      if (!options) return undefined;
      const bad: string[] = [];
      const type = str(options['type']) ?? '';
      if (!allowedTypes.has(type)) {
        badTypes.push(type);
        bad.push('type');
      }
      if (str(options['user'])) {
        setUser = true;
        bad.push('user');
      }
      if (str(options['role'])) {
        setRole = true;
        bad.push('role');
      }
      return bad[0];
    };
    const podField = inspect(child(pod.securityContext, 'seLinuxOptions'));
    let path = podField === undefined ? undefined : `securityContext.seLinuxOptions.${podField}`;
    const badContainers: string[] = [];
    for (const container of pod.containers) {
      const field = inspect(child(container.securityContext, 'seLinuxOptions'));
      if (field === undefined) continue;
      badContainers.push(container.name);
      path ??= `${container.path}.securityContext.seLinuxOptions.${field}`;
    }
    if (path === undefined) return undefined;
    const parts: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length > 0) parts.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) parts.push('user may not be set');
    if (setRole) parts.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setterPhrase(podField !== undefined, badContainers)} set forbidden securityContext.seLinuxOptions: ${parts.join('; ')}`,
      path,
    };
  };
}

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function allowedSeccompAnnotation(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** v1.0–v1.18: only the alpha annotations, for the pod and for each container of the pod. */
function seccompAnnotations(pod: PodView): CheckOutcome | undefined {
  const keys = [SECCOMP_POD_ANNOTATION, ...pod.containers.map((container) => SECCOMP_CONTAINER_ANNOTATION_PREFIX + container.name)];
  const forbidden: string[] = [];
  for (const key of keys) {
    const value = annotation(pod, key);
    if (value !== undefined && !allowedSeccompAnnotation(value)) forbidden.push(`${key}=${goQuote(value)}`);
  }
  if (forbidden.length === 0) return undefined;
  const items = sortedUnique(forbidden);
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', items.length)} ${items.join(', ')}`,
    path: ANNOTATIONS_PATH,
    pathBase: 'template',
  };
}

const validSeccompType = (type: string) => type === 'RuntimeDefault' || type === 'Localhost';

function explicitSeccompViolation(setters: BadProfileSetters): CheckOutcome | undefined {
  if (setters.firstPath === undefined) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `${setterPhrase(setters.pod, setters.containers)} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(setters.types))}`,
    path: setters.firstPath,
  };
}

function seccompFieldsBaseline(pod: PodView): CheckOutcome | undefined {
  return explicitSeccompViolation(badProfileSetters(pod, 'seccompProfile', validSeccompType));
}

function seccompRestricted(pod: PodView): CheckOutcome | undefined {
  const explicit = explicitSeccompViolation(badProfileSetters(pod, 'seccompProfile', validSeccompType));
  if (explicit) return explicit;
  // A valid pod-level profile covers every container that sets none.
  if (child(pod.securityContext, 'seccompProfile')) return undefined;
  const uncovered = pod.containers.filter((container) => !child(container.securityContext, 'seccompProfile'));
  const first = uncovered[0];
  if (!first) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containerPhrase(uncovered.map((container) => container.name))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    path: `${first.path}.securityContext.seccompProfile.type`,
  };
}

export const profileChecks: readonly PssCheckDefinition[] = [
  { id: 'appArmorProfile', level: 'baseline', revisions: [{ minMinor: 0, run: appArmorProfile }] },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    revisions: [
      { minMinor: 0, run: seLinuxOptionsAllowing(SELINUX_TYPES_1_0) },
      { minMinor: 31, run: seLinuxOptionsAllowing(SELINUX_TYPES_1_31) },
    ],
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    revisions: [
      { minMinor: 0, run: seccompAnnotations },
      { minMinor: 19, run: seccompFieldsBaseline },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    revisions: [
      { minMinor: 19, run: seccompRestricted, overrides: ['seccompProfile_baseline'] },
      { minMinor: 25, run: exemptingWindows(seccompRestricted), overrides: ['seccompProfile_baseline'] },
    ],
  },
];
