import { describe, expect, it } from 'vitest';
import { awsExampleInventory } from '../../../test/helpers/aws-example.js';
import { inventoryFromYaml, runCheck } from '../../../test/helpers/run-check.js';
import { allChecks } from '../index.js';
import type { Check } from '../../core/check.js';
import type { Severity } from '../../core/types.js';

/** One failing finding: its severity, the field it points at, and words its message must contain. */
interface Expected {
  severity: Severity;
  path: string | undefined;
  says: string;
}

/**
 * What each AWS check reports for each of its own fail examples (the ones the docs show), finding
 * by finding: severity, field path and message. Every registered AWS check must have a row here,
 * with one entry per fail example; its own test file covers the edge cases.
 */
const FAIL_EXAMPLES: Readonly<Record<string, readonly (readonly Expected[])[]>> = {
  'EKS-NET-001': [
    [{ severity: 'high', path: 'resourcesVpcConfig.publicAccessCidrs', says: 'the public API endpoint admits 0.0.0.0/0' }],
  ],
  'EKS-NET-002': [
    [{ severity: 'low', path: 'resourcesVpcConfig.endpointPublicAccess', says: 'the public API endpoint is on, restricted to 198.51.100.0/24' }],
  ],
  'EKS-NET-003': [
    [{ severity: 'medium', path: 'resourcesVpcConfig.endpointPrivateAccess', says: 'the private API endpoint is off: nodes reach the control plane over the public' }],
  ],
  'EKS-NET-004': [
    [{ severity: 'low', path: 'resourcesVpcConfig.clusterSecurityGroupId', says: 'the cluster has no EKS-managed cluster security group' }],
  ],
  'EKS-NET-005': [
    [{ severity: 'critical', path: 'SecurityGroups[GroupId="sg-0c1a5e7000000000a"].IpPermissions', says: 'control-plane security group sg-0c1a5e7000000000a admits tcp/443 from 0.0.0.0/0' }],
  ],
  'EKS-NET-006': [
    [{ severity: 'low', path: 'SecurityGroups[GroupId="sg-0c1a5e7000000000a"].IpPermissions', says: 'cluster security group sg-0c1a5e7000000000a has no self-referencing ingress for' }],
  ],
  'EKS-NET-007': [
    [{ severity: 'low', path: 'resourcesVpcConfig.vpcId', says: 'VPC vpc-0fedcba9876543210 has no flow log' }],
  ],
  'EKS-NET-008': [
    [{ severity: 'medium', path: 'addon.configurationValues', says: 'the vpc-cni add-on does not set enableNetworkPolicy' }],
  ],
  'EKS-SG-001': [
    [{ severity: 'critical', path: 'SecurityGroups[GroupId="sg-0e0de00000000000b"].IpPermissions', says: 'node security group sg-0e0de00000000000b admits tcp/10250 from 0.0.0.0/0' }],
    [{ severity: 'critical', path: 'SecurityGroups[GroupId="sg-0e0de00000000000b"].IpPermissions', says: 'node security group sg-0e0de00000000000b admits all traffic from 0.0.0.0/0' }],
  ],
  'EKS-SG-002': [
    [{ severity: 'high', path: 'SecurityGroups[GroupId="sg-0e0de00000000000b"].IpPermissions', says: 'node security group sg-0e0de00000000000b admits tcp/22 (SSH/RDP) from 0.0.0.0/0' }],
    [{ severity: 'high', path: 'SecurityGroups[GroupId="sg-0e0de00000000000b"].IpPermissions', says: 'node security group sg-0e0de00000000000b admits tcp/3000-3500 (SSH/RDP) from' }],
  ],
  'EKS-SG-003': [
    [{ severity: 'low', path: 'LaunchTemplateData.SecurityGroupIds', says: 'the node groups sg-0e0de00000000000b do not admit TCP 10250 from the control' }],
  ],
  'EKS-NODE-001': [
    [{ severity: 'high', path: 'LaunchTemplateData.MetadataOptions.HttpTokens', says: 'the launch template sets HttpTokens to optional: IMDSv1 is allowed' }],
  ],
  'EKS-NODE-002': [
    [{ severity: 'medium', path: 'LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit', says: 'the launch template (hop limit 2): pods can reach the instance metadata service' }],
  ],
  'EKS-NODE-003': [
    [{ severity: 'medium', path: 'LaunchTemplateData.KeyName', says: 'the launch template installs SSH key ops-keypair' }],
    [{ severity: 'high', path: 'nodegroup.remoteAccess.ec2SshKey', says: 'remote access with SSH key ops-keypair from anywhere (no source security' }],
  ],
  'EKS-NODE-004': [
    [{ severity: 'medium', path: 'LaunchTemplateData.BlockDeviceMappings', says: 'block devices /dev/xvda are not encrypted and EBS encryption by default is off' }],
  ],
  'EKS-NODE-005': [
    [{ severity: 'medium', path: 'nodegroup.subnets', says: 'subnet subnet-0a000000000000001 routes 0.0.0.0/0 to an internet gateway' }],
  ],
  'EKS-NODE-006': [
    [{ severity: 'high', path: 'AttachedPolicies', says: 'node role eks-node-role has AdministratorAccess (arn:aws:iam::aws:policy/AdministratorAccess) attached, which grants every action' }],
    [{ severity: 'medium', path: 'AttachedPolicies', says: 'node role eks-node-role carries AmazonEKS_CNI_Policy' }],
  ],
  'EKS-NODE-007': [
    [{ severity: 'low', path: 'podExecutionRoleArn', says: 'pod-execution role fargate-pods also has' }],
  ],
  'EKS-VER-001': [
    [{ severity: 'high', path: 'version', says: 'Kubernetes 1.31 is out of EKS support since 2026-11-26 (the shipped EKS' }],
    [{ severity: 'high', path: 'version', says: 'Kubernetes 1.27 is out of EKS support since 2025-07-24 (the shipped EKS' }],
  ],
  'EKS-VER-002': [
    [{ severity: 'low', path: 'nodegroup.version', says: 'node group 1.33 is 2 minor versions behind the control plane 1.35' }],
  ],
  'EKS-VER-003': [
    [{ severity: 'medium', path: 'nodegroup.releaseVersion', says: 'release 1.35.2-20261101 is behind the latest 1.35.3-20261120 by 19 days' }],
  ],
  'EKS-VER-004': [
    [{ severity: 'high', path: 'nodegroup.amiType', says: 'AMI type AL2_x86_64: EKS Amazon Linux 2 AMIs are out of support since 2025-11-26' }],
  ],
  'EKS-VER-005': [
    [{ severity: 'low', path: 'addon.addonVersion', says: 'add-on coredns v1.11.4-eksbuild.2 is older than v1.12.4-eksbuild.1, the default' }],
    [{ severity: 'medium', path: 'addon.status', says: 'add-on coredns is DEGRADED' }],
  ],
  'EKS-VER-006': [
    [{ severity: 'info', path: 'platformVersion', says: 'platform version eks.2 is behind eks.5' }],
  ],
  'EKS-IAM-001': [
    [{ severity: 'medium', path: 'accessConfig.authenticationMode', says: 'authentication mode CONFIG_MAP: access is granted only through the aws-auth' }],
    [{ severity: 'low', path: 'accessConfig.authenticationMode', says: 'authentication mode API_AND_CONFIG_MAP: aws-auth still grants access next to' }],
  ],
  'EKS-IAM-002': [
    [{ severity: 'medium', path: 'accessConfig.bootstrapClusterCreatorAdminPermissions', says: 'the cluster creator was made cluster-admin at creation and cluster-admin access' }],
  ],
  'EKS-IAM-003': [
    [{ severity: 'high', path: 'associatedAccessPolicies', says: 'arn:aws:iam::111122223333:role/PlatformAdmin has AmazonEKSClusterAdminPolicy on' }],
    [{ severity: 'medium', path: 'accessEntry.principalArn', says: 'arn:aws:iam::111122223333:user/alice is an IAM user: use a role' }],
  ],
  'EKS-IAM-004': [
    [{ severity: 'high', path: 'data.mapRoles[1]', says: 'aws-auth maps arn:aws:iam::111122223333:role/dev to system:masters' }],
    [{ severity: 'high', path: 'data.mapAccounts', says: 'aws-auth mapAccounts admits every principal of 444455556666' }],
  ],
  'EKS-IAM-005': [
    [{ severity: 'low', path: 'identity.oidc.issuer', says: '1 role(s) trust' }],
  ],
  'EKS-IAM-006': [
    [{ severity: 'high', path: 'AssumeRolePolicyDocument', says: 'payments-api trusts' }, { severity: 'medium', path: 'AssumeRolePolicyDocument', says: 'payments-api does not pin' }],
    [{ severity: 'high', path: 'AssumeRolePolicyDocument', says: 'payments-api trusts every service account of' }, { severity: 'medium', path: 'AssumeRolePolicyDocument', says: 'payments-api does not pin' }],
  ],
  'EKS-IAM-007': [
    [{ severity: 'medium', path: 'addons', says: '1 Pod Identity association(s) but no eks-pod-identity-agent add-on: the pods' }],
    [{ severity: 'low', path: 'associations', says: 'role arn:aws:iam::111122223333:role/payments is shared by payments/api,' }],
  ],
  'EKS-IAM-008': [
    [{ severity: 'medium', path: 'addon.serviceAccountRoleArn', says: 'aws-node has no IRSA role or Pod Identity association: it uses the node role' }],
  ],
  'EKS-DATA-001': [
    [{ severity: 'medium', path: 'encryptionConfig', says: 'Secrets are encrypted only with the AWS-owned default key, not a customer KMS' }],
  ],
  'EKS-DATA-002': [
    [{ severity: 'high', path: 'encryptionConfig', says: 'KMS key 1234abcd-12ab-34cd-56ef-1234567890ab is PendingDeletion: the API server' }],
    [{ severity: 'low', path: 'encryptionConfig', says: 'automatic rotation is off for KMS key 1234abcd-12ab-34cd-56ef-1234567890ab' }],
  ],
  'EKS-DATA-003': [
    [{ severity: 'high', path: 'LaunchTemplateData.UserData', says: 'user data MIME part 2 (text/x-shellscript), line 2: ' }],
    [{ severity: 'high', path: 'LaunchTemplateData.UserData', says: 'user data, line 3: ' }],
  ],
  'EKS-LOG-001': [
    [{ severity: 'high', path: 'logging.clusterLogging', says: 'the audit log type is not enabled' }],
  ],
  'EKS-LOG-002': [
    [{ severity: 'medium', path: 'logging.clusterLogging', says: 'control-plane log types not enabled: authenticator, controllerManager, scheduler' }],
  ],
  'EKS-LOG-003': [
    [{ severity: 'low', path: 'logGroups.retentionInDays', says: '/aws/eks/prod/cluster is kept only 7 days' }],
  ],
  'EKS-MON-001': [
    [{ severity: 'medium', path: undefined, says: 'GuardDuty in us-east-1 has EKS audit-log monitoring (EKS_AUDIT_LOGS) off' }],
    [{ severity: 'medium', path: undefined, says: 'GuardDuty has no detector in us-east-1' }],
  ],
  'EKS-MON-002': [
    [{ severity: 'low', path: undefined, says: 'GuardDuty runtime monitoring is off in us-east-1' }],
  ],
  'EKS-MON-003': [
    [{ severity: 'medium', path: 'imageScanningConfiguration', says: 'repository payments/api, used by Deployment/payments/api, is not scanned (no' }],
  ],
  'EKS-ECR-001': [
    [{ severity: 'high', path: 'policyText.Statement[0]', says: 'repository payments/api: statement 1 lets anyone (Principal "*" without a condition that pins the caller) read' }],
  ],
  'EKS-ECR-002': [
    [{ severity: 'high', path: 'policyText.Statement[0]', says: 'statement 1 lets account 444455556666, which is not in trustedAccounts write (ecr:ReplicateImage, ecr:CreateRepository)' }],
  ],
  'EKS-DATA-004': [
    [{ severity: 'low', path: 'deletionProtection', says: 'deletion protection is off' }],
  ],
  'EKS-MON-005': [
    [{ severity: 'critical', path: 'imageScanFindingsSummary.findingSeverityCounts', says: 'run by Deployment/payments/api, has 1 critical and 2 high ECR scan findings' }],
  ],
  'EKS-LOG-004': [
    [{ severity: 'medium', path: 'trailList', says: 'no trail that covers us-east-1 records its management events: audit is not logging' }],
  ],
  'EKS-LOG-005': [
    [{ severity: 'medium', path: 'metricFilters', says: 'raises no alarm with actions for 1 of 4 suspicious audit events; no metric filter catches exec into and attach to pods' }],
  ],
  'EKS-MON-004': [
    [{ severity: 'low', path: 'imageTagMutability', says: 'repository payments/api, used by Deployment/payments/api, allows tags to be' }],
  ],
  'EKS-IAM-009': [
    [{ severity: 'critical', path: 'AttachedPolicies', says: 'workload role payments-api (used by ServiceAccount payments/api (IRSA)) is granted every action on every resource' }],
    [{ severity: 'critical', path: 'AttachedPolicies', says: 'is granted iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction: run code as any role' }],
  ],
  'EKS-IAM-010': [
    [{ severity: 'high', path: 'AttachedPolicies', says: 'is granted secretsmanager:GetSecretValue on every secret' }],
    [{ severity: 'high', path: 'AttachedPolicies', says: 'is granted s3:GetObject on every bucket' }],
  ],
  // attack paths point at the path by its stable fingerprint
  'EKS-PATH-001': [
    [{ severity: 'critical', path: 'paths[03d76e35985f2f4a]', says: 'path of 6 steps: the internet → load balancer of Service payments/api' }],
    [{ severity: 'critical', path: 'paths[ca5db7cd2e17f9ff]', says: 'path of 6 steps: the internet → load balancer of Service payments/api' }],
  ],
  'EKS-PATH-002': [[{ severity: 'high', path: 'paths[10b2622030e7d27b]', says: 'path of 6 steps: the internet' }]],
  'EKS-PATH-003': [[{ severity: 'high', path: 'paths[24af867bb995a4bc]', says: 'path of 6 steps: the internet' }]],
  'EKS-PATH-004': [[{ severity: 'critical', path: 'paths[1f8edc5ccb08948e]', says: 'path of 5 steps: the internet → load balancer of Service shop/web' }]],
};

