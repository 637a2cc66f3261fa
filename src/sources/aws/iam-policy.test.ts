import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsChecks } from '../../checks/aws/index.js';
import { iamActionsFor } from '../../aws/data-keys.js';

const root = path.resolve(import.meta.dirname, '../../..');
const SERVICE_OF_PACKAGE: Readonly<Record<string, string>> = {
  '@aws-sdk/client-eks': 'eks',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-kms': 'kms',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-guardduty': 'guardduty',
  '@aws-sdk/client-ecr': 'ecr',
  '@aws-sdk/client-cloudtrail': 'cloudtrail',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
};

/** Every AWS action the collector can call: `new XCommand(` and `paginateX(` per imported SDK package. */
function calledActions(): string[] {
  const directory = path.join(root, 'src/sources/aws');
  const actions = new Set<string>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
    const source = readFileSync(path.join(directory, file), 'utf8');
    for (const match of source.matchAll(/import\s*{([^}]*)}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
      const service = SERVICE_OF_PACKAGE[match[2]!];
      const names = match[1]!.split(',').map((name) => name.trim().replace(/^type\s+/, ''));
      for (const name of names) {
        const command = /^([A-Z][A-Za-z0-9]+)Command$/.exec(name);
        const paginator = /^paginate([A-Z][A-Za-z0-9]+)$/.exec(name);
        const action = command?.[1] ?? paginator?.[1];
        if (!action) continue;
        expect(service, `${file} imports ${name} from ${match[2]}, which the policy test does not know`).toBeDefined();
        // only count what the file actually calls, not what it imports
        if (new RegExp(`\\b(new ${name}\\(|${name}\\()`).test(source)) actions.add(`${service}:${action}`);
      }
    }
  }
  return [...actions].sort();
}

function policyActions(): string[] {
  const policy = JSON.parse(readFileSync(path.join(root, 'docs/iam-policy.json'), 'utf8')) as { Statement: { Effect: string; Action: string[]; Resource: string }[] };
  return policy.Statement.flatMap((statement) => {
    expect(statement.Effect).toBe('Allow');
    expect(statement.Resource).toBe('*');
    return statement.Action;
  }).sort();
}

describe('docs/iam-policy.json', () => {
  it('lists exactly the actions the AWS source calls', () => {
    const called = calledActions();
    expect(called.length).toBeGreaterThan(20);
    expect(called.filter((action) => !policyActions().includes(action)), 'called but not in the policy').toEqual([]);
    expect(policyActions().filter((action) => !called.includes(action)), 'in the policy but never called').toEqual([]);
  });

  it('is read-only: every action is a Describe, List or Get, and none is a wildcard', () => {
    for (const action of [...policyActions(), ...calledActions()]) expect(action).toMatch(/^[a-z0-9]+:(Describe|List|Get)[A-Za-z]+$/);
  });

  it('covers the actions behind every EKS-* check, and docs/aws.md names them per check', () => {
    const docs = readFileSync(path.join(root, 'docs/aws.md'), 'utf8');
    for (const check of awsChecks) {
      const actions = iamActionsFor(check.needs);
      expect(actions.filter((action) => !policyActions().includes(action)), check.id).toEqual([]);
      const line = docs.split('\n').find((row) => row.startsWith(`| ${check.id} `));
      expect(line, `docs/aws.md has no row for ${check.id}`).toBeDefined();
      for (const action of actions) expect(line, `${check.id} row lacks ${action}`).toContain(`\`${action}\``);
    }
  });
});
