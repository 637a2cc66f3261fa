/**
 * Message IDs in the spirit of typescript-eslint: a check declares its message templates once
 * (`messages: { imageUnpinned: '{{container}} uses image {{image}} …' }`) and a failing verdict
 * names one by ID with the data that fills it. The finding keeps the ID, so tests and report
 * consumers match on a stable key instead of a sentence.
 *
 * Data values come from the objects judged (names, images, ARNs): rendering inserts them
 * verbatim and never reads them as templates, so `{{x}}` inside a value stays as written.
 * Nothing is escaped here; every reporter escapes for its own format.
 */

/** The values a template's placeholders take. */
export type MessageData = Readonly<Record<string, string | number>>;

/** One message: a template of the check's `messages`, and the data its placeholders take. */
export interface MessageRef {
  readonly messageId: string;
  readonly data?: MessageData;
}

/** A template that cannot be filled from its data, or an ID the check does not declare: a bug in the check. */
export class MessageError extends Error {
  override readonly name = 'MessageError';
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names of a template, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/**
 * Fills a template in one pass: a value is never scanned for placeholders. Throws MessageError
 * when the template names a placeholder the data lacks, or the data holds a value no placeholder uses.
 */
export function renderMessage(template: string, data: MessageData = {}): string {
  const used = new Set<string>();
  const text = template.replace(PLACEHOLDER, (_whole, name: string) => {
    if (!Object.hasOwn(data, name)) throw new MessageError(`message ${JSON.stringify(template)} has placeholder {{${name}}} but no data for it`);
    used.add(name);
    return String(data[name]);
  });
  const unused = Object.keys(data).filter((name) => !used.has(name));
  if (unused.length > 0) throw new MessageError(`message ${JSON.stringify(template)} has no placeholder for ${unused.join(', ')}`);
  return text;
}

/** Renders one message of a check; throws MessageError for an ID the check does not declare. */
export function renderMessageRef(messages: Readonly<Record<string, string>> | undefined, ref: MessageRef, checkId: string): string {
  const template = messages && Object.hasOwn(messages, ref.messageId) ? messages[ref.messageId] : undefined;
  if (template === undefined) throw new MessageError(`${checkId} has no message ${JSON.stringify(ref.messageId)} (declare it in the check's messages)`);
  return renderMessage(template, ref.data);
}

/** The parts of a verdict its text is made of. */
export interface VerdictText {
  readonly message?: string | undefined;
  readonly messageId?: string | undefined;
  readonly data?: MessageData | undefined;
  readonly more?: readonly MessageRef[] | undefined;
  readonly omitted?: number | undefined;
}

/**
 * A verdict's text: its rendered message, then each further offence (`; `), then how many were
 * left out; or its free-text message when it names no message ID.
 */
export function verdictMessage(checkId: string, messages: Readonly<Record<string, string>> | undefined, verdict: VerdictText): string {
  if (verdict.messageId === undefined) return verdict.message ?? '';
  const first = renderMessageRef(messages, { messageId: verdict.messageId, ...(verdict.data ? { data: verdict.data } : {}) }, checkId);
  const rest = (verdict.more ?? []).map((ref) => renderMessageRef(messages, ref, checkId));
  const omitted = verdict.omitted && verdict.omitted > 0 ? [`and ${verdict.omitted} more`] : [];
  return [first, ...rest, ...omitted].join('; ');
}
