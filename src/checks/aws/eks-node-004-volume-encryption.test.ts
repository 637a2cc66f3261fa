import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { templateFixture } from './eks-node-001-imdsv2.js';
import { nodeVolumeEncryption } from './eks-node-004-volume-encryption.js';
import { PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';

const noTemplate = { launchTemplate: undefined };

describe('EKS-NODE-004 EBS encryption', () => {
  it('fails node groups without a template when account default encryption is off', () => {
    const files = { [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse(noTemplate), [PATHS.ebsDefault]: { EbsEncryptionByDefault: false } };
    expect(summary(runAws(nodeVolumeEncryption, files))).toEqual(['fail:medium']);
  });
  it('treats an unset Encrypted flag as unencrypted', () => {
    const files = { ...templateFixture({ BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20 } }] }), [PATHS.ebsDefault]: { EbsEncryptionByDefault: false } };
    expect(summary(runAws(nodeVolumeEncryption, files))).toEqual(['fail:medium']);
  });
});

const volumes = (mappings: unknown[], byDefault: boolean) => ({ ...templateFixture({ BlockDeviceMappings: mappings }), [PATHS.ebsDefault]: { EbsEncryptionByDefault: byDefault } });

testCheck(nodeVolumeEncryption, {
  pass: [
    { input: { aws: volumes([{ DeviceName: '/dev/xvda', Ebs: { Encrypted: false } }], true) } },
    { input: { aws: volumes([{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }], false) } },
  ],
  fail: [
    {
      input: { aws: volumes([{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }, { DeviceName: '/dev/xvdb', Ebs: { Encrypted: false } }, { DeviceName: '/dev/xvdc', Ebs: {} }], false) },
      failures: [{ path: 'LaunchTemplateData.BlockDeviceMappings', messageId: 'devicesUnencrypted', data: { devices: '/dev/xvdb, /dev/xvdc', region: 'us-east-1' }, severity: 'medium' }],
    },
    {
      input: { aws: { [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse(noTemplate), [PATHS.ebsDefault]: { EbsEncryptionByDefault: false } } },
      failures: [{ path: 'LaunchTemplateData.BlockDeviceMappings', messageId: 'amiDefaultsUnencrypted', data: { region: 'us-east-1' }, severity: 'medium' }],
    },
  ],
});
