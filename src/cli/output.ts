import { writeFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (!file || file === '-') {
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
    return;
  }
  try {
    await writeFile(file, text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot write ${file}: ${code}`, 'check that the directory exists and is writable');
  }
}

export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  if (process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0') return true;
  return Boolean(stream.isTTY);
}
