/**
 * Where each check is defined and tested, read from the source text of src/checks/ (the caller
 * reads the files; this stays pure). The generated check pages link to both, and
 * test/check-conventions.test.ts uses the same reading to hold the registry to the files.
 */

export interface CheckSourceFile {
  /** repository path of the file that defines the check */
  file: string;
  id: string;
  exportName: string;
  /** the TSDoc right above the definition, if any */
  contract: string | undefined;
}

export const CHECK_DEFINITION = /^export const (\w+)(?::[^=]+)? = (define\w*Check)(?:<[^>]*>)?\(\{\s*\n\s*id: '([A-Za-z0-9_-]+)'/gm;

/** The checks a file defines: `export const x = define…Check({ id: '…'` (Pod Security checks are `PSS-<id>`). */
export function checkDefinitions(file: string, text: string): CheckSourceFile[] {
  const found: CheckSourceFile[] = [];
  for (const match of text.matchAll(CHECK_DEFINITION)) {
    const before = text.slice(0, match.index).trimEnd();
    const contract = before.endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : undefined;
    const id = match[2] === 'definePssCheck' ? `PSS-${match[3]}` : match[3]!;
    found.push({ file, id, exportName: match[1]!, contract });
  }
  return found;
}

/** The source and test files of one check, by path from the repository root. */
export interface CheckLinks {
  source: string;
  tests: readonly string[];
}

/**
 * Source and test files per check ID, from the files of src/checks/ (path → text). A check's tests
 * are the `.test.ts` files beside its source that name its ID or import its file.
 */
export function checkLinks(files: ReadonlyMap<string, string>): Map<string, CheckLinks> {
  const links = new Map<string, CheckLinks>();
  const tests = [...files].filter(([file]) => file.endsWith('.test.ts'));
  for (const [file, text] of files) {
    if (file.endsWith('.test.ts')) continue;
    for (const definition of checkDefinitions(file, text)) {
      const directory = file.slice(0, file.lastIndexOf('/') + 1);
      const base = file.slice(directory.length, -'.ts'.length);
      const shortId = definition.id.replace(/^PSS-/, '');
      const named = tests
        .filter(([test]) => test.startsWith(directory) && !test.slice(directory.length).includes('/'))
        .filter(([test, body]) => test === `${directory}${base}.test.ts` || body.includes(`'./${base}.js'`) || body.includes(`'${definition.id}'`) || body.includes(`'${shortId}'`))
        .map(([test]) => test)
        .sort();
      links.set(definition.id, { source: file, tests: named });
    }
  }
  return links;
}
