import { defineCheck, fail, notApplicable, pass, type Verdict } from '../../core/check.js';
import { fieldPath, type FieldPath } from '../../core/field-path.js';
import type { CheckContext } from '../../core/check.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { roleNameOf } from '../../aws/json.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { parseAwsAuth } from '../../k8s/aws-auth/parse.js';
import { record } from '../../k8s/fields.js';
import { objectsOf } from '../../k8s/targets.js';
import { awsExample } from './example.js';
import { ACCOUNT, NODE_ROLE_ARN, PATHS, clusterResponse, nodegroupResponse } from './fixtures.js';

const NODE_GROUPS = new Set(['system:bootstrappers', 'system:nodes', 'system:node-proxier']);

function awsAuthOf(ctx: CheckContext) {
  return objectsOf('ConfigMap', ctx).find((object) => object.name === 'aws-auth' && object.namespace === 'kube-system');
}

function configMap(mapRoles: string, extra = ''): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
${mapRoles.trim().split('\n').map((line) => `    ${line}`).join('\n')}
${extra}`;
}

const nodeMapping = `- rolearn: ${NODE_ROLE_ARN}
  username: system:node:{{EC2PrivateDNSName}}
  groups: [system:bootstrappers, system:nodes]`;

const mixedMode = {
  [PATHS.cluster]: clusterResponse({ accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }),
  [PATHS.nodegroup()]: nodegroupResponse({ launchTemplate: undefined }),
};

/**
 * EKS-IAM-004: fails when aws-auth maps a principal to system:masters, maps a node role to groups
 * beyond the node groups, maps IAM users (medium) or admits whole accounts.
 */
export const awsAuthMappings = defineCheck<ClusterModel>({
  id: 'EKS-IAM-004',
  title: 'The aws-auth ConfigMap should grant no more than node access',
  area: 'iam',
  severity: 'high',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.nodegroups],
  rationale:
    'While the cluster still reads aws-auth (authentication modes CONFIG_MAP and API_AND_CONFIG_MAP), every mapping there is an identity grant outside IAM and CloudTrail: system:masters cannot be restricted by RBAC, mapAccounts lets every principal of another account in, IAM users carry long-lived keys, and a node role mapped to more than the node groups lets anything on a node act as an administrator.',
  remediation:
    'Map node roles only to system:bootstrappers and system:nodes, remove system:masters, mapUsers and mapAccounts (use access entries with scoped access policies instead), and finish the move to authenticationMode API.',
  messages: {
    masters: 'aws-auth maps {{arn}} to system:masters',
    nodeRoleMasters: 'aws-auth maps {{arn}} to system:masters, and it is a node role',
    nodeRoleGroups: 'node role {{arn}} is mapped to {{groups}} besides the node groups',
    iamUser: 'aws-auth maps IAM user {{arn}}: use roles',
    accounts: 'aws-auth mapAccounts admits every principal of {{accounts}}',
  },
  references: [`${EKS_BPG}/identity-and-access-management.html`, 'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample(mixedMode, configMap(nodeMapping))],
    fail: [
      awsExample(mixedMode, configMap(`${nodeMapping}\n- rolearn: arn:aws:iam::${ACCOUNT}:role/dev\n  username: dev\n  groups: [system:masters]`)),
      awsExample(mixedMode, configMap(nodeMapping, `  mapAccounts: |\n    - "444455556666"\n`)),
    ],
  }),
  evaluate(cluster, ctx) {
    const mode = cluster.accessConfig?.authenticationMode;
    if (mode === 'API') return notApplicable('authentication mode API: EKS ignores aws-auth');
    const object = awsAuthOf(ctx);
    if (!object) return skipped('the kube-system/aws-auth ConfigMap was not read: scan the cluster (or its manifests) together with --aws');
    const auth = parseAwsAuth(record(object.raw)['data']);
    const nodeRoles = new Set(
      [...awsView(ctx).nodegroupsOf(cluster).map((ng) => ng.nodeRole), ...awsView(ctx).fargateProfilesOf(cluster).map((fp) => fp.podExecutionRoleArn)]
        .map((arn) => roleNameOf(arn))
        .filter((name): name is string => !!name),
    );
    const verdicts: Verdict[] = [];
    for (const mapping of [...auth.mapRoles, ...auth.mapUsers]) {
      const isNodeRole = mapping.key === 'mapRoles' && nodeRoles.has(roleNameOf(mapping.arn) ?? '');
      if (mapping.groups.includes('system:masters')) {
        verdicts.push(fail({ messageId: isNodeRole ? 'nodeRoleMasters' : 'masters', data: { arn: mapping.arn || '(no ARN)' }, path: mapping.path as FieldPath, absolutePath: true })); // paths rendered by src/k8s/aws-auth
      } else if (isNodeRole && mapping.groups.some((group) => !NODE_GROUPS.has(group))) {
        verdicts.push(fail({ messageId: 'nodeRoleGroups', data: { arn: mapping.arn, groups: mapping.groups.filter((group) => !NODE_GROUPS.has(group)).join(', ') }, path: mapping.path as FieldPath, absolutePath: true }));
      }
      if (mapping.key === 'mapUsers') verdicts.push(fail({ messageId: 'iamUser', data: { arn: mapping.arn }, path: mapping.path as FieldPath, severity: 'medium', absolutePath: true }));
    }
    if (auth.mapAccounts.length > 0) verdicts.push(fail({ messageId: 'accounts', data: { accounts: auth.mapAccounts.map((account) => account.id).join(', ') }, path: fieldPath('data', 'mapAccounts'), absolutePath: true }));
    return verdicts.length > 0 ? verdicts : pass(`aws-auth maps ${auth.mapRoles.length} role(s), node roles only to the node groups`);
  },
});
