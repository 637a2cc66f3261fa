import { describe, expect, it } from 'vitest';
import { keyPath } from '../k8s/fields.js';
import { childPath, fieldPath, joinPaths, listItem, parseFieldPath, ROOT, type PathSegment } from './field-path.js';

describe('field paths', () => {
  it('renders names with dots and indexes in brackets', () => {
    expect(fieldPath('spec', 'containers', 0, 'securityContext')).toBe('spec.containers[0].securityContext');
    expect(fieldPath('volumes', 3)).toBe('volumes[3]');
    expect(fieldPath()).toBe(ROOT);
  });

  it('renders any list position, in and beyond the positions rendered in advance', () => {
    expect([0, 63, 64, 1000].map((index) => fieldPath('items', index))).toEqual(['items[0]', 'items[63]', 'items[64]', 'items[1000]']);
    expect(() => fieldPath('items', -1)).toThrow(RangeError);
    expect(() => fieldPath('items', 1.5)).toThrow(RangeError);
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

  it('names an element of a list keyed by ID by that ID, as a JSON string after the key field', () => {
    expect(fieldPath('SecurityGroups', listItem('GroupId', 'sg-0abc'), 'IpPermissions')).toBe('SecurityGroups[GroupId="sg-0abc"].IpPermissions');
    // IDs from infrastructure code hold dots, brackets and quotes: they stay inside the one segment
    expect(fieldPath('SecurityGroups', listItem('GroupId', 'aws_security_group.nodes["a"]'))).toBe('SecurityGroups[GroupId="aws_security_group.nodes[\\"a\\"]"]');
    expect(childPath(fieldPath('SecurityGroups', listItem('GroupId', 'x')), 0)).toBe('SecurityGroups[GroupId="x"][0]');
  });

  it('refuses a key field that is not a plain name', () => {
    expect(() => listItem('Group.Id', 'sg-1')).toThrow(RangeError);
    expect(() => listItem('', 'sg-1')).toThrow(RangeError);
    expect(() => listItem('a"]', 'sg-1')).toThrow(RangeError);
  });
});

describe('parseFieldPath', () => {
  const hostile = ['sg-0abc', 'tls.key', 'a]b', 'say "hi"', '', 'back\\slash', 'a=b', '[GroupId="x"]', 'eksctl-prod-nodegroup-ng/SSH', 'module.x.aws_security_group.y["k"]', 'ünïcode', '\u0000\n'];

  it('reads back every path the builders render, whatever the keys hold', () => {
    const cases: PathSegment[][] = [
      [],
      ['spec', 'containers', 0, 'image'],
      ['x.y'],
      [3, 'a'],
      ...hostile.map((key): PathSegment[] => ['data', key, 'next']),
      ...hostile.map((id): PathSegment[] => ['SecurityGroups', listItem('GroupId', id), 'IpPermissions', 2]),
      [listItem('name', 'web'), listItem('name', 'db')],
    ];
    for (const segments of cases) expect(parseFieldPath(fieldPath(...segments)), fieldPath(...segments)).toEqual(segments);
  });

  it('refuses text that no builder renders', () => {
    for (const text of ['SecurityGroups[sg-1].IpPermissions', 'a.', '.a', 'a..b', 'a[0]b', 'a[-1]', 'a["x]', 'a["\\q"]', 'a[Group.Id="x"]', 'a[99999999999999999999]', 'a[]']) {
      expect(parseFieldPath(text), text).toBeUndefined();
    }
  });
});
