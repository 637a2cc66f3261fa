import { nodeConfigKubeletProblem } from '../../k8s/kubelet/node-config.js';
import { kubeletSettingsFrom, mergeSettings, settingsFromFlags, settingsFromKubeletConfiguration, splitArguments, type KubeletSettings } from '../../k8s/kubelet/settings.js';
import { decodeYamlDocument, YamlProblem } from '../../k8s/kube-yaml/document.js';
import { splitKubectlStream } from '../../k8s/kube-yaml/stream.js';
import type { UserDataPart } from './decode.js';

/** How a node's user data configures its kubelet: each format belongs to one EKS AMI family. */
export type KubeletUserDataFormat = 'bootstrap-sh' | 'nodeadm' | 'bottlerocket';

/** The kubelet overrides found in user data; the user data itself is never kept. */
export interface UserDataKubelet {
  readonly format: KubeletUserDataFormat;
  readonly settings: KubeletSettings;
  /**
   * Why the node would refuse its kubelet configuration (a NodeConfig field of the wrong type),
   * one message per NodeConfig, naming the MIME part and the field, never a value. Absent when none.
   */
  readonly refused?: readonly string[];
}

/** At most this many refusals are kept (and read back from a snapshot), each at most MAX_REFUSAL_LENGTH characters. */
export const MAX_KUBELET_REFUSALS = 10;
const MAX_REFUSAL_LENGTH = 300;

const FORMATS: readonly KubeletUserDataFormat[] = ['bootstrap-sh', 'nodeadm', 'bottlerocket'];

/** `--kubelet-extra-args '…'`, `--kubelet-extra-args="…"` or one bare word, after shell line continuations are joined. */
const EXTRA_ARGS = /--kubelet-extra-args(?:=|\s+)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s;&|]+)/g;

function unquote(word: string): string {
  if (word.startsWith('"') && word.endsWith('"')) return word.slice(1, -1).replace(/\\(.)/g, '$1');
  if (word.startsWith("'") && word.endsWith("'")) return word.slice(1, -1);
  return word;
}

/** AL2: flags given to `/etc/eks/bootstrap.sh --kubelet-extra-args`; later calls win, as bootstrap.sh keeps the last. */
function fromBootstrapScript(text: string): KubeletSettings | undefined {
  if (!text.includes('/etc/eks/bootstrap.sh')) return undefined;
  const joined = text.replace(/\\\r?\n/g, ' ');
  const layers = [...joined.matchAll(EXTRA_ARGS)].map((match) => settingsFromFlags(splitArguments(unquote(match[1]!))));
  return mergeSettings(...layers);
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** Bounds of one NodeConfig document (user data itself is at most a few MiB once decoded). */
const NODE_CONFIG_LIMITS = { maxDepth: 64, maxNodesPerDocument: 100_000 };

/**
 * The documents of a NodeConfig part as nodeadm decodes them (Kubernetes' YAML: `enabled: yes` is
 * true, as in YAML 1.1). A document that cannot be read is a problem naming its line, never its
 * text (the parser's message may quote user data); the other documents are still read.
 */
function nodeConfigDocuments(part: UserDataPart, problems: string[]): unknown[] {
  const unreadable = (line: number): void => {
    problems.push(`${part.label}: the NodeConfig is not valid YAML (line ${line})`);
  };
  const stream = splitKubectlStream(part.text);
  for (const problem of stream.problems) unreadable(problem.line);
  const documents: unknown[] = [];
  for (const piece of stream.pieces) {
    if (piece.format === 'json') {
      documents.push(piece.value);
      continue;
    }
    try {
      documents.push(decodeYamlDocument(piece.text, NODE_CONFIG_LIMITS, piece.markers));
    } catch (error) {
      if (!(error instanceof YamlProblem)) throw error;
      unreadable(piece.startLine + (piece.text.slice(0, error.offset).match(/\n/g)?.length ?? 0));
    }
  }
  return documents;
}

/** AL2023: nodeadm NodeConfig documents (`spec.kubelet.config`, then `spec.kubelet.flags`), merged in order as nodeadm does. */
function fromNodeConfig(part: UserDataPart, problems: string[], refused: string[]): KubeletSettings | undefined {
  if (part.contentType !== 'application/node.eks.aws' && !/^kind:\s*NodeConfig\s*$/m.test(part.text)) return undefined;
  const documents = nodeConfigDocuments(part, problems);
  const layers: KubeletSettings[] = [];
  const refuse = (why: string): void => {
    if (refused.length < MAX_KUBELET_REFUSALS) refused.push(`${part.label}: NodeConfig ${why}`.slice(0, MAX_REFUSAL_LENGTH));
  };
  for (const document of documents) {
    const object = record(document);
    if (object?.['kind'] !== 'NodeConfig') continue;
    const problem = nodeConfigKubeletProblem(object);
    if (problem) refuse(problem.message);
    const kubelet = record(record(object['spec'])?.['kubelet']);
    if (!kubelet) continue;
    layers.push(settingsFromKubeletConfiguration(kubelet['config']));
    const flags = Array.isArray(kubelet['flags']) ? kubelet['flags'].filter((flag): flag is string => typeof flag === 'string') : [];
    layers.push(settingsFromFlags(flags.flatMap(splitArguments)));
  }
  return mergeSettings(...layers);
}

/** A TOML scalar as Bottlerocket settings use them: quoted text, a boolean or a number. */
function tomlValue(text: string): string | number | boolean | undefined {
  const value = text.replace(/\s+#.*$/, '').trim();
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  const quoted = /^"((?:[^"\\]|\\.)*)"$|^'([^']*)'$/.exec(value);
  return quoted ? (quoted[1] ?? quoted[2]) : undefined;
}

