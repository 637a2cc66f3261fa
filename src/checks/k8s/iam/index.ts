import type { Check } from '../../../core/check.js';
import { awsAuthAccounts } from './aws-auth-accounts.js';
import { awsAuthMasters } from './aws-auth-masters.js';
import { awsAuthParse } from './aws-auth-parse.js';
import { awsAuthUsers } from './aws-auth-users.js';
import { legacyTokenSecrets } from './legacy-token-secrets.js';

export const iamChecks: readonly Check[] = [awsAuthMasters, awsAuthUsers, awsAuthAccounts, awsAuthParse, legacyTokenSecrets];
