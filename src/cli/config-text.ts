import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { validateConfig } from '../core/config.js';
import { formatConfigPath, type ConfigPath, type EksguardConfig } from '../core/config-model.js';
import { escapeControl } from '../reporters/text-safety.js';
import { UsageError } from './errors.js';

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

/** Parses and validates config text; every problem is reported with the file, its line and the key path. */
export function parseConfigText(text: string, display: string, knownCheckIds: readonly string[]): EksguardConfig {
  const lines = new LineCounter();
  // prettyErrors fills in linePos; its message then ends in " at line L, column C:" and a snippet, which we drop.
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const line = error.linePos?.[0]?.line;
      const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      return `  ${display}${line ? `:${line}` : ''}: ${escapeControl(message)}`;
    });
    throw new UsageError(`config ${display} is not valid YAML:\n${problems.join('\n')}`);
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(`config ${display} cannot be read: ${escapeControl(error instanceof Error ? error.message : String(error))}`);
  }
  const result = validateConfig(raw, knownCheckIds);
  if (result.ok) return result.config;
  const problems = result.issues.map((issue) => {
    const line = lineOf(document, lines, issue.path);
    return { line: line ?? 0, text: `  ${display}${line ? `:${line}` : ''}: ${escapeControl(formatConfigPath(issue.path))}: ${escapeControl(issue.message)}` };
  });
  problems.sort((a, b) => a.line - b.line);
  throw new UsageError(`invalid config ${display}:\n${problems.map((p) => p.text).join('\n')}`, 'see docs/configuration.md');
}
