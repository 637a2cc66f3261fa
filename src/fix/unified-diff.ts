import { LineIndex, sortEdits, type TextEdit } from './text-edits.js';

/**
 * A unified diff (`diff -u`, what `git apply` and `patch -p1` read) built from the edits
 * themselves, not by comparing texts: linear in the file, whatever its size, and exact.
 */

const CONTEXT = 3;

/** Old lines [from, to) replaced by new lines. */
interface LineChange {
  from: number;
  to: number;
  lines: string[];
}

/** Splits text into lines that keep their terminator, so a last line without one is told apart. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    out.push(text.slice(start, at + 1));
    start = at + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Each edit grown to the whole lines it touches, overlapping ones merged. */
function lineChanges(old: string, edits: readonly TextEdit[], lines: LineIndex): LineChange[] {
  const changes: { start: number; end: number; text: string }[] = [];
  for (const edit of sortEdits(edits)) {
    const pureInsertion = edit.start === edit.end && edit.start === lines.lineStart(lines.lineOf(edit.start)) && edit.text.endsWith('\n');
    const start = pureInsertion ? edit.start : lines.lineStart(lines.lineOf(edit.start));
    const end = pureInsertion ? edit.start : edit.end > edit.start && old[edit.end - 1] === '\n' ? edit.end : lines.nextLineStart(Math.max(edit.end - 1, edit.start));
    const last = changes[changes.length - 1];
    if (last && start < last.end) {
      // the edit shares a line with the one before: one change from the earlier line start to the later line end
      last.text = last.text.slice(0, last.text.length - (last.end - edit.start)) + edit.text + old.slice(edit.end, Math.max(end, last.end));
      last.end = Math.max(end, last.end);
      continue;
    }
    changes.push({ start, end, text: old.slice(start, edit.start) + edit.text + old.slice(edit.end, end) });
  }
  return changes.map((change) => ({
    from: lines.lineOf(change.start),
    to: change.end === change.start ? lines.lineOf(change.start) : change.end >= old.length && !old.endsWith('\n') ? lines.lineCount : lines.lineOf(change.end),
    lines: splitLines(change.text),
  }));
}

function hunkLine(prefix: string, line: string): string {
  return line.endsWith('\n') ? `${prefix}${line}` : `${prefix}${line}\n\\ No newline at end of file\n`;
}

function range(start: number, count: number): string {
  // diff's convention: an empty range names the line before it
  return count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;
}

export function unifiedDiff(file: string, old: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return '';
  const index = new LineIndex(old);
  const oldLines = splitLines(old);
  const changes = lineChanges(old, edits, index);
  let out = `--- a/${file}\n+++ b/${file}\n`;
  let delta = 0;
  let at = 0;
  while (at < changes.length) {
    // changes whose contexts touch share a hunk
    let last = at;
    while (last + 1 < changes.length && changes[last + 1]!.from - changes[last]!.to <= 2 * CONTEXT) last += 1;
    const first = changes[at]!;
    const from = Math.max(0, first.from - CONTEXT);
    const to = Math.min(oldLines.length, changes[last]!.to + CONTEXT);
    let body = '';
    let oldCount = 0;
    let newCount = 0;
    let line = from;
    let hunkDelta = 0;
    for (let index = at; index <= last; index += 1) {
      const change = changes[index]!;
      for (; line < change.from; line += 1, oldCount += 1, newCount += 1) body += hunkLine(' ', oldLines[line]!);
      for (; line < change.to; line += 1, oldCount += 1) body += hunkLine('-', oldLines[line]!);
      for (const added of change.lines) {
        body += hunkLine('+', added);
        newCount += 1;
      }
      hunkDelta += change.lines.length - (change.to - change.from);
    }
    for (; line < to; line += 1, oldCount += 1, newCount += 1) body += hunkLine(' ', oldLines[line]!);
    out += `@@ -${range(from + 1, oldCount)} +${range(from + 1 + delta, newCount)} @@\n${body}`;
    delta += hunkDelta;
    at = last + 1;
  }
  return out;
}
