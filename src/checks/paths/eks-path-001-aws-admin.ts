import { definePathCheck } from './attack-path-check.js';
import { allow, irsaExample } from './examples.js';

/** EKS-PATH-001: fails for each attack path from an entry point to AWS account admin or IAM privilege escalation. */
export const attackPathToAwsAdmin = definePathCheck({
  id: 'EKS-PATH-001',
  title: 'No attack path should lead from an entry point to AWS account admin',
  severity: 'critical',
  jewels: ['admin', 'escalation'],
  rationale:
    'One setting at a time each step may look tolerable: an internet-facing Service, a pod that runs as a ServiceAccount, an IRSA role, a policy with iam:PassRole. Joined, they let whoever reaches the entry point (the internet, any authenticated user, a namespace\'s developers) become administrator of the AWS account, directly (`*` on `*`) or through a known IAM privilege-escalation combination.',
  remediation:
    'Remove the step the finding names as the fix first: it lies on the most paths. Usually that is the admin or escalation grant of the role (give the workload a role with only the actions it uses, add a permissions boundary that denies IAM writes), else the exposure or the trust that joins the halves (scope the IRSA trust to one ServiceAccount, block the instance metadata service with IMDSv2 and a hop limit of 1).',
  references: ['https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/'],
  examples: () => ({
    pass: [irsaExample({ internal: true, managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] })],
    fail: [irsaExample({ internal: false, managed: ['arn:aws:iam::aws:policy/AdministratorAccess'] }), irsaExample({ internal: false, inline: allow(['iam:PassRole', 'ec2:RunInstances']) })],
  }),
});
