import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAME, EMPTY_CONFIG, type EksguardConfig } from '../core/config-model.js';
import { UsageError } from './errors.js';

/** A config file is a few dozen lines; anything this large is a mistake (or an attack), not a config. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadedConfig {
  config: EksguardConfig;
  /** the file it came from, as given or found; absent when there was none */
  file?: string;
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function readConfigText(file: string, display: string): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`config ${display} is not a file`);
    if (info.size > MAX_CONFIG_BYTES) throw new UsageError(`config ${display} is larger than 1 MiB`, 'a config file holds settings, not manifests');
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot read config ${display}: ${code}`, code === 'ENOENT' ? 'check the --config path' : undefined);
  }
}

/**
 * `--config FILE` must exist; without it, `.eksguard.yaml` in the working directory is used when
 * present, and no config at all is fine.
 */
export async function loadConfigFile(options: { cwd: string; file?: string; knownCheckIds: readonly string[] }): Promise<LoadedConfig> {
  const explicit = options.file !== undefined;
  const display = options.file ?? CONFIG_FILE_NAME;
  const file = path.resolve(options.cwd, display);
  if (!explicit && !(await exists(file))) return { config: EMPTY_CONFIG };
  const text = await readConfigText(file, display);
  // the YAML parser with positions and the validator (zod) load only when there is a config to read
  const { parseConfigText } = await import('./config-text.js');
  return { config: parseConfigText(text, display, options.knownCheckIds), file: display };
}
