import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { formatConfigPath, type ConfigIssue, type ConfigPath } from './config-model.js';

/** A config file's problem or warning, placed: the line (when known) and the key path. */
export interface PlacedIssue {
  line?: number;
  /** `checks.K8S-WL-001.severity`; absent for YAML syntax problems */
  path?: string;
  message: string;
}

/** `FILE:LINE: path: message`, every part passed through `escape` (keys and messages may carry what the file holds). */
export function formatPlacedIssue(display: string, issue: PlacedIssue, escape: (text: string) => string): string {
  const where = `${display}${issue.line ? `:${issue.line}` : ''}`;
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
  const lines = new LineCounter();
  // prettyErrors fills in linePos; its message then ends in " at line L, column C:" and a snippet, which we drop.
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const line = error.linePos?.[0]?.line;
        const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        return { ...(line ? { line } : {}), message };
      }),
    };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problems: [{ message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` }] };
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
