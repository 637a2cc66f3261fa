import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { vpcFlowLogs } from './eks-net-007-vpc-flow-logs.js';
import { PATHS, clusterResponse } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });

describe('EKS-NET-007 flow logs', () => {
  it('finds the VPC through the subnets when the cluster omits vpcId (moto, old responses)', () => {
    const files = {
      ...cluster({ resourcesVpcConfig: { vpcId: undefined } }),
      [PATHS.subnets]: { Subnets: [{ SubnetId: 'subnet-0a000000000000001', VpcId: 'vpc-0other' }] },
      [PATHS.flowLogs]: { FlowLogs: [{ FlowLogId: 'fl-1', ResourceId: 'vpc-0other', FlowLogStatus: 'ACTIVE' }] },
    };
    expect(summary(runAws(vpcFlowLogs, files))).toEqual(['pass']);
  });
  it('skips when the VPC is unknown', () => {
    expect(summary(runAws(vpcFlowLogs, { ...cluster({ resourcesVpcConfig: { vpcId: undefined } }), [PATHS.flowLogs]: { FlowLogs: [] } }))).toEqual(['skipped']);
  });
});

const withFlowLogs = (logs: unknown[]) => ({ ...cluster({}), [PATHS.flowLogs]: { FlowLogs: logs } });
const VPC = 'vpc-0fedcba9876543210';

testCheck(vpcFlowLogs, {
  pass: [{ input: { aws: withFlowLogs([{ FlowLogId: 'fl-1', ResourceId: VPC, FlowLogStatus: 'ACTIVE' }]) } }],
  fail: [
    { input: { aws: withFlowLogs([]) }, failures: [{ path: 'resourcesVpcConfig.vpcId', messageId: 'noFlowLog', data: { vpc: VPC }, severity: 'low' }] },
    // a flow log of another VPC does not count
    { input: { aws: withFlowLogs([{ FlowLogId: 'fl-2', ResourceId: 'vpc-0other', FlowLogStatus: 'ACTIVE' }]) }, failures: [{ path: 'resourcesVpcConfig.vpcId', messageId: 'noFlowLog', data: { vpc: VPC } }] },
    { input: { aws: withFlowLogs([{ FlowLogId: 'fl-1', ResourceId: VPC, FlowLogStatus: 'FAILED' }]) }, failures: [{ path: 'resourcesVpcConfig.vpcId', messageId: 'inactive', data: { vpc: VPC }, severity: 'low' }] },
  ],
});
