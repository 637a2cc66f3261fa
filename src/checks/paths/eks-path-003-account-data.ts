import { definePathCheck } from './attack-path-check.js';
import { allow, irsaExample } from './examples.js';

/** EKS-PATH-003: fails for each attack path from an entry point to account-wide data. */
export const attackPathToData = definePathCheck({
  id: 'EKS-PATH-003',
  title: 'No attack path should lead from an entry point to account-wide data',
  severity: 'high',
  jewels: ['data'],
  rationale:
    'A path from the internet, any authenticated user or a namespace\'s developers to a role that reads or writes every S3 bucket of the account lets one exploited request exfiltrate or destroy data the workload was never meant to touch.',
  remediation:
    'Remove the step named as the fix first. Scope the role to its own buckets (`arn:aws:s3:::<bucket>/*`), or cut the path earlier: restrict the load balancer\'s sources, keep pods off the node role, and scope the role\'s trust to one ServiceAccount.',
  examples: () => ({
    pass: [irsaExample({ internal: true, inline: allow(['s3:GetObject', 's3:PutObject']) })],
    fail: [irsaExample({ internal: false, inline: allow(['s3:GetObject', 's3:PutObject']) })],
  }),
});
