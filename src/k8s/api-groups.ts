import { isBuiltinKindName } from './kube-schema/check-object.js';

/**
 * Whether an apiVersion belongs to a custom resource: a group with a dot that Kubernetes does not
 * reserve (`apps.kruise.io/v1alpha1`, `serving.knative.dev/v1`). Kubernetes's own groups have no
 * dot (`apps`, `batch`) or end in `k8s.io`.
 */
export function isCustomApiVersion(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return false;
  const dot = apiVersion.indexOf('.');
  if (dot < 0 || dot > slash) return false;
  // read in place: every object of an inventory is asked, so no slice of the group
  const start = slash - RESERVED_GROUP.length;
  return !(start >= 0 && apiVersion.startsWith(RESERVED_GROUP, start) && (start === 0 || apiVersion[start - 1] === '.'));
}

const RESERVED_GROUP = 'k8s.io';

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
