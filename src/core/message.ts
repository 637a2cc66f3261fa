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

/** A template split once at its placeholders: filling it is then concatenation, with no pattern to run. */
export interface CompiledMessage {
  readonly template: string;
  /** the text around the placeholders: one more than `names` */
  readonly literals: readonly string[];
  /** each placeholder, in order, repeats included */
  readonly names: readonly string[];
  /** how many different placeholders the template has */
  readonly distinct: number;
}

export function compileMessage(template: string): CompiledMessage {
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    literals.push(template.slice(last, match.index));
    names.push(match[1]!);
    last = match.index + match[0].length;
  }
  literals.push(template.slice(last));
  return { template, literals, names, distinct: new Set(names).size };
}

/**
 * Fills a compiled template: a value is never scanned for placeholders. Throws MessageError when
 * the template names a placeholder the data lacks, or the data holds a value no placeholder uses.
 */
export function fillMessage(compiled: CompiledMessage, data: MessageData = {}): string {
  const { literals, names } = compiled;
  let text = literals[0]!;
  for (let index = 0; index < names.length; index += 1) {
    const name = names[index]!;
    if (!Object.hasOwn(data, name)) throw new MessageError(`message ${JSON.stringify(compiled.template)} has placeholder {{${name}}} but no data for it`);
    text += String(data[name]) + literals[index + 1]!;
  }
  // every placeholder has its value, so the data holds no other exactly when it has as many keys
  const keys = Object.keys(data);
  if (keys.length !== compiled.distinct) {
    const used = new Set(names);
    throw new MessageError(`message ${JSON.stringify(compiled.template)} has no placeholder for ${keys.filter((name) => !used.has(name)).join(', ')}`);
  }
  return text;
}

/** Fills a template in one pass (see fillMessage). */
export function renderMessage(template: string, data: MessageData = {}): string {
  return fillMessage(compileMessage(template), data);
}

/** Renders one message of a check; throws MessageError for an ID the check does not declare. */
export function renderMessageRef(messages: Readonly<Record<string, string>> | undefined, ref: MessageRef, checkId: string): string {
  return messageRenderer(checkId, messages).ref(ref);
}

/** The parts of a failing verdict its text is made of. */
export interface VerdictText {
  readonly messageId: string;
  readonly data?: MessageData | undefined;
  readonly more?: readonly MessageRef[] | undefined;
  readonly omitted?: number | undefined;
}

export interface MessageRenderer {
  /** one message; throws MessageError for an ID the check does not declare */
  ref(ref: MessageRef): string;
  /** a verdict's whole text (see verdictMessage) */
  verdict(verdict: VerdictText): string;
}

/**
 * Renders the messages of one check, each template compiled the first time a verdict names it.
 * The engine keeps one per check for a whole evaluation: a scan renders hundreds of thousands of failures.
 */
export function messageRenderer(checkId: string, messages: Readonly<Record<string, string>> | undefined): MessageRenderer {
  const compiled = new Map<string, CompiledMessage>();
  const fill = (messageId: string, data: MessageData | undefined): string => {
    let template = compiled.get(messageId);
    if (!template) {
      const text = messages && Object.hasOwn(messages, messageId) ? messages[messageId] : undefined;
      if (text === undefined) throw new MessageError(`${checkId} has no message ${JSON.stringify(messageId)} (declare it in the check's messages)`);
      template = compileMessage(text);
      compiled.set(messageId, template);
    }
    return fillMessage(template, data);
  };
  return {
    ref: (message) => fill(message.messageId, message.data),
    verdict(verdict) {
      let text = fill(verdict.messageId, verdict.data);
      for (const more of verdict.more ?? []) text += `; ${fill(more.messageId, more.data)}`;
      if (verdict.omitted && verdict.omitted > 0) text += `; and ${verdict.omitted} more`;
      return text;
    },
  };
}

/** A failing verdict's text: its rendered message, then each further offence (`; `), then how many were left out. */
export function verdictMessage(checkId: string, messages: Readonly<Record<string, string>> | undefined, verdict: VerdictText): string {
  return messageRenderer(checkId, messages).verdict(verdict);
}
