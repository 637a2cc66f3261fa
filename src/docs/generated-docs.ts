import type { Check } from '../core/check.js';
import { configJsonSchema } from '../core/config.js';
import { renderCheckDocs } from './check-docs.js';
import { CATALOGUE_FILE, renderCatalogueModule } from '../checks/summary.js';
import { FRAMEWORK_DOCS_DIR, renderFrameworkDocs } from './framework-docs.js';

export const CHECK_DOCS_DIR = 'docs/checks';
export const CONFIG_SCHEMA_FILE = 'docs/eksguard-config.schema.json';

/** Every generated docs file (and the CLI's check catalogue), by path from the repository root. scripts/generate-docs.mjs writes them; a test compares them. */
export function generatedDocs(checks: readonly Check[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, text] of renderCheckDocs(checks)) files.set(`${CHECK_DOCS_DIR}/${name}`, text);
  for (const [name, text] of renderFrameworkDocs()) files.set(`${FRAMEWORK_DOCS_DIR}/${name}`, text);
  files.set(CONFIG_SCHEMA_FILE, `${JSON.stringify(configJsonSchema(checks.map((check) => check.id)), null, 2)}\n`);
  files.set(CATALOGUE_FILE, renderCatalogueModule(checks));
  return files;
}
