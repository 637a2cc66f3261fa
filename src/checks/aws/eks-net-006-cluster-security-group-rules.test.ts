import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { clusterSecurityGroupRules } from './eks-net-006-cluster-security-group-rules.js';
import { CLUSTER_SG, PATHS, clusterResponse, securityGroup, securityGroupsResponse } from './fixtures.js';

const cluster = (patch: unknown) => ({ [PATHS.cluster]: clusterResponse(patch) });

describe('EKS-NET-006 tightened cluster security group', () => {
  const tightened = (ports: [string, number][]) => ({
    ...cluster({}),
    [PATHS.securityGroups]: securityGroupsResponse([
      securityGroup(
        CLUSTER_SG,
        ports.map(([protocol, port]) => ({ IpProtocol: protocol, FromPort: port, ToPort: port, UserIdGroupPairs: [{ GroupId: CLUSTER_SG }] })),
      ),
    ]),
  });
  it('passes with the minimum rules and names the missing ones', () => {
    expect(summary(runAws(clusterSecurityGroupRules, tightened([['tcp', 443], ['tcp', 10250], ['tcp', 53], ['udp', 53]])))).toEqual(['pass']);
    const [finding] = runAws(clusterSecurityGroupRules, tightened([['tcp', 443], ['tcp', 10250], ['6', 53]]));
    expect(finding?.status).toBe('fail');
    expect(finding?.message).toContain('udp/53');
    expect(finding?.message).not.toContain('tcp/53');
  });
  it('is not applicable without a cluster security group', () => {
    expect(summary(runAws(clusterSecurityGroupRules, { ...cluster({ resourcesVpcConfig: { clusterSecurityGroupId: undefined } }), [PATHS.securityGroups]: { SecurityGroups: [] } }))).toEqual(['not-applicable']);
  });
});

const selfRules = (ports: [string, number][]) => ({
  ...cluster({}),
  [PATHS.securityGroups]: securityGroupsResponse([securityGroup(CLUSTER_SG, ports.map(([protocol, port]) => ({ IpProtocol: protocol, FromPort: port, ToPort: port, UserIdGroupPairs: [{ GroupId: CLUSTER_SG }] })))]),
});

testCheck(clusterSecurityGroupRules, {
  pass: [{ input: { aws: { ...cluster({}), [PATHS.securityGroups]: securityGroupsResponse() } } }, { input: { aws: selfRules([['tcp', 443], ['tcp', 10250], ['tcp', 53], ['udp', 53]]) } }],
  fail: [
    {
      input: { aws: selfRules([['tcp', 443], ['tcp', 10250]]) },
      failures: [{ path: `SecurityGroups[GroupId="${CLUSTER_SG}"].IpPermissions`, messageId: 'missingRules', data: { group: CLUSTER_SG, rules: 'tcp/53 (DNS to CoreDNS), udp/53 (DNS to CoreDNS)' }, severity: 'low' }],
    },
  ],
});
