import { IAMClient } from '@aws-sdk/client-iam';
import type { AwsClientOptions } from '../clients.js';

type Send = (command: { input?: unknown }, options?: unknown) => Promise<unknown>;

/**
 * IAM is global to an account, and every cluster of the account reads the same roles and OIDC
 * providers. One client per account answers a read it has already made (same command, same input,
 * same page) from the first answer, failures included, so a fleet reads each account's IAM once
 * however many of its clusters are scanned, and every cluster sees the same data.
 */
export function createAccountIamClient(region: string, options: AwsClientOptions): IAMClient {
  const client = new IAMClient({
    region,
    retryMode: options.retryMode ?? 'adaptive',
    maxAttempts: options.maxAttempts ?? 6,
    ...(options.credentials ? { credentials: options.credentials } : options.profile ? { profile: options.profile } : {}),
  });
  const send = client.send.bind(client) as Send;
  const answers = new Map<string, Promise<unknown>>();
  // the paginators check `instanceof IAMClient`: the instance stays one, only its send is wrapped
  (client as unknown as { send: Send }).send = (command, options) => {
    const key = `${command.constructor.name}\u0000${JSON.stringify(command.input ?? {})}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = send(command, options);
      answers.set(key, answer);
    }
    return answer;
  };
  return client;
}
