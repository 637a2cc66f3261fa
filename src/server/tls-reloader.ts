import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import { contentDigest, watchFiles } from './file-watch.js';

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
 * Keeps the serving certificate fresh without a restart: the pair is re-read when the
 * certificate or key file changes (a mounted Secret's `..data` swap, cert-manager rotating
 * both files), and only then; anything else written into the directory is ignored.
 */
export async function createTlsReloader(options: TlsFiles & {
  /** called after every attempt; on success the server installs `pair` for new connections */
  onReload?: (outcome: { ok: true; pair: TlsPair } | { ok: false; error: string }) => void;
  pollMs?: number;
  debounceMs?: number;
}): Promise<TlsReloader> {
  const files = [options.certFile, options.keyFile];
  const initialDigest = await contentDigest(files);
  let pair = await loadTlsPair(options);

  async function reload(): Promise<{ ok: true } | { ok: false; error: string }> {
    try {
      pair = await loadTlsPair(options);
      options.onReload?.({ ok: true, pair });
      return { ok: true };
    } catch (error) {
      const outcome = { ok: false, error: error instanceof Error ? error.message : String(error) } as const;
      options.onReload?.(outcome);
      return outcome;
    }
  }

  const watcher = watchFiles({
    files,
    initialDigest,
    onChange: async () => void (await reload()),
    ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  });

  return {
    current: () => pair,
    reload,
    close: () => watcher.close(),
  };
}
