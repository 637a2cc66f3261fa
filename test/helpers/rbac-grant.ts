import type { MessageData } from '../../src/core/message.js';

/**
 * The data of RBAC_GRANT_MESSAGES (`{{subject}} {{what}} {{scope}} via {{via}}.{{note}}{{others}}`)
 * for CheckTester cases: the note is a sentence after the grant, the others the grants of the same
 * subject by later bindings (`cluster-wide via ClusterRoleBinding b2 → …`).
 */
export function grantData(subject: string, what: string, scope: string, via: string, options: { note?: string; others?: readonly string[] } = {}): MessageData {
  return {
    subject,
    what,
    scope,
    via,
    note: options.note ? ` ${options.note}` : '',
    others: options.others && options.others.length > 0 ? ` Also granted ${options.others.join('; ')}.` : '',
  };
}
