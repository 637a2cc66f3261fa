import type { CheckContext } from '../core/check.js';
import { globMatches } from '../core/glob.js';
import type { PolicyStatement, RoleModel } from './models.js';
import { conditionValues } from './policy.js';
import { awsView } from './view.js';

export function issuerHost(issuer: string | undefined): string | undefined {
  const host = issuer?.replace(/^https:\/\//, '').replace(/\/$/, '');
  return host ? host : undefined;
}

/** The EKS OIDC provider host a federated principal names (`arn:aws:iam::1:oidc-provider/oidc.eks...`), if it is one. */
export function federatedEksHost(principal: string): string | undefined {
  const match = /oidc-provider\/(oidc\.eks\.[^/]+\.amazonaws\.com(?:\.cn)?\/id\/[A-Za-z0-9]+)$/.exec(principal);
  return match?.[1];
}

export interface IrsaStatement {
  statement: PolicyStatement;
  host: string;
}

/** Allow statements of a role's trust policy that let web identities of an EKS OIDC provider assume it. */
export function irsaStatements(role: RoleModel): IrsaStatement[] {
  const out: IrsaStatement[] = [];
  for (const statement of role.trust) {
    if (statement.effect !== 'Allow') continue;
    const webIdentity = statement.actions.some((action) => action === 'sts:AssumeRoleWithWebIdentity' || action === 'sts:*' || action === '*');
    if (!webIdentity) continue;
    for (const principal of statement.principals['Federated'] ?? []) {
      const host = federatedEksHost(principal);
      if (host) out.push({ statement, host });
    }
  }
  return out;
}

export function irsaRolesOf(ctx: Pick<CheckContext, 'memo' | 'inventory'>, host: string): RoleModel[] {
  return awsView(ctx).roles.filter((role) => irsaStatements(role).some((entry) => entry.host === host));
}

const EXACT = ['StringEquals'];
const PATTERN = ['StringLike'];

export interface TrustScope {
  /** service accounts the statement names exactly */
  subjects: string[];
  /** wildcard subjects (StringLike with `*` or `?`) */
  wildcards: string[];
  audienceOk: boolean;
}

/** What a trust statement lets in: exact `sub` values, wildcard patterns, and whether `aud` is pinned to STS. */
export function trustScope(entry: IrsaStatement): TrustScope {
  const sub = `${entry.host}:sub`;
  const aud = `${entry.host}:aud`;
  // StringEquals compares literally (a `*` there matches only a literal star)
  const subjects = conditionValues(entry.statement, EXACT, sub);
  const likes = conditionValues(entry.statement, PATTERN, sub);
  // StringLike without wildcards matches exactly, like StringEquals
  subjects.push(...likes.filter((value) => !/[*?]/.test(value)));
  const wildcards = likes.filter((value) => /[*?]/.test(value));
  const audiences = [...conditionValues(entry.statement, EXACT, aud), ...conditionValues(entry.statement, PATTERN, aud)];
  return { subjects, wildcards, audienceOk: audiences.length > 0 && audiences.every((value) => value === 'sts.amazonaws.com') };
}

/** IAM StringLike matching: `*` any run of characters, `?` one character; linear time, whatever the pattern. */
export function matchesPattern(pattern: string, value: string): boolean {
  return globMatches(pattern, value, { questionMark: true });
}
