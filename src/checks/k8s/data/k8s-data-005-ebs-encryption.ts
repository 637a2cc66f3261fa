import { defineCheck, fail, notApplicable, pass } from '../../../core/check.js';
import { fieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { record, str } from '../../../k8s/fields.js';
import { objectsOfKind } from '../../../k8s/targets.js';
import { BPG } from '../workload/offences.js';

/** Provisioners that create EBS volumes: the EBS CSI driver, EKS Auto Mode's block storage, and the retired in-tree plugin. */
export const EBS_PROVISIONERS: readonly string[] = ['ebs.csi.aws.com', 'ebs.csi.eks.amazonaws.com', 'kubernetes.io/aws-ebs'];

/**
 * K8S-DATA-005: a StorageClass that provisions EBS volumes sets
 * `parameters.encrypted: "true"`. The parameter is a string map: an unquoted
 * YAML boolean is rejected by the API server, so it fails with that reason.
 * Account-level EBS encryption by default (judged by EKS-NODE-004 on the AWS
 * side) also encrypts new volumes; this check judges the StorageClass alone.
 */
export const ebsEncryption = defineCheck<KubeObject>({
  id: 'K8S-DATA-005',
  title: 'EBS StorageClasses must encrypt volumes',
  area: 'data',
  severity: 'medium',
  target: objectsOfKind('StorageClass'),
  needs: ['kube:StorageClass'],
  admission: { judges: 'the parameters of the StorageClass' },
  scope: 'object',
  rationale:
    'Persistent volumes hold databases, queues and uploads. Unencrypted EBS volumes and their snapshots can be read by anyone who can copy or share a snapshot, and many compliance regimes require encryption at rest.',
  remediation:
    'Set `parameters.encrypted: "true"` (and `kmsKeyId` for a customer-managed key) on the StorageClass, and turn on EBS encryption by default in every region. Existing volumes must be migrated through an encrypted snapshot.',
  messages: {
    booleanValue: 'parameters.encrypted is a YAML boolean; StorageClass parameters are strings, so the API server rejects it: quote it as "true"',
    notSet: 'parameters.encrypted is not set, so {{provisioner}} creates unencrypted volumes unless EBS encryption by default is on in the account',
    notTrue: 'parameters.encrypted is {{value}}, not "true", so volumes are created unencrypted unless EBS encryption by default is on',
  },
  references: [BPG.dataEncryption, 'https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md'],
  standards: [],
  examples: {
    pass: [
      `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: gp3-encrypted }
provisioner: ebs.csi.aws.com
parameters:
  type: gp3
  encrypted: "true"
`,
    ],
    fail: [
      `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: gp2 }
provisioner: kubernetes.io/aws-ebs
parameters:
  type: gp2
  fsType: ext4
`,
    ],
  },
  evaluate(storageClass) {
    const provisioner = str(storageClass.raw['provisioner']);
    if (!provisioner || !EBS_PROVISIONERS.includes(provisioner)) return notApplicable(`provisioner ${provisioner ?? '(none)'} does not create EBS volumes`);
    const encrypted = record(storageClass.raw['parameters'])['encrypted'];
    if (encrypted === 'true') return pass(`${provisioner} volumes are created encrypted`);
    if (encrypted === true) {
      return fail({ messageId: 'booleanValue', path: fieldPath('parameters', 'encrypted') });
    }
    if (encrypted === undefined) {
      return fail({ messageId: 'notSet', data: { provisioner }, path: fieldPath('parameters') });
    }
    return fail({ messageId: 'notTrue', data: { value: JSON.stringify(encrypted) }, path: fieldPath('parameters', 'encrypted') });
  },
});
