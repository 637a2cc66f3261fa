import type { InputError, Location } from '../../core/types.js';
import type { ParsedDocuments } from '../manifests/parse-documents.js';

/** Bounds on one renderer run. */
export interface RenderLimits {
  /** most bytes a renderer may print (the manifest size limit) */
  maxOutputBytes: number;
  timeoutMs: number;
}

/** Rendered text attributed to one repository file: a chart's template, or an overlay's output. */
export interface RenderedFile {
  /** the display path of the file the text stands for */
  file: string;
  text: string;
  /** the text already read into documents, when the renderer had to (to read origins) */
  parsed?: ParsedDocuments;
  /**
   * Where each decoded object of `parsed` comes from, when the renderer can tell (Kustomize
   * origin annotations): its file and line, and a locator of its fields.
   */
  origins?: ReadonlyMap<object, ObjectOrigin>;
}

export interface ObjectOrigin {
  location: Location;
  locateField?: (path: string) => Location | undefined;
}

/** One chart or overlay, rendered. */
export interface RenderedSource {
  kind: 'chart' | 'overlay';
  /** the source id: the chart's or overlay's directory, as displayed */
  id: string;
  /** the file that stands for the source: Chart.yaml, the kustomization */
  file: string;
  files: RenderedFile[];
  errors: InputError[];
  /** why nothing was rendered although nothing is wrong (a library chart) */
  skipped?: string;
  /** the namespace it was rendered into (charts) */
  namespace?: string;
  /** eksguard chose `namespace`: nobody said which */
  assumedNamespace?: boolean;
  release?: string;
}
