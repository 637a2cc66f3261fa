import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { allFrameworks } from '../frameworks/index.js';
import { CHECK_DOCS_DIR, generatedDocs } from './generated-docs.js';

const root = path.resolve(import.meta.dirname, '../..');
const STALE = 'docs are stale: run `npm run docs` and commit docs/';

describe('generated docs', () => {
  const expected = generatedDocs(allChecks);

  it('has a page for every check, an index, the config schema, a coverage page per framework and the CLI catalogue', () => {
    expect(expected.size).toBe(allChecks.length + 3 + allFrameworks.length);
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
});
