import { defineCheck, fail, notApplicable, pass, type Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { LaunchTemplateVersionModel } from '../../aws/models.js';
import type { UserDataCredential } from '../../aws/user-data/credentials.js';
import { EKS_BPG, skipped } from '../../aws/verdicts.js';
import { launchTemplateVersions } from '../../aws/view.js';
import { awsExample } from './example.js';
import { templateFixture } from './eks-node-001-imdsv2.js';

const USER_DATA = fieldPath('LaunchTemplateData', 'UserData');

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** An AL2023 node's user data as EKS expects it: MIME multipart with a nodeadm NodeConfig and a shell script. */
export function mimeUserData(script: string): string {
  return base64(`MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: application/node.eks.aws

apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: prod
    apiServerEndpoint: https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com

--BOUNDARY
Content-Type: text/x-shellscript; charset="us-ascii"

${script}
--BOUNDARY--
`);
}

/** A finding for one credential: where it is (MIME part, line) and what kind, never its value. */
function credentialFailure(credential: UserDataCredential): Verdict {
  const data = {
    part: credential.part === 'user data' ? 'user data' : `user data ${credential.part}`,
    line: credential.line,
    credential: credential.preview ? `${credential.label} (${credential.preview})` : credential.label,
  };
  if (credential.name) return fail({ messageId: 'namedCredential', data: { ...data, name: JSON.stringify(credential.name) }, path: USER_DATA });
  return fail({ messageId: 'credential', data, path: USER_DATA });
}

function templateName(template: LaunchTemplateVersionModel): string {
  return `${template.name ?? template.id ?? 'launch template'} version ${template.version}`;
}

/**
 * EKS-DATA-003: launch-template user data holds no credential. The user data is
 * decoded in memory (base64, gzip, MIME multipart) and scanned line by line with
 * the K8S-DATA detectors; only the kind and the place of a credential are kept.
 */
export const userDataCredentials = defineCheck<LaunchTemplateVersionModel>({
  id: 'EKS-DATA-003',
  title: 'Launch template user data must not hold credentials',
  area: 'data',
  severity: 'high',
  target: launchTemplateVersions,
  needs: [AWS_KEYS.launchTemplates],
  rationale:
    'User data is not a secret store: anyone with `ec2:DescribeLaunchTemplateVersions` or `ec2:DescribeInstanceAttribute` reads it in clear text, and on the node every process that reaches the instance metadata service (pods too, when the hop limit allows) can fetch it. An access key, private key, token or password written there is exposed to all of them, and stays in every old template version.',
  remediation:
    'Remove the credential from the user data and from every older launch template version (`aws ec2 delete-launch-template-versions`), rotate it, and have the node fetch secrets at boot from Secrets Manager or SSM Parameter Store with its instance role, or give pods their own identity (EKS Pod Identity or IRSA).',
  messages: {
    credential: '{{part}}, line {{line}}: {{credential}}',
    namedCredential: '{{part}}, line {{line}}: {{credential}} given to {{name}}',
  },
  references: [`${EKS_BPG}/data-encryption-and-secrets-management.html`, 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample(templateFixture({ UserData: mimeUserData('#!/bin/bash\nexport DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)"') }))],
    fail: [
      awsExample(templateFixture({ UserData: mimeUserData('#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE') })),
      awsExample(templateFixture({ UserData: base64('#!/bin/bash\n/etc/eks/bootstrap.sh prod\necho "registry-password: s3cr3t-value-42" > /etc/registry.yaml') })),
    ],
  }),
  evaluate(template) {
    const facts = template.userData;
    if (!facts) return notApplicable(`${templateName(template)} has no user data`);
    const verdicts: Verdict[] = facts.credentials.map(credentialFailure);
    if (verdicts.length > 0) return verdicts;
    if (facts.problems.length > 0) return skipped(`user data could not be read in full: ${facts.problems.join('; ')}`);
    return pass('the user data holds no credential');
  },
});
