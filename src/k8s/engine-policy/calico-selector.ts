import { and, not, or, type LabelLookup, type Truth } from './truth.js';

/**
 * Calico's selector expressions (projectcalico.org/v3 `selector`, `namespaceSelector`,
 * `serviceAccountSelector`; https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors):
 *
 *   all()  global()  has(k)  !has(k)  k == 'v'  k != 'v'  k in {'a', 'b'}  k not in {'a'}
 *   k contains 's'  k starts with 's'  k ends with 's'  !e  e && e  e || e  (e)
 *
 * An empty selector is all(). `!=` and `not in` also match a pod without the label, as in
 * Calico. Parsed once, evaluated three-valued against a label lookup (a label eksguard cannot
 * know makes the comparison unknown). Input is bounded: a selector longer than
 * MAX_SELECTOR_LENGTH or nested deeper than MAX_DEPTH is refused as unreadable.
 */

export type CalicoSelector =
  | { readonly op: 'all' }
  | { readonly op: 'global' }
  | { readonly op: 'has'; readonly key: string }
  | { readonly op: '==' | '!=' | 'contains' | 'starts with' | 'ends with'; readonly key: string; readonly value: string }
  | { readonly op: 'in' | 'not in'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: '!'; readonly operand: CalicoSelector }
  | { readonly op: '&&' | '||'; readonly operands: readonly CalicoSelector[] };

export type ParsedSelector = { readonly ok: true; readonly selector: CalicoSelector } | { readonly ok: false; readonly reason: string };

export const MAX_SELECTOR_LENGTH = 4096;
const MAX_DEPTH = 64;
const LABEL = /^[A-Za-z0-9_./-]+/;

class Parser {
  private at = 0;
  private depth = 0;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  parse(): CalicoSelector {
    this.skip();
    if (this.at === this.text.length) return { op: 'all' };
    const expression = this.or();
    this.skip();
    if (this.at !== this.text.length) throw new Error(`unexpected ${JSON.stringify(this.text.slice(this.at, this.at + 12))} at ${this.at}`);
    return expression;
  }

  private skip(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  private eat(token: string): boolean {
    this.skip();
    if (!this.text.startsWith(token, this.at)) return false;
    // a word operator must not run into a label (`index` is no `in`)
    if (/^[a-z]/.test(token) && LABEL.test(this.text.slice(this.at + token.length, this.at + token.length + 1)) && !token.endsWith('(')) return false;
    this.at += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.eat(token)) throw new Error(`expected ${token} at ${this.at}`);
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new Error(`nested deeper than ${MAX_DEPTH}`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private or(): CalicoSelector {
    const operands = [this.and()];
    while (this.eat('||')) operands.push(this.and());
    return operands.length === 1 ? operands[0]! : { op: '||', operands };
  }

  private and(): CalicoSelector {
    const operands = [this.unary()];
    while (this.eat('&&')) operands.push(this.unary());
    return operands.length === 1 ? operands[0]! : { op: '&&', operands };
  }

  private unary(): CalicoSelector {
    return this.nested(() => {
      if (this.eat('!')) return { op: '!', operand: this.unary() };
      if (this.eat('(')) {
        const inner = this.or();
        this.expect(')');
        return inner;
      }
      if (this.eat('all(')) return this.close({ op: 'all' });
      if (this.eat('global(')) return this.close({ op: 'global' });
      if (this.eat('has(')) {
        const key = this.label();
        return this.close({ op: 'has', key });
      }
      return this.comparison();
    });
  }

  private close(selector: CalicoSelector): CalicoSelector {
    this.expect(')');
    return selector;
  }

  private label(): string {
    this.skip();
    const match = LABEL.exec(this.text.slice(this.at));
    if (!match) throw new Error(`expected a label at ${this.at}`);
    this.at += match[0].length;
    return match[0];
  }

  private string(): string {
    this.skip();
    const quote = this.text[this.at];
    if (quote !== '"' && quote !== "'") throw new Error(`expected a quoted value at ${this.at}`);
    const end = this.text.indexOf(quote, this.at + 1);
    if (end === -1) throw new Error(`unterminated string at ${this.at}`);
    const value = this.text.slice(this.at + 1, end);
    this.at = end + 1;
    return value;
  }

  private comparison(): CalicoSelector {
    const key = this.label();
    for (const op of ['==', '!=', 'contains', 'starts with', 'ends with'] as const) {
      if (this.eat(op)) return { op, key, value: this.string() };
    }
    const negated = this.eat('not');
    if (this.eat('in')) {
      this.expect('{');
      const values: string[] = [];
      if (!this.eat('}')) {
        do values.push(this.string());
        while (this.eat(','));
        this.expect('}');
      }
      return { op: negated ? 'not in' : 'in', key, values };
    }
    throw new Error(`expected an operator after ${key}`);
  }
}

/** Parses a selector; anything but a string (or a missing value, which is all()) is unreadable. */
export function parseCalicoSelector(raw: unknown): ParsedSelector {
  if (raw === undefined || raw === null) return { ok: true, selector: { op: 'all' } };
  if (typeof raw !== 'string') return { ok: false, reason: 'the selector is not a string' };
  if (raw.length > MAX_SELECTOR_LENGTH) return { ok: false, reason: `the selector is longer than ${MAX_SELECTOR_LENGTH} characters` };
  try {
    return { ok: true, selector: new Parser(raw).parse() };
  } catch (error) {
    return { ok: false, reason: `selector ${JSON.stringify(raw.slice(0, 80))}: ${(error as Error).message}` };
  }
}

/** Evaluates a selector for one endpoint: `global()` matches no pod (it selects cluster-wide resources). */
export function evaluateCalicoSelector(selector: CalicoSelector, lookup: LabelLookup): Truth {
  switch (selector.op) {
    case 'all':
      return true;
    case 'global':
      return false;
    case '!':
      return not(evaluateCalicoSelector(selector.operand, lookup));
    case '&&':
      return and(selector.operands.map((operand) => evaluateCalicoSelector(operand, lookup)));
    case '||':
      return or(selector.operands.map((operand) => evaluateCalicoSelector(operand, lookup)));
    default:
      break;
  }
  const value = lookup(selector.key);
  if (value === undefined) return undefined;
  switch (selector.op) {
    case 'has':
      return value !== null;
    case '==':
      return value === selector.value;
    case '!=':
      return value !== selector.value;
    case 'in':
      return value !== null && selector.values.includes(value);
    case 'not in':
      return value === null || !selector.values.includes(value);
    case 'contains':
      return value !== null && value.includes(selector.value);
    case 'starts with':
      return value !== null && value.startsWith(selector.value);
    case 'ends with':
      return value !== null && value.endsWith(selector.value);
  }
}
