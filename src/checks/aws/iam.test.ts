import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { eksIam001 } from './eks-iam-001.js';
import { CLUSTER_ADMIN_POLICY, eksIam002 } from './eks-iam-002.js';
import { eksIam003 } from './eks-iam-003.js';
import { eksIam004 } from './eks-iam-004.js';
import { eksIam005 } from './eks-iam-005.js';
import { eksIam006 } from './eks-iam-006.js';
import { eksIam007 } from './eks-iam-007.js';
import { eksIam008 } from './eks-iam-008.js';
import { ACCOUNT, ISSUER_HOST, NODE_ROLE_ARN, PATHS, clusterResponse, irsaTrust, nodegroupResponse, podIdentityTrust, roleJson } from './fixtures.js';

const mode = (authenticationMode: unknown) => ({ [PATHS.cluster]: clusterResponse({ accessConfig: { authenticationMode } }) });

describe('EKS-IAM-001 authentication mode', () => {
  it('grades CONFIG_MAP, API_AND_CONFIG_MAP and a missing accessConfig', () => {
    expect(summary(runAws(eksIam001, mode('CONFIG_MAP')))).toEqual(['fail:medium']);
    expect(summary(runAws(eksIam001, mode('API_AND_CONFIG_MAP')))).toEqual(['fail:low']);
    expect(summary(runAws(eksIam001, { [PATHS.cluster]: clusterResponse({ accessConfig: undefined }) }))).toEqual(['fail:info']);
  });
});