/** Findings without a field path, and why no field of any response can be named. */
const WITHOUT_PATH: Readonly<Record<string, string>> = {
  'EKS-MON-001': 'a region without a GuardDuty detector, or a detector without the feature: the finding is the absence',
  'EKS-MON-002': 'a region without GuardDuty runtime monitoring: the finding is the absence',
};

function failuresOf(check: Check, example: string): Expected[] {
  const findings = runCheck(check, awsExampleInventory(example, (yaml) => inventoryFromYaml(yaml)), check.examples.settings ? { settings: check.examples.settings } : {});
  return findings.filter((finding) => finding.status === 'fail').map((finding) => ({ severity: finding.severity, path: finding.path, says: finding.message }));
}

const awsChecks = allChecks.filter((check) => check.id.startsWith('EKS-'));

describe('AWS checks: message, path and severity of every fail example', () => {
  it('has a row for every registered AWS check, one entry per fail example', () => {
    expect(awsChecks.length).toBeGreaterThan(40);
    for (const check of awsChecks) expect(FAIL_EXAMPLES[check.id]?.length, `${check.id} fail examples`).toBe(check.examples.fail.length);
    expect(Object.keys(FAIL_EXAMPLES).filter((id) => !awsChecks.some((check) => check.id === id))).toEqual([]);
  });

  for (const check of awsChecks) {
    it(`${check.id} says what fails and where`, () => {
      check.examples.fail.forEach((example, index) => {
        const expected = FAIL_EXAMPLES[check.id]?.[index] ?? [];
        const actual = failuresOf(check, example);
        expect(actual.map(({ severity, path }) => ({ severity, path })), `${check.id} fail example ${index + 1}`).toEqual(expected.map(({ severity, path }) => ({ severity, path })));
        actual.forEach((finding, position) => expect(finding.says, `${check.id} fail example ${index + 1}`).toContain(expected[position]!.says));
        const pathless = actual.filter((finding) => finding.path === undefined);
        if (pathless.length > 0) expect(WITHOUT_PATH[check.id], `${check.id} reports a finding without a field path`).toBeDefined();
      });
    });
  }
});
