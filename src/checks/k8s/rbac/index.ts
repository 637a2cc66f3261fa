import type { Check } from '../../../core/check.js';
import { admissionWebhooks } from './admission-webhooks.js';
import { anonymousAccess } from './anonymous-access.js';
import { awsAuthWrite } from './aws-auth-write.js';
import { clusterAdminBinding } from './cluster-admin-binding.js';
import { defaultServiceAccountBound } from './default-service-account.js';
import { escalationVerbs } from './escalation-verbs.js';
import { nodeProxy } from './node-proxy.js';
import { persistentVolumeCreate } from './persistent-volume-create.js';
import { podCreation } from './pod-creation.js';
import { podExec } from './pod-exec.js';
import { secretsRead } from './secrets-read.js';
import { tokenAndCsr } from './token-and-csr.js';
import { wildcardRules } from './wildcard-rules.js';

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
