import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { renderChecksIndex } from '../docs/check-docs.js';
import { DEFAULT_DOCS_BASE_URL } from '../reporters/rules.js';
import { listChecks, showCheck } from './checks-command.js';

describe('eksguard checks list', () => {
  it('prints the docs/checks index as Markdown, linking the published pages', () => {
    expect(listChecks('markdown')).toBe(renderChecksIndex(allChecks, { linkPrefix: DEFAULT_DOCS_BASE_URL }));
  });

  it('names the formats it takes when given another', () => {
    expect(() => listChecks('sarif')).toThrow('invalid --format "sarif" for checks list');
  });

  it('show links the check page and names its suppression annotation', () => {
    const text = showCheck('PSS-privileged');
    expect(text).toContain(`Docs: ${DEFAULT_DOCS_BASE_URL}PSS-privileged.md`);
    expect(text).toContain('eksguard.io/ignore.PSS-privileged: "<reason>"');
  });
});
