import { definePathCheck } from './attack-path-check.js';
import { allow, irsaExample } from './examples.js';

/** EKS-PATH-002: fails for each attack path from an entry point to account-wide secrets. */
export const attackPathToSecrets = definePathCheck({
  id: 'EKS-PATH-002',
  title: 'No attack path should lead from an entry point to account-wide secrets',
  severity: 'high',
  jewels: ['secrets'],
  rationale:
    'A path from the internet, any authenticated user or a namespace\'s developers to a role that reads every secret of the account (secretsmanager:GetSecretValue, ssm:GetParameter or kms:Decrypt on every resource) hands over the credentials of every other system the account holds: databases, third-party APIs, other clusters.',
  remediation:
    'Remove the step named as the fix first. Scope the role to the secrets of its own application (`arn:aws:secretsmanager:<region>:<account>:secret:<app>/*`), or cut the path earlier: restrict the load balancer\'s sources, keep pods off the node role (IMDSv2, hop limit 1), and let only the workload\'s own ServiceAccount assume the role.',
  examples: () => ({
    pass: [irsaExample({ internal: true, inline: allow('secretsmanager:GetSecretValue') })],
    fail: [irsaExample({ internal: false, inline: allow('secretsmanager:GetSecretValue') })],
  }),
});
