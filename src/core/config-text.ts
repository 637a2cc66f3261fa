import { LineCounter, isMap, isScalar, isSeq, parseDocument, visit, type Document, type ErrorCode, type Node } from 'yaml';
import { formatConfigPath, type ConfigIssue, type ConfigPath } from './config-model.js';
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

/** A config file's problem or warning, placed: the line (when known) and the key path. */
export interface PlacedIssue {
  line?: number;
  /** for YAML syntax problems */
  column?: number;
  /** `checks.K8S-WL-001.severity`; absent for YAML syntax problems */
  path?: string;
  message: string;
}

/** `FILE:LINE: path: message`, every part passed through `escape` (keys and messages may carry what the file holds). */
export function formatPlacedIssue(display: string, issue: PlacedIssue, escape: (text: string) => string): string {
  const where = `${display}${issue.line ? `:${issue.line}` : ''}${issue.line && issue.column ? `:${issue.column}` : ''}`;
  return `${escape(where)}: ${issue.path ? `${escape(issue.path)}: ` : ''}${escape(issue.message)}`;
}

export type ConfigTextRead = { ok: true; raw: unknown; place(issues: readonly ConfigIssue[]): PlacedIssue[] } | { ok: false; problems: PlacedIssue[] };

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

/**
 * Reads config text (YAML 1.2, or JSON) for `scan` and `serve` alike: duplicate keys are
 * errors (a second `failurePolicy` must never silently win), every problem has its line, and
 * validation issues found later can be placed on their lines with `place`. Messages never
 * quote the file's values.
 */
export function readConfigText(text: string): ConfigTextRead {
  const tooDeep = yamlNestingProblem(text, MAX_CONFIG_DEPTH);
  if (tooDeep) return { ok: false, problems: [{ line: tooDeep.line, column: tooDeep.column, message: `nested deeper than ${MAX_CONFIG_DEPTH} levels` }] };
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const problems = syntaxProblems(document, lines);
  if (problems.length > 0) return { ok: false, problems };
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // the parser's message names the alias: say what went wrong in our words
    const problem = error instanceof RangeError ? `nested deeper than ${MAX_CONFIG_DEPTH} levels` : 'too many alias expansions (a YAML alias bomb?)';
    return { ok: false, problems: [{ message: `cannot be read: ${problem}` }] };
  }
  return {
    ok: true,
    raw,
    place(issues) {
      return issues
        .map((issue) => {
          const line = lineOf(document, lines, issue.path);
          return { ...(line ? { line } : {}), path: formatConfigPath(issue.path), message: issue.message };
        })
        .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    },
  };
}

function syntaxProblems(document: Document, lines: LineCounter): PlacedIssue[] {
  // an unknown tag is only a warning to the parser; a config must not hold a value it cannot read
  const found = [...document.errors, ...document.warnings.filter((warning) => warning.code === 'TAG_RESOLVE_FAILED')];
  const problems: PlacedIssue[] = found.map((error) => {
    const position = lines.linePos(error.pos[0]);
    return { line: position.line, column: position.col, message: YAML_PROBLEMS[error.code] ?? 'invalid YAML' };
  });
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) !== undefined) return;
      const position = lines.linePos(alias.range?.[0] ?? 0);
      problems.push({ line: position.line, column: position.col, message: 'alias to an anchor that is not defined before it' });
    },
  });
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
