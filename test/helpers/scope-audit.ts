import { withCheckFields, type Check, type CheckContext, type CheckSettings, type Subject } from '../../src/core/check.js';
import { evaluateChecks } from '../../src/core/engine.js';
import { createInventory, type KubeObject } from '../../src/core/inventory.js';
import type { Finding } from '../../src/core/types.js';

/**
 * Verifies a check's `scope` declaration instead of trusting it (issue 22 point 5, ADR 0003).
 * Two independent proofs, because each misses what the other sees:
 *
 * - Reads: every object of the inventory is wrapped in a proxy that records, while the check
 *   judges one subject, which objects it reads. An `object` check may read one object per subject,
 *   and a `ctx.memo` view it asks for counts as reading every object the view's build read. A
 *   `namespace` check may read objects of the subject's namespace, that Namespace, and
 *   cluster-scoped objects of the kinds it needs; its views may index every namespace (what it
 *   reads through them is still recorded object by object).
 * - Slices: the check judges each object alone (`object`) or each namespace's slice
 *   (`namespace`, as `eksguard watch` builds it) and must give exactly the results it gives
 *   within the whole inventory. This catches a target that joins objects before `evaluate` runs.
 */
export interface ScopeViolation {
  checkId: string;
  /** the subject, or the object or namespace whose slice disagreed */
  subject: string;
  problem: string;
}

export interface ScopeAuditOptions {
  settings: CheckSettings;
  now: Date;
}

/** The objects a frame (one subject's judgement, or one memo build) read, by their index in the inventory. */
type Reads = Set<number>;

interface Recorder {
  frame: Reads | undefined;
}

function describeObject(object: KubeObject): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}

