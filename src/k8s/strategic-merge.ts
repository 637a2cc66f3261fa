import { setOwn } from '../core/patch.js';
import { asRecord, type KubeRaw } from './fields.js';

/**
 * The lists of a pod spec (and of the Argo templates that hold one) that a strategic merge patch
 * merges item by item, by the key apimachinery's patchMergeKey tags give; every other list is
 * replaced whole (`capabilities.drop`, `tolerations`, `command`).
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  sidecars: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  hostAliases: 'ip',
};

function mergeList(base: readonly unknown[], patch: readonly unknown[], mergeKey: string): unknown[] {
  const merged = [...base];
  for (const item of patch) {
    const key = asRecord(item)?.[mergeKey];
    const at = key === undefined ? -1 : merged.findIndex((entry) => asRecord(entry)?.[mergeKey] === key);
    if (at >= 0) merged[at] = applyStrategicMerge(merged[at], item);
    else merged.push(item);
  }
  return merged;
}

/**
 * `base` with `patch` applied as `kubectl patch --type=strategic` applies it to a pod spec: maps
 * merge key by key, `null` removes a key, the lists above merge by their key, anything else the
 * patch sets replaces what was there. Neither input is changed. The `$patch` and `$setElementOrder`
 * directives are not read (the key they sit under is merged as written).
 */
export function applyStrategicMerge(base: unknown, patch: unknown): unknown {
  const patchMap = asRecord(patch);
  const baseMap = asRecord(base);
  if (!patchMap || !baseMap) return patch;
  const merged: KubeRaw = {};
  for (const key of Object.keys(baseMap)) setOwn(merged, key, baseMap[key]);
  for (const key of Object.keys(patchMap)) {
    if (key.startsWith('$')) continue;
    const value = patchMap[key];
    if (value === null) {
      delete merged[key];
      continue;
    }
    const current = Object.hasOwn(merged, key) ? merged[key] : undefined;
    const mergeKey = Object.hasOwn(MERGE_KEYS, key) ? MERGE_KEYS[key] : undefined;
    if (mergeKey && Array.isArray(current) && Array.isArray(value)) setOwn(merged, key, mergeList(current, value, mergeKey));
    else setOwn(merged, key, current === undefined ? value : applyStrategicMerge(current, value));
  }
  return merged;
}
