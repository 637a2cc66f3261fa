import type { Check } from '../../../core/check.js';
import { admissionWebhooks } from './k8s-rbac-012-admission-webhooks.js';
import { anonymousAccess } from './k8s-rbac-007-anonymous-access.js';
import { awsAuthWrite } from './k8s-rbac-009-aws-auth-write.js';
import { clusterAdminBinding } from './k8s-rbac-001-cluster-admin-binding.js';
import { defaultServiceAccountBound } from './k8s-rbac-010-default-service-account.js';
import { escalationVerbs } from './k8s-rbac-006-escalation-verbs.js';
import { nodeProxy } from './k8s-rbac-008-node-proxy.js';
import { persistentVolumeCreate } from './k8s-rbac-013-persistent-volume-create.js';
import { podCreation } from './k8s-rbac-004-pod-creation.js';
import { podExec } from './k8s-rbac-005-pod-exec.js';
import { secretsRead } from './k8s-rbac-003-secrets-read.js';
import { tokenAndCsr } from './k8s-rbac-011-token-and-csr.js';
import { wildcardRules } from './k8s-rbac-002-wildcard-rules.js';

export const rbacChecks: readonly Check[] = [
  clusterAdminBinding,
  wildcardRules,
  secretsRead,
  podCreation,
  podExec,
  escalationVerbs,
  anonymousAccess,
  nodeProxy,
  awsAuthWrite,
  defaultServiceAccountBound,
  tokenAndCsr,
  admissionWebhooks,
  persistentVolumeCreate,
];
