import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookConfig } from '../admission/config.js';
import { reviewAdmission, type IngressClassLookup, type Outcome } from '../admission/evaluate.js';
import { MODES, type NamespacePolicy } from '../admission/policy.js';
import { admissionReviewResponse, parseAdmissionReview, type AdmissionRequest, type AdmissionResponse } from '../admission/review.js';
import type { Check } from '../core/check.js';
import { describeError } from '../core/errors.js';
import { parseGoDuration } from './go-duration.js';
import type { Logger } from './logger.js';
import type { RequestResult, WebhookMetrics } from './metrics.js';
import type { InflightBudget } from './inflight.js';
import { jsonDepthExceeds, readBody } from './read-body.js';

/** What the server needs once the config is loaded; until then /readyz is 503 and /validate answers 503. */
export interface ServingState {
  config: WebhookConfig;
  /** the checks that run at admission, from the same registry as `scan` */
  checks: readonly Check[];
  /** a namespace's modes, resolving within `waitMs` (with the defaults when its labels cannot be read) */
  namespacePolicy: (namespace: string, waitMs: number) => Promise<NamespacePolicy>;
  /** the cluster's IngressClasses and IngressClassParams, within `waitMs`; absent when those lookups are off */
  ingressClasses?: (waitMs: number) => Promise<IngressClassLookup>;
  now?: () => Date;
}

export interface ValidateContext {
  state: ServingState;
  logger: Logger;
  metrics: WebhookMetrics;
  /** the global bound on body bytes and reviews in flight */
  budget: InflightBudget;
  draining: () => boolean;
}

/** The API server's default webhook timeout, used when a request carries no `timeout` parameter. */
const DEFAULT_BUDGET_MS = 10_000;
/** Kubernetes objects nest a few dozen levels; far deeper JSON is an attack on recursive readers. */
const MAX_JSON_DEPTH = 128;

/** A Kubernetes Status, which the API server and kubectl print as the reason for a refused call. */
function sendStatus(response: ServerResponse, code: number, reason: string, message: string, close = false): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, message, code });
  response.writeHead(code, { 'Content-Type': 'application/json', ...(close ? { Connection: 'close' } : {}) });
  response.end(body);
}

function sendReview(response: ServerResponse, answer: AdmissionResponse): void {
  const body = JSON.stringify(admissionReviewResponse(answer));
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(body);
}

/**
 * The request's time budget: the API server appends `?timeout=10s` (the webhook's
 * timeoutSeconds) and stops waiting after it, so an answer after that is wasted. Keep a
 * margin for the network and the API server's own work.
 */
export function budgetFor(url: string | undefined, requestTimeoutMs: number): number {
  const query = url?.includes('?') ? new URLSearchParams(url.slice(url.indexOf('?') + 1)) : undefined;
  const requested = parseGoDuration(query?.get('timeout'));
  const budget = Math.min(requested !== undefined && requested > 0 ? requested : DEFAULT_BUDGET_MS, requestTimeoutMs);
  return Math.max(1, budget - Math.min(budget * 0.1, 500));
}

/** The answer when eksguard itself cannot judge a request: the documented failurePolicy, with a message that says so. */
function failureAnswer(uid: string, failurePolicy: 'Fail' | 'Ignore', why: string, code: number): AdmissionResponse {
  if (failurePolicy === 'Ignore') return { uid, allowed: true, warnings: [`eksguard: not evaluated (${why}); admitted under failurePolicy Ignore`] };
  return { uid, allowed: false, status: { code, reason: code === 400 ? 'BadRequest' : 'InternalError', message: `eksguard: not evaluated (${why}); denied under failurePolicy Fail` } };
}

function identity(request: AdmissionRequest, outcome?: Outcome): Record<string, unknown> {
  const resource = outcome && outcome.kind !== 'not-evaluated' ? outcome.resource : undefined;
  return {
    uid: request.uid,
    kind: request.kind.kind,
    namespace: resource?.namespace ?? request.namespace,
    name: resource?.name ?? request.name,
    operation: request.operation,
    user: request.username,
    dryRun: request.dryRun,
  };
}

