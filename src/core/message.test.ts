import { describe, expect, it } from 'vitest';
import { MessageError, placeholders, renderMessage, verdictMessage, messageRenderer } from './message.js';

describe('renderMessage', () => {
  it('fills every placeholder, with or without spaces inside the braces', () => {
    expect(renderMessage('{{container}} uses {{ image }}', { container: 'container "web"', image: 'nginx' })).toBe('container "web" uses nginx');
    expect(renderMessage('{{count}} roles', { count: 3 })).toBe('3 roles');
  });

  it('never reads a value as a template: attacker text with {{x}} or $& stays as written', () => {
    expect(renderMessage('{{a}} and {{b}}', { a: '{{b}}', b: '$& $1 {{a}}' })).toBe('{{b}} and $& $1 {{a}}');
  });

  it('throws on a placeholder without data and on data without a placeholder', () => {
    expect(() => renderMessage('{{missing}} here', {})).toThrow(MessageError);
    expect(() => renderMessage('{{missing}} here', {})).toThrow(/\{\{missing\}\}/);
    expect(() => renderMessage('no placeholders', { extra: 'x' })).toThrow(/no placeholder for extra/);
  });

  it('does not take a data key from the object prototype', () => {
    expect(() => renderMessage('{{toString}}', {})).toThrow(MessageError);
  });

  it('lists the placeholders of a template once each', () => {
    expect(placeholders('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });
});

describe('verdictMessage', () => {
  const messages = { one: 'first {{x}}', two: 'then {{y}}' };

  it('renders the first message, the further ones and the count left out', () => {
    expect(verdictMessage('K8S-X-001', messages, { messageId: 'one', data: { x: 'a' }, more: [{ messageId: 'two', data: { y: 'b' } }], omitted: 4 })).toBe('first a; then b; and 4 more');
  });

  it('throws on an ID the check does not declare, naming the check', () => {
    expect(() => verdictMessage('K8S-X-001', messages, { messageId: 'three' })).toThrow(/K8S-X-001 has no message "three"/);
    expect(() => verdictMessage('K8S-X-001', undefined, { messageId: 'one', data: { x: 'a' } })).toThrow(MessageError);
    expect(() => verdictMessage('K8S-X-001', messages, { messageId: 'constructor' })).toThrow(MessageError);
  });
});

describe('messageRenderer', () => {
  const messages = { pair: '{{a}} then {{b}} then {{a}}', plain: 'no data' };

  it('renders each message with its own data, whatever it rendered before', () => {
    const renderer = messageRenderer('T-1', messages);
    for (let round = 0; round < 3; round += 1) {
      expect(renderer.ref({ messageId: 'pair', data: { a: 'x', b: 'y' } })).toBe('x then y then x');
      expect(renderer.ref({ messageId: 'pair', data: { a: 'x', b: 'z' } })).toBe('x then z then x');
      expect(renderer.ref({ messageId: 'pair', data: { a: 1, b: 'y' } })).toBe('1 then y then 1');
      expect(renderer.ref({ messageId: 'plain' })).toBe('no data');
    }
  });

  it('checks the data of every render: a missing or an unused value throws', () => {
    const renderer = messageRenderer('T-1', messages);
    renderer.ref({ messageId: 'pair', data: { a: 'x', b: 'y' } });
    expect(() => renderer.ref({ messageId: 'pair', data: { a: 'x' } })).toThrow(MessageError);
    expect(() => renderer.ref({ messageId: 'pair', data: { a: 'x', b: 'new', c: 'extra' } })).toThrow(/no placeholder for c/);
  });

});