/** Bottlerocket: `[settings.kubernetes]` keys that set the kubelet fields section 3.2 judges. */
function fromBottlerocketToml(text: string): KubeletSettings | undefined {
  if (!/^\s*\[settings\.kubernetes\]\s*$/m.test(text)) return undefined;
  const settings: Record<string, unknown> = {};
  let inSection = false;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      inSection = header[1]!.trim() === 'settings.kubernetes';
      continue;
    }
    const pair = /^\s*"?([A-Za-z0-9_-]+)"?\s*=\s*(.+)$/.exec(line);
    if (!inSection || !pair) continue;
    const value = tomlValue(pair[2]!);
    if (pair[1] === 'event-qps' && typeof value === 'number') settings['eventRecordQPS'] = value;
    // Bottlerocket's kubelet template sets serverTLSBootstrap and the RotateKubeletServerCertificate gate from this one setting
    if (pair[1] === 'server-tls-bootstrap' && typeof value === 'boolean') {
      settings['serverTLSBootstrap'] = value;
      settings['rotateServerCertificateGate'] = value;
    }
  }
  return settings as KubeletSettings;
}

/**
 * The kubelet overrides of decoded user data, part by part; undefined when no part configures an
 * EKS kubelet at all (a CUSTOM AMI with its own bootstrap, or no node bootstrap).
 */
export function findKubeletOverrides(parts: readonly UserDataPart[], problems: string[]): UserDataKubelet | undefined {
  let format: KubeletUserDataFormat | undefined;
  const layers: KubeletSettings[] = [];
  const refused: string[] = [];
  for (const part of parts) {
    const found: [KubeletUserDataFormat, KubeletSettings | undefined][] = [
      ['nodeadm', fromNodeConfig(part, problems, refused)],
      ['bottlerocket', fromBottlerocketToml(part.text)],
      ['bootstrap-sh', fromBootstrapScript(part.text)],
    ];
    for (const [kind, settings] of found) {
      if (settings === undefined) continue;
      format ??= kind;
      layers.push(settings);
    }
  }
  return format ? { format, settings: mergeSettings(...layers), ...(refused.length > 0 ? { refused } : {}) } : undefined;
}

/** Reads recorded overrides back from a snapshot. */
export function userDataKubeletFrom(value: unknown): UserDataKubelet | undefined {
  const object = record(value);
  const format = object?.['format'];
  if (typeof format !== 'string' || !FORMATS.includes(format as KubeletUserDataFormat)) return undefined;
  const settings = kubeletSettingsFrom(object?.['settings']) ?? {};
  const refused = (Array.isArray(object?.['refused']) ? (object['refused'] as unknown[]) : [])
    .slice(0, MAX_KUBELET_REFUSALS)
    .flatMap((refusal) => (typeof refusal === 'string' && refusal !== '' ? [refusal.slice(0, MAX_REFUSAL_LENGTH)] : []));
  return { format: format as KubeletUserDataFormat, settings, ...(refused.length > 0 ? { refused } : {}) };
}