/** Refused for want of room (bytes or reviews in flight): the API server applies its failurePolicy to a 429. */
function sendBusy(response: ServerResponse, what: string): void {
  response.setHeader('Retry-After', '1');
  sendStatus(response, 429, 'TooManyRequests', `eksguard: too many ${what} in flight; retry`, true);
}

/** The body as JSON, or why not; a sync step of its own so the body's bytes are unreachable once it returns. */
function decodeBody(body: Buffer): { ok: true; value: unknown } | { ok: false; problem: 'too-deep' | 'invalid-json' } {
  const text = body.toString('utf8');
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) return { ok: false, problem: 'too-deep' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, problem: 'invalid-json' };
  }
}

export async function handleValidate(request: IncomingMessage, response: ServerResponse, context: ValidateContext): Promise<void> {
  const started = process.hrtime.bigint();
  const { state, logger, metrics, budget } = context;
  const { config } = state;
  const budgetMs = budgetFor(request.url, config.server.requestTimeoutMs);
  const remaining = (): number => budgetMs - Number(process.hrtime.bigint() - started) / 1e6;
  const finish = (result: RequestResult, kind = '', operation = ''): void => {
    metrics.observeRequest({ kind, operation, result, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  };
  const peer = { remote: request.socket.remoteAddress };

  const contentType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') {
    finish('bad-request');
    logger.warn({ ...peer, reason: 'content-type' }, 'request refused: not application/json');
    request.resume();
    return sendStatus(response, 415, 'UnsupportedMediaType', 'eksguard: send the AdmissionReview as Content-Type: application/json');
  }
  const body = await readBody(request, { limit: config.server.maxBodyBytes, timeoutMs: remaining(), budget });
  if (!body.ok) {
    finish(body.reason === 'busy' ? 'throttled' : 'bad-request');
    logger.warn({ ...peer, reason: body.reason, limitBytes: config.server.maxBodyBytes, inflightBytes: budget.bytes }, 'request body refused');
    if (body.reason === 'busy') return sendBusy(response, 'request bytes');
    if (body.reason === 'too-large') return sendStatus(response, 413, 'RequestEntityTooLarge', `eksguard: request body is larger than ${config.server.maxBodyBytes} bytes`, true);
    if (body.reason === 'timeout') return sendStatus(response, 408, 'Timeout', 'eksguard: request body did not arrive within the request timeout', true);
    return void response.destroy();
  }
  // The body's bytes stay counted until the answer is sent: they, and the object decoded from them, live until then.
  const { held } = body;
  try {
    const review = await budget.acquireReview({ timeoutMs: remaining() });
    if (!review.ok) {
      finish('throttled');
      logger.warn({ ...peer, reason: review.reason, inflightReviews: budget.reviews }, 'request refused: too many reviews in flight');
      return sendBusy(response, 'reviews');
    }
    try {
      await judge(request, response, context, { remaining, finish, body: body.body, peer });
    } finally {
      budget.releaseReview();
    }
  } finally {
    budget.releaseBytes(held);
  }
}

async function judge(
  request: IncomingMessage,
  response: ServerResponse,
  context: ValidateContext,
  call: { remaining: () => number; finish: (result: RequestResult, kind?: string, operation?: string) => void; body: Buffer; peer: Record<string, unknown> },
): Promise<void> {
  const { state, logger } = context;
  const { config } = state;
  const { remaining, finish, peer } = call;
  const decoded = decodeBody(call.body);
  if (!decoded.ok) {
    finish('bad-request');
    // never the content: a body that is not JSON may be anything, secrets included
    logger.warn({ ...peer, reason: decoded.problem, bytes: call.body.length, path: request.url?.split('?')[0] }, decoded.problem === 'too-deep' ? 'request body nests too deep' : 'request body is not valid JSON');
    if (decoded.problem === 'too-deep') return sendStatus(response, 400, 'BadRequest', `eksguard: request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    return sendStatus(response, 400, 'BadRequest', 'eksguard: request body is not valid JSON');
  }
  const parsed = parseAdmissionReview(decoded.value);
  if (!parsed.ok) {
    finish('bad-request');
    logger.warn({ ...peer, problem: parsed.problem.message, ...(parsed.problem.scope === 'content' ? { uid: parsed.problem.uid } : {}) }, 'malformed AdmissionReview');
    if (parsed.problem.scope === 'envelope') return sendStatus(response, 400, 'BadRequest', `eksguard: not an AdmissionReview v1 request: ${parsed.problem.message}`);
    return sendReview(response, failureAnswer(parsed.problem.uid, config.failurePolicy, parsed.problem.message, 400));
  }

  const admission = parsed.request;
  const ingressClasses = state.ingressClasses;
  const deps = {
    config,
    checks: state.checks,
    now: state.now ?? (() => new Date()),
    namespacePolicy: (namespace: string) => state.namespacePolicy(namespace, Math.max(0, remaining())),
    ...(ingressClasses ? { ingressClasses: () => ingressClasses(Math.max(0, remaining())) } : {}),
  };
  let outcome: Outcome;
  try {
    outcome = await reviewAdmission(admission, deps);
  } catch (error) {
    finish('error', admission.kind.kind, admission.operation);
    logger.error({ ...identity(admission), err: describeError(error), failurePolicy: config.failurePolicy }, 'internal error; answered by failurePolicy');
    return sendReview(response, failureAnswer(admission.uid, config.failurePolicy, `internal error, see the webhook log for uid ${admission.uid}`, 500));
  }
  sendReview(response, outcome.response);
  recordOutcome(admission, outcome, context, finish);
}

function recordOutcome(request: AdmissionRequest, outcome: Outcome, context: ValidateContext, finish: (result: RequestResult, kind: string, operation: string) => void): void {
  const who = identity(request, outcome);
  if (outcome.kind === 'not-evaluated') {
    finish('not-evaluated', request.kind.kind, request.operation);
    context.logger.debug({ ...who, reason: outcome.reason }, 'not evaluated');
    return;
  }
  // Every check that failed but did not count is logged under the request uid and counted, whatever suppressed it.
  for (const [checkId, by] of Object.entries(outcome.suppressed)) context.metrics.countSuppressed(checkId, by);
  const suppressed = Object.keys(outcome.suppressed).length > 0 ? { suppressed: outcome.suppressed } : {};
  if (outcome.kind === 'exempt') {
    finish('exempt', request.kind.kind, request.operation);
    context.logger.info({ ...who, exemptBy: outcome.exemption.reason, ...suppressed }, 'exempt');
    return;
  }
  const { decision, policy } = outcome;
  finish(decision.allowed ? 'allowed' : 'denied', request.kind.kind, request.operation);
  const checks: Record<string, string[]> = {};
  for (const mode of MODES) {
    for (const failure of decision.byMode[mode]) context.metrics.countCheck(failure.checkId, mode);
    if (decision.byMode[mode].length > 0) checks[mode] = decision.byMode[mode].map((f) => f.checkId);
  }
  const skipped = [...new Set(outcome.findings.filter((f) => f.status === 'skipped').map((f) => f.checkId))];
  // Audit mode only logs: the audited check IDs are the point of this line. No messages or paths: they may quote values.
  context.logger.info(
    {
      ...who,
      allowed: decision.allowed,
      policy: policy.source,
      thresholds: policy.thresholds,
      ...(Object.keys(checks).length > 0 ? { checks } : {}),
      ...suppressed,
      ...(outcome.ignoredAnnotations.length > 0 ? { ignoredAnnotations: outcome.ignoredAnnotations } : {}),
      ...(skipped.length > 0 ? { skipped } : {}),
      ...(decision.erroredChecks.length > 0 ? { erroredChecks: decision.erroredChecks } : {}),
      ...(decision.enforcementWaived ? { enforcementWaived: 'bookkeeping-only update' } : {}),
      ...(policy.invalidLabels.length > 0 ? { invalidLabels: policy.invalidLabels } : {}),
    },
    decision.allowed ? 'admitted' : 'denied',
  );
}
