/**
 * Credential detectors for literal values in manifests (env values,
 * ConfigMap data). They answer *what kind* of credential a value looks like
 * and never hand the value back: a finding may name the key and the kind, and
 * show at most the first four characters through `redactedPreview`.
 *
 * Two kinds of evidence:
 * - the value's shape alone (AWS access key IDs, PEM private keys, GitHub,
 *   Slack, Stripe and Google API tokens, JWTs), whatever the name;
 * - a name that reads as a secret (`DB_PASSWORD`, `apiKey`, `client-secret`)
 *   holding a non-empty literal that is not a reference or a placeholder.
 */

export type CredentialKind =
  | 'aws-access-key-id'
  | 'private-key'
  | 'github-token'
  | 'slack-token'
  | 'stripe-secret-key'
  | 'google-api-key'
  | 'jwt'
  | 'secret-named-value';

export interface CredentialMatch {
  readonly kind: CredentialKind;
  /** human description of the kind, for messages */
  readonly label: string;
  /** `AKIA…` where the first characters identify the kind (never more than four), empty otherwise */
  readonly preview: string;
}

interface ShapeDetector {
  readonly kind: CredentialKind;
  readonly label: string;
  readonly pattern: RegExp;
  /** whether the first four characters are a public, kind-identifying prefix worth showing */
  readonly showPrefix: boolean;
}

