import { valueAt, type JsonValue, type PatchOp } from '../core/patch.js';
import type { ObjectPlan } from './plan.js';
import { blockValueLines } from './yaml-render.js';
import { strategicMergePatch } from './strategic-patch.js';

/**
 * What to change for objects a renderer made. Helm output and Kustomize output are not files
 * anyone edits, so `eksguard fix` never writes them: for a chart it names the values that would
 * carry the fix when the chart's values.yaml exposes them (the common `podSecurityContext` and
 * `securityContext` / `containerSecurityContext` keys), and says so when it does not; for an
 * overlay it prints the strategic merge patch to add to the kustomization.
 */

const STYLE = { indent: 2, indentSequences: true } as const;
const POD_KEYS = ['podSecurityContext'];
const CONTAINER_KEYS = ['containerSecurityContext', 'securityContext'];

export interface RenderedAdvice {
  /** what the person should do, several lines */
  readonly text: string;
  /** whether the chart exposes every field the fixes set */
  readonly exposed: boolean;
}

function yamlLines(value: Record<string, JsonValue>, indent = 0): string[] {
  return blockValueLines(value, indent - STYLE.indent, STYLE);
}

function deepSet(target: Record<string, JsonValue>, path: readonly (string | number)[], value: JsonValue): void {
  let cursor = target as Record<string, unknown>;
  for (const segment of path.slice(0, -1)) {
    const key = String(segment);
    if (cursor[key] === null || typeof cursor[key] !== 'object') cursor[key] = {};
    cursor = cursor[key] as Record<string, unknown>;
  }
  cursor[String(path[path.length - 1])] = value;
}

/** Values that carry the fixes of a chart's object, keyed by the values key, and what no key carries. */
function chartValues(plan: ObjectPlan, valuesKeys: ReadonlySet<string>): { values: Record<string, JsonValue>; missing: string[] } {
  const prefix = plan.workload.specPath.split('.').length;
  const podKey = POD_KEYS.find((key) => valuesKeys.has(key));
  const containerKey = CONTAINER_KEYS.find((key) => valuesKeys.has(key));
  const values: Record<string, JsonValue> = {};
  const missing: string[] = [];
  for (const fix of plan.fixes) {
    for (const op of fix.ops) {
      const relative = op.path.slice(prefix);
      const value = valueAt(plan.patched, op.path) as JsonValue;
      const pod = relative[0] === 'securityContext';
      const container = typeof relative[1] === 'number' && relative[2] === 'securityContext' && op.op === 'set';
      if (pod && podKey) deepSet(values, [podKey, ...relative.slice(1)], value);
      else if (container && containerKey) deepSet(values, [containerKey, ...relative.slice(3)], value);
      else missing.push(`${fix.checkId} (${fix.description})`);
    }
  }
  return { values, missing: [...new Set(missing)] };
}

function objectName(plan: ObjectPlan): string {
  const object = plan.object;
  return `${object.kind}/${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

export function chartAdvice(plan: ObjectPlan, chart: string, valuesKeys: ReadonlySet<string> | undefined): RenderedAdvice {
  const lines = [`${objectName(plan)} is rendered by chart ${chart}: eksguard does not edit rendered output.`];
  const { values, missing } = chartValues(plan, valuesKeys ?? new Set());
  if (Object.keys(values).length > 0) {
    lines.push(`  values that would fix it (the chart's values.yaml has these keys; check that its templates use them for this object):`);
    lines.push(...yamlLines(values, 4));
  }
  if (missing.length > 0) {
    lines.push(`  the chart's values do not expose the field for: ${missing.join('; ')}`);
    lines.push('  ask the chart to expose it, or patch the rendered output (a Kustomize overlay or a Helm post-renderer) with:');
    lines.push(...yamlLines(strategicMergePatch(plan.patched, plan.fixes.flatMap((fix) => fix.ops)) as Record<string, JsonValue>, 4));
  }
  return { text: lines.join('\n'), exposed: missing.length === 0 };
}

/** The whole patch document an overlay's `patches:` entry takes: the object's identity and the change. */
export function overlayPatch(plan: ObjectPlan, ops: readonly PatchOp[]): Record<string, JsonValue> {
  const object = plan.object;
  const metadata: Record<string, JsonValue> = { name: object.name, ...(object.namespace ? { namespace: object.namespace } : {}) };
  return { apiVersion: object.apiVersion, kind: object.kind, metadata, ...(strategicMergePatch(plan.patched, ops) as Record<string, JsonValue>) };
}

export function overlayAdvice(plan: ObjectPlan, overlay: string): RenderedAdvice {
  const patch = overlayPatch(plan, plan.fixes.flatMap((fix) => fix.ops));
  const lines = [
    `${objectName(plan)} is built by overlay ${overlay}: eksguard does not edit rendered output.`,
    '  add this strategic merge patch to the kustomization (patches: - patch: |-):',
    ...yamlLines(patch, 4),
  ];
  return { text: lines.join('\n'), exposed: true };
}
