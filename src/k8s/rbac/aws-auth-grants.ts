import type { KubeObject } from '../../core/inventory.js';
import type { Location } from '../../core/types.js';
import { isAwsAuthConfigMap } from '../aws-auth/target.js';
import { parseAwsAuth, type AwsAuthMapping } from '../aws-auth/parse.js';
import type { WhoCanRow } from './who-can.js';

/** The group the Kubernetes authorizer lets do anything, before and without RBAC. */
export const MASTERS_GROUP = 'system:masters';

/**
 * An IAM principal that aws-auth maps into a group that may do what was asked: into
 * system:masters (cluster-admin, which no RBAC object shows), or into a group an RBAC binding
 * grants it to (`grant` is that RBAC answer row).
 */
export interface AwsAuthGrant {
  readonly principal: { readonly kind: 'IAM role' | 'IAM user'; readonly arn: string; readonly username: string };
  readonly group: string;
  /** undefined for system:masters */
  readonly grant?: WhoCanRow;
  /** `data.mapRoles[0]` */
  readonly path: string;
  readonly configMap: KubeObject;
  readonly location?: Location;
}

function principal(mapping: AwsAuthMapping): AwsAuthGrant['principal'] {
  return { kind: mapping.key === 'mapRoles' ? 'IAM role' : 'IAM user', arn: mapping.arn, username: mapping.username };
}

/**
 * Who the aws-auth ConfigMap(s) in the objects let do what the RBAC answer `rows` allows: every
 * principal mapped to system:masters (allowed everything, whatever was asked), then every
 * principal mapped to a Group subject of a row. Pure: the caller reads the objects.
 */
export function awsAuthGrants(objects: readonly KubeObject[], rows: readonly WhoCanRow[]): AwsAuthGrant[] {
  const grants: AwsAuthGrant[] = [];
  const groupRows = rows.filter((row) => row.subject.kind === 'Group');
  for (const configMap of objects.filter(isAwsAuthConfigMap)) {
    const auth = parseAwsAuth(configMap.raw['data']);
    for (const mapping of [...auth.mapRoles, ...auth.mapUsers]) {
      if (!mapping.arn) continue;
      const base = { principal: principal(mapping), path: mapping.path, configMap };
      const located = configMap.provenance.locateField;
      const location = located?.(mapping.path) ?? located?.(`data.${mapping.key}`) ?? configMap.provenance.location;
      const at = location ? { location } : {};
      if (mapping.groups.includes(MASTERS_GROUP)) {
        grants.push({ ...base, ...at, group: MASTERS_GROUP });
        continue;
      }
      for (const row of groupRows) {
        if (mapping.groups.includes(row.subject.name)) grants.push({ ...base, ...at, group: row.subject.name, grant: row });
      }
    }
  }
  return grants;
}
