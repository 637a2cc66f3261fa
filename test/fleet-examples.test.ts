/**
 * The fleet examples stay runnable: the Kubernetes manifests pass eksguard's own checks, their shard
 * arguments agree with the Job's completions, every $(VAR) they use is defined, every flag exists,
 * and the GitHub Actions matrix covers every shard once.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseShard } from '../src/core/fleet/shard.js';
import { parseS3Url } from '../src/sinks/s3.js';
import { repoRoot, runCli, runCliJson } from './e2e/run-cli.js';

type Json = Record<string, any>;
const dir = path.join(repoRoot, 'deploy/fleet');
const objects: Json[] = readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .flatMap((name) => yaml.loadAll(readFileSync(path.join(dir, name), 'utf8')) as Json[]);
const helpOf = new Map<string, string>();
const help = (command: string) => {
  if (!helpOf.has(command)) helpOf.set(command, runCli([command, '--help']).stdout);
  return helpOf.get(command)!;
};

/** Pod templates of the fleet Jobs, with the Job spec that runs them. */
function jobs(): { name: string; job: Json; pod: Json }[] {
  return objects.flatMap((object) => {
    if (object['kind'] === 'Job') return [{ name: object['metadata'].name, job: object['spec'], pod: object['spec'].template.spec }];
    if (object['kind'] === 'CronJob') return [{ name: object['metadata'].name, job: object['spec'].jobTemplate.spec, pod: object['spec'].jobTemplate.spec.template.spec }];
    return [];
  });
}

function checkContainer(container: Json, job: Json): void {
  const args = container['args'] as string[];
  const defined = new Set([...(container['env'] ?? []).map((entry: Json) => entry['name']), ...(job['completionMode'] === 'Indexed' ? ['JOB_COMPLETION_INDEX'] : [])]);
  for (const arg of args) for (const match of arg.matchAll(/\$\(([A-Z_]+)\)/g)) expect(defined, `${container['name']}: $(${match[1]}) is not defined`).toContain(match[1]);
  const command = args[0]!;
  for (const flag of args.filter((arg) => arg.startsWith('--'))) expect(help(command), `eksguard ${command} has no ${flag}`).toContain(flag);
  const shard = args.indexOf('--shard');
  if (shard >= 0) {
    const spec = parseShard(args[shard + 1]!.replace('$(JOB_COMPLETION_INDEX)', '0'));
    expect(typeof spec).toBe('object');
    const count = (spec as { count: number }).count;
    expect(job['completionMode']).toBe('Indexed');
    expect([job['completions'], job['parallelism']]).toEqual([count, count]);
  }
  for (const arg of args.filter((item) => item.startsWith('s3://'))) expect(typeof parseS3Url(arg.replace(/\$\([A-Z_]+\)/g, 'x'))).toBe('object');
}

describe('deploy/fleet', () => {
  it('passes eksguard at the restricted level with nothing to report', () => {
    const { json, result } = runCliJson(['scan', 'deploy/fleet', '--pss-level', 'restricted', '--fail-on', 'info']);
    expect(result.code, JSON.stringify(json.findings.map((f: Json) => `${f.checkId} ${f.message}`))).toBe(0);
  });

  it('runs shards that match the Indexed Job, with flags that exist and variables that are defined', () => {
    const all = jobs();
    expect(all.map((entry) => entry.name).sort()).toEqual(['eksguard-fleet-publish', 'eksguard-fleet-scan', 'eksguard-fleet-scan']);
    for (const { job, pod } of all) for (const container of [...(pod['initContainers'] ?? []), ...pod['containers']]) checkContainer(container, job);
  });

  it('scans daily and publishes after the scan, merging the shards the scan writes', () => {
    const crons = objects.filter((object) => object['kind'] === 'CronJob');
    const hour = (name: string) => Number(/^0 (\d+) \* \* \*$/.exec(crons.find((cron) => cron['metadata'].name === name)!['spec'].schedule)![1]);
    expect(hour('eksguard-fleet-publish')).toBeGreaterThan(hour('eksguard-fleet-scan'));
    const scan = crons.find((cron) => cron['metadata'].name === 'eksguard-fleet-scan')!['spec'].jobTemplate.spec;
    const output = scan.template.spec.containers[0].args.at(-1) as string;
    const merge = crons.find((cron) => cron['metadata'].name === 'eksguard-fleet-publish')!['spec'].jobTemplate.spec.template.spec.initContainers[0].args as string[];
    const shards = Array.from({ length: scan.completions }, (_, index) => output.replace('$(JOB_COMPLETION_INDEX)', String(index)));
    expect(merge.filter((arg) => arg.startsWith('s3://') && arg.includes('shard-'))).toEqual(shards);
  });
});

describe('examples/fleet/github-actions.yml', () => {
  const workflow = yaml.load(readFileSync(path.join(repoRoot, 'examples/fleet/github-actions.yml'), 'utf8')) as Json;

  it('has one matrix entry per shard and merges after every shard', () => {
    const count = Number(workflow['env'].SHARDS);
    expect(workflow['jobs'].scan.strategy.matrix.shard).toEqual(Array.from({ length: count }, (_, index) => index));
    expect(workflow['jobs'].merge.needs).toBe('scan');
    const scanStep = workflow['jobs'].scan.steps.find((step: Json) => String(step.run ?? '').includes('--shard'));
    expect(scanStep.run).toContain('--shard ${{ matrix.shard }}/${SHARDS}');
    const commands = [...workflow['jobs'].scan.steps, ...workflow['jobs'].merge.steps].map((step: Json) => String(step.run ?? '')).join('\n');
    for (const match of commands.matchAll(/eksguard@\$\{EKSGUARD_VERSION\} ([a-z]+)([^\n]*)/g)) {
      for (const flag of match[2]!.match(/--[a-z-]+/g) ?? []) expect(help(match[1]!), `eksguard ${match[1]} has no ${flag}`).toContain(flag);
    }
  });
});
