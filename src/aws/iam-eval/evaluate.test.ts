import { describe, expect, it } from 'vitest';
import { policyStatements } from '../policy.js';
import { decide, type Outcome, type PolicySet } from './evaluate.js';
import { patternCovers, patternsIntersect } from './patterns.js';

type Doc = Record<string, unknown>;
const doc = (...statements: Doc[]) => ({ Version: '2012-10-17', Statement: statements });
const allow = (action: unknown, resource: unknown = '*', extra: Doc = {}): Doc => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const deny = (action: unknown, resource: unknown = '*', extra: Doc = {}): Doc => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });

function set(identity: unknown[], boundary?: unknown): PolicySet {
  return {
    identity: identity.map((document, index) => ({ name: `policy-${index}`, statements: policyStatements(document) })),
    ...(boundary ? { boundary: { name: 'boundary', statements: policyStatements(boundary) } } : {}),
    missing: [],
  };
}

const BUCKET_OBJECT = 'arn:aws:s3:::payroll/2026/march.csv';
const EVERY_OBJECT = 'arn:aws:s3:::*/*';
const EVERY_SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:*';
const ONE_SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf';

interface Row {
  name: string;
  identity: unknown[];
  boundary?: unknown;
  action: string;
  resource: string;
  outcome: Outcome;
  except?: string[];
}

