import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { userDataCredentials, mimeUserData } from './eks-data-003-user-data-credentials.js';
import { templateFixture } from './eks-node-001-imdsv2.js';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const PASSWORD = 'hunter2-but-longer';

const SHELL_PART = 'user data MIME part 2 (text/x-shellscript)';
const twoCredentials = templateFixture({ UserData: mimeUserData(`#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${KEY}\nexport DB_PASSWORD=${PASSWORD}`) });

testCheck(userDataCredentials, {
  pass: [{ input: { aws: templateFixture({ UserData: mimeUserData('#!/bin/bash\necho ready') }) } }],
  fail: [
    {
      input: { aws: twoCredentials },
      failures: [
        { path: 'LaunchTemplateData.UserData', messageId: 'credential', data: { part: SHELL_PART, line: 2, credential: 'an AWS access key ID (AKIA…)' }, severity: 'high' },
        { path: 'LaunchTemplateData.UserData', messageId: 'namedCredential', data: { part: SHELL_PART, line: 3, credential: 'a literal value under a secret-like name', name: '"DB_PASSWORD"' }, severity: 'high' },
      ],
    },
    {
      input: { aws: templateFixture({ UserData: Buffer.from('#!/bin/bash\n/etc/eks/bootstrap.sh prod\necho "registry-password: s3cr3t-value-42"').toString('base64') }) },
      failures: [{ path: 'LaunchTemplateData.UserData', messageId: 'namedCredential', data: { part: 'user data', line: 3, credential: 'a literal value under a secret-like name', name: '"registry-password"' }, severity: 'high' }],
    },
  ],
});

describe('EKS-DATA-003 credentials in launch-template user data', () => {
  it('never puts the credential value in a finding', () => {
    const findings = runAws(userDataCredentials, twoCredentials);
    expect(summary(findings)).toEqual(['fail:high', 'fail:high']);
    expect(JSON.stringify(findings)).not.toContain(KEY);
    expect(JSON.stringify(findings)).not.toContain(PASSWORD);
  });

  it('reads gzip-compressed user data', () => {
    const userData = gzipSync(`#!/bin/bash\ncurl -H "Authorization: Bearer ${PASSWORD}" https://example.com`).toString('base64');
    const findings = runAws(userDataCredentials, templateFixture({ UserData: userData }));
    expect(findings.map((finding) => finding.message)).toEqual(['user data, line 2: an HTTP Bearer credential']);
  });

  it('passes clean user data, is not applicable without user data, and skips what it cannot decode', () => {
    expect(summary(runAws(userDataCredentials, templateFixture({ UserData: mimeUserData('#!/bin/bash\necho ready') })))).toEqual(['pass']);
    expect(summary(runAws(userDataCredentials, templateFixture({})))).toEqual(['not-applicable']);
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x61)).toString('base64');
    const skipped = runAws(userDataCredentials, templateFixture({ UserData: bomb }));
    expect(skipped.map((finding) => [finding.status, finding.message])).toEqual([['skipped', 'user data could not be read in full: user data decompresses to more than 1048576 bytes']]);
  });

  it('judges the facts the live source records in place of the user data', () => {
    const facts = { credentials: [{ kind: 'private-key', label: 'a PEM private key', preview: '', part: 'user data', line: 7 }], problems: [] };
    const findings = runAws(userDataCredentials, templateFixture({ EksguardUserDataFacts: facts }));
    expect(findings.map((finding) => finding.message)).toEqual(['user data, line 7: a PEM private key']);
  });
});
