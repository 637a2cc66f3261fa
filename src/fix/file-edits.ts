import { isDeepStrictEqual } from 'node:util';
import { applyPatch, cloneJson, PatchConflict, type PatchOp } from '../core/patch.js';
import { decodeYamlDocument, YamlProblem } from '../k8s/kube-yaml/document.js';
import { splitKubectlStream, type StreamPiece } from '../k8s/kube-yaml/stream.js';
import type { ManifestLimits } from '../sources/manifests/limits.js';
import { applyTextEdits, LineIndex, OverlappingEdits, type TextEdit } from './text-edits.js';
import { documentEdits, EditProblem } from './yaml-edit.js';

/**
 * Applies patches to the objects of one manifest file's text and proves the result: every
 * document of the new text must decode, as kubectl decodes it, to exactly the value meant (the
 * patched objects, and every other document unchanged). A patch whose edit would read back
 * differently is left out, with the reason; the others still apply.
 */

/** The operations for one object of the file, from the object's root. */
export interface ObjectPatch {
  /** the caller's name for it, in failures */
  readonly id: string;
  readonly documentIndex: number;
  /** the item of a `kind: List` document */
  readonly listIndex?: number;
  readonly ops: readonly PatchOp[];
}

export interface FileEditResult {
  /** the new text (equal to the input when nothing applied) */
  readonly text: string;
  /** edits of the input text, in order */
  readonly edits: readonly TextEdit[];
  /** patches left out, by id, with the reason */
  readonly failures: ReadonlyMap<string, string>;
}

interface PieceSpan {
  piece: StreamPiece;
  /** the text the piece decodes from: a JSON value's slice, or the YAML chunk (lines joined with \n) */
  text: string;
}

/** Maps offsets of a YAML chunk (its lines joined with \n) to offsets of the file, whose lines may end in \r\n. */
function yamlOffsetMapper(file: LineIndex, startLine: number): (offset: number, chunk: LineIndex) => number {
  return (offset, chunk) => {
    const line = chunk.lineOf(offset);
    return file.lineStart(startLine - 1 + line) + (offset - chunk.lineStart(line));
  };
}

function decodePiece(span: PieceSpan, limits: ManifestLimits): unknown {
  if (span.piece.format === 'json') return JSON.parse(span.text) as unknown;
  return decodeYamlDocument(span.text, limits, true);
}

/** The object a patch is for, in a document's value (a `kind: List` item, or the document). */
function patchTarget(document: unknown, patch: ObjectPatch): object | undefined {
  const items = (document as { items?: unknown[] } | null)?.items;
  const target = patch.listIndex === undefined ? document : Array.isArray(items) ? items[patch.listIndex] : undefined;
  return target !== null && typeof target === 'object' ? target : undefined;
}

/** The patched value of one document, or the ids whose patches conflict with it. */
function patchedDocument(before: unknown, patches: readonly ObjectPatch[], failures: Map<string, string>): { after: unknown; applied: ObjectPatch[] } {
  let after = cloneJson(before);
  const applied: ObjectPatch[] = [];
  for (const patch of patches) {
    const target = patchTarget(after, patch);
    if (!target) {
      failures.set(patch.id, 'the object is not where the scan read it (the file changed?)');
      continue;
    }
    try {
      applyPatch(target, patch.ops);
    } catch (error) {
      if (!(error instanceof PatchConflict)) throw error;
      failures.set(patch.id, error.message);
      // the operations before the conflict may have changed the value: rebuild it from the patches kept
      after = cloneJson(before);
      for (const kept of applied) applyPatch(patchTarget(after, kept)!, kept.ops);
      continue;
    }
    applied.push(patch);
  }
  return { after, applied };
}

export function editManifestText(text: string, patches: readonly ObjectPatch[], limits: ManifestLimits): FileEditResult {
  const failures = new Map<string, string>();
  const stream = splitKubectlStream(text);
  const fileLines = new LineIndex(text);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const byDocument = new Map<number, ObjectPatch[]>();
  for (const patch of patches) {
    const list = byDocument.get(patch.documentIndex);
    if (list) list.push(patch);
    else byDocument.set(patch.documentIndex, [patch]);
  }
  const edits: TextEdit[] = [];
  const expected = new Map<number, unknown>();
  for (const [documentIndex, documentPatches] of byDocument) {
    const piece = stream.pieces[documentIndex];
    const fail = (reason: string, which: readonly ObjectPatch[] = documentPatches) => {
      for (const patch of which) if (!failures.has(patch.id)) failures.set(patch.id, reason);
    };
    if (!piece) {
      fail('the document is not where the scan read it (the file changed?)');
      continue;
    }
    const span: PieceSpan = { piece, text: piece.format === 'json' ? text.slice(piece.start, piece.end) : piece.text };
    let before: unknown;
    try {
      before = decodePiece(span, limits);
    } catch (error) {
      if (!(error instanceof YamlProblem) && !(error instanceof SyntaxError)) throw error;
      fail('the document no longer reads as it did');
      continue;
    }
    const proved = provedDocument(span, before, documentPatches, failures, limits);
    if (!proved) continue;
    edits.push(...toFileEdits(proved.edits, span, fileLines, newline));
    expected.set(documentIndex, proved.after);
  }
  if (edits.length === 0) return { text, edits: [], failures };
  const result = applyTextEdits(text, edits);
  const problem = streamProblem(stream.pieces, result, expected, limits);
  if (problem) {
    for (const patch of patches) if (!failures.has(patch.id)) failures.set(patch.id, problem);
    return { text, edits: [], failures };
  }
  return { text: result, edits, failures };
}

