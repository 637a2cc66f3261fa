import type { Check } from '../../../core/check.js';
import { dangerousCapabilities } from './k8s-wl-008-dangerous-capabilities.js';
import { defaultNamespace } from './k8s-wl-011-default-namespace.js';
import { hostNetworkImds } from './k8s-wl-009-host-network-imds.js';
import { imageDigest } from './k8s-wl-002-image-digest.js';
import { imageLatestTag } from './k8s-wl-001-image-latest-tag.js';
import { approvedRegistries } from './k8s-wl-012-approved-registries.js';
import { namespacePodSecurity } from './k8s-wl-010-namespace-pod-security.js';
import { readOnlyRootFilesystem } from './k8s-wl-004-read-only-root-filesystem.js';
import { resources } from './k8s-wl-003-resources.js';
import { runtimeSocket } from './k8s-wl-005-runtime-socket.js';
import { sensitiveHostPath } from './k8s-wl-006-sensitive-host-path.js';
import { serviceAccountToken } from './k8s-wl-007-service-account-token.js';
import { namespaceResourceQuota } from './k8s-wl-013-namespace-resource-quota.js';

export const workloadChecks: readonly Check[] = [
  imageLatestTag,
  imageDigest,
  resources,
  readOnlyRootFilesystem,
  runtimeSocket,
  sensitiveHostPath,
  serviceAccountToken,
  dangerousCapabilities,
  hostNetworkImds,
  namespacePodSecurity,
  defaultNamespace,
  namespaceResourceQuota,
  approvedRegistries,
];
