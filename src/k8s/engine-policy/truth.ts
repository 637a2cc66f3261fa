/**
 * Three-valued answers for policies of CNI engines (Cilium, Calico): what eksguard can tell
 * from the input is `true` or `false`; `undefined` means it cannot tell (a label of the
 * namespace or ServiceAccount that the input does not carry, a rule field it does not read).
 * Callers never turn `undefined` into a pass: a policy eksguard cannot fully read counts as
 * covering nothing and as admitting whatever it might admit.
 */
export type Truth = boolean | undefined;

/** Kleene conjunction: false wins, then unknown. */
export function and(values: Iterable<Truth>): Truth {
  let unknown = false;
  for (const value of values) {
    if (value === false) return false;
    if (value === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

/** Kleene disjunction: true wins, then unknown. */
export function or(values: Iterable<Truth>): Truth {
  let unknown = false;
  for (const value of values) {
    if (value === true) return true;
    if (value === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

export function not(value: Truth): Truth {
  return value === undefined ? undefined : !value;
}

/**
 * A label as a policy engine sees it on a pod: its value, `null` when the pod certainly does
 * not carry it, `undefined` when eksguard cannot know.
 */
export type LabelLookup = (key: string) => string | null | undefined;

/** What eksguard knows of one pod (or of every pod of a namespace) as a policy engine sees it. */
export interface PodFacts {
  /** the namespace key (see namespace-scope.ts) */
  readonly namespaceKey: string;
  /** the namespace name, undefined when the input leaves it unset */
  readonly namespaceName: string | undefined;
  /** the pod's own labels; undefined when asking about every pod of the namespace */
  readonly podLabels: Readonly<Record<string, string>> | undefined;
  /** labels of the Namespace object, undefined when the input does not carry it */
  readonly namespaceLabels: Readonly<Record<string, string>> | undefined;
  /** the pod's ServiceAccount name, undefined when asking about every pod */
  readonly serviceAccount: string | undefined;
}

/** A label of a map that is known in full: its value or null. */
export function known(labels: Readonly<Record<string, string>> | undefined, key: string): string | null | undefined {
  if (labels === undefined) return undefined;
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key]! : null;
}
