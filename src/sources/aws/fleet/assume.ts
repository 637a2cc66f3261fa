import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { CredentialProvider } from '../clients.js';

export interface AssumeRoleRequest {
  sts: STSClient;
  roleArn: string;
  /** the external ID the member role's trust policy requires (sts:ExternalId) */
  externalId?: string;
  /** shown in the member account's CloudTrail: says that eksguard made the calls */
  sessionName: string;
}

/** Renew this long before the credentials expire, so no call is signed with credentials about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const SESSION_SECONDS = 3600;

/**
 * Assumes the role once now (so an account whose role cannot be assumed is known before any of its
 * calls), then hands out a provider that assumes it again shortly before the credentials expire.
 * Concurrent callers share one renewal.
 */
export async function assumeRole(request: AssumeRoleRequest, now: () => number = Date.now): Promise<CredentialProvider> {
  const fetchCredentials = async () => {
    const response = await request.sts.send(
      new AssumeRoleCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        DurationSeconds: SESSION_SECONDS,
        ...(request.externalId !== undefined ? { ExternalId: request.externalId } : {}),
      }),
    );
    const credentials = response.Credentials;
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw Object.assign(new Error(`AssumeRole of ${request.roleArn} returned no credentials`), { name: 'NoCredentials' });
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
      expiration: credentials.Expiration ?? new Date(now() + SESSION_SECONDS * 1000),
    };
  };
  let current = await fetchCredentials();
  let renewing: Promise<typeof current> | undefined;
  return async () => {
    if (current.expiration.getTime() - REFRESH_MARGIN_MS > now()) return current;
    renewing ??= fetchCredentials().finally(() => {
      renewing = undefined;
    });
    current = await renewing;
    return current;
  };
}

/** Session names allow `[\w+=,.@-]{2,64}`; this one names the tool and the run. */
export function sessionNameFor(runId: string): string {
  return `eksguard-${runId.replace(/[^\w+=,.@-]/g, '-')}`.slice(0, 64);
}
