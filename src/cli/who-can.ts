import type { Inventory } from '../core/inventory.js';
import type { Gap, InputError, Location } from '../core/types.js';
import { rbacChecks } from '../checks/k8s/rbac/index.js';
import { awsAuthMasters } from '../checks/k8s/iam/k8s-iam-001-aws-auth-masters.js';
import { suggestion } from '../core/suggest.js';
import { awsAuthGrants, MASTERS_GROUP, type AwsAuthGrant } from '../k8s/rbac/aws-auth-grants.js';
import {
  buildRbacGraph,
  describeBinding,
  describeResourceQuery,
  describeRole,
  describeRule,
  parseResourceArgument,
  whoCan,
  type WhoCanQuery,
  type WhoCanRow,
} from '../k8s/rbac/index.js';
import { escapeControl } from '../reporters/text-safety.js';
import { parseAwsScanOptions, type AwsScanOptions } from './aws-options.js';
import { accessEntriesFor, accessEntryCells, accessEntryJson, accessEntryNotes, type AccessEntryResult } from './who-can-access-entries.js';
import { UsageError } from './errors.js';
import type { LiveClusterOptions } from './live-cluster.js';
import { writeOutput } from './output.js';
import { collectInventory } from './scan.js';

export type WhoCanFormat = 'table' | 'json';

