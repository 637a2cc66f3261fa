/**
 * An IAM policy evaluator for one principal's identity policies and permissions boundary, as
 * AWS documents the evaluation logic for requests inside one account:
 *
 * 1. an explicit Deny in any identity policy or in the boundary wins;
 * 2. otherwise the request is allowed only when an identity policy allows it AND, when the
 *    principal has a permissions boundary, the boundary allows it too (the intersection);
 * 3. otherwise it is implicitly denied.
 *
 * Action/NotAction, Resource/NotResource and wildcards in both are honoured. A request may
 * itself be a pattern ("every secret of the account"): it is allowed only when allowing
 * statements cover all of it; a Deny that covers only part of it, or an Allow whose NotResource
 * leaves part out, leaves it allowed with that part named as an exception; a Deny whose NotAction
 * or NotResource spares only part of it denies it (what is left is not all of it). Conditions are never evaluated: a grant that rests on a
 * statement with a Condition is `conditional`, naming the condition keys, and so is a grant
 * that a conditional Deny may take away. Service control policies, resource policies and
 * session policies are outside what this sees (docs/attack-paths.md).
 */
import type { PolicyStatement } from '../models.js';
import { actionCovers, actionsIntersect, patternCovers, patternsIntersect } from './patterns.js';

/** One policy document, named for messages: `inline policy x`, `arn:aws:iam::aws:policy/y`. */
export interface NamedPolicy {
  readonly name: string;
  readonly statements: readonly PolicyStatement[];
}

export interface PolicySet {
  readonly identity: readonly NamedPolicy[];
  /** the permissions boundary; undefined when the principal has none */
  readonly boundary?: NamedPolicy;
  /** documents that belong to the principal but were not read (a negative answer is then unknown) */
  readonly missing: readonly string[];
  /** set when whether the principal has a boundary was not read (grants hold unless one exists) */
  readonly boundaryUnknown?: string;
  /** set when the principal has a boundary whose document was not read: no grant is certain */
  readonly boundaryUnread?: string;
}

/** An action (`s3:GetObject`) on a resource; either may be a pattern (every object of every bucket). */
export interface Request {
  readonly action: string;
  readonly resource: string;
}

export type Outcome = 'allowed' | 'conditional' | 'denied' | 'implicit-deny';

/** A statement, by the policy it is in and its index: `inline policy x, statement 2`. */
export interface StatementRef {
  readonly policy: string;
  readonly index: number;
  readonly sid?: string;
}

export interface Decision {
  readonly outcome: Outcome;
  /** the statements that allow it (identity side) */
  readonly allowedBy: readonly StatementRef[];
  /** the statements that deny it, or would under their conditions */
  readonly deniedBy: readonly StatementRef[];
  /** condition keys the grant depends on (`StringEquals aws:ResourceTag/team`) */
  readonly conditions: readonly string[];
  /** parts of a pattern request that a Deny or NotResource leaves out */
  readonly except: readonly string[];
  /** documents that were not read: an `implicit-deny` is then not a known answer */
  readonly unknown: readonly string[];
  /** why a request the identity policies allow is still not allowed (outside the boundary) */
  readonly boundaryNote?: string;
}

type Reach = 'all' | 'part' | 'none';

function actionReach(statement: PolicyStatement, action: string): Reach {
  if (statement.actions.length > 0) {
    if (statement.actions.some((pattern) => actionCovers(pattern, action))) return 'all';
    return statement.actions.some((pattern) => actionsIntersect(pattern, action)) ? 'part' : 'none';
  }
  if (statement.notActions.length > 0) {
    if (statement.notActions.some((pattern) => actionCovers(pattern, action))) return 'none';
    return statement.notActions.some((pattern) => actionsIntersect(pattern, action)) ? 'part' : 'all';
  }
  return 'none';
}

/**
 * How much of the request's resource a statement reaches. `part` through Resource: the statement
 * reaches only `patterns`; `part` through NotResource (`inverted`): it reaches all but `patterns`.
 */
function resourceReach(statement: PolicyStatement, resource: string): { reach: Reach; patterns: string[]; inverted: boolean } {
  const notResources = statement.notResources;
  if (notResources && notResources.length > 0 && statement.resources.length === 0) {
    if (notResources.some((pattern) => patternCovers(pattern, resource))) return { reach: 'none', patterns: [], inverted: true };
    const excluded = notResources.filter((pattern) => patternsIntersect(pattern, resource));
    return { reach: excluded.length > 0 ? 'part' : 'all', patterns: excluded, inverted: true };
  }
  if (statement.resources.some((pattern) => patternCovers(pattern, resource))) return { reach: 'all', patterns: [], inverted: false };
  const touched = statement.resources.filter((pattern) => patternsIntersect(pattern, resource));
  return { reach: touched.length > 0 ? 'part' : 'none', patterns: touched, inverted: false };
}

