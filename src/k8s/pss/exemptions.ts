import type { CheckFunction } from './types.js';

/** Restricted v1.25+: `spec.os.name: windows` pods are exempt, as these fields do not apply to Windows. */
export function exemptingWindows(check: CheckFunction): CheckFunction {
  return (pod) => (pod.windows ? undefined : check(pod));
}

/** v1.35+: a pod in its own user namespace (`hostUsers: false`) is exempt. */
export function exemptingUserNamespaces(check: CheckFunction): CheckFunction {
  return (pod) => (pod.userNamespace ? undefined : check(pod));
}
