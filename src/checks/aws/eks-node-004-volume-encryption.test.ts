import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
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
