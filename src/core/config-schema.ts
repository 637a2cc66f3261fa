import { z } from 'zod';
import { pathGlobProblem } from './path-glob.js';
import { registryEntryProblem } from './registry-entry.js';
import { parseExpiryDate } from './suppression.js';
import { SEVERITIES } from './types.js';

/**
 * The one config file format, read by `scan` (.eksguard.yaml) and by `serve` (the webhook's
 * ConfigMap): `checks`, `pss`, `suppressions` and `exemptions` mean the same to both; `failOn`
 * is scan's, and `failurePolicy`, `defaults`, `namespaceLabels`, `ingressClasses`,
 * `annotationSuppressions` and `server` are the webhook's. Each reader validates the whole
 * file, so one file serves both and a typo in the other's section is still caught. Every
 * object is strict: a misspelt key is an error that names its path.
 */

function requiredText(what: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`) })
    .trim()
    .min(1, { error: `${what} must not be empty` });
}

const expiryDate = z
  .string({ error: 'expires must be a date written YYYY-MM-DD (quote it if your editor turns it into a timestamp)' })
  .refine((value) => parseExpiryDate(value) !== undefined, { error: 'expires must be a real date written YYYY-MM-DD' });

const checkSettingsSchema = z.strictObject({
  enabled: z.boolean({ error: 'enabled must be true or false' }).optional().describe('run this check (overrides its default)'),
  severity: z
    .enum(SEVERITIES, { error: `severity must be one of: ${SEVERITIES.join(', ')}` })
    .optional()
    .describe('report failures of this check at this severity'),
});

const suppressionSchema = z.strictObject({
  check: requiredText('check').describe('a check ID, or a pattern where * matches anything, for example K8S-NET-*'),
  resource: requiredText('resource').describe('Kind/namespace/name, Kind/name for cluster-scoped objects, or an ARN; * matches anything'),
  reason: requiredText('reason').describe('why the finding is acceptable; shown in every report'),
  expires: expiryDate.optional().describe('YYYY-MM-DD: from this day (UTC) on, the finding fails again and the report says the suppression expired'),
});

function patternList(what: string, plural: string) {
  return z.array(requiredText(what), { error: `${plural} must be a list` }).min(1, { error: `${plural} must list at least one ${what}` });
}

const exemptionSchema = z
  .strictObject({
    namespaces: patternList('namespace', 'namespaces')
      .optional()
      .describe('namespace names or patterns: their objects and the Namespace objects themselves are exempt'),
    usernames: patternList('username', 'usernames')
      .optional()
      .describe('admission only: requests by these users (userInfo.username, names or patterns) are exempt'),
    groups: patternList('group', 'groups').optional().describe('admission only: requests by members of these groups (names or patterns) are exempt'),
    checks: patternList('check', 'checks').optional().describe('check IDs or patterns (default: every check)'),
    reason: requiredText('reason').describe('why this is exempt; shown in every report'),
    expires: expiryDate.optional().describe('YYYY-MM-DD: from this day (UTC) on, the exemption ends'),
  })
  .refine((entry) => entry.namespaces !== undefined || entry.usernames !== undefined || entry.groups !== undefined, {
    error: 'an exemption names namespaces, usernames or groups',
  });

/** The webhook's old `exemptions` mapping (exact names, every check, no reason): still read, with a deprecation warning. */
export const legacyExemptionsSchema = z.strictObject({
  namespaces: z.array(requiredText('a namespace'), { error: 'namespaces must be a list' }).default([]),
  usernames: z.array(requiredText('a username'), { error: 'usernames must be a list' }).default([]),
  groups: z.array(requiredText('a group'), { error: 'groups must be a list' }).default([]),
});

const PSS_VERSION = /^(latest|v1\.(0|[1-9]\d*))$/;

/** A mode's threshold: deny / warn / log findings at or above this severity; `none` turns the mode off. */
export const THRESHOLDS = [...SEVERITIES, 'none'] as const;
export type Threshold = (typeof THRESHOLDS)[number];
const threshold = z.enum(THRESHOLDS, { error: `a threshold must be one of: ${THRESHOLDS.join(', ')}` });

const MIB = 1024 * 1024;

const webhookSections = {
  failurePolicy: z
    .enum(['Fail', 'Ignore'], { error: 'failurePolicy must be Fail or Ignore' })
    .default('Fail')
    .describe('webhook: the answer when eksguard cannot judge a request: Fail denies (closed), Ignore admits (open)'),
  defaults: z
    .strictObject({
      enforce: threshold.default('none'),
      warn: threshold.default('high'),
      audit: threshold.default('low'),
    })
    .prefault({})
    .describe('webhook: the modes of namespaces without eksguard.io labels, of cluster-scoped objects, and when labels cannot be read'),
  namespaceLabels: z
    .strictObject({
      lookup: z.boolean({ error: 'lookup must be true or false' }).default(true).describe("read each namespace's eksguard.io labels through the Kubernetes API"),
      cacheSeconds: z.number().min(0).max(3600).default(30),
      timeoutMs: z.number().int().min(50).max(10_000).default(1_000),
    })
    .prefault({})
    .describe('webhook: namespace label lookups (get namespaces, cached)'),
  ingressClasses: z
    .strictObject({
      lookup: z.boolean({ error: 'lookup must be true or false' }).default(true).describe('read IngressClasses and IngressClassParams through the Kubernetes API, so K8S-NET-007 runs at admission'),
      cacheSeconds: z.number().min(0).max(3600).default(30),
      timeoutMs: z.number().int().min(50).max(10_000).default(1_000),
    })
    .prefault({})
    .describe('webhook: IngressClass and IngressClassParams lookups (list, cached)'),
  annotationSuppressions: z
    .strictObject({
      allow: z.boolean({ error: 'allow must be true or false' }).default(false).describe('honour eksguard.io/ignore.<ID> annotations at admission (default: never)'),
      usernames: z.array(requiredText('a username'), { error: 'usernames must be a list' }).default([]).describe('requesters (names or patterns) whose annotations count'),
      groups: z.array(requiredText('a group'), { error: 'groups must be a list' }).default([]).describe('requester groups (names or patterns) whose annotations count'),
      namespaces: z.array(requiredText('a namespace'), { error: 'namespaces must be a list' }).default([]).describe('namespaces (names or patterns) where they count'),
    })
    .prefault({})
    .refine((value) => !value.allow || ((value.usernames.length > 0 || value.groups.length > 0) && value.namespaces.length > 0), {
      error: 'allow: true needs usernames or groups, and namespaces: annotations count only for listed requesters in listed namespaces',
    })
    .describe('webhook: whether an object may suppress its own findings at admission'),
  server: z
    .strictObject({
      maxBodyBytes: z.number().int().min(1024).max(64 * MIB).default(4 * MIB).describe('larger requests get HTTP 413'),
      maxInflightBytes: z
        .number()
        .int()
        .min(64 * 1024)
        .max(1024 * MIB)
        .default(16 * MIB)
        .describe('request body bytes held at once, received or being judged; past it requests wait, then get HTTP 429'),
      maxInflightReviews: z.number().int().min(1).max(10_000).default(64).describe('reviews being judged at once; past it requests wait, then get HTTP 429'),
      queueTimeoutMs: z.number().int().min(0).max(10_000).default(1_000).describe('how long a request may wait for room before HTTP 429'),
      maxQueuedRequests: z.number().int().min(0).max(100_000).default(1_000).describe('requests waiting for room; more get HTTP 429 at once'),
      maxConnections: z.number().int().min(16).max(100_000).default(2_000).describe('open connections; more are closed at once'),
      handshakeTimeoutMs: z.number().int().min(100).max(60_000).default(10_000).describe('a connection that has not completed its TLS handshake by then (up to a quarter more) is closed'),
      headersTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      requestTimeoutMs: z.number().int().min(100).max(300_000).default(30_000),
      keepAliveTimeoutMs: z.number().int().min(1_000).max(600_000).default(30_000).describe('an idle kept-alive connection is closed after this'),
      shutdownDelaySeconds: z.number().min(0).max(120).default(0),
      shutdownGraceSeconds: z.number().min(0).max(300).default(15),
    })
    .prefault({})
    .refine((server) => server.maxInflightBytes >= server.maxBodyBytes, { error: 'maxInflightBytes must be at least maxBodyBytes, or the largest request could never be read' })
    .refine((server) => server.headersTimeoutMs <= server.requestTimeoutMs, { error: 'headersTimeoutMs must not be longer than requestTimeoutMs' })
    .describe('webhook: transport limits'),
};

export const configSchema = z.strictObject({
  checks: z
    .record(z.string(), checkSettingsSchema, { error: 'checks must be a mapping of check ID to settings' })
    .nullish()
    .describe('per-check settings, by check ID'),
  pss: z
    .strictObject({
      level: z.enum(['baseline', 'restricted'], { error: 'level must be baseline or restricted' }).optional().describe('Pod Security Standards level (default restricted)'),
      version: z
        .string({ error: 'version must be text' })
        .regex(PSS_VERSION, { error: 'version must be latest or v1.N, for example v1.31' })
        .optional()
        .describe('Pod Security Standards version: latest or v1.N (default for scan: the cluster version when known; for the webhook: latest)'),
    })
    .nullish()
    .describe('defaults for --pss-level and --pss-version, and the webhook\'s level'),
  failOn: z
    .enum([...SEVERITIES, 'none'], { error: `failOn must be one of: ${SEVERITIES.join(', ')}, none` })
    .optional()
    .describe('scan: default for --fail-on: exit 1 when a failure is at or above this severity'),
  suppressions: z.array(suppressionSchema, { error: 'suppressions must be a list' }).nullish().describe('accepted findings, by check and resource'),
  suppressAwsManaged: z
    .boolean({ error: 'suppressAwsManaged must be true or false' })
    .nullish()
    .describe('report the failures of the EKS add-on workloads AWS manages (aws-node, kube-proxy, the CSI node plugins…) as suppressed, "managed by AWS" (default true; --judge-aws-managed sets false)'),
  exclude: z
    .array(
      z.string({ error: 'an exclude pattern must be text' }).superRefine((pattern, context) => {
        const problem = pathGlobProblem(pattern);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
      { error: 'exclude must be a list' },
    )
    .nullish()
    .describe('scan: paths left out of manifest scans (like --exclude): * and ? within a name, ** across directories; a pattern without / matches a name at any depth'),
  trustedAccounts: z
    .array(z.string({ error: 'an account ID must be text (quote it: YAML reads 12 digits as a number)' }).regex(/^\d{12}$/, { error: 'an account ID is 12 digits' }), {
      error: 'trustedAccounts must be a list of AWS account IDs',
    })
    .nullish()
    .describe('scan: AWS accounts besides the scanned one that ECR repository and registry policies may grant access to (EKS-ECR-001, EKS-ECR-002)'),
  registries: z
    .array(
      z.string({ error: 'a registry must be text' }).superRefine((entry, context) => {
        const problem = registryEntryProblem(entry);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
      { error: 'registries must be a list' },
    )
    .nullish()
    .describe('approved registries for K8S-WL-012: registry hosts (ghcr.io) or repository prefixes (123456789012.dkr.ecr.eu-west-1.amazonaws.com/team); images elsewhere fail. Unset: the check is skipped (docs/registries.md)'),
  exemptions: z
    .array(exemptionSchema, { error: 'exemptions must be a list of entries (namespaces, usernames or groups; checks; reason)' })
    .nullish()
    .describe('namespaces (and, at admission, requesters) exempt from some or all checks'),
  ...webhookSections,
});

export type ConfigFileData = z.output<typeof configSchema>;
export type ExemptionEntry = z.output<typeof exemptionSchema>;
