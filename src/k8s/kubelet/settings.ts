/**
 * The kubelet settings the CIS section 3.2 items judge, in one model whatever they were read
 * from: a node's live `/configz` (a KubeletConfiguration with its flags merged in), or the
 * overrides found in launch-template user data (bootstrap flags, nodeadm NodeConfig, Bottlerocket
 * TOML). A field is present only when the source sets it; defaults are applied by effective.ts.
 */
export interface KubeletSettings {
  /** `authentication.anonymous.enabled`, `--anonymous-auth` */
  anonymousAuth?: boolean;
  /** `authorization.mode`, `--authorization-mode` */
  authorizationMode?: string;
  /** `authentication.x509.clientCAFile`, `--client-ca-file` */
  clientCAFile?: string;
  /** `readOnlyPort`, `--read-only-port` */
  readOnlyPort?: number;
  /** `streamingConnectionIdleTimeout`, `--streaming-connection-idle-timeout` (a Go duration) */
  streamingConnectionIdleTimeout?: string;
  /** `makeIPTablesUtilChains`, `--make-iptables-util-chains` */
  makeIPTablesUtilChains?: boolean;
  /** `eventRecordQPS`, `--event-qps` */
  eventRecordQPS?: number;
  /** `rotateCertificates`, `--rotate-certificates` */
  rotateCertificates?: boolean;
  /** `serverTLSBootstrap`, `--rotate-server-certificates` */
  serverTLSBootstrap?: boolean;
  /** `featureGates.RotateKubeletServerCertificate`, `--feature-gates=RotateKubeletServerCertificate=…` */
  rotateServerCertificateGate?: boolean;
}

export type KubeletField = keyof KubeletSettings;

/** The KubeletConfiguration path and the flag of each field, for messages and remediation. */
export const KUBELET_FIELDS: Readonly<Record<KubeletField, { readonly config: string; readonly flag: string }>> = {
  anonymousAuth: { config: 'authentication.anonymous.enabled', flag: '--anonymous-auth' },
  authorizationMode: { config: 'authorization.mode', flag: '--authorization-mode' },
  clientCAFile: { config: 'authentication.x509.clientCAFile', flag: '--client-ca-file' },
  readOnlyPort: { config: 'readOnlyPort', flag: '--read-only-port' },
  streamingConnectionIdleTimeout: { config: 'streamingConnectionIdleTimeout', flag: '--streaming-connection-idle-timeout' },
  makeIPTablesUtilChains: { config: 'makeIPTablesUtilChains', flag: '--make-iptables-util-chains' },
  eventRecordQPS: { config: 'eventRecordQPS', flag: '--event-qps' },
  rotateCertificates: { config: 'rotateCertificates', flag: '--rotate-certificates' },
  serverTLSBootstrap: { config: 'serverTLSBootstrap', flag: '--rotate-server-certificates' },
  rotateServerCertificateGate: { config: 'featureGates.RotateKubeletServerCertificate', flag: '--feature-gates RotateKubeletServerCertificate' },
};

const FIELD_NAMES = Object.keys(KUBELET_FIELDS) as KubeletField[];
const BOOLEAN_FIELDS: ReadonlySet<KubeletField> = new Set(['anonymousAuth', 'makeIPTablesUtilChains', 'rotateCertificates', 'serverTLSBootstrap', 'rotateServerCertificateGate']);
const NUMBER_FIELDS: ReadonlySet<KubeletField> = new Set(['readOnlyPort', 'eventRecordQPS']);
/** Longest text value kept: a file path or a mode list, never more. */
const MAX_TEXT = 256;

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function at(object: Record<string, unknown>, dotted: string): unknown {
  let value: unknown = object;
  for (const key of dotted.split('.')) value = record(value)?.[key];
  return value;
}

/** One field's value when it has the field's type (and a text value is short); else undefined. */
function typed(field: KubeletField, value: unknown): KubeletSettings[KubeletField] {
  if (BOOLEAN_FIELDS.has(field)) return typeof value === 'boolean' ? value : undefined;
  if (NUMBER_FIELDS.has(field)) return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  return typeof value === 'string' && value.length <= MAX_TEXT ? value : undefined;
}

function assign(settings: KubeletSettings, field: KubeletField, value: unknown): void {
  const checked = typed(field, value);
  if (checked !== undefined) (settings as Record<string, unknown>)[field] = checked;
}

/**
 * The settings of a KubeletConfiguration object (the `kubeletconfig` of `/configz`, nodeadm's
 * `spec.kubelet.config`, a kubelet config file). Fields of the wrong type are left out, as
 * unknown: a check then judges the default, and says so.
 */
