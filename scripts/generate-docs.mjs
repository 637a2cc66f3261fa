#!/usr/bin/env node
// Regenerates docs/checks/ (one page per check, an index by area), docs/frameworks/ (one coverage
// table per framework), the config file's JSON Schema and the generated tables of hand-written
// pages (docs/admission.md) from the built check catalogue. Run `npm run docs`, which builds first; the test
// src/docs/generated-docs.test.ts fails while the committed files differ from this output.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const load = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
const { allChecks } = await load('checks/index.js');
const { generatedDocs, generatedSections, CHECK_DOCS_DIR } = await load('docs/generated-docs.js');
const { spliceSection } = await load('docs/admission-docs.js');
const { checkLinks } = await load('docs/check-sources.js');

/** Every .ts file of src/checks/ (path from the root → text), for the pages' source and test links. */
function checkFiles(directory = 'src/checks', files = new Map()) {
  for (const entry of readdirSync(path.join(root, directory), { withFileTypes: true })) {
    const relative = `${directory}/${entry.name}`;
    if (entry.isDirectory()) checkFiles(relative, files);
    else if (entry.name.endsWith('.ts')) files.set(relative, readFileSync(path.join(root, relative), 'utf8'));
  }
  return files;
}

const files = generatedDocs(allChecks, checkLinks(checkFiles()));
mkdirSync(path.join(root, CHECK_DOCS_DIR), { recursive: true });
for (const name of readdirSync(path.join(root, CHECK_DOCS_DIR))) {
  const relative = `${CHECK_DOCS_DIR}/${name}`;
  if (name.endsWith('.md') && !files.has(relative)) rmSync(path.join(root, relative));
}
mkdirSync(path.join(root, "docs/frameworks"), { recursive: true });
for (const [relative, text] of files) writeFileSync(path.join(root, relative), text);
// generated tables inside hand-written pages (docs/admission.md): only the text between the markers changes
const sections = generatedSections(allChecks);
for (const { file, name, body } of sections) {
  const target = path.join(root, file);
  writeFileSync(target, spliceSection(readFileSync(target, 'utf8'), name, body));
}
console.log(`generate-docs: wrote ${files.size} files and ${sections.length} sections (${allChecks.length} checks)`);
