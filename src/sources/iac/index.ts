/**
 * The infrastructure-code source: Terraform plans, CloudFormation templates and eksctl configs,
 * named with `--terraform-plan`, `--cloudformation`, `--eksctl`, or found by content while the
 * manifest paths are walked. Each file is read within fixed limits, normalised on its own, and
 * all of them together become one inventory (see ./inventory.ts).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { readJsonText } from '../../core/json-text.js';
import type { Inventory } from '../../core/inventory.js';
import type { InputError } from '../../core/types.js';
import { normaliseCloudFormation } from './cloudformation/index.js';
import { infrastructureKindOf, infrastructureKindOfText } from './detect.js';
import { normaliseEksctlConfig } from './eksctl/index.js';
import { inventoryFromInfrastructure } from './inventory.js';
import { emptyInput, IAC_LABEL, inputError, type IacKind, type NormalisedInput } from './model.js';
import { normaliseTerraformPlan } from './terraform/index.js';
import { readYamlSource } from './yaml-source.js';

export { infrastructureKindOf, infrastructureKindOfText } from './detect.js';
export type { IacKind } from './model.js';

/** A plan of a large estate runs to tens of MiB (every attribute of every resource, twice); templates and configs are far smaller. */
export const IAC_LIMITS = { maxPlanBytes: 256 * 1024 * 1024, maxTemplateBytes: 32 * 1024 * 1024, maxJsonDepth: 128, maxFiles: 10_000 } as const;

export interface InfrastructureFile {
  /** the path to open (`-` for standard input) */
  path: string;
  /** how findings name it */
  display: string;
  /** given by the flag that named it; else told by content */
  kind?: IacKind;
  /** named on the command line: holding nothing to judge fails the run unless --allow-empty */
  explicit: boolean;
}

export interface InfrastructureOptions {
  files: readonly InfrastructureFile[];
  /** `--cfn-parameter Key=Value` */
  cfnParameters?: ReadonlyMap<string, string>;
  starvedChecks?: (key: string) => string[];
}

export type InfrastructureInventory = Inventory & {
  /** explicit files that held no AWS resource eksguard reads */
  readonly empty: readonly string[];
  readonly files: number;
};

async function readBounded(path: string, maxBytes: number): Promise<{ text: string } | { problem: string }> {
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
        total += buffer.length;
        if (total > maxBytes) return { problem: `larger than the limit of ${maxBytes / 1024 / 1024} MiB` };
        chunks.push(buffer);
      }
      return { text: Buffer.concat(chunks).toString('utf8') };
    }
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { problem: 'not a regular file' };
      if (info.size > maxBytes) return { problem: `larger than the limit of ${maxBytes / 1024 / 1024} MiB` };
      const text = await handle.readFile('utf8');
      if (text.slice(0, 8192).includes('\u0000')) return { problem: 'binary file (contains NUL bytes)' };
      return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : 'cannot be read' };
  }
}

/** One file, read and normalised; every problem is an error entry naming the file (and line), never an exception. */
export async function readInfrastructureFile(file: InfrastructureFile, cfnParameters: ReadonlyMap<string, string> = new Map()): Promise<NormalisedInput> {
  const label = file.kind ?? 'terraform';
  const read = await readBounded(file.path, file.kind === 'terraform' || file.kind === undefined ? IAC_LIMITS.maxPlanBytes : IAC_LIMITS.maxTemplateBytes);
  if ('problem' in read) return emptyInput(label, file.display, [inputError(label, file.display, `cannot read: ${read.problem}`)]);
  const kind = file.kind ?? detect(read.text);
  if (!kind) return emptyInput(label, file.display, [inputError(label, file.display, 'not a Terraform plan, CloudFormation template or eksctl config')]);
  if (kind === 'terraform') {
    // line, column and kind of the problem only: V8's message would quote the plan, which holds secrets
    const json = readJsonText(read.text, IAC_LIMITS.maxJsonDepth);
    if (!json.ok) return emptyInput(kind, file.display, [inputError(kind, file.display, `not valid JSON: ${json.error.problem} (column ${json.error.column})`, json.error.line)]);
    return normaliseTerraformPlan(json.value, file.display);
  }
  if (kind === 'cloudformation') return normaliseCloudFormation(read.text, file.display, { parameters: cfnParameters });
  return normaliseEksctlConfig(read.text, file.display, cfnParameters.has('AWS::AccountId') ? { account: cfnParameters.get('AWS::AccountId')! } : {});
}

function detect(text: string): IacKind | undefined {
  const byText = infrastructureKindOfText(text.slice(0, 64 * 1024));
  if (byText) return byText;
  const parsed = readYamlSource(text.slice(0, 4 * 1024 * 1024), undefined, false);
  return parsed.ok ? infrastructureKindOf(parsed.source.value) : undefined;
}

/** Reads every file (in order, one at a time: plans can be large) into one inventory. */
export async function collectInfrastructure(options: InfrastructureOptions): Promise<InfrastructureInventory> {
  const inputs: NormalisedInput[] = [];
  const errors: InputError[] = [];
  // a file named by a flag and found again by the walk of the paths is read once, as the flag says
  const seen = new Set<string>();
  for (const file of options.files) {
    const key = file.path === '-' ? '-' : path.resolve(file.path);
    if (seen.has(key) && key !== '-') continue;
    seen.add(key);
    if (inputs.length >= IAC_LIMITS.maxFiles) {
      errors.push({ source: 'iac', message: `more than ${IAC_LIMITS.maxFiles} infrastructure files; the rest are ignored` });
      break;
    }
    inputs.push(await readInfrastructureFile(file, options.cfnParameters));
  }
  const empty = options.files
    .filter((file) => file.explicit)
    .filter((file) => {
      const input = inputs.find((candidate) => candidate.file === file.display);
      return input !== undefined && input.records.length === 0 && input.errors.length === 0;
    })
    .map((file) => `${IAC_LABEL[file.kind ?? 'terraform']} ${file.display}`);
  const inventory = inventoryFromInfrastructure(inputs, options.starvedChecks ? { starvedChecks: options.starvedChecks } : {});
  return { ...inventory, errors: [...errors, ...inventory.errors], empty, files: inputs.length };
}