/**
 * The edits of one document for all its patches that hold. When they fail together, the patches
 * are tried one by one in order, and each that still holds with those before it is kept: one
 * object's edit through a shared anchor does not cost the others theirs.
 */
function provedDocument(span: PieceSpan, before: unknown, patches: readonly ObjectPatch[], failures: Map<string, string>, limits: ManifestLimits): { edits: TextEdit[]; after: unknown } | undefined {
  const all = patchedDocument(before, patches, failures);
  if (all.applied.length === 0) return undefined;
  const together = documentEditsProved(span, before, all.after, limits);
  if ('edits' in together) return { edits: together.edits, after: all.after };
  if (all.applied.length === 1) {
    failures.set(all.applied[0]!.id, together.problem);
    return undefined;
  }
  let kept: ObjectPatch[] = [];
  let best: { edits: TextEdit[]; after: unknown } | undefined;
  for (const patch of all.applied) {
    const trial = patchedDocument(before, [...kept, patch], new Map());
    const proved = documentEditsProved(span, before, trial.after, limits);
    if ('problem' in proved) {
      failures.set(patch.id, proved.problem);
      continue;
    }
    kept = [...kept, patch];
    best = { edits: proved.edits, after: trial.after };
  }
  return best;
}

/** The edits of one document, decoded back and compared with the value meant. */
function documentEditsProved(span: PieceSpan, before: unknown, after: unknown, limits: ManifestLimits): { edits: TextEdit[] } | { problem: string } {
  let edits: TextEdit[];
  try {
    edits = documentEdits(span.text, before, after, { json: span.piece.format === 'json' });
  } catch (error) {
    if (error instanceof EditProblem) return { problem: error.message };
    throw error;
  }
  let readBack: unknown;
  try {
    readBack = decodePiece({ piece: span.piece, text: applyTextEdits(span.text, edits) }, limits);
  } catch (error) {
    if (error instanceof YamlProblem || error instanceof SyntaxError || error instanceof OverlappingEdits) return { problem: 'the edited document would not read as YAML' };
    throw error;
  }
  if (!isDeepStrictEqual(readBack, after)) {
    return { problem: 'the edited document would read back differently than meant (anchors or merge keys share the field); change it by hand' };
  }
  return { edits };
}

function toFileEdits(edits: readonly TextEdit[], span: PieceSpan, file: LineIndex, newline: string): TextEdit[] {
  const withNewline = (text: string) => (newline === '\n' ? text : text.replaceAll('\n', newline));
  if (span.piece.format === 'json') {
    const start = span.piece.start;
    return edits.map((edit) => ({ start: edit.start + start, end: edit.end + start, text: withNewline(edit.text) }));
  }
  const chunk = new LineIndex(span.text);
  const map = yamlOffsetMapper(file, span.piece.startLine);
  const fileEnd = file.text.length;
  return edits.map((edit) => {
    // a chunk always ends with a line break; a file may not: what goes after its last line needs one first
    if (span.piece.startLine - 1 + chunk.lineOf(edit.start) >= file.lineCount) {
      return { start: fileEnd, end: fileEnd, text: withNewline(`\n${edit.text.replace(/\n$/, '')}`) };
    }
    return { start: map(edit.start, chunk), end: map(edit.end, chunk), text: withNewline(edit.text) };
  });
}

/**
 * Whether the whole new text cuts into the same documents, each changed one decoding to the value
 * meant and every other one left as it was.
 */
function streamProblem(before: readonly StreamPiece[], after: string, expected: ReadonlyMap<number, unknown>, limits: ManifestLimits): string | undefined {
  const next = splitKubectlStream(after);
  if (next.pieces.length !== before.length || next.problems.length > 0) return 'the edited file would cut into other documents';
  for (let index = 0; index < before.length; index += 1) {
    const old = before[index]!;
    const piece = next.pieces[index]!;
    if (old.format !== piece.format) return 'the edited file would read differently';
    const meant = expected.get(index);
    if (meant === undefined) {
      const same = old.format === 'json' ? isDeepStrictEqual(old.value, (piece as typeof old).value) : old.text === (piece as typeof old).text;
      if (!same) return 'the edited file would change a document no fix meant to change';
      continue;
    }
    let value: unknown;
    try {
      value = piece.format === 'json' ? piece.value : decodeYamlDocument(piece.text, limits, true);
    } catch (error) {
      if (error instanceof YamlProblem) return 'the edited file would not read as YAML';
      throw error;
    }
    if (!isDeepStrictEqual(value, meant)) return 'the edited file would read back differently than meant';
  }
  return undefined;
}
