import { isBuiltinKindLookalike } from '../api-groups.js';
import type { Subject, Target } from '../../core/check.js';
import type { KubeObject } from '../../core/inventory.js';
import type { Location } from '../../core/types.js';
import { kubeSubject, objectsOf } from '../targets.js';
import { AWS_AUTH_KEYS, parseAwsAuth, type AwsAuth, type AwsAuthKey } from './parse.js';
import { keyPath } from '../fields.js';

export interface AwsAuthConfigMap {
  readonly object: KubeObject;
  readonly auth: AwsAuth;
}

/**
 * EKS reads only kube-system/aws-auth. A manifest may leave the namespace out
 * and be applied with `-n kube-system`, so a manifest ConfigMap named aws-auth
 * without a namespace counts too; a live object always has its namespace.
 */
export function isAwsAuthConfigMap(object: KubeObject): boolean {
  if (object.kind !== 'ConfigMap' || object.name !== 'aws-auth' || isBuiltinKindLookalike(object)) return false;
  if (object.namespace === 'kube-system') return true;
  return object.namespace === undefined && object.provenance.source === 'manifest';
}

const KEY_PATH = /^data\.(mapRoles|mapUsers|mapAccounts)(.*)$/;

/** Keys that follow `data.<key>` in the document, nearest first: where a block string must have ended. */
function followingPaths(object: KubeObject, key: AwsAuthKey): string[] {
  const data = object.raw['data'];
  const dataKeys = data !== null && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data) : [];
  const topKeys = Object.keys(object.raw);
  const after = <T>(items: T[], item: T): T[] => items.slice(items.indexOf(item) + 1);
  return [...after(dataKeys, key).map((next) => keyPath('data', next)), ...after(topKeys, 'data')];
}

/**
 * Paths into the YAML inside a data key (`data.mapRoles[1].groups[0]`) are
 * located on the line inside the block string: the key's own line plus the
 * line within its text. A key whose YAML is broken locates at the error.
 * A value that is one line, or that the next key in the file shows was not
 * written as a block (a quoted string with \n escapes), stays on the key's
 * line. (A quoted multi-line value that is the last key of its document is
 * still taken for a block: nothing follows it to tell.)
 */
function locator(object: KubeObject, auth: AwsAuth): ((path: string) => Location | undefined) | undefined {
  const base = object.provenance.locateField;
  if (!base) return undefined;
  return (path) => {
    const match = KEY_PATH.exec(path);
    if (!match) return base(path);
    const key = match[1] as AwsAuthKey;
    const keyLocation = base(`data.${key}`);
    if (!keyLocation?.line || !auth.isMultiline(key)) return keyLocation;
    const inner = auth.innerLine(key, match[2]!);
    if (inner === undefined) return keyLocation;
    const line = keyLocation.line + 1 + inner;
    for (const following of followingPaths(object, key)) {
      const next = base(following)?.line;
      if (next === undefined || next <= keyLocation.line) continue;
      if (next <= line) return keyLocation;
      break;
    }
    return { file: keyLocation.file, line };
  };
}

/** The aws-auth ConfigMap(s), parsed once per run. */
export const awsAuthConfigMaps: Target<AwsAuthConfigMap> = {
  id: 'aws-auth',
  kinds: ['ConfigMap'],
  select(_inventory, ctx) {
    return ctx.memo('subjects:aws-auth', () =>
      objectsOf('ConfigMap', ctx)
        .filter(isAwsAuthConfigMap)
        .map((object): Subject<AwsAuthConfigMap> => {
          const auth = parseAwsAuth(object.raw['data']);
          const subject = kubeSubject(object, { object, auth });
          const locate = locator(object, auth);
          return { ...subject, ...(locate ? { locate } : {}) };
        }),
    );
  },
};

export { AWS_AUTH_KEYS };
