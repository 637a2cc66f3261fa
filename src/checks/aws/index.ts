import type { Check } from '../../core/check.js';
import { eksData001 } from './eks-data-001.js';
import { eksData002 } from './eks-data-002.js';
import { eksData003 } from './eks-data-003.js';
import { clusterDeletionProtection } from './eks-data-004-deletion-protection.js';
import { eksIam001 } from './eks-iam-001.js';
import { eksIam002 } from './eks-iam-002.js';
import { eksIam003 } from './eks-iam-003.js';
import { eksIam004 } from './eks-iam-004.js';
import { eksIam005 } from './eks-iam-005.js';
import { eksIam006 } from './eks-iam-006.js';
import { eksIam007 } from './eks-iam-007.js';
import { eksIam008 } from './eks-iam-008.js';
import { eksIam009 } from './eks-iam-009.js';
import { eksIam010 } from './eks-iam-010.js';
import { ecrRepositoryPolicyOpen } from './eks-ecr-001-repository-policy.js';
import { ecrRegistryPolicyOpen } from './eks-ecr-002-registry-policy.js';
import { eksLog001 } from './eks-log-001.js';
import { eksLog002 } from './eks-log-002.js';
import { eksLog003 } from './eks-log-003.js';
import { cloudTrailCoverage } from './eks-log-004-cloudtrail-coverage.js';
import { auditLogAlarms } from './eks-log-005-audit-alarms.js';
import { eksMon001 } from './eks-mon-001.js';
import { eksMon002 } from './eks-mon-002.js';
import { eksMon003 } from './eks-mon-003.js';
import { eksMon004 } from './eks-mon-004.js';
import { vulnerableImagesInUse } from './eks-mon-005-vulnerable-images.js';
import { eksNet001 } from './eks-net-001.js';
import { eksNet002 } from './eks-net-002.js';
import { eksNet003 } from './eks-net-003.js';
import { eksNet004 } from './eks-net-004.js';
import { eksNet005 } from './eks-net-005.js';
import { eksNet006 } from './eks-net-006.js';
import { eksNet007 } from './eks-net-007.js';
import { eksNet008 } from './eks-net-008.js';
import { eksNode001 } from './eks-node-001.js';
import { eksNode002 } from './eks-node-002.js';
import { eksNode003 } from './eks-node-003.js';
import { eksNode004 } from './eks-node-004.js';
import { eksNode005 } from './eks-node-005.js';
import { eksNode006 } from './eks-node-006.js';
import { eksNode007 } from './eks-node-007.js';
import { eksSg001 } from './eks-sg-001.js';
import { eksSg002 } from './eks-sg-002.js';
import { eksSg003 } from './eks-sg-003.js';
import { eksVer001 } from './eks-ver-001.js';
import { eksVer002 } from './eks-ver-002.js';
import { eksVer003 } from './eks-ver-003.js';
import { eksVer004 } from './eks-ver-004.js';
import { eksVer005 } from './eks-ver-005.js';
import { eksVer006 } from './eks-ver-006.js';

/** Every EKS-* check: they judge the AWS records of the inventory (and join Kubernetes objects where noted). */
export const awsChecks: readonly Check[] = [
  eksNet001, eksNet002, eksNet003, eksNet004, eksNet005, eksNet006, eksNet007, eksNet008,
  eksSg001, eksSg002, eksSg003,
  eksNode001, eksNode002, eksNode003, eksNode004, eksNode005, eksNode006, eksNode007,
  eksVer001, eksVer002, eksVer003, eksVer004, eksVer005, eksVer006,
  eksIam001, eksIam002, eksIam003, eksIam004, eksIam005, eksIam006, eksIam007, eksIam008, eksIam009, eksIam010,
  eksData001, eksData002, eksData003, eksLog001, eksLog002, eksLog003,
  eksMon001, eksMon002, eksMon003, eksMon004,
  ecrRepositoryPolicyOpen, ecrRegistryPolicyOpen, clusterDeletionProtection, vulnerableImagesInUse, cloudTrailCoverage,
  auditLogAlarms,
];
