import type { Check } from '../../core/check.js';
import { attackPathToAwsAdmin } from './eks-path-001-aws-admin.js';
import { attackPathToSecrets } from './eks-path-002-account-secrets.js';
import { attackPathToData } from './eks-path-003-account-data.js';
import { attackPathToClusterAdmin } from './eks-path-004-cluster-admin.js';

/** Attack paths across the Kubernetes and AWS halves: they run after every other check and cite their findings. */
export const pathChecks: readonly Check[] = [attackPathToAwsAdmin, attackPathToSecrets, attackPathToData, attackPathToClusterAdmin];
