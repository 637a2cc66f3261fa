/**
 * Whether a file found while walking a directory holds Kubernetes objects. A repository holds
 * plenty of YAML and JSON that is not (CI workflows, Helm values, Compose files, package.json);
 * a file is a manifest when one of its documents has both `apiVersion` and `kind` at the top.
 * Files named on the command line are always read as manifests.
 */

import { infrastructureKindOf, infrastructureKindOfText, type IacKind } from '../iac/detect.js';

/**
 * Infrastructure code (a Terraform plan, a CloudFormation template, an eksctl ClusterConfig, which
 * has apiVersion and kind too) is read by the infrastructure source, never as manifests.
 */
export function documentsDeclareInfrastructure(documents: readonly { value: unknown }[]): IacKind | undefined {
  return documents.length === 1 ? infrastructureKindOf(documents[0]!.value) : undefined;
}

/** The same judgement from a file's first bytes, for files the manifest parser could not read. */
export function textDeclaresInfrastructure(text: string): IacKind | undefined {
  return infrastructureKindOfText(text);
}

/** A document declares a Kubernetes object when it is a mapping with both keys, whatever their values. */
export function declaresKubernetesObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, 'apiVersion') && Object.hasOwn(value, 'kind');
}

export function anyDocumentDeclaresKubernetesObject(documents: readonly { value: unknown }[]): boolean {
  return documents.some((document) => declaresKubernetesObject(document.value));
}

// A key at the start of a line (YAML block style, after a byte-order mark at a document start) or
// a quoted key anywhere (JSON, YAML flow style). Anchored, without nested quantifiers: linear.
const TOP_LEVEL_KEY = (name: string) => new RegExp(`^\\ufeff?["']?${name}["']?[ \\t]*:`, 'm');
const QUOTED_KEY = (name: string) => new RegExp(`["']${name}["'][ \\t\\r\\n]*:`);
const API_VERSION = [TOP_LEVEL_KEY('apiVersion'), QUOTED_KEY('apiVersion')];
const KIND = [TOP_LEVEL_KEY('kind'), QUOTED_KEY('kind')];

/**
 * For a file some of whose documents could not be parsed: whether its text still names both keys
 * the way a manifest does. A broken manifest stays an error (it must not vanish from the gate);
 * a broken file of another kind (a Helm template, a CloudFormation template with `!Ref`, a
 * tsconfig.json with comments) is skipped like any other file that is not Kubernetes.
 */
export function textDeclaresKubernetesObject(text: string): boolean {
  return API_VERSION.some((pattern) => pattern.test(text)) && KIND.some((pattern) => pattern.test(text));
}
