import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import tls from 'node:tls';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface TlsPair {
  cert: Buffer;
  key: Buffer;
}

export interface TlsReloader {
  /** the last pair that loaded: what new TLS connections use */
  current(): TlsPair;
  /** re-reads both files now; keeps the old pair and reports the error when the new one does not load */
  reload(): Promise<{ ok: true } | { ok: false; error: string }>;
  close(): void;
}

/** Reads and checks a certificate and key; throws when they do not form a usable pair. */
export async function loadTlsPair(files: TlsFiles): Promise<TlsPair> {
  const [cert, key] = await Promise.all([readFile(files.certFile), readFile(files.keyFile)]);
  // createSecureContext throws when the key does not match the certificate, so a half-rotated pair is refused.
  tls.createSecureContext({ cert, key });
  return { cert, key };
}

/**
 * Keeps the serving certificate fresh without a restart. Kubernetes updates a mounted
 * Secret by swapping a `..data` symlink in the directory, and cert-manager rotates both
 * files, so the directories are watched (not the files) and every change, debounced,
 * re-reads the pair. A poll backs the watcher up where inotify events do not arrive.
 */
export async function createTlsReloader(options: TlsFiles & {
  /** called after every attempt; on success the server installs `pair` for new connections */
  onReload?: (outcome: { ok: true; pair: TlsPair } | { ok: false; error: string }) => void;
  pollMs?: number;
  debounceMs?: number;
}): Promise<TlsReloader> {
  let pair = await loadTlsPair(options);
  let fingerprint = fingerprintOf(pair);
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];

  async function reload(): Promise<{ ok: true } | { ok: false; error: string }> {
    try {
      pair = await loadTlsPair(options);
      fingerprint = fingerprintOf(pair);
      options.onReload?.({ ok: true, pair });
      return { ok: true };
    } catch (error) {
      const outcome = { ok: false, error: error instanceof Error ? error.message : String(error) } as const;
      options.onReload?.(outcome);
      return outcome;
    }
  }

  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), options.debounceMs ?? 200);
    timer.unref();
  };

  for (const directory of new Set([path.dirname(options.certFile), path.dirname(options.keyFile)])) {
    try {
      const watcher = watch(directory, { persistent: false }, schedule);
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // no inotify (or the directory vanished): the poll below still sees the change
    }
  }
  const poll = setInterval(() => {
    void filesFingerprint(options).then(
      (current) => {
        if (current !== fingerprint) schedule();
      },
      () => undefined,
    );
  }, options.pollMs ?? 30_000);
  poll.unref();

  return {
    current: () => pair,
    reload,
    close() {
      clearTimeout(timer);
      clearInterval(poll);
      for (const watcher of watchers) watcher.close();
    },
  };
}

function fingerprintOf(pair: TlsPair): string {
  return createHash('sha256').update(pair.cert).update('\0').update(pair.key).digest('hex');
}

async function filesFingerprint(files: TlsFiles): Promise<string> {
  const [cert, key] = await Promise.all([readFile(files.certFile), readFile(files.keyFile)]);
  return fingerprintOf({ cert, key });
}
