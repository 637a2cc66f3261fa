import type { Check } from '../../../core/check.js';
import { dangerousCapabilities } from './dangerous-capabilities.js';
import { defaultNamespace } from './default-namespace.js';
import { hostNetworkImds } from './host-network-imds.js';
import { imageDigest } from './image-digest.js';
import { imageLatestTag } from './image-latest-tag.js';
import { approvedRegistries } from './k8s-wl-012-approved-registries.js';
import { namespacePodSecurity } from './namespace-pod-security.js';
import { readOnlyRootFilesystem } from './read-only-root-filesystem.js';
import { resources } from './resources.js';
import { runtimeSocket } from './runtime-socket.js';
import { sensitiveHostPath } from './sensitive-host-path.js';
import { serviceAccountToken } from './service-account-token.js';
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
