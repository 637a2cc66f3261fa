import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
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

testCheck(ebsEncryption, {
  pass: [
    { input: storageClass('ebs.csi.aws.com', 'parameters: { type: gp3, encrypted: "true" }\n') },
    { input: storageClass('kubernetes.io/aws-ebs', 'parameters: { encrypted: "true", kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/k" }\n') },
    { input: storageClass('ebs.csi.eks.amazonaws.com', 'parameters: { encrypted: "true" }\n') },
  ],
  fail: [
    { input: storageClass('ebs.csi.aws.com', 'parameters: { type: gp3 }\n'), failures: [{ path: 'parameters', messageId: 'notSet', data: { provisioner: 'ebs.csi.aws.com' }, severity: 'medium' }] },
    { input: storageClass('ebs.csi.eks.amazonaws.com', ''), failures: [{ path: 'parameters', messageId: 'notSet', data: { provisioner: 'ebs.csi.eks.amazonaws.com' } }] },
    // a wrong-typed parameters field reads as no parameters
    { input: storageClass('kubernetes.io/aws-ebs', 'parameters: [encrypted]\n'), failures: [{ path: 'parameters', messageId: 'notSet', data: { provisioner: 'kubernetes.io/aws-ebs' } }] },
    { input: storageClass('ebs.csi.aws.com', 'parameters: { encrypted: true }\n'), failures: [{ path: 'parameters.encrypted', messageId: 'booleanValue' }] },
    { input: storageClass('ebs.csi.aws.com', 'parameters: { encrypted: "false" }\n'), failures: [{ path: 'parameters.encrypted', messageId: 'notTrue', data: { value: '"false"' } }] },
    { input: storageClass('ebs.csi.aws.com', 'parameters: { encrypted: "True" }\n'), failures: [{ path: 'parameters.encrypted', messageId: 'notTrue', data: { value: '"True"' } }] },
    { input: storageClass('ebs.csi.aws.com', 'parameters: { encrypted: false }\n'), failures: [{ path: 'parameters.encrypted', messageId: 'notTrue', data: { value: 'false' } }] },
  ],
});
