import type { Severity } from '../core/types.js';
import { globMatches } from '../core/glob.js';
import type { PolicyStatement } from './models.js';

/**
 * Who an ECR resource policy lets in, judged statement by statement (Allow only; a Deny never
 * widens access). A principal is public when it is `*` (or `AWS: *`) and no condition pins the
 * caller to an account, organization, network or ARN; it is foreign when it names an account
 * other than the owner and the trusted accounts. Service principals are not judged.
 */

/** What a statement lets its principals do, as the checks name it. */
export type EcrAccess = 'write' | 'read';

export interface EcrActionSets {
  /** actions that change the resource or what it holds (push, delete, replicate, policy changes) */
  write: readonly string[];
  /** actions that read images */
  read: readonly string[];
}

export const REPOSITORY_ACTIONS: EcrActionSets = {
  write: [
    'ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchDeleteImage',
    'ecr:DeleteRepository', 'ecr:SetRepositoryPolicy', 'ecr:DeleteRepositoryPolicy', 'ecr:PutImageTagMutability',
    'ecr:PutLifecyclePolicy', 'ecr:DeleteLifecyclePolicy', 'ecr:ReplicateImage', 'ecr:TagResource',
  ],
  read: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability', 'ecr:DescribeImages', 'ecr:ListImages'],
};

/** The registry policy grants replication into the registry and pull-through cache imports. */
export const REGISTRY_ACTIONS: EcrActionSets = {
  write: ['ecr:ReplicateImage', 'ecr:CreateRepository', 'ecr:BatchImportUpstreamImage', 'ecr:CreatePullThroughCacheRule'],
  read: ['ecr:DescribeRepositories', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
};

/** Condition keys that pin an otherwise public principal to known callers. */
const PINNING_KEYS = [
  'aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalarn', 'aws:sourceaccount', 'aws:sourcearn',
  'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceip', 'aws:userid', 'aws:username',
];

export interface EcrExposure {
  /** `public`, or the foreign account ID */
  who: string;
  access: EcrAccess;
  /** the statement's `Sid`-less position, for the finding's path */
  statement: number;
  actions: string[];
}

function allowedActions(statement: PolicyStatement, candidates: readonly string[]): string[] {
  const matches = (pattern: string, action: string) => globMatches(pattern.toLowerCase(), action.toLowerCase(), { questionMark: true });
  if (statement.notActions.length > 0) return candidates.filter((action) => !statement.notActions.some((pattern) => matches(pattern, action)));
  return candidates.filter((action) => statement.actions.some((pattern) => matches(pattern, action)));
}

/** Accounts a condition pins the caller to (`aws:PrincipalAccount`), or `pinned` for other pinning keys, under a positive operator. */
function pinning(statement: PolicyStatement): { accounts: string[]; pinned: boolean } {
  const accounts: string[] = [];
  let pinned = false;
  for (const [operator, keys] of Object.entries(statement.conditions)) {
    // StringNotEquals and friends exclude some callers and admit the rest; IfExists passes when the key is absent
    if (/Not|IfExists$/.test(operator) || operator === 'Null') continue;
    for (const [key, values] of Object.entries(keys)) {
      if (!PINNING_KEYS.includes(key) || values.length === 0 || values.some((value) => value === '*')) continue;
      if (key === 'aws:principalaccount' || key === 'aws:sourceaccount') accounts.push(...values);
      else pinned = true;
    }
  }
  return { accounts, pinned };
}

/** The account of an AWS principal: a bare 12-digit ID or an IAM ARN; `*` for everyone. */
function accountOfPrincipal(principal: string): string | undefined {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return principal;
  const account = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
  return account;
}

/** Every public or foreign grant of the policy, write before read. */
export function ecrExposures(statements: readonly PolicyStatement[], options: { owner: string | undefined; trusted: readonly string[]; actions: EcrActionSets }): EcrExposure[] {
  const out: EcrExposure[] = [];
  const trusted = new Set([...(options.owner ? [options.owner] : []), ...options.trusted]);
  statements.forEach((statement, index) => {
    if (statement.effect !== 'Allow') return;
    const principals = [...(statement.principals['*'] ?? []), ...(statement.principals['AWS'] ?? [])];
    const accounts = new Set(principals.map(accountOfPrincipal).filter((account): account is string => !!account));
    if (accounts.size === 0) return;
    const pin = pinning(statement);
    const who = new Set<string>();
    for (const account of accounts) {
      if (account !== '*') {
        if (!trusted.has(account)) who.add(account);
        continue;
      }
      if (pin.accounts.length > 0) for (const pinnedAccount of pin.accounts) if (!trusted.has(pinnedAccount)) who.add(pinnedAccount);
      if (pin.accounts.length === 0 && !pin.pinned) who.add('public');
    }
    for (const access of ['write', 'read'] as const) {
      const actions = allowedActions(statement, options.actions[access]);
      if (actions.length === 0) continue;
      for (const name of who) out.push({ who: name, access, statement: index, actions });
    }
  });
  return out.sort((a, b) => rank(a) - rank(b) || a.statement - b.statement);
}

function rank(exposure: EcrExposure): number {
  return (exposure.who === 'public' ? 0 : 2) + (exposure.access === 'write' ? 0 : 1);
}

/** Public write is a takeover of what the cluster runs; foreign read leaks images, which may hold code and secrets. */
export function exposureSeverity(exposure: EcrExposure): Severity {
  if (exposure.who === 'public') return exposure.access === 'write' ? 'critical' : 'high';
  return exposure.access === 'write' ? 'high' : 'medium';
}

const SHOWN_ACTIONS = 4;

/** The actions of an exposure for a message: the first four, then how many more, so one policy cannot make a message unbounded. */
export function listExposureActions(exposure: EcrExposure): string {
  const shown = exposure.actions.slice(0, SHOWN_ACTIONS).join(', ');
  return exposure.actions.length > SHOWN_ACTIONS ? `${shown} and ${exposure.actions.length - SHOWN_ACTIONS} more` : shown;
}
