import type { KubeObject } from '../../core/inventory.js';

/** Helm's test hooks: `test` (Helm 3 and 4) and the Helm 2 names Helm still honours. */
const TEST_HOOKS = new Set(['test', 'test-success', 'test-failure']);

/**
 * Whether an object is a Helm test hook: it runs only on `helm test`, never with the release,
 * so it is not judged as a workload unless asked for (`--helm-tests`). `helm template` prints
 * them unless `--skip-tests` is given, so piped output holds them too. Other hooks
 * (pre-install Jobs and the like) do run with the release and are judged.
 */
export function isHelmTestHook(object: KubeObject): boolean {
  const metadata = object.raw['metadata'];
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return false;
  const annotations = (metadata as Record<string, unknown>)['annotations'];
  if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) return false;
  const hook = (annotations as Record<string, unknown>)['helm.sh/hook'];
  if (typeof hook !== 'string') return false;
  return hook.split(',').some((name) => TEST_HOOKS.has(name.trim()));
}
