import { isMap, isPair, isSeq, type Node } from 'yaml';
import type { LineIndex } from './text-edits.js';
import type { BlockStyle } from './yaml-render.js';

const DEFAULT_STYLE: BlockStyle = { indent: 2, indentSequences: true };

/**
 * The author's indentation, read from the first block map nested under a key (its step) and the
 * first block list under a key (indented or not). New lines follow it; a document without such
 * nesting gets two spaces and indented lists.
 */
export function inferBlockStyle(root: Node | null, lines: LineIndex): BlockStyle {
  let indent: number | undefined;
  let indentSequences: boolean | undefined;
  const stack: unknown[] = [root];
  let visited = 0;
  while (stack.length > 0 && (indent === undefined || indentSequences === undefined) && visited < 10_000) {
    const node = stack.pop();
    visited += 1;
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        const keyStart = key?.range?.[0];
        const valueStart = value?.range?.[0];
        if (keyStart !== undefined && valueStart !== undefined && lines.lineOf(valueStart) > lines.lineOf(keyStart)) {
          const step = lines.column(valueStart) - lines.column(keyStart);
          if (isMap(value) && !value.flow && step > 0) indent ??= step;
          if (isSeq(value) && !value.flow && step >= 0) indentSequences ??= step > 0;
        }
        if (value) stack.push(value);
      }
    } else if (isSeq(node) && !node.flow) {
      for (const item of node.items) stack.push(item);
    }
  }
  return { indent: indent ?? DEFAULT_STYLE.indent, indentSequences: indentSequences ?? DEFAULT_STYLE.indentSequences };
}