describe('EKS-IAM-002 / EKS-IAM-003 access entries', () => {
  const entry = (principal: string, policies: unknown[], type = 'STANDARD', groups: string[] = []) => ({
    [PATHS.cluster]: clusterResponse({ accessConfig: { bootstrapClusterCreatorAdminPermissions: true } }),
    [PATHS.accessEntry('e')]: { accessEntry: { clusterName: 'prod', principalArn: principal, type, kubernetesGroups: groups } },
    [PATHS.accessPolicies('e')]: { clusterName: 'prod', principalArn: principal, associatedAccessPolicies: policies },
  });
  const nsAdmin = { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: 'namespace', namespaces: ['team-a'] } };
  it('passes a bootstrapped cluster whose admin entries were narrowed to namespaces', () => {
    expect(summary(runAws(eksIam002, entry(`arn:aws:iam::${ACCOUNT}:role/ci`, [nsAdmin])))).toEqual(['pass']);
  });
  it('does not count namespace-scoped admin as cluster-wide, but flags system:masters and users', () => {
    expect(summary(runAws(eksIam003, entry(`arn:aws:iam::${ACCOUNT}:role/team-a`, [nsAdmin])))).toEqual(['pass']);
    expect(summary(runAws(eksIam003, entry(`arn:aws:iam::${ACCOUNT}:role/ops`, [], 'STANDARD', ['system:masters'])))).toEqual(['fail:high']);
    expect(summary(runAws(eksIam003, entry(`arn:aws:iam::${ACCOUNT}:user/bob`, [{ policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy', accessScope: { type: 'cluster' } }])))).toEqual([
      'fail:high',
      'fail:medium',
    ]);
  });
  it('flags principals of another account than the cluster', () => {
    expect(summary(runAws(eksIam003, entry('arn:aws:iam::999988887777:role/vendor', [])))).toEqual(['fail:medium']);
    expect(summary(runAws(eksIam003, entry(`arn:aws:iam::${ACCOUNT}:role/vendor`, [])))).toEqual(['pass']);
  });
  it('is not applicable to node entries and skipped when the policies were not collected', () => {
    expect(summary(runAws(eksIam003, entry(NODE_ROLE_ARN, [], 'EC2_LINUX')))).toEqual(['not-applicable']);
    const files = entry(`arn:aws:iam::${ACCOUNT}:role/x`, []);
    delete (files as Record<string, unknown>)[PATHS.accessPolicies('e')];
    expect(summary(runAws(eksIam003, files))).toEqual(['skipped']);
  });
});

describe('EKS-IAM-004 aws-auth (cross check with the cluster)', () => {
  const mixed = { [PATHS.cluster]: clusterResponse({ accessConfig: { authenticationMode: 'CONFIG_MAP' } }), [PATHS.nodegroup()]: nodegroupResponse({ launchTemplate: undefined }) };
  const awsAuth = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n${data}`;
  it('flags a node role with extra groups, IAM users, and reports the path inside the ConfigMap', () => {
    const findings = runAws(
      eksIam004,
      mixed,
      awsAuth(`  mapRoles: |\n    - rolearn: ${NODE_ROLE_ARN}\n      groups: [system:nodes, admins]\n  mapUsers: |\n    - userarn: arn:aws:iam::${ACCOUNT}:user/alice\n      groups: [viewers]\n`),
    );
    expect(summary(findings)).toEqual(['fail:high', 'fail:medium']);
    expect(findings[0]?.path).toBe('data.mapRoles[0]');
  });
  it('is not applicable in API mode and skipped without the ConfigMap', () => {
    expect(summary(runAws(eksIam004, { ...mixed, [PATHS.cluster]: clusterResponse() }))).toEqual(['not-applicable']);
    expect(summary(runAws(eksIam004, mixed))).toEqual(['skipped']);
  });
  it('survives an aws-auth whose mapRoles is not YAML', () => {
    expect(summary(runAws(eksIam004, mixed, awsAuth('  mapRoles: "- rolearn: [unclosed"\n')))).toEqual(['pass']);
  });
});

describe('EKS-IAM-005 / EKS-IAM-006 IRSA', () => {
  const provider = { [PATHS.oidcProviders]: { OpenIDConnectProviderList: [] } };
  const role = (conditions: Record<string, unknown>, name = 'app') => roleJson(name, irsaTrust(conditions));
  const exact = (sa: string) => ({ StringEquals: { [`${ISSUER_HOST}:sub`]: sa, [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
  it('passes a cluster that does not use IRSA without a provider', () => {
    expect(summary(runAws(eksIam005, { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [] }, ...provider }))).toEqual(['pass']);
  });
  it('flags a provider without the STS audience', () => {
    const files = { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [] }, [PATHS.oidcProvider]: { Url: `https://${ISSUER_HOST}`, ClientIDList: ['something'] }, ...provider };
    expect(summary(runAws(eksIam005, files))).toEqual(['fail:low']);
  });
  it('reads URL-encoded trust policies (SDK v3) and flags a missing aud', () => {
    const encoded = roleJson('app', encodeURIComponent(JSON.stringify(irsaTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:a:b' } }))));
    expect(summary(runAws(eksIam006, { [PATHS.roles]: { Roles: [encoded] } }))).toEqual(['fail:medium']);
  });
  it('treats StringLike without wildcards as exact, and condition keys case-insensitively', () => {
    const like = role({ StringLike: { [`${ISSUER_HOST.toUpperCase()}:SUB`]: 'system:serviceaccount:a:b' }, StringEquals: { [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
    expect(summary(runAws(eksIam006, { [PATHS.roles]: { Roles: [like] } }))).toEqual(['pass']);
    const wildcard = role({ StringLike: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:a:*' }, StringEquals: { [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
    expect(summary(runAws(eksIam006, { [PATHS.roles]: { Roles: [wildcard] } }))).toEqual(['fail:high']);
  });
  it('joins ServiceAccount annotations: a role that does not trust its ServiceAccount is reported', () => {
    const sa = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: worker\n  namespace: jobs\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/app\n`;
    const findings = runAws(eksIam006, { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [role(exact('system:serviceaccount:web:api'))] } }, sa);
    expect(summary(findings)).toEqual(['fail:low']);
    expect(findings[0]?.message).toContain('jobs/worker');
  });
  it('ignores roles that trust nothing of EKS and fails undecodable trust policies', () => {
    expect(runAws(eksIam006, { [PATHS.roles]: { Roles: [roleJson('ec2', { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })] } })).toEqual([]);
    const sa = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n  namespace: y\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/broken\n`;
    expect(summary(runAws(eksIam006, { [PATHS.roles]: { Roles: [roleJson('broken', '%7Bnot-json')] } }, sa))).toEqual(['fail:high']);
  });
});

describe('EKS-IAM-007 Pod Identity', () => {
  const association = (id: string, role: string) => ({ association: { clusterName: 'prod', namespace: 'payments', serviceAccount: 'api', associationId: id, roleArn: `arn:aws:iam::${ACCOUNT}:role/${role}` } });
  it('flags a role that does not trust pods.eks.amazonaws.com', () => {
    const files = {
      [PATHS.cluster]: clusterResponse(),
      [PATHS.roles]: { Roles: [roleJson('payments', { Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] })] },
      [PATHS.podIdentity('a')]: association('a-1', 'payments'),
      [PATHS.addon('eks-pod-identity-agent')]: { addon: { addonName: 'eks-pod-identity-agent', clusterName: 'prod' } },
    };
    expect(summary(runAws(eksIam007, files))).toEqual(['fail:medium']);
    expect(podIdentityTrust.Statement[0]?.Action).toContain('sts:TagSession');
  });
  it('is not applicable without associations', () => {
    expect(summary(runAws(eksIam007, { [PATHS.cluster]: clusterResponse(), [PATHS.roles]: { Roles: [] }, [PATHS.listPodIdentity]: { associations: [] }, [PATHS.listAddons]: { addons: [] } }))).toEqual(['not-applicable']);
  });
});

describe('EKS-IAM-008 aws-node credentials', () => {
  it('accepts a Pod Identity association or an annotated ServiceAccount', () => {
    const cni = { addon: { addonName: 'vpc-cni', clusterName: 'prod' } };
    const podIdentity = { association: { clusterName: 'prod', namespace: 'kube-system', serviceAccount: 'aws-node', associationId: 'a-9', roleArn: 'arn:aws:iam::1:role/cni' } };
    expect(summary(runAws(eksIam008, { [PATHS.cluster]: clusterResponse(), [PATHS.addon('vpc-cni')]: cni, [PATHS.podIdentity('cni')]: podIdentity }))).toEqual(['pass']);
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: aws-node\n  namespace: kube-system\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::1:role/cni\n';
    expect(summary(runAws(eksIam008, { [PATHS.cluster]: clusterResponse(), [PATHS.listAddons]: { addons: [] }, [PATHS.listPodIdentity]: { associations: [] } }, sa))).toEqual(['pass']);
    expect(summary(runAws(eksIam008, { [PATHS.cluster]: clusterResponse(), [PATHS.listAddons]: { addons: [] }, [PATHS.listPodIdentity]: { associations: [] } }))).toEqual(['skipped']);
  });
});
