import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { allFrameworks } from '../frameworks/index.js';
import { generatedSection, spliceSection } from './admission-docs.js';
import { checkLinks } from './check-sources.js';
import { CHECK_DOCS_DIR, generatedDocs, generatedSections } from './generated-docs.js';

const root = path.resolve(import.meta.dirname, '../..');
const STALE = 'docs are stale: run `npm run docs` and commit docs/';

/** Every .ts file of src/checks/, as scripts/generate-docs.mjs reads them for the source links. */
function checkFiles(directory = 'src/checks', files = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(path.join(root, directory), { withFileTypes: true })) {
    const relative = `${directory}/${entry.name}`;
    if (entry.isDirectory()) checkFiles(relative, files);
    else if (entry.name.endsWith('.ts')) files.set(relative, readFileSync(path.join(root, relative), 'utf8'));
  }
  return files;
}

describe('generated docs', () => {
  const links = checkLinks(checkFiles());
  const expected = generatedDocs(allChecks, links);

  it('link every check page to the file that defines the check and to at least one test beside it', () => {
    for (const check of allChecks) {
      const link = links.get(check.id);
      expect(link, check.id).toBeDefined();
      expect(existsSync(path.join(root, link!.source)), check.id).toBe(true);
      expect(link!.tests.length, `${check.id} has no test beside ${link!.source}`).toBeGreaterThan(0);
      expect(expected.get(`${CHECK_DOCS_DIR}/${check.id}.md`)).toContain(`| Source | [${link!.source}](../../${link!.source}); tests: [`);
    }
  });

  it('has a page for every check, an index, the config schema, a coverage page per framework, the tools coverage page and the CLI catalogue', () => {
    expect(expected.size).toBe(allChecks.length + 4 + allFrameworks.length);
    expect(expected.get('docs/coverage.md')).toContain('## Before and after issue 18');
    expect(expected.get('docs/frameworks/cis-eks-2.0.0.md')).toContain('| 4.3.1 | 4.3 CNI plugin | VPC CNI network policy support is enabled | automated | [EKS-NET-008](../checks/EKS-NET-008.md)');
  });

  it('are committed exactly as the generator writes them', () => {
    const stale: string[] = [];
    for (const [relative, text] of expected) {
      const file = path.join(root, relative);
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(relative);
    }
    expect(stale, STALE).toEqual([]);
  });

  it('keep no page for a check that is not registered', () => {
    const directory = path.join(root, CHECK_DOCS_DIR);
    const extra = (existsSync(directory) ? readdirSync(directory) : [])
      .filter((name) => name.endsWith('.md'))
      .map((name) => `${CHECK_DOCS_DIR}/${name}`)
      .filter((relative) => !expected.has(relative));
    expect(extra, STALE).toEqual([]);
  });

  it('keep the generated sections of hand-written pages (the admission tables) equal to the check definitions', () => {
    const stale: string[] = [];
    for (const { file, name, body } of generatedSections(allChecks)) {
      if (generatedSection(readFileSync(path.join(root, file), 'utf8'), name) !== body) stale.push(`${file} (${name})`);
    }
    expect(stale, STALE).toEqual([]);
  });

  it('splice only between the markers, and refuse a page that lost them', () => {
    const name = 'admission-checks';
    const page = spliceSection(`# Title\n<!-- generated:${name} (npm run docs, from the check definitions; do not edit by hand) -->\nold\n<!-- end generated:${name} -->\ntail\n`, name, 'new');
    expect(page.startsWith('# Title\n')).toBe(true);
    expect(page.endsWith('<!-- end generated:admission-checks -->\ntail\n')).toBe(true);
    expect(generatedSection(page, name)).toBe('new');
    expect(() => spliceSection('# no markers', name, 'new')).toThrow('markers of generated section admission-checks are missing');
    expect(generatedSection('# no markers', name)).toBeUndefined();
  });
});
