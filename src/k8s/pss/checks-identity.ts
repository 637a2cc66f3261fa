import { containerPhrase, setterPhrase } from './format.js';
import { exemptingUserNamespaces } from './exemptions.js';
import type { PodView } from './pod-view.js';
import type { CheckOutcome, PssCheckDefinition } from './types.js';

function runAsNonRoot(pod: PodView): CheckOutcome | undefined {
  const podValue = pod.securityContext?.['runAsNonRoot'];
  const explicitlyBad: { name: string; path: string }[] = [];
  const implicitlyBad: { name: string; path: string }[] = [];
  for (const container of pod.containers) {
    const value = container.securityContext?.['runAsNonRoot'];
    if (value === false) explicitlyBad.push(container);
    // runAsUser != 0 does not count: only an explicit runAsNonRoot, here or on the pod.
    else if (value !== true && podValue !== true) implicitlyBad.push(container);
  }
  const field = 'securityContext.runAsNonRoot';
  if (podValue === false || explicitlyBad.length > 0) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setterPhrase(podValue === false, explicitlyBad.map((container) => container.name))} must not set securityContext.runAsNonRoot=false`,
      path: podValue === false ? field : `${explicitlyBad[0]?.path}.${field}`,
    };
  }
  const first = implicitlyBad[0];
  if (!first) return undefined;
  return {
    reason: 'runAsNonRoot != true',
    detail: `pod or ${containerPhrase(implicitlyBad.map((container) => container.name))} must set securityContext.runAsNonRoot=true`,
    path: `${first.path}.${field}`,
  };
}

function runAsUser(pod: PodView): CheckOutcome | undefined {
  const podBad = pod.securityContext?.['runAsUser'] === 0;
  const bad = pod.containers.filter((container) => container.securityContext?.['runAsUser'] === 0);
  if (!podBad && bad.length === 0) return undefined;
  return {
    reason: 'runAsUser=0',
    detail: `${setterPhrase(podBad, bad.map((container) => container.name))} must not set runAsUser=0`,
    path: podBad ? 'securityContext.runAsUser' : `${bad[0]?.path}.securityContext.runAsUser`,
  };
}

export const identityChecks: readonly PssCheckDefinition[] = [
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    revisions: [
      { minMinor: 0, run: runAsNonRoot },
      { minMinor: 35, run: exemptingUserNamespaces(runAsNonRoot) },
    ],
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    revisions: [
      { minMinor: 23, run: runAsUser },
      { minMinor: 35, run: exemptingUserNamespaces(runAsUser) },
    ],
  },
];
