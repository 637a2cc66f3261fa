import type { Check } from '../core/check.js';
import { configJsonSchema } from '../core/config.js';
import { ADMISSION_DOC, ADMISSION_TABLES, renderAdmissionTables } from './admission-docs.js';
import { renderCheckDocs } from './check-docs.js';
import { CATALOGUE_FILE, renderCatalogueModule } from '../core/check-summary.js';
import type { CheckLinks } from './check-sources.js';
import { FRAMEWORK_DOCS_DIR, renderFrameworkDocs } from './framework-docs.js';
import { COVERAGE_DOC, coverageMarkdown } from './coverage-docs.js';

export const CHECK_DOCS_DIR = 'docs/checks';
export const CONFIG_SCHEMA_FILE = 'docs/eksguard-config.schema.json';

/**
 * Every generated docs file (and the CLI's check catalogue), by path from the repository root.
 * scripts/generate-docs.mjs writes them; a test compares them. `links` (from checkLinks over
 * src/checks/) adds each page's source and test links.
 */
export function generatedDocs(checks: readonly Check[], links?: ReadonlyMap<string, CheckLinks>): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, text] of renderCheckDocs(checks, links)) files.set(`${CHECK_DOCS_DIR}/${name}`, text);
  for (const [name, text] of renderFrameworkDocs()) files.set(`${FRAMEWORK_DOCS_DIR}/${name}`, text);
  files.set(CONFIG_SCHEMA_FILE, `${JSON.stringify(configJsonSchema(checks.map((check) => check.id)), null, 2)}\n`);
  files.set(CATALOGUE_FILE, renderCatalogueModule(checks));
  files.set(COVERAGE_DOC, coverageMarkdown());
  return files;
}

/** A generated part of a hand-written page, between markers (see admission-docs.ts spliceSection). */
export interface GeneratedSection {
  file: string;
  name: string;
  body: string;
}

/** Every generated section of a hand-written page. scripts/generate-docs.mjs splices them in; a test compares them. */
export function generatedSections(checks: readonly Check[]): GeneratedSection[] {
  return [{ file: ADMISSION_DOC, name: ADMISSION_TABLES, body: renderAdmissionTables(checks) }];
}
