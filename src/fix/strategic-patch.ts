import { setOwn, valueAt, type JsonValue, type PatchOp } from '../core/patch.js';

/**
 * A fix as a strategic merge patch: what `kubectl patch --type=strategic` and a Kustomize
 * `patches:` entry read. Lists of containers and volumes merge by name and volume mounts by
 * mount path, so the patch names only the items it changes; other lists (capabilities.drop)
 * are replaced whole, so the patch carries their whole new value.
 */

const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
};

type Patch = Record<string, unknown>;

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The patch item of a keyed list for the item at `index` of the patched list. */
function keyedItem(list: unknown[], mergeKey: string, item: unknown): Patch {
  const key = isMap(item) ? item[mergeKey] : undefined;
  if (typeof key !== 'string') throw new Error(`a list item without its ${mergeKey} cannot be patched by merge`);
  const found = list.find((entry) => isMap(entry) && entry[mergeKey] === key);
  if (found) return found as Patch;
  const created: Patch = { [mergeKey]: key };
  list.push(created);
  return created;
}

function addOp(patch: Patch, patched: unknown, op: PatchOp): void {
  let cursor: Patch = patch;
  for (let index = 0; index < op.path.length; index += 1) {
    const segment = op.path[index]!;
    if (typeof segment === 'number') throw new Error('a path that starts with a list index');
    const last = index === op.path.length - 1;
    const next = op.path[index + 1];
    const mergeKey = MERGE_KEYS[segment];
    const here = valueAt(patched, op.path.slice(0, index + 1));
    if (last) {
      if (op.op === 'append' && mergeKey) {
        const list = Array.isArray(cursor[segment]) ? (cursor[segment] as unknown[]) : [];
        setOwn(cursor, segment, list);
        Object.assign(keyedItem(list, mergeKey, op.value), structuredClone(op.value as object));
      } else {
        setOwn(cursor, segment, structuredClone(here as JsonValue));
      }
      return;
    }
    if (typeof next === 'number') {
      if (!mergeKey || !Array.isArray(here)) {
        // a list without a merge key is replaced whole
        setOwn(cursor, segment, structuredClone(here as JsonValue));
        return;
      }
      const list = Array.isArray(cursor[segment]) ? (cursor[segment] as unknown[]) : [];
      setOwn(cursor, segment, list);
      cursor = keyedItem(list, mergeKey, here[next]);
      index += 1;
      continue;
    }
    if (!isMap(cursor[segment])) setOwn(cursor, segment, {});
    cursor = cursor[segment] as Patch;
  }
}

/** The strategic merge patch that turns the object into `patched` for these operations (paths from the object's root). */
export function strategicMergePatch(patched: unknown, ops: readonly PatchOp[]): Patch {
  const patch: Patch = {};
  for (const op of ops) addOp(patch, patched, op);
  return patch;
}

/** A word safe in a POSIX shell: single-quoted, with every single quote closed, escaped and reopened. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The `kubectl` resource name of a kind: `deployment.apps` for apps/v1 Deployment, so a same-named custom kind is not meant. */
function resourceOf(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group === '' ? kind.toLowerCase() : `${kind.toLowerCase()}.${group}`;
}

/** `kubectl patch` for one object of a live cluster: printed for a person to review and run, never run by eksguard. */
export function kubectlPatchCommand(object: { apiVersion: string; kind: string; name: string; namespace?: string; context?: string }, patch: Patch): string {
  const words = ['kubectl'];
  if (object.context !== undefined) words.push('--context', object.context);
  words.push('patch', resourceOf(object.apiVersion, object.kind), object.name);
  if (object.namespace !== undefined) words.push('--namespace', object.namespace);
  words.push('--type=strategic', '--patch', JSON.stringify(patch));
  return words.map(shellQuote).join(' ');
}
