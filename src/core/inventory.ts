import type { AwsResourceRef, Gap, InputError, Location } from './types.js';

export type KubeRaw = Record<string, unknown>;

export interface KubeProvenance {
  /** file the object was read from (manifest sources) */
  location?: Location;
  /** index of the document within its file, for re-reading field lines */
  documentIndex?: number;
  /** index inside a `kind: List` document */
  listIndex?: number;
  /** kubeconfig context (live cluster) */
  context?: string;
  /** which source produced it */
  source: 'manifest' | 'cluster' | 'admission';
  /** finds the file and line of a field path of this object, where the source keeps its text */
  locateField?: (path: string) => Location | undefined;
  /**
   * The input the object came from, as one `kubectl apply` or `helm install` would take it: a
   * manifest file (or standard input), a Helm chart, a Kustomize overlay. Objects that set no
   * namespace are placed together only with objects of the same source (see k8s/namespace-scope.ts).
   */
  sourceId?: string;
  /** the file that stands for the whole source in reports: the manifest itself, a chart's Chart.yaml, an overlay's kustomization */
  sourceFile?: string;
  /**
   * A namespace eksguard chose because the input did not say (a chart rendered without a
   * namespace is rendered into one named after its release): it is this source's alone, never
   * joined with a namespace of the same name from another source.
   */
  assumedNamespace?: string;
  /** set for objects a renderer made (a Helm chart, a Kustomize overlay): their text is output, not a file to edit */
  rendered?: 'chart' | 'overlay';
}

export interface KubeObject {
  readonly raw: KubeRaw;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly provenance: KubeProvenance;
}

export interface AwsRecord<M = unknown> {
  readonly type: string;
  readonly ref: AwsResourceRef;
  readonly model: M;
  /** where the resource is declared, for sources that read files (infrastructure code) */
  readonly location?: Location;
  /** the file and line of a finding's path (`resourcesVpcConfig.publicAccessCidrs`), where the source keeps its text */
  readonly locate?: (path: string) => Location | undefined;
}

export interface InventoryFacts {
  /** control plane minor version, for example "1.31", when a source knows it */
  kubernetesVersion?: string;
  context?: string;
}

/**
 * What the sources collected: read-only for checks. `missing` names the data
 * keys a source could not collect (checks needing them report `skipped`).
 */
export interface Inventory {
  readonly kube: readonly KubeObject[];
  readonly aws: readonly AwsRecord[];
  readonly facts: InventoryFacts;
  readonly errors: readonly InputError[];
  readonly gaps: readonly Gap[];
  /** data keys that were requested but could not be collected, with the gap that explains each */
  readonly missing: ReadonlyMap<string, Gap>;
}

export interface InventoryParts {
  kube?: KubeObject[];
  aws?: AwsRecord[];
  facts?: InventoryFacts;
  errors?: InputError[];
  gaps?: Gap[];
  missing?: Map<string, Gap>;
}

export function createInventory(parts: InventoryParts = {}): Inventory {
  return {
    kube: parts.kube ?? [],
    aws: parts.aws ?? [],
    facts: parts.facts ?? {},
    errors: parts.errors ?? [],
    gaps: parts.gaps ?? [],
    missing: parts.missing ?? new Map(),
  };
}

export function mergeInventories(inventories: readonly Inventory[]): Inventory {
  const missing = new Map<string, Gap>();
  const facts: InventoryFacts = {};
  for (const inventory of inventories) {
    for (const [key, gap] of inventory.missing) missing.set(key, gap);
    Object.assign(facts, Object.fromEntries(Object.entries(inventory.facts).filter(([, v]) => v !== undefined)));
  }
  return {
    kube: inventories.flatMap((i) => i.kube),
    aws: inventories.flatMap((i) => i.aws),
    facts,
    errors: inventories.flatMap((i) => i.errors),
    gaps: inventories.flatMap((i) => i.gaps),
    missing,
  };
}

function readString(raw: KubeRaw, key: string): string | undefined {
  const value = raw[key];
  return typeof value === 'string' ? value : undefined;
}

export function asRecord(value: unknown): KubeRaw | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as KubeRaw) : undefined;
}

/** Wraps a parsed Kubernetes object; returns undefined when it has no kind. */
export function toKubeObject(raw: unknown, provenance: KubeProvenance): KubeObject | undefined {
  const record = asRecord(raw);
  if (!record) return undefined;
  const kind = readString(record, 'kind');
  if (!kind) return undefined;
  const metadata = asRecord(record['metadata']) ?? {};
  const namespace = readString(metadata, 'namespace');
  return {
    raw: record,
    apiVersion: readString(record, 'apiVersion') ?? '',
    kind,
    name: readString(metadata, 'name') ?? readString(metadata, 'generateName') ?? '',
    ...(namespace ? { namespace } : {}),
    provenance,
  };
}
