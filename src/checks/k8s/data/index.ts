import type { Check } from '../../../core/check.js';
import { argsLiteralCredential } from './args-literal-credential.js';
import { configMapCredential } from './configmap-credential.js';
import { ebsEncryption } from './ebs-encryption.js';
import { envLiteralCredential } from './env-literal-credential.js';
import { secretInEnv } from './secret-in-env.js';
import { secretInManifest } from './secret-in-manifest.js';

export const dataChecks: readonly Check[] = [envLiteralCredential, configMapCredential, secretInManifest, secretInEnv, ebsEncryption, argsLiteralCredential];
