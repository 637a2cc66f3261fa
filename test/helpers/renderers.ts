import { execFileSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)!;
}

/**
 * The Helm the project builds from the Go module proxy (scripts/helm.sh, pinned, cached under
 * .cache/helm): the first call may build it, which takes minutes.
 */
export function projectHelm(): string {
  return lastLine(execFileSync('bash', [path.join(repoRoot, 'scripts/helm.sh'), 'build'], { encoding: 'utf8', timeout: 30 * 60_000, stdio: ['ignore', 'pipe', 'inherit'] }));
}

/** The machine's kubectl (its `kubectl kustomize`), else kustomize built from the Go module proxy (scripts/kustomize.sh). */
export function projectKustomize(): string {
  return lastLine(execFileSync('bash', [path.join(repoRoot, 'scripts/kustomize.sh'), 'build'], { encoding: 'utf8', timeout: 30 * 60_000, stdio: ['ignore', 'pipe', 'inherit'] }));
}
