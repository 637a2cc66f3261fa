import type { AwsNothing } from '../aws-snapshot/parse.js';

/** What kind of failure a call met: the difference between "no credentials" and "AccessDenied" is the user's next step. */
export type FailureCause = 'credentials' | 'denied' | 'network' | 'other';

/** The credential chain found nothing, or AWS rejected the key itself (not the permission). */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AuthFailure',
]);
const DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedException|Forbidden|NotAuthorized)$/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

/** One AWS call that failed during a live collection, and what it leaves uncollected. */
export interface FailedCall {
  action: string;
  scope: string;
  reason: string;
  /** the data keys it starves; by default the key its action feeds */
  keys?: string[];
  /** what kind of failure (credentials, denied, network), for the verdict when nothing was collected */
  cause?: FailureCause;
}

export function failureCause(error: unknown): FailureCause {
  const err = error as { name?: string; Code?: string; code?: string; cause?: { code?: string }; $metadata?: { httpStatusCode?: number } } | undefined;
  const name = err?.Code ?? err?.name ?? '';
  if (CREDENTIAL_ERRORS.has(name)) return 'credentials';
  if (DENIED.test(name) || err?.$metadata?.httpStatusCode === 403) return 'denied';
  const code = err?.code ?? err?.cause?.code ?? '';
  if (NETWORK_CODES.has(code) || name === 'TimeoutError' || name === 'RequestTimeout') return 'network';
  return 'other';
}

/**
 * Why a live collection that found no cluster found nothing. Missing or rejected credentials,
 * an endpoint that cannot be reached and an account that denies every call all mean that nothing
 * was audited, and fail the gate whatever the flags; an account that answered and has no cluster
 * is `allowable` (`--allow-empty`), but only when no listing failed in any region.
 */
export function whyNothingCollected(run: { failures: readonly FailedCall[]; answered: number }, options: { regions: readonly string[]; clusters: readonly string[] }): AwsNothing {
  // calls that failed; a named cluster found in no region is a conclusion, not a call
  const calls = run.failures.filter((failure) => failure.cause !== undefined);
  const first = (cause: FailureCause) => calls.find((failure) => failure.cause === cause);
  const credentials = first('credentials');
  if (credentials) return { reason: `no usable AWS credentials: ${credentials.reason}`, allowable: false };
  if (run.answered === 0 && calls.length > 0) {
    const network = first('network');
    if (network) return { reason: `cannot reach the AWS API: ${network.reason}`, allowable: false };
    if (calls.every((failure) => failure.cause === 'denied')) return { reason: `no reachable AWS account: every call was denied (${calls[0]!.reason})`, allowable: false };
    return { reason: `no answer from the AWS API: ${calls[0]!.reason}`, allowable: false };
  }
  const regions = options.regions.join(', ');
  if (options.clusters.length > 0) return { reason: `no EKS cluster named ${options.clusters.join(', ')} in ${regions}`, allowable: false };
  return { reason: `no EKS cluster in ${regions}: there is nothing to audit`, allowable: calls.length === 0 };
}