const SHAPES: readonly ShapeDetector[] = [
  { kind: 'private-key', label: 'a PEM private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/, showPrefix: false },
  { kind: 'aws-access-key-id', label: 'an AWS access key ID', pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/, showPrefix: true },
  { kind: 'github-token', label: 'a GitHub token', pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/, showPrefix: true },
  { kind: 'slack-token', label: 'a Slack token', pattern: /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/, showPrefix: true },
  { kind: 'stripe-secret-key', label: 'a Stripe secret key', pattern: /(?<![A-Za-z0-9])[sr]k_live_[A-Za-z0-9]{20,}/, showPrefix: true },
  { kind: 'google-api-key', label: 'a Google API key', pattern: /(?<![A-Za-z0-9])AIza[A-Za-z0-9_-]{35}/, showPrefix: true },
  { kind: 'jwt', label: 'a JSON Web Token', pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, showPrefix: false },
];

/** Values longer than this are not scanned for shapes: a bound on regex work per value. */
const MAX_SCANNED_LENGTH = 256 * 1024;

/**
 * The first four characters of a value, followed by an ellipsis, when the
 * value is long enough (12 or more characters) that four characters reveal
 * little of it; otherwise nothing but the ellipsis.
 */
export function redactedPreview(value: string): string {
  return value.length >= 12 ? `${value.slice(0, 4)}…` : '…';
}

/** The credential shape a value contains, if any; the value itself is never part of the answer. */
export function detectCredentialShape(value: string): CredentialMatch | undefined {
  if (value.length === 0) return undefined;
  const scanned = value.length > MAX_SCANNED_LENGTH ? value.slice(0, MAX_SCANNED_LENGTH) : value;
  for (const shape of SHAPES) {
    const match = shape.pattern.exec(scanned);
    if (match) return { kind: shape.kind, label: shape.label, preview: shape.showPrefix ? redactedPreview(match[0]) : '' };
  }
  return undefined;
}

/** Words that make a name read as a secret, after splitting on `_`, `-`, `.` and camelCase. */
const SECRET_WORDS: ReadonlySet<string> = new Set(['PASSWORD', 'PGPASSWORD', 'PASSWD', 'PASSPHRASE', 'PWD', 'SECRET', 'SECRETS', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY']);
/** Adjacent word pairs that read as a secret: `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, `SECRET_KEY`, `AUTH_KEY`. */
const SECRET_PAIRS: ReadonlySet<string> = new Set(['API KEY', 'PRIVATE KEY', 'ACCESS KEY', 'SECRET KEY', 'AUTH KEY', 'SIGNING KEY', 'ENCRYPTION KEY', 'CLIENT SECRET', 'CONNECTION STRING']);
/**
 * A final word that makes the name describe something about a secret rather
 * than hold it: `TOKEN_URL`, `PASSWORD_FILE`, `SECRET_NAME`, `ACCESS_KEY_ID`.
 */
const DESCRIPTOR_WORDS: ReadonlySet<string> = new Set([
  'FILE', 'PATH', 'DIR', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'NAME', 'ID', 'ARN', 'REF', 'KEYREF', 'REGION',
  'TTL', 'TIMEOUT', 'SECONDS', 'EXPIRY', 'EXPIRES', 'EXPIRATION', 'LENGTH', 'SIZE', 'COUNT', 'TYPE', 'MODE', 'FORMAT',
  'HEADER', 'FIELD', 'PARAM', 'VERSION', 'ENABLED', 'DISABLED', 'REQUIRED', 'POLICY', 'ALGORITHM', 'ISSUER', 'AUDIENCE',
  'LOCATION', 'PROVIDER', 'STORE', 'MOUNT', 'KEYS',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toUpperCase());
}

/** True when a key or variable name reads as holding a secret itself. */
export function isSecretLikeName(name: string): boolean {
  const parts = words(name);
  if (parts.length === 0) return false;
  if (DESCRIPTOR_WORDS.has(parts[parts.length - 1]!)) return false;
  for (let i = 0; i < parts.length; i += 1) {
    if (SECRET_WORDS.has(parts[i]!)) return true;
    if (i + 1 < parts.length && SECRET_PAIRS.has(`${parts[i]} ${parts[i + 1]}`)) return true;
  }
  return false;
}

/** Literals that hold no secret even under a secret-sounding name: flags, references, templates, placeholders. */
function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return true;
  if (/^(true|false|yes|no|on|off|null|none|nil|~|-)$/i.test(trimmed)) return true;
  // Kubernetes $(VAR) expansion, shell ${VAR}, Helm/Go {{ }} and <placeholder> are references, not values.
  if (/^(\$\([A-Za-z0-9_]+\)|\$\{[^}]*\}|\{\{.*\}\}|<[^<>]*>)$/.test(trimmed)) return true;
  if (/^\*+$/.test(trimmed)) return true;
  return false;
}

const SECRET_NAMED_VALUE: CredentialMatch = { kind: 'secret-named-value', label: 'a literal value under a secret-like name', preview: '' };

/**
 * A credential in a (name, literal value) pair: a shape in the value, or a
 * secret-like name with a real literal. Never returns the value.
 */
export function detectCredential(name: string, value: string): CredentialMatch | undefined {
  const shape = detectCredentialShape(value);
  if (shape) return shape;
  if (isSecretLikeName(name) && !isPlaceholder(value)) {
    return SECRET_NAMED_VALUE;
  }
  return undefined;
}

/** `key: value` and `key=value` lines inside a file-like value (properties, .env, YAML): the pairs worth judging by name. */
const ASSIGNMENT = /^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*(.*?)\s*$/;

export interface EmbeddedCredential extends CredentialMatch {
  /** the key inside the embedded file, when the evidence is a `key=value` line */
  readonly embeddedKey?: string;
  /** 1-based line inside the value */
  readonly line?: number;
}

function unquote(value: string): string {
  const match = /^(["'])(.*)\1$/.exec(value);
  return match ? match[2]! : value;
}

/** Credentials in a ConfigMap-style entry: the entry itself, then the assignments of an embedded file. */
export function detectCredentialInEntry(key: string, value: string): EmbeddedCredential | undefined {
  const direct = detectCredential(key, value);
  if (direct) return direct;
  if (!value.includes('\n') || value.length > MAX_SCANNED_LENGTH) return undefined;
  const lines = value.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const match = ASSIGNMENT.exec(lines[index]!);
    if (!match) continue;
    const embeddedKey = match[1]!;
    const literal = unquote(match[2]!.replace(/\s+#.*$/, ''));
    // A YAML block (`password: |`) or a nested map starts on the next line; judge only inline values.
    if (literal === '|' || literal === '>' || literal === '') continue;
    if (isSecretLikeName(embeddedKey) && !isPlaceholder(literal)) {
      return { ...SECRET_NAMED_VALUE, embeddedKey, line: index + 1 };
    }
  }
  return undefined;
}

export interface ArgumentCredential extends CredentialMatch {
  /** index of the element that holds the value */
  readonly index: number;
  /** the flag or variable the value is given to (`--db-password`, `PGPASSWORD`), when the evidence is its name */
  readonly name?: string;
}

const FLAG_WITH_VALUE = /^--?([A-Za-z][A-Za-z0-9_.-]*)=(.*)$/s;
const FLAG = /^--?([A-Za-z][A-Za-z0-9_.-]*)$/;
/** Flags that switch something about a secret on or off take no value: `--require-token serve` gives no token. */
const SWITCH_WORDS: ReadonlySet<string> = new Set(['NO', 'REQUIRE', 'USE', 'ENABLE', 'DISABLE', 'PRINT', 'SHOW', 'SKIP', 'ALLOW', 'GENERATE', 'ROTATE', 'INSECURE']);
const VARIABLE_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s;
/** `$VAR` is a reference where a shell reads the arguments (`sh -c "... --password=$DB_PASSWORD"`). */
const SHELL_VARIABLE = /^\$[A-Za-z_][A-Za-z0-9_]*$/;

function secretNamed(name: string, literal: string): boolean {
  const value = unquote(literal);
  return isSecretLikeName(name) && !isPlaceholder(value) && !SHELL_VARIABLE.test(value.trim());
}

/** `--flag=value`, `VAR=value` and `--from-literal=key=value`: the name a literal is given to, when it reads as a secret. */
function secretNamedToken(token: string): string | undefined {
  const flagged = FLAG_WITH_VALUE.exec(token);
  if (flagged) {
    if (secretNamed(flagged[1]!, flagged[2]!)) return `--${flagged[1]}`;
    const inner = VARIABLE_ASSIGNMENT.exec(flagged[2]!);
    return inner && secretNamed(inner[1]!, inner[2]!) ? inner[1] : undefined;
  }
  const assignment = VARIABLE_ASSIGNMENT.exec(token);
  return assignment && secretNamed(assignment[1]!, assignment[2]!) ? assignment[1] : undefined;
}

/**
 * Credentials in a container's `command` or `args`: a credential shape anywhere, a secret-like
 * flag or variable given a literal (`--password=…`, `--token …`, `PGPASSWORD=… psql`), also inside
 * shell command strings. Kubernetes `$(VAR)` and shell `$VAR`/`${VAR}` references are not literals.
 * Never returns a value.
 */
export function detectCredentialInArguments(list: readonly string[]): ArgumentCredential[] {
  const found: ArgumentCredential[] = [];
  for (let index = 0; index < list.length; index += 1) {
    const argument = list[index]!;
    if (argument.length > MAX_SCANNED_LENGTH) continue;
    const shape = detectCredentialShape(argument);
    if (shape) {
      found.push({ ...shape, index });
      continue;
    }
    const named = argument
      .split(/\s+/)
      .map(secretNamedToken)
      .find((name) => name !== undefined);
    if (named) {
      found.push({ ...SECRET_NAMED_VALUE, index, name: named });
      continue;
    }
    const flag = FLAG.exec(argument);
    const next = list[index + 1];
    const takesValue = flag !== null && !SWITCH_WORDS.has(words(flag[1]!)[0]!);
    if (flag && takesValue && next !== undefined && !next.startsWith('-') && next.length <= MAX_SCANNED_LENGTH && secretNamed(flag[1]!, next)) {
      found.push({ ...SECRET_NAMED_VALUE, index: index + 1, name: argument });
      index += 1;
    }
  }
  return found;
}

export function describeCredential(match: CredentialMatch): string {
  return match.preview ? `${match.label} (${match.preview})` : match.label;
}
