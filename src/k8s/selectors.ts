import { asRecord, list, str } from './fields.js';

/**
 * Kubernetes label selectors (`metav1.LabelSelector`: matchLabels and
 * matchExpressions), evaluated as the API server does in
 * `metav1.LabelSelectorAsSelector`:
 *
 * - a missing or null selector selects nothing; an empty `{}` selects everything;
 * - every matchLabels pair and every expression must hold (AND);
 * - `In` and `NotIn` need at least one value; `Exists` and `DoesNotExist` take none;
 * - `NotIn` also matches objects that do not have the key at all;
 * - an invalid selector is an error: callers decide what that means (the
 *   ClusterRole aggregation controller, for example, then aggregates nothing).
 *
 * Selectors from manifests are read leniently where Kubernetes would coerce
 * nothing but a human would: numbers and booleans in label values become strings.
 */

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

export interface LabelSelector {
  /** true for a null or missing selector: matches no object */
  readonly nothing: boolean;
  readonly requirements: readonly SelectorRequirement[];
}

export type SelectorResult = { readonly ok: true; readonly selector: LabelSelector } | { readonly ok: false; readonly reason: string };

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export const SELECT_NOTHING: LabelSelector = Object.freeze({ nothing: true, requirements: Object.freeze([]) });

function scalarString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function isOperator(value: unknown): value is SelectorOperator {
  return typeof value === 'string' && (OPERATORS as readonly string[]).includes(value);
}

function compileExpression(raw: unknown, index: number): SelectorRequirement | string {
  const expression = asRecord(raw);
  if (!expression) return `matchExpressions[${index}] is not an object`;
  const key = str(expression['key']);
  if (!key) return `matchExpressions[${index}].key is missing`;
  const operator = expression['operator'];
  if (!isOperator(operator)) return `matchExpressions[${index}].operator ${JSON.stringify(operator ?? null)} is not In, NotIn, Exists or DoesNotExist`;
  const rawValues = expression['values'];
  if (rawValues !== undefined && rawValues !== null && !Array.isArray(rawValues)) return `matchExpressions[${index}].values is not a list`;
  const values: string[] = [];
  for (const value of list(rawValues)) {
    const text = scalarString(value);
    if (text === undefined) return `matchExpressions[${index}].values holds a non-scalar value`;
    values.push(text);
  }
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    return `matchExpressions[${index}]: operator ${operator} needs at least one value`;
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    return `matchExpressions[${index}]: operator ${operator} takes no values`;
  }
  return { key, operator, values };
}

/** Compiles a `metav1.LabelSelector` value (or null/undefined) once, for matching many objects. */
export function compileLabelSelector(raw: unknown): SelectorResult {
  if (raw === undefined || raw === null) return { ok: true, selector: SELECT_NOTHING };
  const selector = asRecord(raw);
  if (!selector) return { ok: false, reason: 'selector is not an object' };
  const requirements: SelectorRequirement[] = [];
  const matchLabels = selector['matchLabels'];
  if (matchLabels !== undefined && matchLabels !== null) {
    const labels = asRecord(matchLabels);
    if (!labels) return { ok: false, reason: 'matchLabels is not a map' };
    for (const [key, value] of Object.entries(labels)) {
      const text = scalarString(value);
      if (text === undefined) return { ok: false, reason: `matchLabels.${key} is not a string` };
      requirements.push({ key, operator: 'In', values: [text] });
    }
  }
  const matchExpressions = selector['matchExpressions'];
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return { ok: false, reason: 'matchExpressions is not a list' };
    for (const [index, expression] of matchExpressions.entries()) {
      const compiled = compileExpression(expression, index);
      if (typeof compiled === 'string') return { ok: false, reason: compiled };
      requirements.push(compiled);
    }
  }
  return { ok: true, selector: { nothing: false, requirements } };
}

function holds(requirement: SelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return present && requirement.values.includes(labels[requirement.key]!);
    case 'NotIn':
      return !present || !requirement.values.includes(labels[requirement.key]!);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}

/** True when an object with these labels is selected. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  if (selector.nothing) return false;
  return selector.requirements.every((requirement) => holds(requirement, labels));
}

/** Label pairs every selected object must carry (from matchLabels and single-value `In`): lets callers index candidates. */
export function requiredLabelPairs(selector: LabelSelector): [string, string][] {
  return selector.requirements
    .filter((requirement) => requirement.operator === 'In' && requirement.values.length === 1)
    .map((requirement) => [requirement.key, requirement.values[0]!]);
}

/** The selector in kubectl's `-l` syntax, for messages: `app=web,tier in (a,b),!legacy`. */
export function formatLabelSelector(selector: LabelSelector): string {
  if (selector.nothing) return '<none>';
  if (selector.requirements.length === 0) return '<everything>';
  return selector.requirements
    .map((requirement) => {
      switch (requirement.operator) {
        case 'In':
          return requirement.values.length === 1 ? `${requirement.key}=${requirement.values[0]}` : `${requirement.key} in (${requirement.values.join(',')})`;
        case 'NotIn':
          return `${requirement.key} notin (${requirement.values.join(',')})`;
        case 'Exists':
          return requirement.key;
        case 'DoesNotExist':
          return `!${requirement.key}`;
      }
    })
    .join(',');
}