export interface WhoCanOptions {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  paths: string[];
  kube?: LiveClusterOptions;
  /** `--aws` / `--aws-snapshot DIR`: the cluster's EKS access entries */
  aws?: AwsScanOptions;
  /** `--cluster NAME`: whose access entries, when the AWS data holds several clusters */
  cluster?: string;
  format: WhoCanFormat;
  output?: string;
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

export function parseWhoCanFormat(value: string): WhoCanFormat {
  if (value === 'table' || value === 'json') return value;
  throw new UsageError(`invalid --format "${value}"`, 'use table or json');
}

/** Turns the command's arguments into a query; usage errors for what cannot be one. */
export function buildQuery(options: Pick<WhoCanOptions, 'verb' | 'resource' | 'namespace' | 'name'>): WhoCanQuery {
  const verb = options.verb.trim().toLowerCase();
  if (!/^([a-z]+|\*)$/.test(verb)) throw new UsageError(`"${options.verb}" is not a verb`, 'use a Kubernetes verb such as get, list, create, update, patch, delete, escalate, bind, impersonate');
  const target = parseResourceArgument(options.resource);
  if (target.kind === 'invalid') throw new UsageError(target.reason);
  if (options.namespace === '') throw new UsageError('--namespace needs a name');
  if (target.kind === 'url' && (options.namespace !== undefined || options.name !== undefined)) {
    throw new UsageError('a non-resource URL has no namespace or name', `drop --namespace and --name, for example: eksguard who-can get ${target.path} k8s/`);
  }
  return {
    verb,
    target,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    ...(options.name !== undefined ? { name: options.name } : {}),
  };
}

function describeQuery(query: WhoCanQuery): string {
  const what = query.target.kind === 'url' ? query.target.path : describeResourceQuery(query.target.query);
  const name = query.name !== undefined ? ` ${query.name}` : '';
  const where = query.namespace !== undefined ? ` in namespace ${query.namespace}` : '';
  return `${query.verb} ${what}${name}${where}`;
}

function subjectName(row: WhoCanRow): string {
  return row.subject.kind === 'ServiceAccount' ? `${row.subject.namespace ?? ''}/${row.subject.name}` : row.subject.name;
}

function ruleText(row: WhoCanRow): string {
  const where = row.rule.role === row.role ? `rules[${row.rule.index}]` : `rules[${row.rule.index}] of ${describeRole(row.rule.role)}`;
  const names = row.rule.rule.resourceNames;
  return names.length > 0 ? `${where} (only: ${names.join(', ')})` : where;
}

function viaText(row: WhoCanRow): string {
  return `${describeBinding(row.binding)} → ${describeRole(row.role)}${row.builtIn ? ' (built-in)' : ''}`;
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}

/** The table for a terminal: every value escaped, since object names come from the input. */
function mappedVia(grant: AwsAuthGrant): string {
  const where = `aws-auth ${grant.path.replace(/^data\./, '')}`;
  if (!grant.grant) return `${where} → group ${MASTERS_GROUP} (cluster-admin: RBAC is not consulted)`;
  return `${where} → group ${grant.group} → ${viaText(grant.grant)}`;
}

export function renderWhoCanTable(query: WhoCanQuery, rows: readonly WhoCanRow[], inventory: Pick<Inventory, 'gaps'>, mapped: readonly AwsAuthGrant[] = [], access?: AccessEntryResult): string {
  const out: string[] = [];
  const asked = escapeControl(describeQuery(query));
  const accessCells = access ? accessEntryCells(access, { via: viaText, rule: ruleText }) : [];
  const total = rows.length + mapped.length + accessCells.length;
  if (total === 0) out.push(`No subject may ${asked}.`);
  else {
    out.push(`Who may ${asked} (${total} ${total === 1 ? 'grant' : 'grants'}):`, '');
    const cells = rows.map((row) => [subjectName(row), row.subject.kind, row.namespace ?? 'cluster-wide', viaText(row), ruleText(row)].map(escapeControl));
    const mappedCells = mapped.map((grant) =>
      [grant.principal.arn, grant.principal.kind, grant.grant?.namespace ?? 'cluster-wide', mappedVia(grant), grant.grant ? ruleText(grant.grant) : 'every verb on every resource'].map(escapeControl),
    );
    out.push(table([['SUBJECT', 'KIND', 'SCOPE', 'VIA', 'RULE'], ...cells, ...mappedCells, ...accessCells.map((row) => row.map(escapeControl))]));
  }
  if (access) for (const note of accessEntryNotes(access)) out.push('', escapeControl(note));
  if (mapped.some((grant) => !grant.grant)) {
    out.push('', `IAM principals that aws-auth maps to ${MASTERS_GROUP} may do anything in the cluster; no RBAC object shows them (K8S-IAM-001).`);
  }
  if (rows.some((row) => !row.role.object || !row.rule.role.object)) {
    out.push('', 'Roles marked (Kubernetes default) are not in the input: their rules are the Kubernetes defaults.');
  }
  if (rows.some((row) => row.subject.kind === 'Group')) {
    out.push('', access ? 'Group members are not known here beyond the aws-auth and access entry rows above: more come from the identity provider.' : 'Group members are not known here: they come from the identity provider, aws-auth or EKS access entries.');
  }
  for (const gap of rbacGaps(inventory)) out.push('', `Incomplete: ${escapeControl(gap.source)} could not be read (${escapeControl(gap.reason)}).`);
  return `${out.join('\n')}\n`;
}

function rbacGaps(inventory: Pick<Inventory, 'gaps'>): Gap[] {
  return inventory.gaps.filter((gap) => gap.checks.some((id) => id.startsWith('K8S-RBAC-')) || /(role|binding)/i.test(gap.source));
}

function subjectLocation(row: WhoCanRow): Location | undefined {
  const provenance = row.binding.object.provenance;
  return provenance.locateField?.(`subjects[${row.subject.index}]`) ?? provenance.location;
}

function ref(kind: string, name: string, namespace: string | undefined): Record<string, string> {
  return { kind, name, ...(namespace ? { namespace } : {}) };
}

/** JSON for scripts: versioned, and it only grows. */
export function renderWhoCanJson(query: WhoCanQuery, rows: readonly WhoCanRow[], inventory: Pick<Inventory, 'gaps' | 'errors'>, mapped: readonly AwsAuthGrant[] = [], access?: AccessEntryResult): string {
  const target = query.target;
  const gaps = [...rbacGaps(inventory), ...(access?.gaps ?? [])];
  const document = {
    schemaVersion: 1,
    query: {
      verb: query.verb,
      ...(target.kind === 'url'
        ? { nonResourceURL: target.path }
        : { resource: target.query.resource, ...(target.query.group !== undefined ? { group: target.query.group } : {}) }),
      ...(query.namespace !== undefined ? { namespace: query.namespace } : {}),
      ...(query.name !== undefined ? { name: query.name } : {}),
    },
    complete: gaps.length === 0,
    results: rows.map((row) => {
      const location = subjectLocation(row);
      return {
        subject: ref(row.subject.kind, row.subject.name, row.subject.namespace),
        scope: row.namespace === undefined ? 'cluster-wide' : 'namespace',
        ...(row.namespace !== undefined ? { namespace: row.namespace } : {}),
        binding: ref(row.binding.kind, row.binding.name, row.binding.namespace),
        role: { ...ref(row.role.kind, row.role.name, row.role.namespace), kubernetesDefault: !row.role.object },
        rule: {
          role: { ...ref(row.rule.role.kind, row.rule.role.name, row.rule.role.namespace), kubernetesDefault: !row.rule.role.object },
          index: row.rule.index,
          path: `rules[${row.rule.index}]`,
          text: describeRule(row.rule.rule),
          verbs: row.rule.rule.verbs,
          apiGroups: row.rule.rule.apiGroups,
          resources: row.rule.rule.resources,
          resourceNames: row.rule.rule.resourceNames,
          nonResourceURLs: row.rule.rule.nonResourceURLs,
        },
        builtIn: row.builtIn,
        ...(location ? { location } : {}),
      };
    }),
    // IAM principals aws-auth maps into system:masters or into a Group subject of a result above
    awsAuth: mapped.map((grant) => ({
      principal: { kind: grant.principal.kind === 'IAM role' ? 'IAMRole' : 'IAMUser', arn: grant.principal.arn, ...(grant.principal.username ? { username: grant.principal.username } : {}) },
      group: grant.group,
      clusterAdmin: grant.grant === undefined,
      path: grant.path,
      configMap: ref('ConfigMap', grant.configMap.name, grant.configMap.namespace),
      ...(grant.grant ? { via: { binding: ref(grant.grant.binding.kind, grant.grant.binding.name, grant.grant.binding.namespace), role: ref(grant.grant.role.kind, grant.grant.role.name, grant.grant.role.namespace) } } : {}),
      ...(grant.location ? { location: grant.location } : {}),
    })),
    // with --aws or --aws-snapshot: IAM principals whose EKS access entry grants what was asked
    ...(access ? { accessEntries: accessEntryJson(access) } : {}),
    errors: inventory.errors,
    gaps,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function warn(errors: readonly InputError[]): void {
  for (const error of errors) {
    const where = error.location ? `${error.location.file}${error.location.line ? `:${error.location.line}` : ''}: ` : '';
    process.stderr.write(`eksguard: warning: ${escapeControl(where + error.message)}\n`);
  }
}

/** The verbs Kubernetes authorizes: the API verbs, the special ones RBAC knows, and the HTTP verbs of non-resource URLs. */
export const KNOWN_VERBS = [
  '*', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection',
  'escalate', 'bind', 'impersonate', 'approve', 'sign', 'use', 'attest',
  'post', 'put', 'head', 'options',
] as const;

/**
 * A misspelt verb (`gett`) would match only wildcard rules and answer wrongly. A verb is accepted
 * when Kubernetes knows it, or when a rule of the input names it (custom verbs of extension
 * API servers); anything else is an error naming the nearest verb.
 */
export function checkVerb(verb: string, inventory: Pick<Inventory, 'kube'>): void {
  if ((KNOWN_VERBS as readonly string[]).includes(verb)) return;
  const used = new Set<string>();
  for (const object of inventory.kube) {
    if (!RBAC_KINDS.has(object.kind) || !Array.isArray(object.raw['rules'])) continue;
    for (const rule of object.raw['rules'] as unknown[]) {
      const verbs = (rule as { verbs?: unknown } | null)?.verbs;
      if (Array.isArray(verbs)) for (const v of verbs) if (typeof v === 'string') used.add(v.toLowerCase());
    }
  }
  if (used.has(verb)) return;
  const hint = suggestion(verb, [...KNOWN_VERBS.filter((known) => known !== '*'), ...used]);
  throw new UsageError(`unknown verb "${escapeControl(verb)}"${hint}`, `use a Kubernetes verb (${KNOWN_VERBS.slice(1, 13).join(', ')}, …) or a custom verb that a rule of the input names`);
}

/** The answer for an inventory: pure, so any source can feed it. */
export function answerWhoCan(inventory: Inventory, query: WhoCanQuery): WhoCanRow[] {
  return whoCan(buildRbacGraph(inventory.kube.filter((object) => RBAC_KINDS.has(object.kind))), query);
}

/** 0 with an answer; 2 when some input could not be read (the answer is printed, but may miss grants). */
export async function runWhoCan(options: WhoCanOptions): Promise<0 | 2> {
  const query = buildQuery(options);
  if (options.paths.length === 0 && !options.kube && !options.aws) {
    throw new UsageError('nothing to read', 'give manifest paths (or - for stdin), --kube, --aws or --aws-snapshot DIR, for example: eksguard who-can get secrets -n kube-system k8s/');
  }
  const inventory = await collectInventory({
    paths: options.paths,
    outputs: [],
    includePassed: false,
    // a live source lists only what these checks need: the four RBAC kinds, and ConfigMaps for aws-auth
    checks: [...rbacChecks, awsAuthMasters],
    ...(options.kube ? { kube: options.kube } : {}),
    ...(options.aws ? { aws: options.aws, allowEmpty: true } : {}),
  });
  warn(inventory.errors);
  checkVerb(query.verb, inventory);
  const rows = answerWhoCan(inventory, query);
  const mapped = awsAuthGrants(inventory.kube, rows);
  const access = options.aws ? accessEntriesFor(inventory, query, rows, options.cluster) : undefined;
  const text = options.format === 'json' ? renderWhoCanJson(query, rows, inventory, mapped, access) : renderWhoCanTable(query, rows, inventory, mapped, access);
  await writeOutput(text, options.output);
  return inventory.errors.length > 0 ? 2 : 0;
}

/** Reads the parsed command-line options of `who-can`. `-n` is the namespace asked about, not a listing filter. */
export function whoCanOptionsFrom(verb: string, resource: string, paths: string[], options: Record<string, unknown>): WhoCanOptions {
  if (!options['kube'] && (options['kubeconfig'] !== undefined || options['context'] !== undefined)) {
    throw new UsageError('--kubeconfig and --context only apply with --kube', 'add --kube to read the cluster');
  }
  const kube: LiveClusterOptions | undefined = options['kube']
    ? {
        namespaces: [],
        ...(options['kubeconfig'] !== undefined ? { kubeconfig: String(options['kubeconfig']) } : {}),
        ...(options['context'] !== undefined ? { context: String(options['context']) } : {}),
      }
    : undefined;
  const cluster = options['cluster'] === undefined ? undefined : strings(options['cluster']);
  // --cluster picks the cluster of a snapshot too; with --aws it also limits what is read
  const aws = parseAwsScanOptions(options['aws'] === true ? options : { ...options, cluster: [] });
  if (cluster && cluster.length > 1) throw new UsageError('who-can answers for one cluster: give --cluster once');
  if (cluster?.length === 1 && !aws) throw new UsageError('--cluster only applies with --aws or --aws-snapshot', 'add --aws-snapshot DIR or --aws to read the access entries');
  return {
    verb,
    resource,
    paths,
    format: parseWhoCanFormat(String(options['format'] ?? 'table')),
    ...(aws ? { aws } : {}),
    ...(cluster?.length === 1 ? { cluster: cluster[0]! } : {}),
    ...(options['namespace'] !== undefined ? { namespace: String(options['namespace']) } : {}),
    ...(options['name'] !== undefined ? { name: String(options['name']) } : {}),
    ...(options['output'] !== undefined ? { output: String(options['output']) } : {}),
    ...(kube ? { kube } : {}),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}
