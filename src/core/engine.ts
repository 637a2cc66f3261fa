import type { AttackPath } from './attack-path.js';
import { UnknownValueError, type Check, type CheckContext, type CheckSettings, type Subject, type Verdict } from './check.js';
import { describeError } from './errors.js';
import { Interner } from './intern.js';
import { joinPaths, type FieldPath } from './field-path.js';
import { messageRenderer, type MessageRenderer } from './message.js';
import { createInventory, type Inventory, type KubeObject } from './inventory.js';
import { applySuppression, findSuppression, ignoreAnnotationNames, type AnnotationPolicy, type IgnoreAnnotationNames, type Requester, type SuppressionOutcome, type SuppressionRule } from './suppression.js';
import { STATUSES, type Finding, type Gap, type Location, type Severity, type Status } from './types.js';

type RunVerdict = Omit<Verdict, 'status'> & { status: Status };

/** Failures name a message of their check; pass, skipped and not-applicable verdicts carry their own words. */
const namesMessage = (verdict: RunVerdict): verdict is RunVerdict & { messageId: string } => verdict.messageId !== undefined;

const textOf = (messages: MessageRenderer, verdict: RunVerdict): string => (namesMessage(verdict) ? messages.verdict(verdict) : (verdict.message ?? ''));

export interface CheckOverride {
  enabled?: boolean;
  severity?: Severity;
}

export interface EngineOptions {
  checks: readonly Check[];
  inventory: Inventory;
  settings: CheckSettings;
  now: Date;
  reference?: Readonly<Record<string, unknown>>;
  overrides?: Readonly<Record<string, CheckOverride>>;
  suppressions?: readonly SuppressionRule[];
  /** which ignore annotations count (default all: scan); the webhook narrows it */
  annotationPolicy?: AnnotationPolicy;
  /** who asked, at admission: rules for listed users or groups apply only to them */
  requester?: Requester;
}

export function isCheckEnabled(check: Check, overrides: EngineOptions['overrides']): boolean {
  return overrides?.[check.id]?.enabled ?? check.enabledByDefault ?? true;
}

export function createContext(options: Pick<EngineOptions, 'inventory' | 'settings' | 'now' | 'reference'>): CheckContext {
  const cache = new Map<string, unknown>();
  return {
    now: options.now,
    settings: options.settings,
    inventory: options.inventory,
    reference: options.reference ?? {},
    memo<T>(key: string, build: () => T): T {
      // one lookup for the common case: checks ask for their shared views once per subject
      const known = cache.get(key);
      if (known !== undefined || cache.has(key)) return known as T;
      const built = build();
      cache.set(key, built);
      return built;
    },
  };
}

function joinPath(prefix: string | undefined, path: string | undefined, absolute: boolean | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (absolute || !prefix) return path;
  return joinPaths(prefix as FieldPath, path as FieldPath);
}

function starvingGap(check: Check, inventory: Inventory): Gap | undefined {
  for (const need of check.needs) {
    const gap = inventory.missing.get(need);
    if (gap) return gap;
  }
  return undefined;
}

function isVerdictList(result: RunVerdict | readonly RunVerdict[]): result is readonly RunVerdict[] {
  return Array.isArray(result);
}

export type Tally = Record<Status, number>;

export interface Evaluation {
  /** the results `retain` kept, in check order */
  findings: Finding[];
  /** every result, counted by status, kept or not */
  tally: Tally;
  /** the attack paths the EKS-PATH-* verdicts report, kept or not, with their final status */
  paths: AttackPath[];
  /** the same counts for each check that ran (framework views judge controls from them) */
  byCheck: Record<string, Tally>;
}

export interface EvaluateOptions extends EngineOptions {
  /** which results to keep as findings (all by default); the others are only counted */
  retain?: (status: Status) => boolean;
  /**
   * failed and suppressed results of checks judged in earlier evaluations, which the checks of
   * stage `findings` read beside this evaluation's own (`eksguard watch` judges in parts)
   */
  priorFindings?: readonly Finding[];
}

function emptyTally(): Tally {
  return { fail: 0, pass: 0, 'not-applicable': 0, skipped: 0, suppressed: 0, error: 0 };
}

type Locator = (path: string) => Location | undefined;

/** Findings whose field line is still to be found (each has its path), grouped by the object that can find it. */
type PendingLocations = Map<Locator, Finding[]>;

interface PerCheck {
  readonly messages: MessageRenderer;
  readonly annotationNames: IgnoreAnnotationNames;
}

/** What an evaluation keeps across its checks: findings still to be located, and one copy of repeated strings. */
interface KeptFindings {
  pending: PendingLocations;
  strings: Interner;
  /** what each check's results repeat (its message renderer, its ignore annotations' names), made once per evaluation */
  perCheck: Map<string, PerCheck>;
  /** failed and suppressed results, kept or not, for checks of stage `findings`; undefined when none runs */
  judged?: Finding[];
  /** attack paths reported by verdicts, whatever `retain` keeps */
  paths: AttackPath[];
}

