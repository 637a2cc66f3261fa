/**
 * CloudWatch Logs JSON filter patterns (`{ $.verb = "create" && ($.code = 401 || $.code = 403) }`),
 * parsed and evaluated against sample records, so a check can tell which audit events a metric
 * filter catches. Only the JSON form is read: term, phrase and space-delimited patterns match on
 * text and cannot be judged field by field, so they do not parse (and a filter that does not parse
 * counts for nothing). Evaluation is three-valued: where CloudWatch's behaviour is not certain
 * (regular expressions, a quoted value against a number, `!=` on a missing field) the answer is
 * `unknown`, and callers treat unknown as "does not match" when they need a match.
 */

export type Truth = true | false | 'unknown';

type Selector = readonly (string | number)[];
type Value = { kind: 'string'; text: string } | { kind: 'number'; value: number } | { kind: 'regex'; source: string };
type Comparison = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type FilterExpression =
  | { op: 'and' | 'or'; left: FilterExpression; right: FilterExpression }
  | { op: 'compare'; selector: Selector; comparison: Comparison; value: Value }
  | { op: 'is'; selector: Selector; test: 'TRUE' | 'FALSE' | 'NULL' | 'EXISTS' | 'NOT EXISTS' };

/** Patterns longer than CloudWatch's own limit (1024 characters) are not read. */
const MAX_PATTERN = 1024;
/** Nesting of parentheses a pattern may use. */
const MAX_DEPTH = 32;

class PatternError extends Error {}

/** Splits the inside of `{ … }` into tokens: selectors, operators, values, parentheses. */
function tokenize(body: string): string[] {
  const tokens: string[] = [];
  let index = 0;
  while (index < body.length) {
    const char = body[index]!;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const two = body.slice(index, index + 2);
    if (['&&', '||', '!=', '<=', '>='].includes(two)) {
      tokens.push(two);
      index += 2;
      continue;
    }
    if ('()=<>'.includes(char)) {
      tokens.push(char);
      index += 1;
      continue;
    }
    if (char === '"' || char === '%') {
      // a quoted string (backslash escapes) or a %regex%
      let end = index + 1;
      while (end < body.length && body[end] !== char) end += body[end] === '\\' && char === '"' ? 2 : 1;
      if (end >= body.length) throw new PatternError(`unterminated ${char === '"' ? 'string' : 'regular expression'}`);
      tokens.push(body.slice(index, end + 1));
      index = end + 1;
      continue;
    }
    const match = /^[^\s()=<>!&|"%]+/.exec(body.slice(index));
    if (!match) throw new PatternError(`unexpected ${JSON.stringify(char)}`);
    tokens.push(match[0]);
    index += match[0].length;
  }
  return tokens;
}

function selectorOf(token: string): Selector {
  if (!/^\$(\.[A-Za-z0-9_@-]+|\[\d+\])+$/.test(token)) throw new PatternError(`unsupported selector ${JSON.stringify(token)}`);
  return [...token.matchAll(/\.([A-Za-z0-9_@-]+)|\[(\d+)\]/g)].map((part) => (part[1] !== undefined ? part[1] : Number(part[2])));
}

function valueOf(token: string): Value {
  if (token.startsWith('"')) return { kind: 'string', text: token.slice(1, -1).replace(/\\(.)/g, '$1') };
  if (token.startsWith('%')) return { kind: 'regex', source: token.slice(1, -1) };
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(token)) return { kind: 'number', value: Number(token) };
  if (/^[A-Za-z0-9_.:*/@-]+$/.test(token)) return { kind: 'string', text: token };
  throw new PatternError(`unsupported value ${JSON.stringify(token)}`);
}

class Parser {
  private position = 0;
  private readonly tokens: readonly string[];

  constructor(tokens: readonly string[]) {
    this.tokens = tokens;
  }