function conditionKeys(statement: PolicyStatement): string[] {
  const out: string[] = [];
  for (const [operator, keys] of Object.entries(statement.conditions)) for (const key of Object.keys(keys)) out.push(`${operator} ${key}`);
  return out;
}

interface Side {
  /** an unconditional allow covers all of the request (or all of it but what a NotResource leaves out: see allowExcept) */
  allowed: boolean;
  /** an unconditional allow covers all of it with no NotResource exception */
  allowedWhole: boolean;
  /** what the NotResource of the allowing statements leaves out */
  allowExcept: string[];
  /** only conditional allows cover it */
  conditionalAllow: boolean;
  allowedBy: StatementRef[];
  /** an unconditional deny covers all of it */
  denied: boolean;
  deniedBy: StatementRef[];
  conditions: string[];
  except: string[];
  /** a conditional deny reaches it */
  conditionalDeny: boolean;
}

function refOf(policy: NamedPolicy, index: number, statement: PolicyStatement & { sid?: string }): StatementRef {
  return { policy: policy.name, index, ...(statement.sid ? { sid: statement.sid } : {}) };
}

function judge(policies: readonly NamedPolicy[], request: Request): Side {
  const side: Side = { allowed: false, allowedWhole: false, allowExcept: [], conditionalAllow: false, allowedBy: [], denied: false, deniedBy: [], conditions: [], except: [], conditionalDeny: false };
  for (const policy of policies) {
    policy.statements.forEach((statement, index) => {
      const effect = statement.effect;
      if (effect !== 'Allow' && effect !== 'Deny') return;
      const actions = actionReach(statement, request.action);
      if (actions === 'none') return;
      const resources = resourceReach(statement, request.resource);
      if (resources.reach === 'none') return;
      const keys = conditionKeys(statement);
      const whole = actions === 'all' && resources.reach === 'all';
      // all of the request's actions on all of its resources but those a NotResource names
      const allBut = actions === 'all' && resources.reach === 'part' && resources.inverted;
      if (effect === 'Allow') {
        // Allow + NotResource is Allow on everything with those resources carved out: the same
        // answer as an Allow on `*` beside a Deny on them, the exception named
        if (!whole && !allBut) return;
        side.allowedBy.push(refOf(policy, index, statement));
        if (keys.length === 0) {
          side.allowed = true;
          if (whole) side.allowedWhole = true;
          else side.allowExcept.push(...resources.patterns);
        } else {
          side.conditionalAllow = true;
          side.conditions.push(...keys);
        }
        return;
      }
      side.deniedBy.push(refOf(policy, index, statement));
      if (keys.length > 0) {
        // a Deny whose condition may hold: the grant is not certain
        side.conditionalDeny = true;
        side.conditions.push(...keys.map((key) => `Deny when ${key}`));
        return;
      }
      // a Deny with NotAction or NotResource that reaches only part of a pattern request denies
      // all of it but what it names: what is left is not "all of it" (never an exception the wrong way round)
      const invertedPart = (resources.reach === 'part' && resources.inverted) || (actions === 'part' && statement.actions.length === 0);
      if (whole || (invertedPart && (actions === 'all' || resources.reach === 'all' || allBut))) side.denied = true;
      else if (resources.reach === 'part') side.except.push(...resources.patterns);
      else side.except.push(`actions denied by ${policy.name}`);
    });
  }
  return side;
}

/** What the principal may do: one request, evaluated against its identity policies and boundary. */
export function decide(set: PolicySet, request: Request): Decision {
  const identity = judge(set.identity, request);
  const boundary = set.boundary ? judge([set.boundary], request) : undefined;
  const deniedBy = [...identity.deniedBy, ...(boundary?.deniedBy ?? [])];
  const conditions = [...new Set([...identity.conditions, ...(boundary?.conditions ?? [])])];
  const carved = (side: Side | undefined) => (side && !side.allowedWhole ? side.allowExcept : []);
  const except = [...new Set([...identity.except, ...(boundary?.except ?? []), ...carved(identity), ...carved(boundary)])];
  const base = { allowedBy: identity.allowedBy, deniedBy, conditions, except, unknown: set.missing };
  if (identity.denied || boundary?.denied) return { outcome: 'denied', ...base };
  if (!identity.allowed && !identity.conditionalAllow) return { outcome: 'implicit-deny', ...base };
  if (boundary && !boundary.allowed && !boundary.conditionalAllow) {
    return { outcome: 'implicit-deny', ...base, boundaryNote: `outside the permissions boundary ${set.boundary!.name}` };
  }
  const conditional = !identity.allowed || (boundary !== undefined && !boundary.allowed) || identity.conditionalDeny || (boundary?.conditionalDeny ?? false);
  return { outcome: conditional ? 'conditional' : 'allowed', ...base };
}

/** True when the decision grants the request, with or without conditions. */
export function grants(decision: Decision): boolean {
  return decision.outcome === 'allowed' || decision.outcome === 'conditional';
}