/** Resolves field lines once per located object, after the checks ran, so each object's text is read once. */
function resolveLocations(pending: PendingLocations): void {
  for (const [locate, entries] of pending) {
    for (const finding of entries) {
      const location = locate(finding.path!);
      if (location) finding.location = location;
    }
  }
}

/** The results of one check. */
interface CheckResults {
  checkId: string;
  findings: Finding[];
  tally: Tally;
  /** its target failed to select subjects (the results are that one error) */
  selectFailed?: boolean;
}

/** The path a verdict reports, with the status and severity its finding ends with. */
function pathResult(check: Check, verdict: RunVerdict, status: Status, severity: Severity, override: Severity | undefined, suppression: SuppressionOutcome | undefined): AttackPath {
  const final = status === 'suppressed' ? 'suppressed' : status === 'skipped' ? 'skipped' : 'fail';
  return {
    ...verdict.attackPath!,
    checkId: check.id,
    status: final,
    severity: verdict.severity && !override ? verdict.severity : severity,
    ...(suppression?.active ? { suppression: suppression.active } : {}),
  };
}

function evaluateCheck(check: Check, ctx: CheckContext, options: EvaluateOptions, kept: KeptFindings): CheckResults {
  const { pending, strings } = kept;
  const rules = options.suppressions ?? [];
  const retain = options.retain ?? (() => true);
  const findings: Finding[] = [];
  const tally = emptyTally();
  const override = options.overrides?.[check.id]?.severity;
  const severity = override ?? check.severity;
  const standards = [...check.standards];
  const gap = starvingGap(check, ctx.inventory);
  if (gap) {
    tally.skipped += 1;
    if (retain('skipped')) {
      findings.push({
        checkId: check.id,
        status: 'skipped',
        severity,
        area: check.area,
        title: check.title,
        message: `skipped: ${gap.source} could not be collected (${gap.reason})`,
        resource: { apiVersion: 'eksguard.io/v1', kind: 'DataGap', name: gap.source },
        standards,
        remediation: check.remediation,
      });
    }
    return { checkId: check.id, findings, tally };
  }
  let subjects: readonly Subject<unknown>[];
  try {
    subjects = ctx.memo(`target:${check.target.id}`, () => check.target.select(ctx.inventory, ctx)) as readonly Subject<unknown>[];
  } catch (error) {
    if (error instanceof UnknownValueError) {
      // the subjects themselves depend on a value the source cannot know (a trust policy known only after apply)
      tally.skipped += 1;
      if (retain('skipped')) {
        findings.push({
          checkId: check.id,
          status: 'skipped',
          severity,
          area: check.area,
          title: check.title,
          message: `skipped: ${error.message}`,
          resource: { apiVersion: 'eksguard.io/v1', kind: 'UnknownValue', name: check.id },
          standards,
          remediation: check.remediation,
        });
      }
      return { checkId: check.id, findings, tally };
    }
    // a target (or a shared view it builds) that fails is that check's error, not the run's
    tally.error += 1;
    findings.push({
      checkId: check.id,
      status: 'error',
      severity,
      area: check.area,
      title: check.title,
      message: `check failed to select its subjects: ${describeError(error)}`,
      resource: { apiVersion: 'eksguard.io/v1', kind: 'Check', name: check.id },
      standards,
      remediation: check.remediation,
    });
    return { checkId: check.id, findings, tally, selectFailed: true };
  }
  let constants = kept.perCheck.get(check.id);
  if (!constants) kept.perCheck.set(check.id, (constants = { messages: messageRenderer(check.id, check.messages), annotationNames: ignoreAnnotationNames(check.id) }));
  const { messages, annotationNames } = constants;
  // pods assembled from one object (an Argo Workflow's templates) share fields of it: a result at such a place is reported once
  const assembled = new WeakMap<object, Set<string>>();
  const repeatsAssembled = (subject: Subject<unknown>, verdict: RunVerdict, text: string): boolean => {
    const podPath = joinPath(subject.pathPrefix, verdict.path, verdict.absolutePath);
    const key = `${verdict.status}\n${podPath === undefined ? '' : subject.placeOf!(podPath as FieldPath)}\n${text}`;
    const seen = assembled.get(subject.ref);
    if (seen?.has(key)) return true;
    if (seen) seen.add(key);
    else assembled.set(subject.ref, new Set([key]));
    return false;
  };
  const record = (subject: Subject<unknown>, verdict: RunVerdict, text: string): void => {
    if (subject.placeOf && repeatsAssembled(subject, verdict, text)) return;
    let status: Status = verdict.status;
    let suppression: SuppressionOutcome | undefined;
    if (status === 'fail') {
      // options passed as they are (undefined when unset): no spread per failure, a scan has hundreds of thousands
      suppression = findSuppression({ checkId: check.id, ref: subject.ref, annotations: subject.annotations, rules, now: options.now, annotationPolicy: options.annotationPolicy, requester: options.requester, annotationNames });
      if (!suppression.active && subject.managedBy !== undefined && options.settings.suppressManaged !== false) {
        suppression = { ...suppression, active: { reason: subject.managedBy, source: 'managed' } };
      }
      if (suppression.active) status = 'suppressed';
    }
    tally[status] += 1;
    if (verdict.attackPath) kept.paths.push(pathResult(check, verdict, status, severity, override, suppression));
    const keep = retain(status);
    if (!keep && !(kept.judged && (status === 'fail' || status === 'suppressed'))) return;
    strings.keep();
    const podPath = joinPath(subject.pathPrefix, verdict.path, verdict.absolutePath);
    const joined = podPath !== undefined && subject.placeOf ? subject.placeOf(podPath as FieldPath) : podPath;
    const path = joined === undefined ? undefined : strings.intern(joined);
    let finding: Finding = {
      checkId: check.id,
      status: verdict.status,
      severity: verdict.severity && !override ? verdict.severity : severity,
      area: check.area,
      title: check.title,
      message: strings.intern(text),
      resource: subject.ref,
      standards,
      remediation: check.remediation,
    };
    if (verdict.messageId !== undefined) finding.messageId = verdict.messageId;
    if (subject.location) finding.location = subject.location;
    if (path !== undefined) finding.path = path;
    if (suppression) finding = applySuppression(finding, suppression);
    if (verdict.attackPath) finding.attackPathId = verdict.attackPath.id;
    if (path !== undefined && subject.locate && (status === 'fail' || status === 'suppressed')) {
      const entries = pending.get(subject.locate);
      if (entries) entries.push(finding);
      else pending.set(subject.locate, [finding]);
    }
    if (kept.judged && (status === 'fail' || status === 'suppressed')) kept.judged.push(finding);
    if (keep) findings.push(finding);
  };
  for (const subject of subjects) {
    // a subject nearly always gets one verdict: judged and recorded without a list
    let verdict: RunVerdict | undefined;
    let text = '';
    let verdicts: readonly RunVerdict[] | undefined;
    let texts: string[] | undefined;
    try {
      const result = check.evaluate(subject.value, ctx, subject);
      // rendered inside the try: a message the check does not declare is the check's error, reported as one
      if (isVerdictList(result)) {
        texts = [];
        for (const each of result) texts.push(textOf(messages, each));
        verdicts = result;
      } else {
        text = textOf(messages, result);
        verdict = result;
      }
    } catch (error) {
      verdicts = undefined;
      verdict = error instanceof UnknownValueError ? { status: 'skipped', message: error.message } : { status: 'error', message: `check failed to run: ${describeError(error)}` };
      text = verdict.message!;
    }
    if (verdict) record(subject, verdict, text);
    else for (let index = 0; index < verdicts!.length; index += 1) record(subject, verdicts![index]!, texts![index]!);
  }
  return { checkId: check.id, findings, tally };
}

