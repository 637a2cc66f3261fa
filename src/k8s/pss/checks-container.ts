import { list, str } from '../fields.js';
import { containerPhrase, joinQuote, sortedUnique } from './format.js';
import { child, type ContainerView, type PodView } from './pod-view.js';
import { exemptingUserNamespaces, exemptingWindows } from './exemptions.js';
import type { CheckOutcome, PssCheckDefinition } from './types.js';

function privileged(pod: PodView): CheckOutcome | undefined {
  const bad = pod.containers.filter((container) => container.securityContext?.['privileged'] === true);
  const first = bad[0];
  if (!first) return undefined;
  return {
    reason: 'privileged',
    detail: `${containerPhrase(bad.map((container) => container.name))} must not set securityContext.privileged=true`,
    path: `${first.path}.securityContext.privileged`,
  };
}

/** String entries of `capabilities.add` with their index in the list. */
function addedCapabilities(container: ContainerView): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  list(child(container.securityContext, 'capabilities')?.['add']).forEach((item, index) => {
    if (typeof item === 'string') out.push({ name: item, index });
  });
  return out;
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaseline(pod: PodView): CheckOutcome | undefined {
  const badContainers: string[] = [];
  const forbidden: string[] = [];
  let path: string | undefined;
  for (const container of pod.containers) {
    const bad = addedCapabilities(container).filter((capability) => !BASELINE_CAPABILITIES.has(capability.name));
    if (bad.length === 0) continue;
    badContainers.push(container.name);
    for (const capability of bad) forbidden.push(capability.name);
    path ??= `${container.path}.securityContext.capabilities.add[${bad[0]?.index}]`;
  }
  if (path === undefined) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${containerPhrase(badContainers)} must not include ${joinQuote(sortedUnique(forbidden))} in securityContext.capabilities.add`,
    path,
  };
}

function capabilitiesRestricted(pod: PodView): CheckOutcome | undefined {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbidden: string[] = [];
  let path: string | undefined;
  for (const container of pod.containers) {
    const capabilities = child(container.securityContext, 'capabilities');
    const capabilitiesPath = `${container.path}.securityContext.capabilities`;
    if (!list(capabilities?.['drop']).includes('ALL')) {
      missingDropAll.push(container.name);
      path ??= `${capabilitiesPath}.drop`;
    }
    // Upstream looks at `add` only when the container has a capabilities object.
    if (!capabilities) continue;
    const bad = addedCapabilities(container).filter((capability) => capability.name !== 'NET_BIND_SERVICE');
    if (bad.length === 0) continue;
    addingForbidden.push(container.name);
    for (const capability of bad) forbidden.push(capability.name);
    path ??= `${capabilitiesPath}.add[${bad[0]?.index}]`;
  }
  if (path === undefined) return undefined;
  const details: string[] = [];
  if (missingDropAll.length > 0) details.push(`${containerPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (addingForbidden.length > 0) {
    details.push(`${containerPhrase(addingForbidden)} must not include ${joinQuote(sortedUnique(forbidden))} in securityContext.capabilities.add`);
  }
  return { reason: 'unrestricted capabilities', detail: details.join('; '), path };
}

function allowPrivilegeEscalation(pod: PodView): CheckOutcome | undefined {
  // Unset counts as allowed escalation: restricted wants an explicit false.
  const bad = pod.containers.filter((container) => container.securityContext?.['allowPrivilegeEscalation'] !== false);
  const first = bad[0];
  if (!first) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containerPhrase(bad.map((container) => container.name))} must set securityContext.allowPrivilegeEscalation=false`,
    path: `${first.path}.securityContext.allowPrivilegeEscalation`,
  };
}

function procMountDefaultOnly(pod: PodView): CheckOutcome | undefined {
  const badContainers: string[] = [];
  const types: string[] = [];
  let path: string | undefined;
  for (const container of pod.containers) {
    const procMount = str(container.securityContext?.['procMount']);
    if (procMount === undefined || procMount === 'Default') continue;
    badContainers.push(container.name);
    types.push(procMount);
    path ??= `${container.path}.securityContext.procMount`;
  }
  if (path === undefined) return undefined;
  return {
    reason: 'procMount',
    detail: `${containerPhrase(badContainers)} must not set securityContext.procMount to ${joinQuote(sortedUnique(types))}`,
    path,
  };
}

export const containerChecks: readonly PssCheckDefinition[] = [
  { id: 'privileged', level: 'baseline', revisions: [{ minMinor: 0, run: privileged }] },
  { id: 'capabilities_baseline', level: 'baseline', revisions: [{ minMinor: 0, run: capabilitiesBaseline }] },
  {
    id: 'procMount',
    level: 'baseline',
    revisions: [
      { minMinor: 0, run: procMountDefaultOnly },
      { minMinor: 35, run: exemptingUserNamespaces(procMountDefaultOnly) },
    ],
  },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    revisions: [
      { minMinor: 8, run: allowPrivilegeEscalation },
      { minMinor: 25, run: exemptingWindows(allowPrivilegeEscalation) },
    ],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    revisions: [
      { minMinor: 22, run: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
      { minMinor: 25, run: exemptingWindows(capabilitiesRestricted), overrides: ['capabilities_baseline'] },
    ],
  },
  {
    id: 'procMount_restricted',
    level: 'restricted',
    revisions: [{ minMinor: 35, run: procMountDefaultOnly, overrides: ['procMount'] }],
  },
];
