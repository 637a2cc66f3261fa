import { describe, expect, it } from 'vitest';
import { keyPath } from '../k8s/fields.js';
import { childPath, fieldPath, joinPaths, ROOT } from './field-path.js';

describe('field paths', () => {
  it('renders names with dots and indexes in brackets', () => {
    expect(fieldPath('spec', 'containers', 0, 'securityContext')).toBe('spec.containers[0].securityContext');
    expect(fieldPath('volumes', 3)).toBe('volumes[3]');
    expect(fieldPath()).toBe(ROOT);
  });

  it('writes a key holding a dot, a bracket or a quote, or an empty key, as a JSON string in brackets', () => {
    expect(fieldPath('data', 'tls.key')).toBe('data["tls.key"]');
    expect(fieldPath('metadata', 'annotations', 'a[0]"b')).toBe('metadata.annotations["a[0]\\"b"]');
    expect(fieldPath('data', '')).toBe('data[""]');
    expect(fieldPath('x.y')).toBe('["x.y"]');
  });

  it('renders map keys exactly as keyPath (K8S-DATA-002, locate()) always has', () => {
    for (const key of ['username', 'tls.key', 'a]b', 'say "hi"', '', 'ünïcode', 'with space']) {
      expect(fieldPath('data', key)).toBe(keyPath('data', key));
    }
  });

  it('extends a path already built without re-escaping it', () => {
    const container = fieldPath('containers', 1);
    expect(childPath(container, 'env', 2, 'valueFrom', 'secretKeyRef')).toBe('containers[1].env[2].valueFrom.secretKeyRef');
    expect(childPath(fieldPath('data', 'a.b'), 'c')).toBe('data["a.b"].c');
  });

  it('joins two rendered paths, either of which may be the root', () => {
    expect(joinPaths(fieldPath('spec', 'template'), fieldPath('metadata', 'annotations'))).toBe('spec.template.metadata.annotations');
    expect(joinPaths(fieldPath('data'), fieldPath('a.b'))).toBe('data["a.b"]');
    expect(joinPaths(ROOT, fieldPath('x'))).toBe('x');
    expect(joinPaths(fieldPath('x'), ROOT)).toBe('x');
  });

  it('refuses an index that is not a non-negative integer', () => {
    expect(() => fieldPath('containers', -1)).toThrow(RangeError);
    expect(() => fieldPath('containers', 1.5)).toThrow(RangeError);
  });
});
