/**
 * Telling infrastructure code from Kubernetes manifests and from other YAML and JSON by content,
 * as a directory walk finds them: a Terraform JSON plan, a CloudFormation template (also CDK
 * synth output), or an eksctl ClusterConfig. Pure: values and text in, a kind out.
 */
import { asRecord } from '../../core/inventory.js';
export type { IacKind } from './model.js';
import type { IacKind } from './model.js';

const PLAN_KEYS = ['planned_values', 'resource_changes', 'prior_state', 'terraform_version', 'configuration'];

function isResourceMap(value: unknown): boolean {
  const resources = asRecord(value);
  if (!resources) return false;
  return Object.values(resources).some((resource) => {
    const type = asRecord(resource)?.['Type'];
    return typeof type === 'string' && /^(AWS|Custom)::/.test(type);
  });
}

/** The kind of a parsed document, when it is infrastructure code. */
export function infrastructureKindOf(value: unknown): IacKind | undefined {
  const json = asRecord(value);
  if (!json) return undefined;
  if (typeof json['format_version'] === 'string' && PLAN_KEYS.some((key) => key in json)) return 'terraform';
  if (typeof json['apiVersion'] === 'string' && json['apiVersion'].startsWith('eksctl.io/') && json['kind'] === 'ClusterConfig') return 'eksctl';
  if ('AWSTemplateFormatVersion' in json || isResourceMap(json['Resources'])) return 'cloudformation';
  return undefined;
}

const TEXT_RULES: readonly [IacKind, readonly RegExp[]][] = [
  ['terraform', [/"format_version"\s*:\s*"/, /"(terraform_version|planned_values|resource_changes)"\s*:/]],
  ['eksctl', [/^["']?apiVersion["']?\s*:\s*["']?eksctl\.io\//m, /^["']?kind["']?\s*:\s*["']?ClusterConfig\b/m]],
  ['cloudformation', [/^\ufeff?["']?AWSTemplateFormatVersion["']?\s*:/m]],
  ['cloudformation', [/^\ufeff?["']?Resources["']?\s*:/m, /\bType["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::/]],
];

/**
 * The kind of a file whose documents could not all be parsed as manifests (CloudFormation YAML
 * with `!Ref`, a plan larger than the manifest limit), judged from its first bytes.
 */
export function infrastructureKindOfText(text: string): IacKind | undefined {
  return TEXT_RULES.find(([, patterns]) => patterns.every((pattern) => pattern.test(text)))?.[0];
}
