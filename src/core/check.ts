import type { AttackPath } from './attack-path.js';
import type { Inventory } from './inventory.js';
import type { FixOptions, FixOutcome } from './patch.js';
import type { FieldPath } from './field-path.js';
import type { MessageData, MessageRef } from './message.js';
import type { Area, Finding, Location, ResourceRef, Severity } from './types.js';

/** One thing a check judges: a workload, a Kubernetes object, an AWS resource, a namespace. */
export interface Subject<S> {
  readonly ref: ResourceRef;
  readonly value: S;
  readonly location?: Location;
  /** annotations that may carry `eksguard.io/ignore.<ID>` suppressions */
  readonly annotations?: Readonly<Record<string, string>>;
  /** prefix for paths reported by checks, for example `spec.template.spec` */
  readonly pathPrefix?: string;
  /** where a reported path (prefix joined) is written in the subject's object, when the subject is assembled from several places of it */
  readonly placeOf?: (path: FieldPath) => FieldPath;
  /** the exact location of a field path, where the source can tell */
  readonly locate?: (path: string) => Location | undefined;
  /**
   * Set when the customer does not own the subject (an add-on AWS ships and manages): its
   * failures are reported `suppressed` with this reason unless the settings ask to judge them.
   */
  readonly managedBy?: string;
}

/** Selects the subjects of one kind from an inventory. */
export interface Target<S> {
  readonly id: string;
  /**
   * The Kubernetes kinds its subjects come from (`[]` for AWS records); absent when any object
   * may yield one (namespaces are implied by every namespaced object). Admission runs, for an
   * object of one kind, only the checks whose target can select it.
   */
  readonly kinds?: readonly string[];
  /**
   * Also selects objects of custom resources (a group Kubernetes does not serve) of any kind, as
   * the workloads target finds the pod templates of CloneSets, RayClusters or JobSets: admission
   * runs it for every custom resource a webhook rule sends.
   */
  readonly customKinds?: boolean;
  select(inventory: Inventory, ctx: CheckContext): readonly Subject<S>[];
}

export type PssLevel = 'baseline' | 'restricted';

export interface CheckSettings {
  pssLevel: PssLevel;
  /** `latest` or `v1.N` */
  pssVersion: string;
  /** report failures of subjects someone else manages (AWS add-ons) as `suppressed` (default true) */
  suppressManaged?: boolean;
  /** AWS accounts besides a resource's own that its resource policies may grant access to (config `trustedAccounts`) */
  trustedAccounts?: readonly string[];
  /** config `registries`: the approved registries K8S-WL-012 judges images against; absent: no list, the check is skipped */
  approvedRegistries?: readonly string[];
}

export interface CheckContext {
  readonly now: Date;
  readonly settings: CheckSettings;
  readonly inventory: Inventory;
  /** reference data (version calendars, AMI releases), keyed by name; readers live next to their models */
  readonly reference: Readonly<Record<string, unknown>>;
  /** computes a derived view of the inventory once per run */
  memo<T>(key: string, build: () => T): T;
  /**
   * The failed and suppressed results of every check that ran before: set only for checks of
   * stage `findings` (attack paths cite the findings their steps rest on).
   */
  readonly findings?: readonly Finding[];
}

/**
 * Thrown while a check reads a value its source cannot know yet (a Terraform plan's value known
 * only after apply, a CloudFormation parameter without a value). The engine reports the subject
 * `skipped` with this message: a verdict resting on an unknown value is never a pass or a fail.
 */
export class UnknownValueError extends Error {
  override readonly name = 'UnknownValue';
}

export type VerdictStatus = 'fail' | 'pass' | 'not-applicable' | 'skipped';

