/**
 * Examples of the EKS-PATH-* checks: an internet-facing Service in front of a workload whose
 * ServiceAccount assumes an IRSA role (AWS responses as in a snapshot, then the manifests), and
 * the same with the Service internal.
 */
import { awsExample } from '../aws/example.js';
import { ACCOUNT, ISSUER_HOST, PATHS, REGION, attachedPolicies, clusterResponse, irsaTrust, roleJson } from '../aws/fixtures.js';

const ROLE = 'payments-api';

function manifests(internal: boolean): string {
  const scheme = internal ? `\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-internal: "true"` : '';
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: payments
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/${ROLE}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: payments }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      serviceAccountName: api
      containers: [{ name: api, image: example.com/payments/api:1.4.2 }]
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: payments${scheme}
spec:
  type: LoadBalancer
  selector: { app: api }
  ports: [{ port: 443 }]
`;
}

export interface IrsaOptions {
  internal: boolean;
  managed?: readonly string[];
  inline?: unknown;
}

/** The AWS responses (by snapshot path) and the manifests of an example: the role's permissions are AWS managed policies, or one inline policy document. */
export function irsaWorld(options: IrsaOptions): { aws: Record<string, unknown>; kubeYaml: string } {
  const trust = irsaTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:payments:api', [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
  const files: Record<string, unknown> = {
    [PATHS.cluster]: clusterResponse(),
    [PATHS.roles]: { Roles: [roleJson(ROLE, trust)] },
    [PATHS.attachedPolicies(ROLE)]: attachedPolicies(options.managed ?? []),
    [PATHS.rolePolicies(ROLE)]: { PolicyNames: options.inline ? ['app'] : [] },
    // the cluster has no node groups, Fargate profiles, access entries or Pod Identity associations
    [`${REGION}/eks/clusters/prod/list-nodegroups.json`]: { nodegroups: [] },
    [`${REGION}/eks/clusters/prod/list-fargate-profiles.json`]: { fargateProfileNames: [] },
    [PATHS.listAccessEntries]: { accessEntries: [] },
    [PATHS.listPodIdentity]: { associations: [] },
  };
  if (options.inline) files[`iam/roles/${ROLE}/inline-app.json`] = { RoleName: ROLE, PolicyName: 'app', PolicyDocument: options.inline };
  return { aws: files, kubeYaml: manifests(options.internal) };
}

/** The same world as a check example. */
export function irsaExample(options: IrsaOptions): string {
  const world = irsaWorld(options);
  return awsExample(world.aws, world.kubeYaml);
}

export const allow = (action: string | string[], resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
