import { describe, expect, it } from 'vitest';
import { UnknownValueError } from '../core/check.js';
import { unknownFieldsOf, withUnknowns } from './unknown.js';

describe('models with fields known only after apply', () => {
  const model = withUnknowns(
    { name: 'prod', publicAccessCidrs: ['10.0.0.0/8'], metadata: { httpTokens: 'required', hopLimit: 2 }, nested: { deep: { value: 1 } } },
    new Map([
      ['publicAccessCidrs', 'cidrs are known only after apply'],
      ['metadata.hopLimit', 'hop limit is known only after apply'],
    ]),
  );

  it('read like the model wherever the value is known, nested objects included', () => {
    expect(model.name).toBe('prod');
    expect(model.metadata.httpTokens).toBe('required');
    expect(model.nested.deep.value).toBe(1);
  });

  it('throw UnknownValueError with the reason when an unknown field is read, at any depth', () => {
    expect(() => model.publicAccessCidrs).toThrow(UnknownValueError);
    expect(() => model.publicAccessCidrs).toThrow('cidrs are known only after apply');
    expect(() => model.metadata.hopLimit).toThrow('hop limit is known only after apply');
  });

  it('say which fields are unknown without reading them, and leave a model without unknowns as it is', () => {
    expect([...unknownFieldsOf(model).keys()]).toEqual(['publicAccessCidrs', 'metadata.hopLimit']);
    const plain = { a: 1 };
    expect(withUnknowns(plain, new Map())).toBe(plain);
    expect(unknownFieldsOf(plain).size).toBe(0);
  });
});