export interface Verdict {
  status: VerdictStatus;
  /**
   * The words of a pass, not-applicable or skipped verdict. A failure names a message of the
   * check instead (`messageId` and `data`) and the engine renders it.
   */
  message?: string;
  /** the key of the check's `messages` this failure reports */
  messageId?: string;
  /** the values of the message's placeholders, inserted verbatim (never read as a template) */
  data?: MessageData;
  /** further offences of the same failure, listed after the first in the rendered message */
  more?: readonly MessageRef[];
  /** how many further offences were left out of `more`, so one hostile object cannot make a message unbounded */
  omitted?: number;
  /** field path inside the subject, relative to the subject's pathPrefix unless absolute */
  path?: string;
  /** a path that is already absolute from the object's root */
  absolutePath?: boolean;
  /** overrides the check's severity for this verdict (for example a graded finding) */
  severity?: Severity;
  /** the attack path this verdict reports (EKS-PATH-*): the report lists it in its `paths` section */
  attackPath?: Omit<AttackPath, 'status' | 'severity' | 'checkId' | 'suppression'>;
}

/** What a failing verdict reports: one of the check's messages, the field it points at, and what else it overrides. */
export interface FailureReport extends MessageRef {
  /** built with fieldPath()/childPath(), relative to the subject's path prefix unless `absolutePath` */
  path?: FieldPath;
  absolutePath?: boolean;
  severity?: Severity;
  more?: readonly MessageRef[];
  omitted?: number;
  attackPath?: Verdict['attackPath'];
}

export const pass = (message = 'ok'): Verdict => ({ status: 'pass', message });
export const notApplicable = (message = 'not applicable'): Verdict => ({ status: 'not-applicable', message });

/** A failing verdict: `fail({ messageId: 'privileged', data: { container }, path })`. */
export function fail(report: FailureReport): Verdict {
  return { status: 'fail', ...report };
}

/** Manifests (YAML text, one or more documents) for which a check must pass or fail. */
export interface CheckExamples {
  pass: readonly string[];
  fail: readonly string[];
  /** the settings under which the examples hold, when not the defaults (restricted, latest) */
  settings?: Partial<CheckSettings>;
}

/**
 * Whether the admission webhook runs a check, and why, in the check's own words: `judges` names
 * what one admitted object gives it; `scanOnly` names what one admission request lacks. A webhook
 * sees one object, so a check that joins objects or reads AWS or Node data would judge half a
 * picture. docs/admission.md's tables are generated from these.
 */
export type AdmissionUse = { readonly judges: string } | { readonly scanOnly: string };

/** Every check that reads only AWS data is scan-only, for the same reason: it needs no declaration. */
export const AWS_ONLY_ADMISSION: AdmissionUse = Object.freeze({ scanOnly: 'judges the AWS account, which no admission request carries' });

