/**
 * Credential detectors for literal values in manifests (env values,
 * ConfigMap data). They answer *what kind* of credential a value looks like
 * and never hand the value back: a finding may name the key and the kind, and
 * show at most the first four characters through `redactedPreview`.
 *
 * Two kinds of evidence:
 * - the value's shape alone (AWS access key IDs, PEM private keys, GitHub,
 *   Slack, Stripe and Google API tokens, JWTs, HTTP `Authorization` values
 *   such as `Bearer …` and `Basic …`), whatever the name;
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
  | 'http-authorization'
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
  const scheme = authorizationScheme(scanned);
  return scheme ? { kind: 'http-authorization', label: `an HTTP ${scheme} credential`, preview: '' } : undefined;
}

/**
 * `Authorization: Bearer x`, `Proxy-Authorization=Basic x`, `-H "Authorization: token x"`
 * anywhere in a value: after the header name, any literal credential counts.
 */
const AUTHORIZATION_HEADER = /(?<![A-Za-z0-9_-])(?:proxy-)?authorization(?:["']?[ \t]*[:=][ \t]*["']?|[ \t]+["'])(bearer|basic|token)[ \t]+([^\s"'`;,]+)/gi;
/** A whole value that is `Bearer x` or `Basic x`, as an env var or a ConfigMap entry holds a header value. */
const AUTHORIZATION_VALUE = /^\s*["']?(bearer|basic)[ \t]+([A-Za-z0-9._~+/-]+=*)["']?\s*$/i;
/** Placeholders written in place of a credential: `TOKEN`, `YOUR_API_KEY`, `xxx`, `...`, `token`, `<redacted>`. */
const CREDENTIAL_PLACEHOLDER = /^(?:[A-Z][A-Z0-9_]*|[xX]+|\.+)$/;
const CREDENTIAL_WORD = /^(?:auth|access|api|bearer)?(?:token|password|secret|credentials?|key|value|string|redacted|changeme)s?$/i;

function isCredentialPlaceholder(credential: string): boolean {
  return isPlaceholder(credential) || startsWithShellExpansion(credential) || CREDENTIAL_PLACEHOLDER.test(credential) || CREDENTIAL_WORD.test(credential);
}

/** The scheme (`Bearer`, `Basic`, `Token`) of a literal HTTP credential in the value; never the credential. */
function authorizationScheme(value: string): string | undefined {
  const canonical = (scheme: string) => `${scheme[0]!.toUpperCase()}${scheme.slice(1).toLowerCase()}`;
  if (/authorization/i.test(value)) {
    for (const match of value.matchAll(AUTHORIZATION_HEADER)) {
      const credential = match[2]!;
      if (!isCredentialPlaceholder(credential)) return canonical(match[1]!);
    }
  }
  const whole = AUTHORIZATION_VALUE.exec(value);
  if (!whole) return undefined;
  const scheme = canonical(whole[1]!);
  const credential = whole[2]!;
  // A bare `Bearer x` needs a token-like x; `Basic x` must be base64 of `user:password`.
  if (scheme === 'Bearer') return credential.length >= 8 && !isCredentialPlaceholder(credential) ? scheme : undefined;
  const decoded = Buffer.from(credential, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(decoded) && decoded.indexOf(':') > 0 ? scheme : undefined;
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
  'LOCATION', 'PROVIDER', 'STORE', 'MOUNT', 'KEYS', 'NAMESPACE', 'NAMESPACES', 'LABEL', 'LABELS', 'SELECTOR', 'PREFIX',
  'SUFFIX', 'BACKEND', 'SOURCE', 'KIND', 'SCOPE', 'SCOPES', 'CLAIM', 'LIFETIME', 'DURATION', 'INTERVAL', 'PERIOD', 'AGE',
  'REFRESH', 'ROTATION', 'CACHE', 'ENV', 'VAR', 'VARIABLE', 'PATTERN', 'STRATEGY', 'RETRIES', 'WEBHOOK', 'FILES', 'PATHS',
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
  // `$(cat /run/secrets/x)`, `${VAR:-x}`, `{{ … }}` cut at a space, and backticks: computed when the container runs.
  if (/^["']?(?:\$\(|\$\{|`|\{\{)/.test(trimmed)) return true;
  if (/^\*+$/.test(trimmed)) return true;
  return false;
}

/** `$VAR`, `"$VAR…`: a shell reads it as a variable, where a shell reads the arguments. */
function startsWithShellExpansion(value: string): boolean {
  return /^["']?\$[A-Za-z_$]/.test(value.trim());
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
    const found = detectCredentialInAssignment(lines[index]!);
    if (found) return { ...found, line: index + 1 };
  }
  return undefined;
}

/** One `key=value` or `key: value` line (properties, .env, YAML, shell `export`) whose key reads as a secret and holds a literal; never the value. */
export function detectCredentialInAssignment(line: string): EmbeddedCredential | undefined {
  if (line.length > MAX_SCANNED_LENGTH) return undefined;
  const match = ASSIGNMENT.exec(line);
  if (!match) return undefined;
  const embeddedKey = match[1]!;
  const literal = unquote(match[2]!.replace(/\s+#.*$/, ''));
  // A YAML block (`password: |`) or a nested map starts on the next line; judge only inline values.
  if (literal === '|' || literal === '>' || literal === '') return undefined;
  return isSecretLikeName(embeddedKey) && !isPlaceholder(literal) ? { ...SECRET_NAMED_VALUE, embeddedKey } : undefined;
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

/** A literal given to a secret-like name; `$VAR` is a reference where a shell reads the arguments (`sh -c "… --password=$DB_PASSWORD"`). */
function secretNamed(name: string, literal: string): boolean {
  const value = unquote(literal);
  return isSecretLikeName(name) && !isPlaceholder(value) && !startsWithShellExpansion(value);
}

/** `X-Api-Key: abc`, `PRIVATE-TOKEN: abc` (curl's `-H`): a header whose name reads as a secret, given a literal. */
const HEADER = /(?:^|[\s"'=])([A-Za-z][A-Za-z0-9_-]*):[ \t]+([^\s"'`]+)/g;

function secretNamedHeader(argument: string): string | undefined {
  if (!argument.includes(':')) return undefined;
  for (const match of argument.matchAll(HEADER)) {
    if (secretNamed(match[1]!, match[2]!)) return match[1];
  }
  return undefined;
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
 * Credentials in a container's `command` or `args`: a credential shape anywhere (an
 * `Authorization: Bearer …` header included), a secret-like flag, variable or header given a
 * literal (`--password=…`, `--token …`, `PGPASSWORD=… psql`, `-H "X-Api-Key: …"`), also inside
 * shell command strings. Kubernetes `$(VAR)`, shell `$VAR`/`${VAR}` references and command
 * substitution (`$(cat /run/secrets/x)`, backticks) are not literals. Never returns a value.
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
    const named =
      argument
        .split(/\s+/)
        .map(secretNamedToken)
        .find((name) => name !== undefined) ?? secretNamedHeader(argument);
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
