/**
 * What a check's `fix` proposes: a few operations on the plain value of a Kubernetes object,
 * relative to the subject's path prefix (the pod spec of a workload). `fix/` turns them into
 * edits of the author's YAML or JSON text, `kubectl patch` commands or chart values, and proves
 * each by scanning again. Only two operations: checks add settings, they never remove them.
 */

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Keys and list indexes from the root: `['containers', 0, 'securityContext']`. */
export type PatchPath = readonly (string | number)[];

export type PatchOp =
  /** sets the value at `path`, creating missing (or null) maps on the way; list items must exist */
  | { readonly op: 'set'; readonly path: PatchPath; readonly value: JsonValue }
  /** appends `value` to the list at `path`, creating the list when it is missing or null */
  | { readonly op: 'append'; readonly path: PatchPath; readonly value: JsonValue };

/** A safe, mechanical change that makes the check pass for the subject. */
export interface Fix {
  /** what the change does, in a few words: `allowPrivilegeEscalation: false on container "web"` */
  readonly description: string;
  readonly ops: readonly PatchOp[];
}

/** A fix, or why there is none and what a person should do instead (a suggestion, never an edit). */
export type FixOutcome = { readonly fix: Fix } | { readonly suggestion: string };

export interface FixOptions {
  /** `--unsafe`: also make changes that may break the workload (privileged removal, read-only root) */
  readonly unsafe: boolean;
}

/** A patch that cannot be applied to the value it was meant for (a list where a map should be). */
export class PatchConflict extends Error {
  override readonly name = 'PatchConflict';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at a path, or undefined when any step is missing. */
export function valueAt(root: unknown, path: PatchPath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // a key named __proto__ must stay a key, as JSON.parse keeps it
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The container one step further down, created as a map when missing or null. */
function step(parent: unknown, segment: string | number, where: PatchPath): unknown {
  if (typeof segment === 'number') {
    if (!Array.isArray(parent) || segment < 0 || segment >= parent.length) throw new PatchConflict(`no list item at ${formatPatchPath(where)}`);
    if (parent[segment] === null || parent[segment] === undefined) parent[segment] = {};
    return parent[segment];
  }
  if (!isPlainObject(parent)) throw new PatchConflict(`${formatPatchPath(where.slice(0, -1)) || 'the object'} is not a map`);
  if (!Object.hasOwn(parent, segment) || parent[segment] === null) setOwn(parent, segment, {});
  return parent[segment];
}

/**
 * A deep copy of a decoded manifest value (only JSON data: no undefined, dates or cycles). A JSON
 * round trip copies such data several times faster than structuredClone, and `__proto__` stays
 * an own key, as JSON.parse keeps it.
 */
export function cloneJson<T>(value: T): T {
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function copy(value: JsonValue): unknown {
  return cloneJson(value);
}

/** Applies the operations to `root` in place (callers pass their own copy). Throws PatchConflict. */
export function applyPatch(root: unknown, ops: readonly PatchOp[]): void {
  for (const op of ops) {
    if (op.path.length === 0) throw new PatchConflict('an operation must name a field');
    let parent: unknown = root;
    for (let index = 0; index < op.path.length - 1; index += 1) parent = step(parent, op.path[index]!, op.path.slice(0, index + 1));
    const last = op.path[op.path.length - 1]!;
    if (op.op === 'set') {
      if (typeof last === 'number') {
        if (!Array.isArray(parent) || last < 0 || last >= parent.length) throw new PatchConflict(`no list item at ${formatPatchPath(op.path)}`);
        parent[last] = copy(op.value);
      } else {
        if (!isPlainObject(parent)) throw new PatchConflict(`${formatPatchPath(op.path.slice(0, -1))} is not a map`);
        setOwn(parent, last, copy(op.value));
      }
      continue;
    }
    const holder = typeof last === 'number' ? (Array.isArray(parent) ? parent : undefined) : isPlainObject(parent) ? parent : undefined;
    if (!holder || (typeof last === 'number' && (last < 0 || last >= (holder as unknown[]).length))) throw new PatchConflict(`no place for a list at ${formatPatchPath(op.path)}`);
    const list = typeof last === 'number' || Object.hasOwn(holder, last) ? (holder as Record<string | number, unknown>)[last] : undefined;
    if (list === undefined || list === null) {
      if (typeof last === 'number') (holder as unknown[])[last] = [copy(op.value)];
      else setOwn(holder as Record<string, unknown>, last, [copy(op.value)]);
    } else if (Array.isArray(list)) {
      list.push(copy(op.value));
    } else {
      throw new PatchConflict(`${formatPatchPath(op.path)} is not a list`);
    }
  }
}

const PLAIN_SEGMENT = /^[^.[\]"]+$/;

/** `spec.containers[0].securityContext`, with keys that hold `.`, `[`, `]` or `"` as JSON strings in brackets (the report's path syntax). */
export function formatPatchPath(path: PatchPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_SEGMENT.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
