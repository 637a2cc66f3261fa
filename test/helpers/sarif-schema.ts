import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default import is the module object's default.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schemaFile = path.resolve(import.meta.dirname, '../fixtures/sarif/sarif-schema-2.1.0.json');

let validator: ReturnType<Ajv['compile']> | undefined;

/** Validates a parsed SARIF log against the official 2.1.0 schema; returns the schema errors (empty when valid). */
export function sarifSchemaErrors(sarif: unknown): unknown[] {
  validator ??= addFormats(new Ajv({ allErrors: true, strict: false })).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  return validator(sarif) ? [] : [...(validator.errors ?? [])];
}
