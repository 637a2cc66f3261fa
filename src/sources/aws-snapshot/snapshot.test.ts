import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { AWS_TYPES, type ClusterModel, type RoleModel } from '../../aws/models.js';
import { readAwsSnapshot } from './index.js';
import { classifyResponse, pathHints } from './layout.js';
import { inventoryFromResponses } from './parse.js';
import { writeAwsSnapshot } from './write.js';

const cluster = { cluster: { name: 'prod', arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod', version: '1.33', resourcesVpcConfig: { subnetIds: ['subnet-1'] } } };
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-snapshot-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('classifying responses', () => {
  it('names a response by its top-level key', () => {
    expect(classifyResponse(cluster)).toBe('eks:DescribeCluster');
    expect(classifyResponse({ clusters: ['a'] })).toBe('eks:ListClusters');
    expect(classifyResponse({ addons: ['vpc-cni'] })).toBe('eks:ListAddons');
    expect(classifyResponse({ addons: [{ addonName: 'x' }] })).toBe('eks:DescribeAddonVersions');
    expect(classifyResponse({ addons: [] }, 'us-east-1/eks/addon-versions/x.json')).toBe('eks:DescribeAddonVersions');
    expect(classifyResponse({ Status: 'ENABLED', Features: [] })).toBe('guardduty:GetDetector');
    expect(classifyResponse({ unrelated: true })).toBeUndefined();
    expect(classifyResponse([cluster])).toBeUndefined();
  });
  it('reads region, cluster, role, key and detector from directories, not from the file name', () => {
    expect(pathHints('eu-west-1/eks/clusters/prod/nodegroups/a.json')).toEqual({ region: 'eu-west-1', cluster: 'prod' });
    expect(pathHints('iam/roles/my%2Brole/x.json')).toEqual({ role: 'my+role' });
    expect(pathHints('us-gov-west-1/kms/abc/get-key-rotation-status.json')).toEqual({ region: 'us-gov-west-1', key: 'abc' });
    expect(pathHints('eu-west-1/eks/clusters.json')).toEqual({ region: 'eu-west-1' });
  });
});

describe('turning responses into the inventory', () => {
  it('attaches role policies found under iam/roles/<role>/ and decodes URL-encoded trust', () => {
    const trust = encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }));
    const inventory = inventoryFromResponses(
      [
        { path: 'iam/list-roles.json', body: { Roles: [{ RoleName: 'nodes', Arn: 'arn:aws:iam::1:role/x/nodes', AssumeRolePolicyDocument: trust }] } },
        { path: 'iam/roles/nodes/list-attached-role-policies.json', body: { AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/A' }] } },
        { path: 'iam/roles/nodes/inline.json', body: { RoleName: 'nodes', PolicyName: 'p', PolicyDocument: { Statement: [] } } },
      ],
      { origin: 'test' },
    );
    const role = inventory.aws.find((record) => record.type === AWS_TYPES.role)?.model as RoleModel;
    expect(role.attachedPolicyArns).toEqual(['arn:aws:iam::aws:policy/A']);
    expect(role.inlinePolicyNames).toBeUndefined();
    expect(Object.keys(role.inlinePolicies)).toEqual(['p']);
    expect(role.trust[0]?.principals).toEqual({ Service: ['ec2.amazonaws.com'] });
  });

  it('marks the data a cluster needs but the snapshot lacks as missing, with the starved checks', () => {
    const inventory = inventoryFromResponses([{ path: 'eu-west-1/eks/clusters/prod/describe-cluster.json', body: cluster }], {
      origin: 'DIR',
      starvedChecks: (key) => (key === AWS_KEYS.securityGroups ? ['EKS-NET-005'] : []),
    });
    expect(inventory.missing.get(AWS_KEYS.securityGroups)).toEqual({ source: 'aws ec2:DescribeSecurityGroups', reason: 'no ec2:DescribeSecurityGroups output in DIR', checks: ['EKS-NET-005'] });
    // nothing calls for KMS data when no cluster has a key, so its absence is no gap
    expect(inventory.missing.has(AWS_KEYS.kmsKeys)).toBe(false);
    expect(inventory.missing.has(AWS_KEYS.clusterVersions)).toBe(false);
    expect(inventory.facts.kubernetesVersion).toBe('1.33');
  });

  it('turns the gaps of snapshot.json into gaps and missing keys, except for optional data', () => {
    const inventory = inventoryFromResponses([{ path: 'eu-west-1/eks/clusters/prod/describe-cluster.json', body: cluster }], {
      origin: 'DIR',
      meta: {
        gaps: [
          { source: 'aws eks:ListAccessEntries', reason: 'AccessDeniedException (eu-west-1/prod)', keys: [AWS_KEYS.accessEntries] },
          { source: 'aws eks:DescribeClusterVersions', reason: 'AccessDeniedException (eu-west-1)', keys: [AWS_KEYS.clusterVersions] },
        ],
      },
    });
    expect(inventory.missing.get(AWS_KEYS.accessEntries)?.reason).toBe('AccessDeniedException (eu-west-1/prod)');
    expect(inventory.missing.has(AWS_KEYS.clusterVersions)).toBe(false);
    expect(inventory.gaps.find((gap) => gap.source === 'aws eks:DescribeClusterVersions')?.reason).toBe(
      'AccessDeniedException (eu-west-1); the version checks use the EKS calendar shipped with eksguard instead',
    );
  });

  it('reports malformed and misplaced files as errors and keeps the rest', () => {
    const inventory = inventoryFromResponses(
      [
        { path: 'eks/describe-cluster.json', body: cluster },
        { path: 'eu-west-1/x.json', body: { what: 1 } },
        { path: 'eu-west-1/eks/c.json', body: { cluster: { name: 42 } } },
        { path: 'eu-west-1/eks/clusters/prod/describe-cluster.json', body: { cluster: { ...cluster.cluster, logging: 'on', encryptionConfig: [null, 7] } } },
      ],
      { origin: 'DIR' },
    );
    expect(inventory.errors.map((error) => error.location?.file)).toEqual(['eks/describe-cluster.json', 'eu-west-1/x.json']);
    const models = inventory.aws.filter((record) => record.type === AWS_TYPES.cluster).map((record) => record.model as ClusterModel);
    expect(models).toHaveLength(1);
    expect(models[0]?.encryption).toEqual([]);
    expect(models[0]?.enabledLogTypes).toBeUndefined();
  });
});

describe('reading and writing snapshot directories', () => {
  it('round-trips what collect writes, including snapshot.json', async () => {
    const dir = tempDir();
    await writeAwsSnapshot(dir, [{ path: 'eu-west-1/eks/clusters/prod/describe-cluster.json', body: cluster }], { format: 'eksguard-aws-snapshot', version: 1, gaps: [{ source: 'aws ec2:DescribeSubnets', reason: 'Throttling', keys: [AWS_KEYS.subnets] }] });
    const inventory = await readAwsSnapshot({ directory: dir });
    expect(inventory.aws.map((record) => record.ref.arn)).toEqual([cluster.cluster.arn]);
    expect(inventory.missing.get(AWS_KEYS.subnets)?.reason).toBe('Throttling');
  });
  it('refuses to write outside the directory', async () => {
    await expect(writeAwsSnapshot(tempDir(), [{ path: '../escape.json', body: {} }], {})).rejects.toThrow(/outside/);
  });
  it('reports invalid JSON, ignores symlinks and non-JSON files, and survives a missing directory', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'eu-west-1'), { recursive: true });
    writeFileSync(path.join(dir, 'eu-west-1', 'broken.json'), '{"cluster": ');
    writeFileSync(path.join(dir, 'eu-west-1', 'notes.txt'), 'hello');
    writeFileSync(path.join(tempDir(), 'outside.json'), JSON.stringify(cluster));
    symlinkSync(path.join(dirs[1]!, 'outside.json'), path.join(dir, 'eu-west-1', 'link.json'));
    const inventory = await readAwsSnapshot({ directory: dir });
    expect(inventory.errors).toEqual([
      { source: 'aws-snapshot', message: 'not valid JSON: unexpected end of the input (column 13)', location: { file: 'eu-west-1/broken.json', line: 1 } },
    ]);
    expect(inventory.aws).toEqual([]);
    const missing = await readAwsSnapshot({ directory: path.join(dir, 'nope') });
    expect(missing.nothing).toEqual({ reason: `${path.join(dir, 'nope')} is not a directory`, allowable: false });
  });

  it('names line and column of invalid JSON and never repeats the text, which may hold secrets', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'eu-west-1/eks'), { recursive: true });
    writeFileSync(path.join(dir, 'eu-west-1/eks/a.json'), '{\n  "cluster": {"name": password=hunter2-Sup3rS3cret}\n}');
    writeFileSync(path.join(dir, 'eu-west-1/eks/b.json'), `{"cluster": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const inventory = await readAwsSnapshot({ directory: dir });
    expect(inventory.errors).toEqual([
      { source: 'aws-snapshot', message: 'not valid JSON: unexpected character (not a JSON value) (column 23)', location: { file: 'eu-west-1/eks/a.json', line: 2 } },
      { source: 'aws-snapshot', message: 'not valid JSON: nested deeper than 64 levels (column 76)', location: { file: 'eu-west-1/eks/b.json', line: 1 } },
    ]);
  });

  it('stops reading at the total size limit with one error, and audits what it read', async () => {
    const dir = tempDir();
    const body = JSON.stringify(cluster);
    for (const region of ['eu-west-1', 'eu-west-2', 'eu-west-3']) {
      mkdirSync(path.join(dir, region, 'eks/clusters/prod'), { recursive: true });
      writeFileSync(path.join(dir, region, 'eks/clusters/prod/describe-cluster.json'), body.replace('eu-west-1', region));
    }
    const inventory = await readAwsSnapshot({ directory: dir, maxTotalBytes: body.length * 2 + 10 });
    expect(inventory.aws.map((record) => record.ref.region)).toEqual(['eu-west-1', 'eu-west-2']);
    expect(inventory.errors).toEqual([
      { source: 'aws-snapshot', message: `the snapshot's files together exceed ${body.length * 2 + 10} bytes; this file and the 0 after it are ignored`, location: { file: 'eu-west-3/eks/clusters/prod/describe-cluster.json' } },
    ]);
  });

  it('never opens a FIFO inside a snapshot', async () => {
    const dir = tempDir();
    await writeAwsSnapshot(dir, [{ path: 'eu-west-1/eks/clusters/prod/describe-cluster.json', body: cluster }], {});
    execFileSync('mkfifo', [path.join(dir, 'eu-west-1/eks/waiting.json')]);
    const inventory = await readAwsSnapshot({ directory: dir });
    expect(inventory.errors).toEqual([]);
    expect(inventory.aws).toHaveLength(1);
  });
});

describe('an empty result', () => {
  it('says why a snapshot holds nothing, and whether --allow-empty may accept it', async () => {
    const withList = tempDir();
    await writeAwsSnapshot(withList, [{ path: 'eu-west-1/eks/list-clusters.json', body: { clusters: [] } }], {});
    expect((await readAwsSnapshot({ directory: withList })).nothing).toEqual({ reason: `no AWS resource found in ${withList}: there is nothing to audit`, allowable: true });
    const empty = tempDir();
    expect((await readAwsSnapshot({ directory: empty })).nothing).toEqual({ reason: `no AWS resource found in ${empty}: there is nothing to audit`, allowable: false });
    expect(inventoryFromResponses([{ path: 'eu-west-1/eks/list-clusters.json', body: { clusters: [] } }], { origin: 'AWS' }).errors).toEqual([]);
  });
});
