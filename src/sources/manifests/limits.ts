/** Fixed bounds that keep hostile input from exhausting memory or the stack. */
export const MANIFEST_LIMITS = {
  /** bytes per file or stdin */
  maxFileBytes: 32 * 1024 * 1024,
  /** nesting depth of one document */
  maxDepth: 64,
  /** values in one document after aliases are expanded, when the document is smaller than this in bytes (alias bombs expand exponentially) */
  maxNodesPerDocument: 250_000,
  /** documents in one file */
  maxDocumentsPerFile: 100_000,
  /** files in one scan */
  maxFiles: 200_000,
} as const;

export type ManifestLimits = { [K in keyof typeof MANIFEST_LIMITS]: number };
