/** AWS responses for the tests of the workload-role checks (EKS-IAM-009, EKS-IAM-010): one role, its policies and boundary. */
import { ACCOUNT, ISSUER_HOST, PATHS, attachedPolicies, clusterResponse, irsaTrust, roleJson } from './fixtures.js';

export const WORKLOAD_ROLE = 'payments-api';
export const workloadTrust = irsaTrust({ StringEquals: { [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:payments:api', [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com' } });
export const policyDocument = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

/** The caveat every message carries while iam:GetRole of the role (whether it has a boundary) was not collected. */
export const BOUNDARY_NOT_READ = `; whether role ${WORKLOAD_ROLE} has a permissions boundary (iam:GetRole) was not read, and a boundary would narrow this`;

export interface WorkloadRoleOptions {
  name?: string;
  trust?: unknown;
  managed?: string[];
  inline?: Record<string, unknown>;
  /** a boundary document, or `'none'` for a collected iam:GetRole without a boundary */
  boundary?: unknown;
  /** false: the attached and inline policy lists were not collected */
  listed?: boolean;
}

export function workloadRoleFiles(options: WorkloadRoleOptions = {}): Record<string, unknown> {
  const name = options.name ?? WORKLOAD_ROLE;
  const trust = options.trust ?? workloadTrust;
  const out: Record<string, unknown> = {
    [PATHS.cluster]: clusterResponse(),
    [PATHS.roles]: { Roles: [roleJson(name, trust)] },
  };
  if (options.listed !== false) {
    out[PATHS.attachedPolicies(name)] = attachedPolicies(options.managed ?? []);
    out[PATHS.rolePolicies(name)] = { PolicyNames: Object.keys(options.inline ?? {}) };
  }
  for (const [policy, document] of Object.entries(options.inline ?? {})) out[`iam/roles/${name}/inline-${policy}.json`] = { RoleName: name, PolicyName: policy, PolicyDocument: document };
  if (options.boundary === 'none') out[`iam/roles/${name}/get-role.json`] = { Role: roleJson(name, trust) };
  else if (options.boundary) {
    const arn = `arn:aws:iam::${ACCOUNT}:policy/workload-boundary`;
    out[`iam/roles/${name}/get-role.json`] = { Role: { ...roleJson(name, trust), PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } } };
    out['iam/policies/workload-boundary/get-policy.json'] = { Policy: { Arn: arn, PolicyName: 'workload-boundary', DefaultVersionId: 'v3' } };
    out['iam/policies/workload-boundary/get-policy-version.json'] = { PolicyVersion: { VersionId: 'v3', Document: encodeURIComponent(JSON.stringify(options.boundary)) } };
  }
  return out;
}