function describeSubject(subject: Subject<unknown>): string {
  const ref = subject.ref;
  return 'arn' in ref ? ref.arn : `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Copies of the objects whose every read (at any depth) is recorded against the object's index. */
function trackedObjects(objects: readonly KubeObject[], recorder: Recorder): KubeObject[] {
  return objects.map((object, owner) => {
    const proxies = new WeakMap<object, object>();
    const note = (): void => {
      recorder.frame?.add(owner);
    };
    const wrap = (value: unknown): unknown => {
      if (value === null || typeof value !== 'object') return value;
      let proxy = proxies.get(value);
      if (!proxy) {
        proxy = new Proxy(value, {
          get(target, key) {
            note();
            return wrap(Reflect.get(target, key));
          },
          has(target, key) {
            note();
            return Reflect.has(target, key);
          },
          ownKeys(target) {
            note();
            return Reflect.ownKeys(target);
          },
          getOwnPropertyDescriptor(target, key) {
            note();
            return Reflect.getOwnPropertyDescriptor(target, key);
          },
        });
        proxies.set(value, proxy);
      }
      return proxy;
    };
    // a copy, so that no proxy wraps a frozen value (a proxy must return a frozen property as is)
    const raw = wrap(structuredClone(object.raw)) as KubeObject['raw'];
    const shell = { ...object, raw };
    return new Proxy(shell, {
      get(target, key) {
        note();
        return Reflect.get(target, key);
      },
    });
  });
}

interface Judgement {
  subject: Subject<unknown>;
  reads: Reads;
}

/** Runs the check over the tracked inventory; returns what each subject's judgement read. */
function recordReads(check: Check, objects: readonly KubeObject[], options: ScopeAuditOptions): { tracked: KubeObject[]; judgements: Judgement[] } {
  const recorder: Recorder = { frame: undefined };
  const tracked = trackedObjects(objects, recorder);
  const memoReads = new Map<string, Reads>();
  const judgements: Judgement[] = [];
  const inFrame = <T>(frame: Reads, work: () => T): T => {
    const outer = recorder.frame;
    recorder.frame = frame;
    try {
      return work();
    } finally {
      recorder.frame = outer;
    }
  };
  const audited = withCheckFields(check, {
    evaluate(value: unknown, ctx: CheckContext, subject: Subject<unknown>) {
      const reads: Reads = new Set();
      judgements.push({ subject, reads });
      const memo = <T>(key: string, build: () => T): T => {
        const value = ctx.memo(key, () => {
          const built: Reads = new Set();
          memoReads.set(key, built);
          return inFrame(built, build);
        });
        // an object check may not lean on a view of other objects; a namespace check may (an index
        // of every namespace's policies), as long as what it then reads is its namespace's
        if (check.scope === 'object') for (const owner of memoReads.get(key) ?? []) reads.add(owner);
        return value;
      };
      return inFrame(reads, () => check.evaluate(value, { ...ctx, memo }, subject));
    },
  });
  evaluateChecks({ checks: [audited], inventory: createInventory({ kube: tracked }), settings: options.settings, now: options.now, overrides: { [check.id]: { enabled: true } } });
  return { tracked, judgements };
}

/** The namespace a subject of a namespace-scoped check belongs to. */
function subjectNamespace(subject: Subject<unknown>): string | undefined {
  const ref = subject.ref;
  if ('arn' in ref) return undefined;
  return ref.namespace ?? (ref.kind === 'Namespace' ? ref.name : undefined);
}

function neededKinds(check: Check): Set<string> {
  return new Set(check.needs.filter((need) => need.startsWith('kube:')).map((need) => need.slice('kube:'.length)));
}

/** What the namespace slice of `namespace` holds for a check: its objects, its Namespace, cluster-scoped objects of the kinds the check needs. */
function inNamespaceSlice(object: KubeObject, namespace: string, kinds: ReadonlySet<string>): boolean {
  if (object.namespace !== undefined) return object.namespace === namespace;
  if (object.kind === 'Namespace') return object.name === namespace;
  return kinds.has(object.kind);
}

function readViolations(check: Check, objects: readonly KubeObject[], options: ScopeAuditOptions): ScopeViolation[] {
  const { judgements } = recordReads(check, objects, options);
  const violations: ScopeViolation[] = [];
  const kinds = neededKinds(check);
  for (const { subject, reads } of judgements) {
    const read = [...reads].sort((a, b) => a - b).map((owner) => objects[owner]!);
    if (check.scope === 'object' && read.length > 1) {
      violations.push({ checkId: check.id, subject: describeSubject(subject), problem: `declared scope 'object' but read ${read.length} objects: ${read.map(describeObject).join(', ')}` });
    }
    if (check.scope === 'namespace') {
      const namespace = subjectNamespace(subject);
      const outside = read.filter((object) => namespace === undefined || !inNamespaceSlice(object, namespace, kinds));
      if (outside.length > 0) {
        violations.push({
          checkId: check.id,
          subject: describeSubject(subject),
          problem: `declared scope 'namespace' but read objects outside namespace ${namespace ?? '(none)'}: ${outside.map(describeObject).join(', ')}`,
        });
      }
    }
  }
  return violations;
}

function evaluateOne(check: Check, kube: readonly KubeObject[], options: ScopeAuditOptions): Finding[] {
  return evaluateChecks({ checks: [check], inventory: createInventory({ kube: [...kube] }), settings: options.settings, now: options.now, overrides: { [check.id]: { enabled: true } } }).findings;
}

const canonical = (findings: readonly Finding[]): string[] => findings.map((finding) => JSON.stringify(finding)).sort();

function findingNamespace(finding: Finding): string | undefined {
  const ref = finding.resource;
  if ('arn' in ref) return undefined;
  return ref.namespace ?? (ref.kind === 'Namespace' ? ref.name : undefined);
}

function sliceViolations(check: Check, objects: readonly KubeObject[], options: ScopeAuditOptions): ScopeViolation[] {
  const whole = evaluateOne(check, objects, options);
  if (check.scope === 'object') {
    // in inventory order, one object at a time, as the scan's early batches and the watch judge them
    const alone = objects.flatMap((object) => evaluateOne(check, [object], options));
    if (JSON.stringify(alone) === JSON.stringify(whole)) return [];
    const first = objects.find((object) => {
      const own = JSON.stringify(canonical(evaluateOne(check, [object], options)));
      const within = JSON.stringify(canonical(whole.filter((finding) => sameObject(finding, object))));
      return own !== within;
    });
    return [{ checkId: check.id, subject: first ? describeObject(first) : '(order)', problem: "declared scope 'object' but judging each object alone gives other results than judging the whole inventory" }];
  }
  const kinds = neededKinds(check);
  const namespaces = new Set<string>();
  for (const object of objects) {
    if (object.namespace !== undefined) namespaces.add(object.namespace);
    else if (object.kind === 'Namespace') namespaces.add(object.name);
  }
  const violations: ScopeViolation[] = [];
  const judged: Finding[] = [];
  for (const namespace of namespaces) {
    const slice = evaluateOne(check, objects.filter((object) => inNamespaceSlice(object, namespace, kinds)), options);
    judged.push(...slice);
    const within = whole.filter((finding) => findingNamespace(finding) === namespace);
    if (JSON.stringify(canonical(slice)) !== JSON.stringify(canonical(within))) {
      violations.push({ checkId: check.id, subject: `namespace ${namespace}`, problem: "declared scope 'namespace' but judging the namespace's slice gives other results than judging the whole inventory" });
    }
  }
  if (violations.length === 0 && JSON.stringify(canonical(judged)) !== JSON.stringify(canonical(whole))) {
    violations.push({ checkId: check.id, subject: '(all namespaces)', problem: "declared scope 'namespace' but the namespace slices together give other results than the whole inventory" });
  }
  return violations;
}

function sameObject(finding: Finding, object: KubeObject): boolean {
  const ref = finding.resource;
  return !('arn' in ref) && ref.kind === object.kind && ref.name === object.name && ref.namespace === object.namespace;
}

/**
 * What an object or namespace unit never carries, whatever the objects: AWS records (the watch
 * judges those units on Kubernetes objects alone) and the other checks' results.
 */
function declarationViolations(check: Check): ScopeViolation[] {
  const violations: ScopeViolation[] = [];
  const aws = [...check.needs, ...(check.reads ?? [])].filter((key) => key.startsWith('aws:'));
  if (aws.length > 0) violations.push({ checkId: check.id, subject: '(declaration)', problem: `declared scope '${check.scope}' but reads AWS data (${aws.join(', ')}), which its units do not carry` });
  if (check.stage === 'findings') violations.push({ checkId: check.id, subject: '(declaration)', problem: `declared scope '${check.scope}' but reads the results of every other check (stage 'findings')` });
  return violations;
}

/** Every way the check's declaration or its behaviour on these objects contradicts its declared scope (none for an undeclared scope). */
export function auditScope(check: Check, objects: readonly KubeObject[], options: ScopeAuditOptions): ScopeViolation[] {
  if (check.scope === undefined) return [];
  return [...declarationViolations(check), ...readViolations(check, objects, options), ...sliceViolations(check, objects, options)];
}