function addTally(into: Tally, from: Tally): void {
  for (const status of STATUSES) into[status] += from[status];
}

function combine(results: readonly CheckResults[], paths: AttackPath[]): Evaluation {
  const findings: Finding[] = [];
  const tally = emptyTally();
  const byCheck: Record<string, Tally> = {};
  for (const result of results) {
    for (const finding of result.findings) findings.push(finding);
    addTally(tally, result.tally);
    byCheck[result.checkId] = { ...result.tally };
  }
  return { findings, tally, paths, byCheck };
}

const readsFindings = (check: Check): boolean => check.stage === 'findings';

/**
 * Evaluates the checks in registry order, except those of stage `findings`, which run after all
 * the others with their failed and suppressed results in `ctx.findings`. Results keep registry order.
 */
function evaluateInStages(checks: readonly Check[], ctx: CheckContext, kept: KeptFindings, run: (check: Check, ctx: CheckContext) => CheckResults): CheckResults[] {
  const results = new Map<Check, CheckResults>();
  for (const check of checks) if (!readsFindings(check)) results.set(check, run(check, ctx));
  const later = checks.filter(readsFindings);
  if (later.length > 0) {
    // the findings the later checks cite carry their exact field lines, whether they were judged
    // early (object-scoped checks, per batch) or now: the same answer for a streamed scan and a whole one
    resolveLocations(kept.pending);
    kept.pending.clear();
    // the same memo cache: views the first stage built (the RBAC graph, the AWS indexes) are reused
    const joined: CheckContext = { ...ctx, findings: kept.judged ?? [] };
    for (const check of later) results.set(check, run(check, joined));
  }
  return checks.map((check) => results.get(check)!);
}

