/** Edits of a text by offsets: the only way fix/ changes a file, so every other byte stays as it was. */

export interface TextEdit {
  /** offset of the first character replaced */
  readonly start: number;
  /** offset after the last character replaced (`start` for an insertion) */
  readonly end: number;
  readonly text: string;
}

export class OverlappingEdits extends Error {}

/**
 * Edits in text order. Insertions at one offset keep the order they were made in (the sort is
 * stable): the YAML editor makes a nested map's new lines before those of the map around it, and
 * that is their order in the text. Edits that overlap are refused, since their order would be a guess.
 */
export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let index = 1; index < sorted.length; index += 1) {
    const before = sorted[index - 1]!;
    const after = sorted[index]!;
    if (after.start < before.end) throw new OverlappingEdits(`two edits meet at offset ${after.start}`);
  }
  return sorted;
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = sortEdits(edits);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** Moves edits of a slice of a text (a document of a file) to offsets in the whole text. */
export function shiftEdits(edits: readonly TextEdit[], by: number): TextEdit[] {
  return edits.map((edit) => ({ start: edit.start + by, end: edit.end + by, text: edit.text }));
}

/** Line starts of a text, for columns and line numbers by offset. */
export class LineIndex {
  private readonly starts: number[] = [0];
  readonly text: string;

  constructor(text: string) {
    this.text = text;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  /** 0-based line of an offset */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  lineStart(line: number): number {
    return this.starts[line]!;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  column(offset: number): number {
    return offset - this.starts[this.lineOf(offset)]!;
  }

  /** The spaces and tabs a line starts with. */
  leadingWhitespace(line: number): string {
    const start = this.starts[line]!;
    let end = start;
    while (end < this.text.length && (this.text[end] === ' ' || this.text[end] === '\t')) end += 1;
    return this.text.slice(start, end);
  }

  /** Offset where the line after the one holding `offset` starts, or the text's end when it is the last line. */
  nextLineStart(offset: number): number {
    const line = this.lineOf(offset);
    return line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
  }
}