export function settingsFromKubeletConfiguration(value: unknown): KubeletSettings {
  const object = record(value);
  const settings: KubeletSettings = {};
  if (!object) return settings;
  for (const field of FIELD_NAMES) assign(settings, field, at(object, KUBELET_FIELDS[field].config));
  return settings;
}

/**
 * The settings written back as a KubeletConfiguration fragment: what the live source keeps of a
 * `/configz` answer, so a node's other settings (and a hostile kubelet's padding) are not held.
 */
export function configFromSettings(settings: KubeletSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of FIELD_NAMES) {
    const value = settings[field];
    if (value === undefined) continue;
    const keys = KUBELET_FIELDS[field].config.split('.');
    let cursor = out;
    for (const key of keys.slice(0, -1)) cursor = (cursor[key] ??= {}) as Record<string, unknown>;
    cursor[keys[keys.length - 1]!] = value;
  }
  return out;
}

/** A flag's text value read as the kubelet's flag parser reads it. */
function parseFlagValue(field: KubeletField, text: string): unknown {
  if (BOOLEAN_FIELDS.has(field)) {
    const lower = text.toLowerCase();
    return lower === 'true' || lower === '1' || lower === 't' ? true : lower === 'false' || lower === '0' || lower === 'f' ? false : undefined;
  }
  if (NUMBER_FIELDS.has(field)) return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  return text;
}

const FLAG_FIELDS = new Map<string, KubeletField>(
  FIELD_NAMES.filter((field) => field !== 'rotateServerCertificateGate').map((field) => [KUBELET_FIELDS[field].flag.slice(2), field]),
);
const BOOLEAN_FLAGS_WITHOUT_VALUE = new Set(['anonymous-auth', 'make-iptables-util-chains', 'rotate-certificates', 'rotate-server-certificates']);

/** Splits a flag string as a shell would for simple quoting: `--a=1 --b 'x y'`. */
export function splitArguments(text: string): string[] {
  const out: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let current = '';
  let last = -1;
  for (const match of text.matchAll(pattern)) {
    const piece = match[1] ?? match[2] ?? match[3] ?? '';
    // adjacent pieces (`--x="a b"`) belong to one word
    if (match.index === last && out.length > 0) current = out.pop()! + piece;
    else current = piece;
    out.push(current);
    last = match.index + match[0].length;
  }
  return out;
}

/**
 * The settings that kubelet command-line flags set (`--kubelet-extra-args`, nodeadm
 * `spec.kubelet.flags`): `--flag=value`, `--flag value`, bare boolean flags, and
 * `--feature-gates=A=true,B=false`. Flags win over the config file in the kubelet, and here.
 */
export function settingsFromFlags(args: readonly string[]): KubeletSettings {
  const settings: KubeletSettings = {};
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const match = /^--?([a-z0-9-]+)(?:=(.*))?$/i.exec(arg);
    if (!match) continue;
    const name = match[1]!.toLowerCase();
    let value = match[2];
    if (name === 'feature-gates') {
      value ??= args[++index];
      const gate = /(?:^|,)\s*RotateKubeletServerCertificate\s*=\s*(\w+)/.exec(value ?? '');
      if (gate) assign(settings, 'rotateServerCertificateGate', parseFlagValue('rotateServerCertificateGate', gate[1]!));
      continue;
    }
    const field = FLAG_FIELDS.get(name);
    if (!field) continue;
    if (value === undefined) {
      const next = args[index + 1];
      if (BOOLEAN_FLAGS_WITHOUT_VALUE.has(name) && (next === undefined || next.startsWith('-') || parseFlagValue(field, next) === undefined)) value = 'true';
      else {
        value = next;
        index += 1;
      }
    }
    if (value !== undefined) assign(settings, field, parseFlagValue(field, value));
  }
  return settings;
}

/** `later` wins field by field: flags over the config file, user data over the AMI. */
export function mergeSettings(...layers: readonly KubeletSettings[]): KubeletSettings {
  return Object.assign({}, ...layers) as KubeletSettings;
}

/** Reads recorded settings back (a snapshot is input like any other): only known fields of the right type. */
export function kubeletSettingsFrom(value: unknown): KubeletSettings | undefined {
  const object = record(value);
  if (!object) return undefined;
  const settings: KubeletSettings = {};
  for (const field of FIELD_NAMES) assign(settings, field, object[field]);
  return settings;
}
