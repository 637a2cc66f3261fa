/**
 * From a finding's path (written in the AWS API's terms: `resourcesVpcConfig.publicAccessCidrs`,
 * `LaunchTemplateData.MetadataOptions.HttpTokens`, `SecurityGroups[GroupId="sg-1"].IpPermissions`) to the
 * line of the attribute that decides it in a template or config. Each input kind supplies the
 * translation; the deepest part of the translated path that the file has gives the line, and
 * the resource's own line is the fallback.
 */
import { fieldPath, parseFieldPath } from '../../core/field-path.js';
import type { Location } from '../../core/types.js';

export interface Declaration {
  /** the path of the resource (or config section) in the file */
  path: readonly (string | number)[];
  line?: number;
}

export interface LocateTarget {
  /** the resource that holds the attribute, when it is not the subject itself */
  declaration: Declaration;
  /** attribute path inside that declaration */
  attribute: readonly (string | number)[];
  /** leading steps of `attribute` that are structure, not an attribute (CloudFormation's `Properties`) */
  structural?: number;
}

export type Translate = (path: string) => LocateTarget | undefined;

/** A locator for one subject: translated path → line, else its declaration's line. */
export function locator(file: string, own: Declaration, translate: Translate, lineOf: (path: readonly (string | number)[]) => number | undefined): (path: string) => Location | undefined {
  return (path) => {
    const target = translate(path);
    const declaration = target?.declaration ?? own;
    const attribute = target?.attribute ?? [];
    for (let length = attribute.length; length > (target?.structural ?? 0); length -= 1) {
      const line = lineOf([...declaration.path, ...attribute.slice(0, length)]);
      if (line !== undefined) return { file, line };
    }
    // an attribute left to a default has no line: the declaration that holds it, else the subject's own
    const line = declaration.line ?? (declaration.path.length > 0 ? lineOf(declaration.path) : undefined) ?? own.line ?? lineOf(own.path);
    return line !== undefined ? { file, line } : { file };
  };
}

/** `SecurityGroups[GroupId="sg-1"].IpPermissions` → `sg-1` and the rest (`IpPermissions`). */
export function groupOfPath(path: string): { group: string; rest: string } | undefined {
  const segments = parseFieldPath(path);
  const item = segments?.[1];
  if (segments?.[0] !== 'SecurityGroups' || typeof item !== 'object' || item.field !== 'GroupId') return undefined;
  return { group: item.value, rest: fieldPath(...segments.slice(2)) };
}

export function pascal(segment: string): string {
  return segment.charAt(0).toUpperCase() + segment.slice(1);
}
