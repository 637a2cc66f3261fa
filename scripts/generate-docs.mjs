#!/usr/bin/env node
// Regenerates docs/checks/ (one page per check, an index by area), docs/frameworks/ (one coverage
// table per framework) and the config file's JSON
// Schema from the built check catalogue. Run `npm run docs`, which builds first; the test
// src/docs/generated-docs.test.ts fails while the committed files differ from this output.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const load = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);
const { allChecks } = await load('checks/index.js');
const { generatedDocs, CHECK_DOCS_DIR } = await load('docs/generated-docs.js');

const files = generatedDocs(allChecks);
mkdirSync(path.join(root, CHECK_DOCS_DIR), { recursive: true });
for (const name of readdirSync(path.join(root, CHECK_DOCS_DIR))) {
  const relative = `${CHECK_DOCS_DIR}/${name}`;
  if (name.endsWith('.md') && !files.has(relative)) rmSync(path.join(root, relative));
}
mkdirSync(path.join(root, "docs/frameworks"), { recursive: true });
for (const [relative, text] of files) writeFileSync(path.join(root, relative), text);
console.log(`generate-docs: wrote ${files.size} files (${allChecks.length} checks)`);
