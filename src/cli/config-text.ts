import { LineCounter, isMap, isScalar, isSeq, parseDocument, visit, type Document, type ErrorCode, type Node } from 'yaml';
import { validateConfig } from '../core/config.js';
import { formatConfigPath, type ConfigPath, type EksguardConfig } from '../core/config-model.js';
import { escapeControl } from '../reporters/text-safety.js';
import { UsageError } from './errors.js';
import { yamlNestingProblem } from './yaml-nesting.js';

/** A config nests five levels at most; far below where the YAML parser's recursion gets dangerous. */
export const MAX_CONFIG_DEPTH = 32;

/**
 * What each YAML problem is, in our words. The parser's own messages quote the text around the
 * problem (an alias or tag name, a line of the file), and a config line may hold a secret pasted
 * by mistake: the file, line and column say where, and nothing of the text is repeated.
 */
const YAML_PROBLEMS: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'invalid alias',
  BAD_DIRECTIVE: 'invalid directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'anchor and tag must come before the value',
  BAD_SCALAR_START: 'a plain value cannot start with this character',
  BLOCK_AS_IMPLICIT_KEY: 'a block value cannot be a key',
  BLOCK_IN_FLOW: 'block syntax inside a flow collection ([...] or {...})',
  DUPLICATE_KEY: 'duplicate key',
  IMPOSSIBLE: 'unreadable YAML',
  KEY_OVER_1024_CHARS: 'key longer than 1024 characters',
  MISSING_CHAR: 'missing closing quote or bracket',
  MULTILINE_IMPLICIT_KEY: 'a key cannot span several lines',
  MULTIPLE_ANCHORS: 'more than one anchor on a value',
  MULTIPLE_DOCS: 'more than one YAML document',
  MULTIPLE_TAGS: 'more than one tag on a value',
  NON_STRING_KEY: 'keys must be text',
  RESOURCE_EXHAUSTION: 'nested too deeply, or too many aliases',
  TAB_AS_INDENT: 'tab used for indentation',
  TAG_RESOLVE_FAILED: 'unknown tag',
  UNEXPECTED_TOKEN: 'unexpected character',
  BAD_COLLECTION_TYPE: 'a collection of the wrong type for its tag',
};

interface Problem {
  line: number;
  column: number;
  text: string;
}

const where = (display: string, line: number, column: number) => `${display}:${line}:${column}`;

function syntaxProblems(document: Document, lines: LineCounter): Problem[] {
  // an unknown tag is only a warning to the parser; a config must not hold a value it cannot read
  const found = [...document.errors, ...document.warnings.filter((warning) => warning.code === 'TAG_RESOLVE_FAILED')];
  const problems = found.map((error) => {
    const position = lines.linePos(error.pos[0]);
    return { line: position.line, column: position.col, text: YAML_PROBLEMS[error.code] ?? 'invalid YAML' };
  });
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) !== undefined) return;
      const position = lines.linePos(alias.range?.[0] ?? 0);
      problems.push({ line: position.line, column: position.col, text: 'alias to an anchor that is not defined before it' });
    },
  });
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The line of the key (for a mapping) or item (for a list) that a config path names, as deep as the document goes. */
function lineOf(document: Document, lines: LineCounter, configPath: ConfigPath): number | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined = (node as Node | null)?.range?.[0];
  for (const part of configPath) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/** Parses and validates config text; every problem is reported with the file, its line and the key path, never with the file's text. */
export function parseConfigText(text: string, display: string, knownCheckIds: readonly string[]): EksguardConfig {
  const safeDisplay = escapeControl(display);
  const tooDeep = yamlNestingProblem(text, MAX_CONFIG_DEPTH);
  if (tooDeep) throw new UsageError(`config ${safeDisplay} is not valid:\n  ${where(safeDisplay, tooDeep.line, tooDeep.column)}: nested deeper than ${MAX_CONFIG_DEPTH} levels`);
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const syntax = syntaxProblems(document, lines);
  if (syntax.length > 0) {
    throw new UsageError(`config ${safeDisplay} is not valid YAML:\n${syntax.map((problem) => `  ${where(safeDisplay, problem.line, problem.column)}: ${problem.text}`).join('\n')}`);
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // the parser's message names the alias: say what went wrong in our words
    const problem = error instanceof RangeError ? `nested deeper than ${MAX_CONFIG_DEPTH} levels` : 'too many alias expansions (a YAML alias bomb?)';
    throw new UsageError(`config ${safeDisplay} cannot be read: ${problem}`);
  }
  const result = validateConfig(raw, knownCheckIds);
  if (result.ok) return result.config;
  const problems = result.issues.map((issue) => {
    const line = lineOf(document, lines, issue.path);
    return { line: line ?? 0, text: `  ${safeDisplay}${line ? `:${line}` : ''}: ${escapeControl(formatConfigPath(issue.path))}: ${escapeControl(issue.message)}` };
  });
  problems.sort((a, b) => a.line - b.line);
  throw new UsageError(`invalid config ${safeDisplay}:\n${problems.map((p) => p.text).join('\n')}`, 'see docs/configuration.md');
}
