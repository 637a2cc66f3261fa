import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { cliPath, repoRoot } from './run-cli.js';

/** Module hooks that append every module URL Node loads to the file named by EKSGUARD_MODULE_LOG. */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.EKSGUARD_MODULE_LOG, url + '\\n');
  return next(url, context);
}
`;
const REGISTER = (hooks: string) => `import { register } from 'node:module';\nregister(${JSON.stringify(hooks)});\n`;

/**
 * Runs the built CLI and returns the modules it loaded, as paths relative to the repository
 * (`dist/cli/main.js`, `node_modules/commander/...`): what a command costs at start-up.
 */
export function modulesLoadedBy(args: readonly string[], cwd: string = repoRoot): { modules: string[]; code: number | null; stdout: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-modules-'));
  const hooks = path.join(dir, 'hooks.mjs');
  const register = path.join(dir, 'register.mjs');
  const log = path.join(dir, 'modules.log');
  writeFileSync(hooks, HOOKS);
  writeFileSync(register, REGISTER(pathToFileURL(hooks).href));
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', EKSGUARD_MODULE_LOG: log },
    timeout: 60_000,
  });
  const modules = readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => path.relative(repoRoot, new URL(url).pathname));
  return { modules, code: result.status, stdout: result.stdout };
}
