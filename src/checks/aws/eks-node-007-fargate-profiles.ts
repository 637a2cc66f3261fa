import { defineCheck, fail, pass, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { FargateProfileModel } from '../../aws/models.js';
import { isAwsManaged, policyName } from '../../aws/node-config.js';
import { subnetExposure } from '../../aws/network.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { awsView, fargateProfiles } from '../../aws/view.js';
import { awsExample } from './example.js';
import { ACCOUNT, CLUSTER, PATHS, REGION, attachedPolicies, clusterResponse, privateRoutes, privateSubnets, roleJson } from './fixtures.js';

const podTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks-fargate-pods.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function fixture(policies: readonly string[]): Record<string, unknown> {
  return {
    [PATHS.cluster]: clusterResponse(),
    [PATHS.fargate()]: {
      fargateProfile: {
        fargateProfileName: 'batch',
        fargateProfileArn: `arn:aws:eks:${REGION}:${ACCOUNT}:fargateprofile/${CLUSTER}/batch/1a2b`,
        clusterName: CLUSTER,
        podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/fargate-pods`,
        subnets: ['subnet-0a000000000000001'],
        selectors: [{ namespace: 'batch' }],
      },
    },
    [PATHS.subnets]: privateSubnets,
    [PATHS.routeTables]: privateRoutes,
    [PATHS.roles]: { Roles: [roleJson('fargate-pods', podTrust)] },
    [PATHS.attachedPolicies('fargate-pods')]: attachedPolicies(policies),
    [PATHS.rolePolicies('fargate-pods')]: { PolicyNames: [] },
  };
}

const SUBNETS = fieldPath('fargateProfile', 'subnets');
const ROLE = fieldPath('podExecutionRoleArn');

const FARGATE_POLICY = 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy';

/**
 * EKS-NODE-007: fails when a Fargate profile subnet is public, or its pod-execution role has
 * managed policies beyond the execution policy or inline policies.
 */
export const fargateProfileExposure = defineCheck<FargateProfileModel>({
  id: 'EKS-NODE-007',
  title: 'Fargate profiles should use private subnets and a narrow pod-execution role',
  area: 'nodes',
  severity: 'low',
  target: fargateProfiles,
  needs: [AWS_KEYS.fargateProfiles, AWS_KEYS.subnets, AWS_KEYS.routeTables, AWS_KEYS.roles, AWS_KEYS.attachedPolicies, AWS_KEYS.inlinePolicies],
  rationale:
    'Fargate runs pods in the profile subnets with the pod-execution role, which pulls images and ships logs. Public subnets expose the pod ENIs; extra permissions on the execution role are available to the Fargate infrastructure of every selected pod.',
  remediation: 'Use private subnets for Fargate profiles (EKS requires them; old profiles may predate the rule) and keep only AmazonEKSFargatePodExecutionRolePolicy on the pod-execution role.',
  messages: {
    publicSubnet: 'subnet {{subnet}} {{reasons}}',
    extraPolicies: 'pod-execution role {{role}} also has {{policies}}',
    inlinePolicies: 'pod-execution role {{role}} has inline policies {{policies}}',
  },
  references: [`${EKS_UG}/fargate-profile.html`, `${EKS_UG}/pod-execution-role.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample(fixture([FARGATE_POLICY]))],
    fail: [awsExample(fixture([FARGATE_POLICY, 'arn:aws:iam::aws:policy/AmazonS3FullAccess']))],
  }),
  evaluate(profile, ctx) {
    const view = awsView(ctx);
    const verdicts: Verdict[] = [];
    const tables = view.routeTablesIn(profile.region);
    for (const id of profile.subnets) {
      const subnet = view.subnet(id);
      if (!subnet) continue;
      const exposure = subnetExposure(subnet, tables);
      if (exposure.public) verdicts.push(fail({ messageId: 'publicSubnet', data: { subnet: id, reasons: exposure.reasons.join(' and ') }, path: SUBNETS }));
    }
    const role = view.role(profile.podExecutionRoleArn);
    if (!role) return verdicts.length > 0 ? verdicts : skipped(`pod-execution role ${profile.podExecutionRoleArn ?? '(none)'} was not found in the collected data`);
    if (!role.attachedPolicyArns || !role.inlinePolicyNames) return verdicts.length > 0 ? verdicts : skipped(`the policies of role ${role.name} were not collected`);
    const extra = role.attachedPolicyArns.filter((arn) => !(isAwsManaged(arn) && policyName(arn) === 'AmazonEKSFargatePodExecutionRolePolicy'));
    if (extra.length > 0) verdicts.push(fail({ messageId: 'extraPolicies', data: { role: role.name, policies: extra.join(', ') }, path: ROLE }));
    if (role.inlinePolicyNames.length > 0) verdicts.push(fail({ messageId: 'inlinePolicies', data: { role: role.name, policies: role.inlinePolicyNames.join(', ') }, path: ROLE }));
    return verdicts.length > 0 ? verdicts : pass('private subnets and a scoped pod-execution role');
  },
});
