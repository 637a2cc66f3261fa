import { asRecord } from '../core/inventory.js';
import type { PolicyStatement } from './models.js';

/**
 * IAM policy documents arrive three ways: URL-encoded JSON (SDK v3, the raw API),
 * a JSON object (the AWS CLI decodes it), or plain JSON text (hand-written snapshots).
 * Returns undefined when none of them parses.
 */
export function decodePolicyDocument(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return asRecord(value);
  for (const text of decodings(value)) {
    try {
      const parsed = asRecord(JSON.parse(text));
      if (parsed) return parsed;
    } catch {
      // try the next decoding
    }
  }
  return undefined;
}

function decodings(value: string): string[] {
  const out = [value];
  try {
    out.push(decodeURIComponent(value));
  } catch {
    // not URL-encoded
  }
  return out;
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

function principalsOf(value: unknown): Record<string, string[]> {
  if (value === '*') return { '*': ['*'] };
  const map = asRecord(value);
  if (!map) return {};
  const out: Record<string, string[]> = {};
  for (const [type, ids] of Object.entries(map)) out[type] = stringsOf(ids);
  return out;
}

function conditionsOf(value: unknown): Record<string, Record<string, string[]>> {
  const map = asRecord(value);
  if (!map) return {};
  const out: Record<string, Record<string, string[]>> = {};
  for (const [operator, block] of Object.entries(map)) {
    const keys = asRecord(block);
    if (!keys) continue;
    const entries: Record<string, string[]> = {};
    // condition keys are case-insensitive in IAM; values are matched as written
    for (const [key, values] of Object.entries(keys)) entries[key.toLowerCase()] = stringsOf(values).concat(booleansAsText(values));
    out[operator] = entries;
  }
  return out;
}

function booleansAsText(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item) => typeof item === 'boolean' || typeof item === 'number').map(String);
}

/** The statements of a policy document, each normalised; an unreadable document has none. */
export function policyStatements(document: unknown): PolicyStatement[] {
  const doc = decodePolicyDocument(document);
  if (!doc) return [];
  const raw = doc['Statement'];
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out: PolicyStatement[] = [];
  for (const item of items) {
    const statement = asRecord(item);
    if (!statement) continue;
    out.push({
      effect: typeof statement['Effect'] === 'string' ? statement['Effect'] : '',
      actions: stringsOf(statement['Action']),
      notActions: stringsOf(statement['NotAction']),
      resources: stringsOf(statement['Resource']),
      ...(statement['NotResource'] !== undefined ? { notResources: stringsOf(statement['NotResource']) } : {}),
      principals: principalsOf(statement['Principal']),
      conditions: conditionsOf(statement['Condition']),
    });
  }
  return out;
}

/** True when an Allow statement grants every action on every resource (`*:*` style admin). */
export function grantsEverything(statement: PolicyStatement): boolean {
  return (
    statement.effect === 'Allow' &&
    statement.actions.some((action) => action === '*' || action === '*:*') &&
    statement.resources.some((resource) => resource === '*')
  );
}

/** Condition values for a key under any of the given operators (operator names compared case-sensitively, as IAM does). */
export function conditionValues(statement: PolicyStatement, operators: readonly string[], key: string): string[] {
  const out: string[] = [];
  for (const operator of operators) out.push(...(statement.conditions[operator]?.[key.toLowerCase()] ?? []));
  return out;
}
