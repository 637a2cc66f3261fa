import { isAwsRef, type Finding, type ResourceRef } from '../core/types.js';

export function describeResource(ref: ResourceRef): string {
  if (isAwsRef(ref)) return `${ref.type} ${ref.arn}`;
  const scope = ref.namespace ? `${ref.namespace}/` : '';
  const context = ref.context ? ` [${ref.context}]` : '';
  return `${ref.kind} ${scope}${ref.name || '<unnamed>'}${context}`;
}

export function describeLocation(finding: Finding): string | undefined {
  if (!finding.location) return undefined;
  return finding.location.line ? `${finding.location.file}:${finding.location.line}` : finding.location.file;
}
