import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { AMI_RELEASES_REFERENCE } from '../../aws/ami.js';
import { nodegroupAmiRelease } from './eks-ver-003-ami-release.js';
import { PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';

const cluster = (version: string) => ({ [PATHS.cluster]: clusterResponse({ version }) });

describe('EKS-VER-003 latest AMI release', () => {
  const param = (name: string, value: string) => ({ Parameters: [{ Name: name, Value: value }] });
  const al2023 = '/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/release_version';
  it('is high more than 90 days behind by the date suffix', () => {
    const files = { [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse({ releaseVersion: '1.35.0-20260601' }), [PATHS.ssm]: param(al2023, '1.35.3-20261120') };
    expect(summary(runAws(nodegroupAmiRelease, files))).toEqual(['fail:high']);
  });
  it('maps Bottlerocket and compares its releases numerically', () => {
    const br = '/aws/service/bottlerocket/aws-k8s-1.35-nvidia/arm64/latest/image_version';
    const files = (release: string) => ({
      [PATHS.cluster]: clusterResponse(),
      [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'BOTTLEROCKET_ARM_64_NVIDIA', releaseVersion: release }),
      [PATHS.ssm]: param(br, '1.49.10-713f44ce'),
    });
    expect(summary(runAws(nodegroupAmiRelease, files('1.49.9-aaaaaaaa')))).toEqual(['fail:medium']);
    expect(summary(runAws(nodegroupAmiRelease, files('1.49.10-713f44ce')))).toEqual(['pass']);
  });
  it('lets a pinned reference decide over the collected parameter', () => {
    const files = { [PATHS.cluster]: clusterResponse(), [PATHS.nodegroup()]: nodegroupResponse(), [PATHS.ssm]: param(al2023, '1.35.2-20261101') };
    expect(summary(runAws(nodegroupAmiRelease, files, '', { reference: { [AMI_RELEASES_REFERENCE]: { [al2023]: '1.35.9-20261125' } } }))).toEqual(['fail:medium']);
  });
  it('is not applicable to custom AMIs, skipped when the parameter is missing', () => {
    expect(summary(runAws(nodegroupAmiRelease, { [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'CUSTOM', releaseVersion: 'ami-0123' }), [PATHS.ssm]: { Parameters: [] } }))).toEqual(['not-applicable']);
    expect(summary(runAws(nodegroupAmiRelease, { [PATHS.nodegroup()]: nodegroupResponse(), [PATHS.ssm]: { Parameters: [], InvalidParameters: [al2023] } }))).toEqual(['skipped']);
  });
});

const AL2023 = '/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/release_version';
const BOTTLEROCKET = '/aws/service/bottlerocket/aws-k8s-1.35-nvidia/arm64/latest/image_version';
const release = (current: string, parameter: string, latest: string, amiType?: string) => ({
  [PATHS.cluster]: clusterResponse(),
  [PATHS.nodegroup()]: nodegroupResponse({ releaseVersion: current, ...(amiType ? { amiType } : {}) }),
  [PATHS.ssm]: { Parameters: [{ Name: parameter, Value: latest }] },
});

testCheck(nodegroupAmiRelease, {
  pass: [{ input: { aws: release('1.35.3-20261120', AL2023, '1.35.3-20261120') } }],
  fail: [
    { input: { aws: release('1.35.2-20261101', AL2023, '1.35.3-20261120') }, failures: [{ path: 'nodegroup.releaseVersion', messageId: 'behindByDays', data: { release: '1.35.2-20261101', latest: '1.35.3-20261120', days: 19 }, severity: 'medium' }] },
    { input: { aws: release('1.35.0-20260601', AL2023, '1.35.3-20261120') }, failures: [{ path: 'nodegroup.releaseVersion', messageId: 'behindByDays', data: { release: '1.35.0-20260601', latest: '1.35.3-20261120', days: 172 }, severity: 'high' }] },
    // Bottlerocket releases carry no date
    {
      input: { aws: release('1.49.9-aaaaaaaa', BOTTLEROCKET, '1.49.10-713f44ce', 'BOTTLEROCKET_ARM_64_NVIDIA') },
      failures: [{ path: 'nodegroup.releaseVersion', messageId: 'behind', data: { release: '1.49.9-aaaaaaaa', latest: '1.49.10-713f44ce' }, severity: 'medium' }],
    },
  ],
});
