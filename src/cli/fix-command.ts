import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Check } from '../core/check.js';
import { createContext, evaluateChecks } from '../core/engine.js';
import type { Inventory, KubeObject } from '../core/inventory.js';
import type { PssLevel } from '../core/check.js';
import type { Finding, Severity } from '../core/types.js';
import { allChecks } from '../checks/index.js';
import { editableFile, fixManifests, type FixedFile, type ManifestFixResult } from '../fix/manifest-fix.js';
import { shiftEdits } from '../fix/text-edits.js';
import { fixableChecks, planFixes, type FixSelection, type ObjectPlan } from '../fix/plan.js';
import { MANIFEST_LIMITS, parseManifestText } from '../sources/manifests/index.js';
import { FileChanged, readEditableText, scannedRoots, writeEditedText, type EditableText } from '../sources/manifests/edit-files.js';
import { loadConfigFile } from './config-file.js';
import { UsageError } from './errors.js';
import type { LiveClusterOptions } from './live-cluster.js';
import { writeOutput } from './output.js';
import { collectInventory, evaluationOptions, type ScanOptions, type ScanRenderOptions } from './scan.js';
import { renderFixJson, renderFixSummary, renderFixDiff, type FixRun } from './fix-report.js';
import { chartAdvice, overlayAdvice } from '../fix/rendered-advice.js';
import { kubectlPatchCommand, strategicMergePatch } from '../fix/strategic-patch.js';
import { escapeControl } from '../reporters/text-safety.js';

export type FixFormat = 'diff' | 'json';

export interface FixCommandOptions extends ScanRenderOptions {
  paths: string[];
  /** `--check ID` (repeatable) */
  checkIds: string[];
  severity?: Severity;
  dryRun: boolean;
  unsafe: boolean;
  format: FixFormat;
  output?: string;
  kube?: LiveClusterOptions;
  pssLevel?: PssLevel;
  pssVersion?: string;
  configFile?: string;
  exclude?: string[];
  now?: Date;
  checks?: readonly Check[];
}

export function parseFixFormat(value: string): FixFormat {
  if (value === 'diff' || value === 'json') return value;
  throw new UsageError(`invalid --format "${value}"`, 'use diff or json');
}

function validate(options: FixCommandOptions, checks: readonly Check[]): void {
  if (options.paths.includes('-')) throw new UsageError('eksguard fix edits files; standard input (-) cannot be edited', 'give the manifest files or directories, or run eksguard scan on standard input');
  if (options.paths.length === 0 && !options.kube) throw new UsageError('nothing to fix', 'give manifest paths, for example: eksguard fix k8s/, or --kube for kubectl patch commands');
  const fixable = new Set(fixableChecks(checks).map((check) => check.id));
  for (const id of options.checkIds) {
    if (!fixable.has(id)) throw new UsageError(`--check ${id}: ${checks.some((check) => check.id === id) ? 'this check has no mechanical fix' : 'no such check'}`, `checks eksguard fix can fix: ${[...fixable].join(', ')}`);
  }
}

/** Reads the files the fixes may edit: those holding an object a fixable check fails. */
async function readTexts(
  objects: readonly KubeObject[],
  failing: ReadonlySet<string>,
  roots: readonly string[],
): Promise<{ texts: Map<string, string>; editable: Map<string, EditableText>; unreadable: Map<string, string> }> {
  const texts = new Map<string, string>();
  const editable = new Map<string, EditableText>();
  const unreadable = new Map<string, string>();
  for (const object of objects) {
    const file = editableFile(object);
    if (file === undefined || !failing.has(file) || texts.has(file) || unreadable.has(file)) continue;
    const read = await readEditableText(file, { cwd: process.cwd(), roots });
    if ('reason' in read) unreadable.set(file, read.reason);
    else {
      texts.set(file, read.text);
      editable.set(file, read);
    }
  }
  return { texts, editable, unreadable };
}

/** Top-level keys of a chart's values.yaml (the keys a user can set); undefined when there is none. */
async function valuesKeys(chartDirectory: string): Promise<Set<string> | undefined> {
  let text: string;
  try {
    text = await readFile(path.resolve(process.cwd(), chartDirectory, 'values.yaml'), 'utf8');
  } catch {
    return undefined;
  }
  const keys = new Set<string>();
  for (const match of text.matchAll(/^([A-Za-z_][A-Za-z0-9_-]*)\s*:/gm)) keys.add(match[1]!);
  return keys;
}

