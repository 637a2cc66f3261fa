import type { Check } from '../../../core/check.js';
import { argsLiteralCredential } from './k8s-data-006-args-literal-credential.js';
import { configMapCredential } from './k8s-data-002-configmap-credential.js';
import { ebsEncryption } from './k8s-data-005-ebs-encryption.js';
import { envLiteralCredential } from './k8s-data-001-env-literal-credential.js';
import { secretInEnv } from './k8s-data-004-secret-in-env.js';
import { secretInManifest } from './k8s-data-003-secret-in-manifest.js';

export const dataChecks: readonly Check[] = [envLiteralCredential, configMapCredential, secretInManifest, secretInEnv, ebsEncryption, argsLiteralCredential];
