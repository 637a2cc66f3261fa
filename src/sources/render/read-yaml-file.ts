import { readFile, stat } from 'node:fs/promises';
import { JSON_SCHEMA, load } from 'js-yaml';

/** Chart.yaml, requirements.yaml and kustomization files are small configuration files; a bigger one is refused, not read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export type YamlFileResult = { value: unknown } | { problem: string };

/**
 * Reads a renderer's own configuration file (Chart.yaml, a kustomization). Messages never quote
 * the file: only what is wrong with it and where.
 */
export async function readYamlFile(file: string): Promise<YamlFileResult> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { problem: 'is not a regular file' };
    if (info.size > MAX_CONFIG_BYTES) return { problem: `is larger than ${MAX_CONFIG_BYTES / 1024} KiB` };
    const text = await readFile(file, 'utf8');
    // JSON_SCHEMA: no YAML 1.1 dates or binary, and no custom tags; aliases stay bounded by the file size
    return { value: load(text, { json: true, schema: JSON_SCHEMA }) };
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    if (mark && typeof mark.line === 'number') return { problem: `is not valid YAML (line ${mark.line + 1})` };
    return { problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read' };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