export interface CheckDefinition<S> {
  id: string;
  title: string;
  area: Area;
  severity: Severity;
  target: Target<S>;
  /** data keys the check reads, for example `kube:Pod` or `aws:eks:DescribeCluster`; a gap on any of them skips the check */
  needs: readonly string[];
  /**
   * More data keys the check reads when a source has them: sources collect them as they do
   * `needs`, but a gap on one does not skip the whole check; the check judges what it lacks
   * (an attack path is `skipped` naming the data it misses).
   */
  reads?: readonly string[];
  rationale: string;
  remediation: string;
  /**
   * The check's failure messages by stable ID, with `{{name}}` placeholders its verdicts fill
   * (`data`). IDs are part of the report contract: rename one only as a breaking change.
   */
  messages?: Readonly<Record<string, string>>;
  references: readonly string[];
  /**
   * external controls, as `"<framework> <control>"`. Controls of the frameworks in src/frameworks
   * are never written here: the registry derives them from the framework data.
   */
  standards: readonly string[];
  /** defaults to true; false for noisy, opinionated checks */
  enabledByDefault?: boolean;
  /**
   * `object` when a subject's verdicts depend on nothing but the object it comes from and the
   * settings, and the target selects subjects object by object in inventory order: such a check
   * may run on each file's objects as they are read.
   * `namespace` when the subjects are a namespace's objects (or the Namespace itself) and their
   * verdicts depend on nothing but that namespace's objects, its Namespace object and
   * cluster-scoped objects of the kinds the check needs: `eksguard watch` re-judges only the
   * namespace a change is in.
   * Left out, the check sees the whole inventory. Neither scope may read AWS data or other
   * checks' results. test/scope-audit.test.ts verifies every declaration (ADR 0003).
   */
  scope?: 'object' | 'namespace';
  /**
   * `findings` when the check reads the results of the other checks (`ctx.findings`): it runs
   * after all of them. Left out, the check runs with the others, in registry order.
   */
  stage?: 'findings';
  /** required for a check that reads Kubernetes data; derived (scan only) for one that reads only AWS data */
  admission?: AdmissionUse;
  examples: CheckExamples;
  evaluate(subject: S, ctx: CheckContext, meta: Subject<S>): Verdict | readonly Verdict[];
  /**
   * For a subject this check fails: the smallest safe change that makes it pass (paths relative
   * to the subject's path prefix, like verdicts), or a suggestion when no change is safe to make
   * mechanically; undefined when there is nothing to change. Pure, like evaluate: `eksguard fix`
   * applies and proves it (see src/fix/).
   */
  fix?(subject: S, ctx: CheckContext, options: FixOptions): FixOutcome | undefined;
}

export type Check = CheckDefinition<any>;

/**
 * A check's admission use: declared, or derived for a check whose needs are all AWS data keys.
 * Undefined for an undeclared check that reads Kubernetes data (the catalogue test refuses it,
 * and the webhook does not run it).
 */
export function admissionUse(check: Pick<Check, 'admission' | 'needs'>): AdmissionUse | undefined {
  if (check.admission) return check.admission;
  if (check.needs.length > 0 && check.needs.every((need) => need.startsWith('aws:'))) return AWS_ONLY_ADMISSION;
  return undefined;
}

export function runsAtAdmission(check: Pick<Check, 'admission' | 'needs'>): boolean {
  const use = admissionUse(check);
  return use !== undefined && 'judges' in use;
}

const CHECK_ID = /^(PSS-[A-Za-z_]+|(K8S|EKS)-[A-Z]+-\d{3})$/;

/**
 * Examples as written in a check: the data, or a function that builds it. Examples that take
 * work to build (the AWS checks serialise snapshot YAML) are functions, so that loading a check
 * costs nothing for them: only the docs and the tests read `examples`, and the first read builds
 * them once.
 */
export type CheckExamplesSource = CheckExamples | (() => CheckExamples);

/** What a check module passes to `defineCheck`: a `CheckDefinition` whose examples may be built on first read. */
export type CheckDefinitionSource<S> = Omit<CheckDefinition<S>, 'examples'> & { examples: CheckExamplesSource };

export function defineCheck<S>(definition: CheckDefinitionSource<S>): CheckDefinition<S> {
  if (!CHECK_ID.test(definition.id)) throw new Error(`invalid check id ${definition.id}`);
  const { examples } = definition;
  if (typeof examples !== 'function') return Object.freeze(definition as CheckDefinition<S>);
  let built: CheckExamples | undefined;
  const check = Object.defineProperty({ ...definition }, 'examples', { enumerable: true, get: () => (built ??= Object.freeze(examples())) });
  return Object.freeze(check as CheckDefinition<S>);
}

/**
 * A copy of a check with some fields replaced. Unlike a spread, it keeps the examples a getter
 * (a spread would build them).
 */
export function withCheckFields<S>(check: CheckDefinition<S>, fields: Partial<Omit<CheckDefinition<S>, 'examples'>>): CheckDefinition<S> {
  const descriptors: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(check);
  for (const [key, value] of Object.entries(fields)) descriptors[key] = { value, enumerable: true };
  return Object.freeze(Object.defineProperties({}, descriptors) as CheckDefinition<S>);
}
