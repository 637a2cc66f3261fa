import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPOSITORY_ROOT, exportsOf, importsOf, isTestFile, typescriptFiles } from './source-files.js';

/**
 * Exports of production files that nothing uses: no other file imports them (product code, tests,
 * scripts) and their own file names them only where it declares them. Such code is dead. (An
 * export only its own file uses is kept: exported types document a module's signatures.)
 * `export *` and namespace imports count every name of the module as used.
 */
export function deadExports(): string[] {
  const production = typescriptFiles('src').filter((file) => !isTestFile(file));
  const consumers = [...typescriptFiles('src'), ...typescriptFiles('test'), ...typescriptFiles('scripts')];
  const used = new Map<string, Set<string>>();
  const useAll = new Set<string>();
  for (const file of consumers) {
    for (const edge of importsOf(file)) {
      if (edge.external) continue;
      if (edge.names.includes('*')) useAll.add(edge.to);
      const names = used.get(edge.to) ?? new Set<string>();
      for (const name of edge.names) names.add(name);
      used.set(edge.to, names);
    }
  }
  // scripts/*.mjs load the built modules by hand (`const { a, b } = await load('x.js')`): any word counts
  const scriptWords = new Set(
    readdirSync(path.join(REPOSITORY_ROOT, 'scripts'))
      .filter((name) => name.endsWith('.mjs'))
      .flatMap((name) => readFileSync(path.join(REPOSITORY_ROOT, 'scripts', name), 'utf8').match(/[A-Za-z_$][\w$]*/g) ?? []),
  );
  const dead: string[] = [];
  for (const file of production) {
    if (useAll.has(file)) continue;
    const names = used.get(file);
    const text = readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8');
    for (const { name, line } of exportsOf(file)) {
      if (names?.has(name) || scriptWords.has(name)) continue;
      const mentions = text.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))?.length ?? 0;
      if (mentions > 1) continue;
      dead.push(`${file}:${line} ${name}`);
    }
  }
  return dead;
}