  parse(): FilterExpression {
    const expression = this.or(0);
    if (this.position < this.tokens.length) throw new PatternError(`unexpected ${JSON.stringify(this.tokens[this.position])}`);
    return expression;
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private next(): string {
    const token = this.tokens[this.position++];
    if (token === undefined) throw new PatternError('the pattern ends too early');
    return token;
  }

  // && binds tighter than ||, as in CloudWatch's documentation
  private or(depth: number): FilterExpression {
    let left = this.and(depth);
    while (this.peek() === '||') {
      this.next();
      left = { op: 'or', left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): FilterExpression {
    let left = this.term(depth);
    while (this.peek() === '&&') {
      this.next();
      left = { op: 'and', left, right: this.term(depth) };
    }
    return left;
  }

  private term(depth: number): FilterExpression {
    if (this.peek() === '(') {
      if (depth >= MAX_DEPTH) throw new PatternError('too deeply nested');
      this.next();
      const inner = this.or(depth + 1);
      if (this.peek() !== ')') throw new PatternError('missing )');
      this.next();
      return inner;
    }
    const selector = selectorOf(this.next());
    const operator = this.next();
    if (operator === 'IS') {
      const test = this.next();
      if (test !== 'TRUE' && test !== 'FALSE' && test !== 'NULL') throw new PatternError(`unsupported IS ${test}`);
      return { op: 'is', selector, test };
    }
    if (operator === 'EXISTS') return { op: 'is', selector, test: 'EXISTS' };
    if (operator === 'NOT') {
      if (this.next() !== 'EXISTS') throw new PatternError('NOT must be followed by EXISTS');
      return { op: 'is', selector, test: 'NOT EXISTS' };
    }
    if (!['=', '!=', '<', '>', '<=', '>='].includes(operator)) throw new PatternError(`unsupported operator ${JSON.stringify(operator)}`);
    const value = valueOf(this.next());
    if (value.kind !== 'number' && operator !== '=' && operator !== '!=') throw new PatternError(`${operator} compares numbers only`);
    return { op: 'compare', selector, comparison: operator as Comparison, value };
  }
}

/** The parsed JSON pattern, or why it cannot be read. */
export function parseFilterPattern(pattern: string): { expression: FilterExpression } | { error: string } {
  const trimmed = pattern.trim();
  if (trimmed.length > MAX_PATTERN) return { error: `longer than ${MAX_PATTERN} characters` };
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return { error: 'not a JSON filter pattern ({ … }): text patterns cannot be judged field by field' };
  try {
    return { expression: new Parser(tokenize(trimmed.slice(1, -1))).parse() };
  } catch (error) {
    if (error instanceof PatternError) return { error: error.message };
    throw error;
  }
}

const MISSING = Symbol('missing');

function resolve(record: unknown, selector: Selector): unknown {
  let current: unknown = record;
  for (const part of selector) {
    if (typeof part === 'number') {
      if (!Array.isArray(current) || part >= current.length) return MISSING;
      current = current[part];
    } else {
      if (!current || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, part)) return MISSING;
      current = (current as Record<string, unknown>)[part];
    }
  }
  return current;
}

/**
 * `*` matches any run of characters; everything else is literal. Linear two-pointer matching, not
 * a regular expression: a pattern of many stars must not backtrack exponentially.
 */
function glob(text: string, wanted: string): boolean {
  let t = 0;
  let w = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (w < wanted.length && wanted[w] !== '*' && wanted[w] === text[t]) {
      t += 1;
      w += 1;
    } else if (w < wanted.length && wanted[w] === '*') {
      star = w;
      resume = t;
      w += 1;
    } else if (star >= 0) {
      w = star + 1;
      resume += 1;
      t = resume;
    } else {
      return false;
    }
  }
  while (w < wanted.length && wanted[w] === '*') w += 1;
  return w === wanted.length;
}

function equals(field: unknown, value: Value): Truth {
  if (value.kind === 'regex') return 'unknown';
  if (value.kind === 'number') return typeof field === 'number' ? field === value.value : typeof field === 'string' ? 'unknown' : false;
  if (typeof field === 'string') return glob(field, value.text);
  // a quoted or bare word against a number, boolean or object: CloudWatch's answer is not documented
  return typeof field === 'number' || typeof field === 'boolean' ? 'unknown' : false;
}

const not = (truth: Truth): Truth => (truth === 'unknown' ? 'unknown' : !truth);

function compare(field: unknown, comparison: Comparison, value: Value): Truth {
  if (field === MISSING) return comparison === '!=' ? 'unknown' : false;
  if (comparison === '=') return equals(field, value);
  if (comparison === '!=') return not(equals(field, value));
  if (value.kind !== 'number' || typeof field !== 'number') return typeof field === 'string' ? 'unknown' : false;
  switch (comparison) {
    case '<':
      return field < value.value;
    case '>':
      return field > value.value;
    case '<=':
      return field <= value.value;
    default:
      return field >= value.value;
  }
}

/** Whether the expression matches one JSON log record (Kleene logic over unknowns). */
export function matchesRecord(expression: FilterExpression, record: unknown): Truth {
  switch (expression.op) {
    case 'and': {
      const left = matchesRecord(expression.left, record);
      if (left === false) return false;
      const right = matchesRecord(expression.right, record);
      return right === false ? false : left === true && right === true ? true : 'unknown';
    }
    case 'or': {
      const left = matchesRecord(expression.left, record);
      if (left === true) return true;
      const right = matchesRecord(expression.right, record);
      return right === true ? true : left === false && right === false ? false : 'unknown';
    }
    case 'compare':
      return compare(resolve(record, expression.selector), expression.comparison, expression.value);
    case 'is': {
      const field = resolve(record, expression.selector);
      if (expression.test === 'EXISTS') return field !== MISSING;
      if (expression.test === 'NOT EXISTS') return field === MISSING;
      if (expression.test === 'NULL') return field === null;
      return field === (expression.test === 'TRUE');
    }
  }
}