function keptFor(checks: readonly Check[], prior: readonly Finding[] = []): KeptFindings {
  return { pending: new Map(), strings: new Interner(), perCheck: new Map(), paths: [], ...(checks.some(readsFindings) ? { judged: [...prior] } : {}) };
}

/** Runs every enabled check over its subjects; one result per verdict. Never throws for a check's fault. */
export function evaluateChecks(options: EvaluateOptions): Evaluation {
  const ctx = createContext(options);
  const checks = options.checks.filter((check) => isCheckEnabled(check, options.overrides));
  const kept = keptFor(checks, options.priorFindings);
  const results = evaluateInStages(checks, ctx, kept, (check, context) => evaluateCheck(check, context, options, kept));
  resolveLocations(kept.pending);
  return combine(results, kept.paths);
}

export interface IncrementalEvaluation {
  /** Evaluates the object-scoped checks on the next objects of the inventory, in inventory order. */
  add(objects: readonly KubeObject[]): void;
  /**
   * Runs the other checks on the whole inventory (whose objects are exactly those added, in the
   * same order) and returns what evaluateChecks would return for it.
   */
  finish(inventory: Inventory): Evaluation;
}

/**
 * An evaluation that starts before the inventory is complete: checks whose scope is `object` run
 * on each batch of objects as a source reads them (while other files are still being parsed), and
 * the rest run on the whole inventory at the end. A check whose target fails on a batch, or whose
 * data turns out to be missing, is evaluated on the whole inventory instead, as evaluateChecks does.
 */
/** Objects evaluated together by the early checks. */
const EARLY_BATCH_OBJECTS = 2_000;

export function startEvaluation(options: Omit<EvaluateOptions, 'inventory'>): IncrementalEvaluation {
  const checks = options.checks.filter((check) => isCheckEnabled(check, options.overrides));
  const earlyChecks = checks.filter((check) => check.scope === 'object');
  const early = new Map<string, CheckResults>(earlyChecks.map((check) => [check.id, { checkId: check.id, findings: [], tally: emptyTally() }]));
  const strings = new Interner();
  const perCheck = new Map<string, PerCheck>();
  // the early checks' failures, for the checks that read findings at the end
  const earlyJudged: Finding[] | undefined = checks.some(readsFindings) ? [] : undefined;
  const earlyJudgedBy = new Map<string, Finding[]>();
  const addBatch = (objects: readonly KubeObject[]): void => {
    const batch = { ...options, inventory: createInventory({ kube: [...objects] }) };
    const ctx = createContext(batch);
    const kept: KeptFindings = { pending: new Map(), strings, perCheck, paths: [], ...(earlyJudged ? { judged: [] } : {}) };
    for (const check of earlyChecks) {
      const sofar = early.get(check.id)!;
      if (sofar.selectFailed) continue;
      const before = kept.judged?.length ?? 0;
      const result = evaluateCheck(check, ctx, batch, kept);
      if (result.selectFailed) sofar.selectFailed = true;
      for (const finding of result.findings) sofar.findings.push(finding);
      addTally(sofar.tally, result.tally);
      if (kept.judged) {
        const mine = earlyJudgedBy.get(check.id) ?? [];
        mine.push(...kept.judged.slice(before));
        earlyJudgedBy.set(check.id, mine);
      }
    }
    resolveLocations(kept.pending);
  };
  return {
    add(objects) {
      if (earlyChecks.length === 0) return;
      // a file can hold 100,000 objects (a cluster dump): slices keep what a batch builds short-lived
      for (let start = 0; start < objects.length; start += EARLY_BATCH_OBJECTS) addBatch(objects.slice(start, start + EARLY_BATCH_OBJECTS));
    },
    finish(inventory) {
      const whole = { ...options, inventory };
      const ctx = createContext(whole);
      const kept: KeptFindings = { pending: new Map(), strings, perCheck, paths: [], ...(earlyJudged ? { judged: earlyJudged } : {}) };
      const results = evaluateInStages(checks, ctx, kept, (check, context) => {
        const sofar = early.get(check.id);
        const usable = sofar && !sofar.selectFailed && !starvingGap(check, inventory);
        if (usable) {
          kept.judged?.push(...(earlyJudgedBy.get(check.id) ?? []));
          return sofar;
        }
        return evaluateCheck(check, context, whole, kept);
      });
      resolveLocations(kept.pending);
      return combine(results, kept.paths);
    },
  };
}

/** Every result of every enabled check, as findings. */
export function runChecks(options: EngineOptions): Finding[] {
  return evaluateChecks(options).findings;
}
