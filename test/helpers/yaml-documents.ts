/** Seeded generators of YAML documents in the block style manifests use, with every odd scalar and layout. */

export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLAIN_KEYS = ['name', 'app.kubernetes.io/name', 'eks.amazonaws.com/role-arn', 'a b', '1', '0x1F', '1.50', 'true', 'False', 'null', '~', 'on', '.inf', 'key:colon', 'a#b', 'x-y_z', '007', '-1', 'constructor', 'toString', '1e3', '12', '2'];
const QUOTED_KEYS = ['"quoted key"', "'single'", '"1"', "'it''s'", '"a: b"', '"#"'];
const PLAIN_VALUES = [
  'foo', 'foo bar', '123', '-1', '+1', '0', '00', '09', '0o17', '0x1A', '0b101', '1_000', '1e3', '1.5e-3', '.5', '-.5', '1.', '.inf', '-.Inf', '+.INF', '.NaN', '.nan',
  'true', 'False', 'TRUE', 'tRUE', 'yes', 'no', 'on', 'null', 'Null', 'NULL', 'nULL', '~', '2020-01-01', '2020-01-01T10:00:00Z', 'http://x:80/a#b', 'a #comment', 'a,b', 'a]', 'a}',
  '-x', '100m', '128Mi', '1:2', 'a:b', 'café', 'δ', '😀', 'x ~', "it's", 'say "hi"', '0.0.0.0/0', '*.example.com'.replace('*', 'w'), 'a  b', 'x   # spaced comment', '- x'.slice(2),
];
const QUOTED_VALUES = ['"plain"', '""', "''", '"a\\"b"', '"tab\\there"', '"line\\nbreak"', '"\\u00e9\\x41\\U0001F600"', '"\\\\"', "'a''b'", '"# not a comment"', "'#'", '" lead and trail "', '"\\/"', '"\\0\\a\\e\\N\\_\\L\\P"'];
const FLOW_VALUES = ['[]', '{}', '["ALL"]', '[a, b]', '[ a , "b" , \'c\' ]', '[1, 2.5, true, null, ~]', '[NET_BIND_SERVICE]', '[x y, z]'];
const BLOCK_LINES = ['text', 'more text', '# not a comment', '  more indented', 'key: value', '- item', '"quoted"', '', '', '   '];

export function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

/** Generates documents in the block subset, with comments, odd scalars and every layout of nesting. */
export function generateDocument(next: () => number): string {
  const lines: string[] = [];
  const step = (): number => 1 + Math.floor(next() * 4);
  const comment = (column: number): void => {
    if (next() < 0.08) lines.push(`${' '.repeat(Math.floor(next() * (column + 1)))}# comment`);
    if (next() < 0.04) lines.push('');
  };
  const scalar = (): string => {
    const roll = next();
    if (roll < 0.55) return pick(next, PLAIN_VALUES);
    if (roll < 0.8) return pick(next, QUOTED_VALUES);
    return pick(next, FLOW_VALUES);
  };
  const trailing = (): string => (next() < 0.1 ? ' # trailing' : '');
  const blockScalar = (header: string, column: number): void => {
    const indicator = pick(next, ['|', '|-', '|+', '>', '>-', '>+']);
    lines.push(`${header}${indicator}${next() < 0.1 ? ' # header comment' : ''}`);
    const indent = column + step();
    const count = Math.floor(next() * 5);
    for (let i = 0; i < count; i += 1) {
      const text = pick(next, BLOCK_LINES);
      lines.push(text.trim() === '' ? text : ' '.repeat(indent) + text);
    }
  };
  const node = (depth: number, column: number, prefix: string): void => {
    if (next() < 0.6 || depth > 6) mapping(depth, column, prefix);
    else sequence(depth, column, prefix);
  };
  const mapping = (depth: number, column: number, prefix: string): void => {
    const used = new Set<string>();
    const entries = 1 + Math.floor(next() * (depth > 4 ? 2 : 5));
    for (let i = 0; i < entries; i += 1) {
      let key = next() < 0.85 ? pick(next, PLAIN_KEYS) : pick(next, QUOTED_KEYS);
      if (used.has(key)) key = `${key}${i}`;
      used.add(key);
      const head = `${i === 0 ? prefix : ' '.repeat(column)}${key}:`;
      const roll = next();
      if (roll < 0.45 || depth > 6) lines.push(`${head} ${scalar()}${trailing()}`);
      else if (roll < 0.55) lines.push(`${head}${trailing()}`);
      else if (roll < 0.65) blockScalar(`${head} `, column);
      else if (roll < 0.75) {
        lines.push(head);
        comment(column);
        sequence(depth + 1, column, ' '.repeat(column));
      } else {
        lines.push(`${head}${trailing()}`);
        comment(column);
        const inner = column + step();
        node(depth + 1, inner, ' '.repeat(inner));
      }
      comment(column);
    }
  };
  const sequence = (depth: number, column: number, prefix: string): void => {
    const items = 1 + Math.floor(next() * 4);
    for (let i = 0; i < items; i += 1) {
      const dash = `${i === 0 ? prefix : ' '.repeat(column)}-`;
      const roll = next();
      if (roll < 0.35 || depth > 6) lines.push(`${dash} ${scalar()}${trailing()}`);
      else if (roll < 0.4) lines.push(dash);
      else if (roll < 0.47) blockScalar(`${dash} `, column);
      else if (roll < 0.85) {
        const gap = ' '.repeat(1 + Math.floor(next() * 2));
        const inner = column + 1 + gap.length;
        if (next() < 0.85) mapping(depth + 1, inner, `${dash}${gap}`);
        else sequence(depth + 1, inner, `${dash}${gap}`);
      } else {
        lines.push(dash);
        const inner = column + step();
        node(depth + 1, inner, ' '.repeat(inner));
      }
      comment(column);
    }
  };
  mapping(0, 0, '');
  return lines.join('\n') + (next() < 0.5 ? '\n' : '');
}

/** Edits YAML-ish text in one to three places: most results stay valid YAML, many do not, and some read differently. */
export function mutate(text: string, next: () => number, mutations: readonly string[]): string {
  let result = text;
  const edits = 1 + Math.floor(next() * 3);
  for (let i = 0; i < edits; i += 1) {
    const at = Math.floor(next() * (result.length + 1));
    const roll = next();
    if (roll < 0.5) result = result.slice(0, at) + pick(next, mutations) + result.slice(at);
    else if (roll < 0.8) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 3));
    else result = result.slice(0, at) + pick(next, mutations) + result.slice(at + 1);
  }
  return result;
}
