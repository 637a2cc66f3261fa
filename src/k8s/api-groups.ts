import { isBuiltinKindName } from './kube-schema/check-object.js';

/**
 * Whether an apiVersion belongs to a custom resource: a group with a dot that Kubernetes does not
 * reserve (`apps.kruise.io/v1alpha1`, `serving.knative.dev/v1`). Kubernetes's own groups have no
 * dot (`apps`, `batch`) or end in `k8s.io`.
 */
export function isCustomApiVersion(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return false;
  const group = apiVersion.slice(0, slash);
  return group.includes('.') && group !== 'k8s.io' && !group.endsWith('.k8s.io');
}

/**
 * A custom resource that shares the name of a kind Kubernetes serves: ACK's
 * `iam.services.k8s.aws` Role, Calico's `crd.projectcalico.org` NetworkPolicy, a `ConfigMap` of
 * any other group. Kubernetes never reads it as the built-in kind, so neither may a check: a
 * lookalike `Role` must not stand in for the RBAC Role a binding names, nor a lookalike
 * `ConfigMap` for aws-auth.
 */
export function isBuiltinKindLookalike(object: { readonly apiVersion: string; readonly kind: string }): boolean {
  return isCustomApiVersion(object.apiVersion) && isBuiltinKindName(object.kind);
}
