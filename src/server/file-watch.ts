import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface FileWatch {
  close(): void;
}

/** Kubernetes swaps this symlink to update every file of a mounted Secret or ConfigMap at once. */
const ATOMIC_WRITER_LINK = '..data';

/** A digest of the files' contents, or undefined when one cannot be read (mid-swap, removed). */
export async function contentDigest(files: readonly string[]): Promise<string | undefined> {
  try {
    const hash = createHash('sha256');
    for (const file of files) hash.update(await readFile(file)).update('\0');
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * Calls `onChange` when the contents of `files` change. Kubernetes updates a mounted Secret or
 * ConfigMap by writing a new timestamped directory and swapping the `..data` symlink, so the
 * directories are watched (a watch on the file itself would follow the old inode). Only events
 * naming one of the files or `..data` count: other files written into the same directory (a log,
 * an editor's swap file) are ignored. Events are debounced, and `onChange` runs only when the
 * files' contents differ from the last digest it saw, so a touched file or a repeated event is
 * not a reload. A poll backs the watcher up where inotify events do not arrive.
 */
export function watchFiles(options: {
  files: readonly string[];
  /** the digest of the contents the caller has loaded; later changes are compared with it */
  initialDigest: string | undefined;
  onChange: (digest: string) => void | Promise<void>;
  debounceMs?: number;
  pollMs?: number;
}): FileWatch {
  let digest = options.initialDigest;
  let timer: NodeJS.Timeout | undefined;
  let checking = false;
  let again = false;
  const watchers: FSWatcher[] = [];
  const names = new Set([...options.files.map((file) => path.basename(file)), ATOMIC_WRITER_LINK]);

  async function check(): Promise<void> {
    if (checking) {
      again = true;
      return;
    }
    checking = true;
    try {
      const current = await contentDigest(options.files);
      if (current !== undefined && current !== digest) {
        digest = current;
        await options.onChange(current);
      }
    } finally {
      checking = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void check(), options.debounceMs ?? 200);
    timer.unref();
  }

  for (const directory of new Set(options.files.map((file) => path.dirname(file)))) {
    try {
      const watcher = watch(directory, { persistent: false }, (_event, filename) => {
        // no name means the platform could not say which file: check, the digest decides
        if (filename === null || names.has(String(filename))) schedule();
      });
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // no inotify (or the directory vanished): the poll below still sees the change
    }
  }
  const poll = setInterval(() => void check(), options.pollMs ?? 30_000);
  poll.unref();

  return {
    close() {
      clearTimeout(timer);
      clearInterval(poll);
      for (const watcher of watchers) watcher.close();
    },
  };
}