/** Known answers, worked out by hand from the IAM policy evaluation logic. */
const TABLE: Row[] = [
  { name: 'no policy: implicit deny', identity: [], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'implicit-deny' },
  { name: 'exact action and resource', identity: [doc(allow('s3:GetObject', BUCKET_OBJECT))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'actions are case-insensitive', identity: [doc(allow('S3:getobject', BUCKET_OBJECT))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'resources are case-sensitive', identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::Payroll/*'))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'implicit-deny' },
  { name: 'service wildcard', identity: [doc(allow('s3:*'))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'prefix wildcard in the action', identity: [doc(allow('s3:Get*'))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'prefix wildcard does not reach other verbs', identity: [doc(allow('s3:Get*'))], action: 's3:PutObject', resource: BUCKET_OBJECT, outcome: 'implicit-deny' },
  { name: '? matches one character in the action', identity: [doc(allow('s3:GetObjec?'))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'wildcard in the resource', identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::payroll/*'))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'another bucket', identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::logs/*'))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'implicit-deny' },
  { name: 'a list of actions', identity: [doc(allow(['ec2:Describe*', 's3:GetObject']))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'NotAction allows everything else', identity: [doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' })], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'NotAction does not allow what it names', identity: [doc({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' })], action: 'iam:PassRole', resource: 'arn:aws:iam::111122223333:role/x', outcome: 'implicit-deny' },
  { name: 'NotResource allows every other resource', identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::payroll/*' })], action: 's3:GetObject', resource: 'arn:aws:s3:::logs/a', outcome: 'allowed' },
  { name: 'NotResource leaves out what it names', identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::payroll/*' })], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'implicit-deny' },
  { name: 'explicit deny wins over allow', identity: [doc(allow('*'), deny('s3:GetObject', 'arn:aws:s3:::payroll/*'))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'denied' },
  { name: 'a deny in another policy still wins', identity: [doc(allow('s3:*')), doc(deny('s3:*'))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'denied' },
  { name: 'deny with NotAction denies everything else', identity: [doc(allow('*'), { Effect: 'Deny', NotAction: 'ec2:*', Resource: '*' })], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'denied' },
  { name: 'deny with NotAction spares what it names', identity: [doc(allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' })], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'deny with NotResource spares what it names', identity: [doc(allow('*'), { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::payroll/*' })], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'a conditional allow is conditional', identity: [doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': 'payroll' } } }))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'conditional' },
  { name: 'an unconditional allow beside a conditional one', identity: [doc(allow('s3:GetObject', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), allow('s3:GetObject'))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'a conditional deny makes the grant conditional', identity: [doc(allow('*'), deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } }))], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'conditional' },
  { name: 'the boundary must allow it too', identity: [doc(allow('*'))], boundary: doc(allow('s3:*')), action: 'iam:PassRole', resource: 'arn:aws:iam::1:role/x', outcome: 'implicit-deny' },
  { name: 'identity and boundary both allow', identity: [doc(allow('*'))], boundary: doc(allow('s3:*')), action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'allowed' },
  { name: 'a boundary alone grants nothing', identity: [], boundary: doc(allow('*')), action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'implicit-deny' },
  { name: 'a deny in the boundary wins', identity: [doc(allow('*'))], boundary: doc(allow('*'), deny('secretsmanager:*')), action: 'secretsmanager:GetSecretValue', resource: ONE_SECRET, outcome: 'denied' },
  { name: 'a conditional boundary makes the grant conditional', identity: [doc(allow('*'))], boundary: doc(allow('*', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } })), action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'conditional' },
  { name: 'an unknown effect counts for nothing', identity: [doc({ Effect: 'allow', Action: '*', Resource: '*' })], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'implicit-deny' },
  { name: 'a statement without Resource counts for nothing', identity: [doc({ Effect: 'Allow', Action: '*' })], action: 's3:GetObject', resource: BUCKET_OBJECT, outcome: 'implicit-deny' },
  // patterns that stand for every resource of a type
  { name: 'Resource * covers every object', identity: [doc(allow('s3:GetObject'))], action: 's3:GetObject', resource: EVERY_OBJECT, outcome: 'allowed' },
  { name: 'arn:aws:s3:::* covers every object', identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::*'))], action: 's3:GetObject', resource: EVERY_OBJECT, outcome: 'allowed' },
  { name: 'one bucket does not cover every object', identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::payroll/*'))], action: 's3:GetObject', resource: EVERY_OBJECT, outcome: 'implicit-deny' },
  { name: 'every secret of every region and account', identity: [doc(allow('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:*:*:secret:*'))], action: 'secretsmanager:GetSecretValue', resource: EVERY_SECRET, outcome: 'allowed' },
  { name: 'secrets with a prefix are not every secret', identity: [doc(allow('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:*:*:secret:app/*'))], action: 'secretsmanager:GetSecretValue', resource: EVERY_SECRET, outcome: 'implicit-deny' },
  { name: 'a ? does not cover a *', identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::?/*'))], action: 's3:GetObject', resource: EVERY_OBJECT, outcome: 'implicit-deny' },
  { name: 'a deny on one bucket leaves the rest, named as an exception', identity: [doc(allow('s3:*'), deny('s3:GetObject', 'arn:aws:s3:::payroll/*'))], action: 's3:GetObject', resource: EVERY_OBJECT, outcome: 'allowed', except: ['arn:aws:s3:::payroll/*'] },
  { name: 'NotResource carves an exception out of every object, as Allow * beside a Deny would', identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::payroll/*' })], action: 's3:GetObject', resource: EVERY_OBJECT, outcome: 'allowed', except: ['arn:aws:s3:::payroll/*'] },
  { name: 'an Allow on every object beside a NotResource one leaves no exception', identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::payroll/*' }, allow('s3:GetObject'))], action: 's3:GetObject', resource: EVERY_OBJECT, outcome: 'allowed', except: [] },
  { name: 'a Deny with NotResource leaves only what it names: not every object', identity: [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::public/*' })], action: 's3:GetObject', resource: EVERY_OBJECT, outcome: 'denied' },
  { name: 'a Deny with NotResource still spares the one object it names', identity: [doc(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::public/*' })], action: 's3:GetObject', resource: 'arn:aws:s3:::public/index.html', outcome: 'allowed' },
  { name: 'a boundary denying every action but one is not every action', identity: [doc(allow('*'))], boundary: doc(allow('*'), { Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }), action: '*', resource: '*', outcome: 'denied' },
  { name: 'a Deny on one service leaves the rest of every action, named', identity: [doc(allow('*'), deny('iam:*'))], action: '*', resource: '*', outcome: 'allowed', except: ['actions denied by policy-0'] },
  { name: 'a conditional NotResource allow is conditional', identity: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::payroll/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })], action: 's3:GetObject', resource: EVERY_OBJECT, outcome: 'conditional' },
  { name: 'action * covers the admin request', identity: [doc(allow('*'))], action: '*', resource: '*', outcome: 'allowed' },
  { name: 'NotAction never covers every action', identity: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], action: '*', resource: '*', outcome: 'implicit-deny' },
  { name: 's3:* is not every action', identity: [doc(allow('s3:*'))], action: '*', resource: '*', outcome: 'implicit-deny' },
];

describe('IAM policy evaluator: known answers', () => {
  for (const row of TABLE) {
    it(row.name, () => {
      const decision = decide(set(row.identity, row.boundary), { action: row.action, resource: row.resource });
      expect(decision.outcome).toBe(row.outcome);
      if (row.except) expect(decision.except).toEqual(row.except);
    });
  }

  it('names the condition keys of a conditional grant, and the statements behind it', () => {
    const decision = decide(set([doc(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:ResourceTag/Team': 'payroll' } } }))]), { action: 's3:GetObject', resource: BUCKET_OBJECT });
    expect(decision.conditions).toEqual(['StringEquals aws:resourcetag/team']);
    expect(decision.allowedBy).toEqual([{ policy: 'policy-0', index: 0 }]);
  });

  it('says why a grant stops at the boundary', () => {
    const decision = decide(set([doc(allow('*'))], doc(allow('s3:*'))), { action: 'iam:PassRole', resource: 'arn:aws:iam::1:role/x' });
    expect(decision.boundaryNote).toBe('outside the permissions boundary boundary');
  });

  it('reads documents as the APIs return them: URL-encoded JSON text too', () => {
    const encoded = encodeURIComponent(JSON.stringify(doc(allow('s3:GetObject'))));
    expect(decide(set([encoded]), { action: 's3:GetObject', resource: BUCKET_OBJECT }).outcome).toBe('allowed');
  });
});

describe('IAM patterns', () => {
  it('decides coverage of one pattern by another', () => {
    expect(patternCovers('*', 'anything:at/all')).toBe(true);
    expect(patternCovers('arn:aws:s3:::*', 'arn:aws:s3:::*/*')).toBe(true);
    expect(patternCovers('arn:aws:s3:::*/*', 'arn:aws:s3:::*')).toBe(false);
    expect(patternCovers('arn:aws:s3:::b*', 'arn:aws:s3:::*')).toBe(false);
    expect(patternCovers('a?c', 'a?c')).toBe(true);
    expect(patternCovers('a?c', 'abc')).toBe(true);
    expect(patternCovers('abc', 'a?c')).toBe(false);
    expect(patternCovers('a*b*c', 'a-x-b-*-c')).toBe(true);
    expect(patternCovers('a*b*c', 'a-*-c')).toBe(false);
  });

  it('decides whether two patterns share a string', () => {
    expect(patternsIntersect('arn:aws:s3:::payroll/*', 'arn:aws:s3:::*/*')).toBe(true);
    expect(patternsIntersect('arn:aws:s3:::a*', 'arn:aws:s3:::*b')).toBe(true);
    expect(patternsIntersect('arn:aws:s3:::a*', 'arn:aws:s3:::b*')).toBe(false);
    expect(patternsIntersect('a?c', 'ab*')).toBe(true);
    expect(patternsIntersect('a?c', 'abd')).toBe(false);
  });

  it('stays fast on long hostile patterns, and answers "may intersect" past its bound', () => {
    const long = `${'*a'.repeat(900)}b`;
    const started = performance.now();
    expect(patternCovers(long, 'a'.repeat(3000))).toBe(false);
    expect(patternsIntersect(long, `${'a*'.repeat(900)}c`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
    // beyond the bound a Deny is taken to reach the request: the safe side for a grant
    expect(patternsIntersect(`${'*a'.repeat(1100)}b`, `${'a*'.repeat(1100)}c`)).toBe(true);
  });
});
