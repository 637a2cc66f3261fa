import type { Check } from '../../../core/check.js';
import { kubeletAnonymousAuthDisabled } from './k8s-node-004-anonymous-auth.js';
import { kubeletWebhookAuthorization } from './k8s-node-005-authorization-mode.js';
import { kubeletClientCaFile } from './k8s-node-006-client-ca-file.js';
import { kubeletReadOnlyPortDisabled } from './k8s-node-007-read-only-port.js';
import { kubeletStreamingIdleTimeout } from './k8s-node-008-streaming-idle-timeout.js';
import { kubeletIptablesUtilChains } from './k8s-node-009-iptables-util-chains.js';
import { kubeletEventRecordQps } from './k8s-node-010-event-record-qps.js';
import { kubeletClientCertificateRotation } from './k8s-node-011-rotate-certificates.js';
import { kubeletServerCertificateRotation } from './k8s-node-012-server-certificate-rotation.js';
import { kubeletVersionSkew } from './k8s-node-001-kubelet-version-skew.js';
import { nodeGroupDrift } from './k8s-node-003-node-group-drift.js';
import { osEndOfSupportCheck } from './k8s-node-002-os-end-of-support.js';

export const nodeChecks: readonly Check[] = [
  kubeletVersionSkew,
  osEndOfSupportCheck,
  nodeGroupDrift,
  // CIS section 3.2: the kubelet's configuration
  kubeletAnonymousAuthDisabled,
  kubeletWebhookAuthorization,
  kubeletClientCaFile,
  kubeletReadOnlyPortDisabled,
  kubeletStreamingIdleTimeout,
  kubeletIptablesUtilChains,
  kubeletEventRecordQps,
  kubeletClientCertificateRotation,
  kubeletServerCertificateRotation,
];