async function renderedAdvice(plans: readonly ObjectPlan[]): Promise<FixRun['rendered']> {
  const out: FixRun['rendered'] = [];
  for (const plan of plans) {
    const provenance = plan.object.provenance;
    if (!provenance.rendered || plan.fixes.length === 0) continue;
    const source = provenance.sourceId ?? provenance.sourceFile ?? '?';
    const advice = provenance.rendered === 'chart' ? chartAdvice(plan, source, await valuesKeys(source)) : overlayAdvice(plan, source);
    out.push({ plan, source, ...advice });
  }
  return out;
}

function kubectlCommands(plans: readonly ObjectPlan[]): FixRun['kubectl'] {
  return plans
    .filter((plan) => plan.object.provenance.source === 'cluster' && plan.fixes.length > 0)
    .map((plan) => {
      const ops = plan.fixes.flatMap((fix) => fix.ops);
      const patch = strategicMergePatch(plan.patched, ops);
      const object = plan.object;
      const command = kubectlPatchCommand(
        {
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: object.name,
          ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
          ...(object.provenance.context !== undefined ? { context: object.provenance.context } : {}),
        },
        patch,
      );
      return { plan, patch, command };
    });
}

function withByteOrderMark(file: FixedFile): FixedFile {
  return { ...file, before: `\ufeff${file.before}`, after: `\ufeff${file.after}`, edits: shiftEdits(file.edits, 1) };
}

export async function runFix(options: FixCommandOptions): Promise<0 | 2> {
  const checks = options.checks ?? allChecks;
  validate(options, checks);
  const loaded = await loadConfigFile({ cwd: process.cwd(), ...(options.configFile !== undefined ? { file: options.configFile } : {}), knownCheckIds: checks.map((check) => check.id) });
  const scan: ScanOptions = {
    ...options,
    outputs: [],
    includePassed: false,
    checks,
    now: options.now ?? new Date(),
    config: loaded.config,
    // a directory that holds nothing to fix is no error here
    allowEmpty: true,
  };
  const inventory = await collectInventory(scan);
  const settings = evaluationOptions(scan, inventory.facts);
  const evaluate = (next: Inventory): Finding[] => evaluateChecks({ ...settings, inventory: next }).findings;
  const findings = evaluate(inventory);
  const ctx = createContext({ inventory, settings: settings.settings, now: settings.now });
  const selection: FixSelection = {
    checks: new Set(options.checkIds),
    ...(options.severity !== undefined ? { severity: options.severity } : {}),
    options: { unsafe: options.unsafe },
  };
  const roots = await scannedRoots(options.paths, process.cwd());
  const fixableIds = new Set(fixableChecks(checks).map((check) => check.id));
  const failingFiles = new Set(findings.filter((finding) => finding.status === 'fail' && fixableIds.has(finding.checkId)).flatMap((finding) => (finding.location?.file !== undefined ? [finding.location.file] : [])));
  const read = await readTexts(inventory.kube, failingFiles, roots);
  const namespace = options.namespace;
  const manifests: ManifestFixResult = fixManifests({
    inventory,
    findings,
    checks,
    selection,
    ctx,
    evaluate,
    texts: read.texts,
    unreadable: read.unreadable,
    reparse: (file, text) => parseManifestText({ text, file, limits: MANIFEST_LIMITS, apiChecks: false, ...(namespace !== undefined ? { source: { namespace } } : {}) }).objects,
    limits: MANIFEST_LIMITS,
  });
  // objects no file holds as written: rendered charts and overlays, and a live cluster's
  const others = planFixes({ checks, findings, ctx, selection }).filter((plan) => editableFile(plan.object) === undefined);
  const run: FixRun = {
    dryRun: options.dryRun,
    // the diff and the JSON show whole files: a byte-order mark is the first character, so the diff applies
    manifests: { ...manifests, files: manifests.files.map((file) => (read.editable.get(file.file)?.bom ? withByteOrderMark(file) : file)) },
    otherSuggestions: others.flatMap((plan) => plan.suggestions.map((suggestion) => ({ ...suggestion, object: plan.object }))),
    rendered: await renderedAdvice(others),
    kubectl: kubectlCommands(others),
    inputErrors: inventory.errors,
    written: [],
    writeErrors: [],
  };
  if (!options.dryRun) {
    for (const file of manifests.files) {
      const original = read.editable.get(file.file)!;
      try {
        await writeEditedText(original, file.after);
        run.written.push(file.file);
      } catch (error) {
        const message = error instanceof FileChanged ? error.message : `${file.file}: cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
        run.writeErrors.push(message);
      }
    }
  }
  if (options.format === 'json') await writeOutput(renderFixJson(run), options.output);
  else {
    await writeOutput(renderFixDiff(run), options.output);
    process.stderr.write(renderFixSummary(run));
  }
  for (const message of run.writeErrors) process.stderr.write(`eksguard: error: ${escapeControl(message)}\n`);
  return run.writeErrors.length > 0 ? 2 : 0;
}
