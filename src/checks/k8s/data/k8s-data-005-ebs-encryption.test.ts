import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { ebsEncryption } from './k8s-data-005-ebs-encryption.js';

const storageClass = (provisioner: string, parameters: string) => `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: sc }
provisioner: ${provisioner}
${parameters}`;

describe('K8S-DATA-005 EBS StorageClass encryption', () => {
  it('passes encrypted: "true" for every EBS provisioner', () => {
    for (const provisioner of ['ebs.csi.aws.com', 'kubernetes.io/aws-ebs', 'ebs.csi.eks.amazonaws.com']) {
      expect(statuses(runCheck(ebsEncryption, storageClass(provisioner, 'parameters: { encrypted: "true" }\n'))), provisioner).toEqual(['pass']);
    }
  });

  it('fails a missing, false or unquoted value with a reason each', () => {
    expect(failures(runCheck(ebsEncryption, storageClass('ebs.csi.aws.com', 'parameters: { type: gp3 }\n')))[0]?.message).toContain('parameters.encrypted is not set');
    expect(failures(runCheck(ebsEncryption, storageClass('ebs.csi.aws.com', '')))[0]?.path).toBe('parameters');
    expect(failures(runCheck(ebsEncryption, storageClass('ebs.csi.aws.com', 'parameters: { encrypted: "false" }\n')))[0]?.message).toContain('is "false", not "true"');
    expect(failures(runCheck(ebsEncryption, storageClass('ebs.csi.aws.com', 'parameters: { encrypted: true }\n')))[0]?.message).toContain('YAML boolean');
  });

  it('does not judge other provisioners', () => {
    expect(statuses(runCheck(ebsEncryption, storageClass('efs.csi.aws.com', '')))).toEqual(['not-applicable']);
    expect(statuses(runCheck(ebsEncryption, 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: { name: x }\n'))).toEqual(['not-applicable']);
  });
});
