import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The IAM policies of docs/fleet.md stay in step with the calls the code makes: every action a
 * file calls is granted by the policy of the identity that calls it, and every granted action is
 * called. The member accounts' read-only permissions are docs/iam-policy.json (its own test).
 */
const root = path.resolve(import.meta.dirname, '../../../..');
const SERVICE_OF_PACKAGE: Readonly<Record<string, string>> = {
  '@aws-sdk/client-eks': 'eks',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-organizations': 'organizations',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-securityhub': 'securityhub',
  '@aws-sdk/client-s3': 's3',
};
/** STS answers GetCallerIdentity for every identity: no policy can deny it. */
const NEEDS_NO_PERMISSION = new Set(['sts:GetCallerIdentity']);

function calledActions(files: readonly string[]): string[] {
  const actions = new Set<string>();
  for (const file of files) {
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const match of source.matchAll(/import\s*{([^}]*)}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
      const service = SERVICE_OF_PACKAGE[match[2]!];
      for (const name of match[1]!.split(',').map((item) => item.trim().replace(/^type\s+/, ''))) {
        const action = /^([A-Z][A-Za-z0-9]+)Command$/.exec(name)?.[1] ?? /^paginate([A-Z][A-Za-z0-9]+)$/.exec(name)?.[1];
        if (!action) continue;
        expect(service, `${file} imports ${name} from ${match[2]}, which this test does not know`).toBeDefined();
        if (new RegExp(`\\b(new ${name}\\(|${name}\\()`).test(source)) actions.add(`${service}:${action}`);
      }
    }
  }
  return [...actions].sort();
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: string;
  Principal?: { AWS?: string };
  Condition?: Record<string, Record<string, string>>;
}

function policy(file: string): Statement[] {
  return (JSON.parse(readFileSync(path.join(root, file), 'utf8')) as { Statement: Statement[] }).Statement;
}

function actionsOf(file: string): string[] {
  return policy(file)
    .flatMap((statement) => {
      expect(statement.Effect).toBe('Allow');
      return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
    })
    .sort();
}

const fleetFiles = readdirSync(path.join(root, 'src/sources/aws/fleet'))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => `src/sources/aws/fleet/${name}`);

describe('fleet IAM policies', () => {
  it('the scanning role may list the Organization and assume the reader role, and the fleet code calls nothing else of its own', () => {
    const scanner = actionsOf('deploy/iam/scanner-policy.json');
    const reader = actionsOf('docs/iam-policy.json');
    const called = calledActions(fleetFiles);
    expect(called).toEqual(expect.arrayContaining(['organizations:ListAccounts', 'sts:AssumeRole', 'eks:ListClusters']));
    // every call is granted: to the scanner (its own account), or to the reader role (in each member account)
    expect(called.filter((action) => !scanner.includes(action) && !reader.includes(action) && !NEEDS_NO_PERMISSION.has(action))).toEqual([]);
    // every grant of the scanner is used
    expect(scanner.filter((action) => !called.includes(action))).toEqual([]);
    expect(reader).toContain('ec2:DescribeRegions');
  });

  it('the scanner may assume only the role the trust policy is written for, and the trust policy requires the external ID', () => {
    const assume = policy('deploy/iam/scanner-policy.json').find((statement) => statement.Action.includes('sts:AssumeRole'))!;
    expect(assume.Resource).toBe('arn:aws:iam::*:role/eksguard-reader');
    const [trust] = policy('deploy/iam/reader-trust-policy.json');
    expect(trust!.Action).toBe('sts:AssumeRole');
    expect(trust!.Principal?.AWS).toMatch(/^arn:aws:iam::\d{12}:role\/eksguard-scanner$/);
    expect(Object.keys(trust!.Condition?.['StringEquals'] ?? {})).toEqual(['sts:ExternalId']);
  });

  it('the Security Hub policy grants exactly what publish calls', () => {
    expect(actionsOf('deploy/iam/securityhub-import-policy.json')).toEqual(calledActions(['src/sinks/securityhub.ts']));
    expect(calledActions(['src/sinks/securityhub.ts'])).toEqual(['securityhub:BatchImportFindings', 'securityhub:GetFindings']);
  });

  it('the report bucket policy grants exactly what --output s3:// and merge/diff/publish of s3:// reports call', () => {
    expect(actionsOf('deploy/iam/report-bucket-policy.json')).toEqual(calledActions(['src/sinks/s3.ts']));
  });

  it('docs/fleet.md links every policy file', () => {
    const docs = readFileSync(path.join(root, 'docs/fleet.md'), 'utf8');
    for (const file of ['scanner-policy.json', 'reader-trust-policy.json', 'securityhub-import-policy.json', 'report-bucket-policy.json', 'iam-policy.json']) expect(docs).toContain(file);
  });
});
