import type { Check } from '../../../core/check.js';
import { awsAuthAccounts } from './k8s-iam-003-aws-auth-accounts.js';
import { awsAuthMasters } from './k8s-iam-001-aws-auth-masters.js';
import { awsAuthParse } from './k8s-iam-004-aws-auth-parse.js';
import { awsAuthUsers } from './k8s-iam-002-aws-auth-users.js';
import { legacyTokenSecrets } from './k8s-iam-005-legacy-token-secrets.js';

export const iamChecks: readonly Check[] = [awsAuthMasters, awsAuthUsers, awsAuthAccounts, awsAuthParse, legacyTokenSecrets];
