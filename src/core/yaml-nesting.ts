/**
 * How deep a YAML text nests, estimated from its text before any parser sees it. The `yaml`
 * library recurses once per level: a few thousand levels overflow the stack, and an overflow
 * that lands inside V8's regular-expression compiler ends the process ("out of memory") instead
 * of throwing. Config files nest a handful of levels; anything near the limit is refused with
 * its line and column, and never reaches the parser.
 *
 * The estimate counts block levels by indentation (and `- ` / `? ` markers) and flow levels by
 * brackets outside quotes and comments. It may count a level the parser would not (never fewer
 * than half the real ones), which only matters for texts close to the limit.
 */

export interface NestingProblem {
  line: number;
  column: number;
}

const BLOCK_SCALAR_HEADER = /[|>][-+0-9]*$/;

/** Characters after which `[`, `{` or a quote start a token rather than sit inside a plain scalar. */
const TOKEN_START = new Set([' ', '\t', ':', ',', '[', '{', '-', '?']);

export function yamlNestingProblem(text: string, maxDepth: number): NestingProblem | undefined {
  const indents: number[] = [];
  let flowDepth = 0;
  let blockScalarParent: number | undefined;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.replace(/\r$/, '');
    let indent = 0;
    while (indent < line.length && line.charCodeAt(indent) === 32) indent += 1;
    const blank = indent === line.length || line[indent] === '#';
    if (blockScalarParent !== undefined) {
      if (blank || indent > blockScalarParent) continue;
      blockScalarParent = undefined;
    }
    if (blank) continue;
    let column = indent;
    let depth: number;
    if (flowDepth === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      depth = indents.length;
      // `- - x` and `? x` open a level each on one line
      while ((line[column] === '-' || line[column] === '?') && (line[column + 1] === ' ' || column + 1 === line.length)) {
        depth += 1;
        column += 2;
        while (line[column] === ' ') column += 1;
      }
    } else {
      depth = indents.length;
    }
    let quote: string | undefined;
    let previous = ' ';
    // in block context a bracket or quote opens something only where a value starts
    let valueStart = true;
    let end = line.length;
    for (let at = column; at < line.length; at += 1) {
      const char = line[at]!;
      const opens = flowDepth > 0 ? TOKEN_START.has(previous) : valueStart;
      if (quote) {
        if (char === '\\' && quote === '"') at += 1;
        else if (char === quote) quote = undefined;
      } else if (char === '#' && (previous === ' ' || previous === '\t')) {
        end = at;
        break;
      } else if ((char === '"' || char === "'") && opens) {
        quote = char;
      } else if ((char === '[' || char === '{') && opens) {
        flowDepth += 1;
        if (depth + flowDepth > maxDepth) return { line: index + 1, column: at + 1 };
      } else if ((char === ']' || char === '}') && flowDepth > 0) {
        flowDepth -= 1;
      }
      if (char === ':' && (line[at + 1] === ' ' || at + 1 === line.length)) valueStart = true;
      else if (char !== ' ' && char !== '\t') valueStart = false;
      previous = char;
    }
    if (depth > maxDepth) return { line: index + 1, column: indent + 1 };
    if (flowDepth === 0 && !quote && BLOCK_SCALAR_HEADER.test(line.slice(column, end).trimEnd())) blockScalarParent = indent;
  }
  return undefined;
}
