import { describe, expect, it } from 'vitest';
import { isPlainKey, keyOf, locatePathLine, parsePath, startsWithPlainKey } from './locate-path.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx
        securityContext:
          privileged: true
      - name: sidecar
        image: "envoy:1"   # comment
        ports:
          - containerPort: 80
            hostPort: 80
      volumes:
        - name: data
          hostPath:
            path: /var/run/docker.sock
`;

describe('locatePathLine', () => {
  it('parses dotted paths with indexes', () => {
    expect(parsePath('spec.containers[1].ports[0].hostPort')).toEqual(['spec', 'containers', 1, 'ports', 0, 'hostPort']);
  });

  it('finds keys and sequence items at the same indentation as their parent key', () => {
    expect(locatePathLine(deployment, 'spec.template.spec.containers[0].securityContext.privileged')).toBe(13);
    expect(locatePathLine(deployment, 'spec.template.spec.containers[1].image')).toBe(15);
    expect(locatePathLine(deployment, 'spec.template.spec.containers[1]')).toBe(14);
  });

  it('finds indented sequence items', () => {
    expect(locatePathLine(deployment, 'spec.template.spec.containers[1].ports[0].hostPort')).toBe(18);
    expect(locatePathLine(deployment, 'spec.template.spec.volumes[0].hostPath.path')).toBe(22);
  });

  it('falls back to the deepest ancestor found', () => {
    expect(locatePathLine(deployment, 'spec.template.metadata.labels.app')).toBe(7);
    expect(locatePathLine(deployment, 'spec.template.spec.containers[5].image')).toBe(9);
    expect(locatePathLine(deployment, 'nothing.here')).toBeUndefined();
  });

  it('does not confuse a key inside a block scalar with a field', () => {
    const text = `data:\n  script: |\n    name: fake\n  name: real\n`;
    expect(locatePathLine(text, 'data.name')).toBe(3);
  });

  it('handles quoted keys and Windows line ends', () => {
    expect(locatePathLine('metadata:\r\n  "name": x\r\n', 'metadata.name')).toBe(1);
  });
});

describe('startsWithPlainKey', () => {
  const pieces = ['a', 'b', 'name', ' ', '  ', '\t', '\u00a0', ':', '#', '"', "'", '-', 'x:y', '\u2028', 'é', '1'];
  const texts: string[] = [];
  const keys: string[] = [];
  // every string of up to four pieces: lines with spaces, colons and hashes in every place; keys of up to two pieces
  const grow = (prefix: string, depth: number): void => {
    texts.push(prefix);
    if (depth <= 2) keys.push(prefix);
    if (depth === 4) return;
    for (const piece of pieces) grow(prefix + piece, depth + 1);
  };
  grow('', 0);

  it('reads a plain key exactly as the key regex does', () => {
    const plainKeys = keys.filter(isPlainKey);
    expect(plainKeys.length).toBeGreaterThan(50);
    let matches = 0;
    for (const text of texts) {
      if (text.startsWith('"') || text.startsWith("'")) continue;
      const expected = keyOf(text);
      for (const key of plainKeys) {
        const actual = startsWithPlainKey(`>>${text}<<`, 2, text.length + 2, key);
        if (actual !== (expected === key)) expect({ text, key, actual }).toEqual({ text, key, actual: expected === key });
        if (actual) matches += 1;
      }
    }
    expect(matches).toBeGreaterThan(1000);
  });

  it('knows which keys are plain', () => {
    expect(isPlainKey('name')).toBe(true);
    expect(isPlainKey('a b')).toBe(true);
    expect(isPlainKey('a:b')).toBe(false);
    expect(isPlainKey('a#b')).toBe(false);
    expect(isPlainKey(' a')).toBe(false);
    expect(isPlainKey('a\u00a0')).toBe(false);
    expect(isPlainKey('')).toBe(false);
  });

  it('finds the items of a long list in any order, keeping only the last item searched', () => {
    const items = Array.from({ length: 3_000 }, (_, i) => `- kind: Pod\n  metadata:\n    name: p${i}\n  spec:\n    containers:\n    - name: a\n    - name: b\n      image: x`);
    const text = `kind: List\nitems:\n${items.join('\n')}\n`;
    const document = {};
    // every item is 8 lines; item i starts on line 2 + 8i (0-based)
    const line = (i: number, offset: number): number => 2 + 8 * i + offset;
    for (const i of [0, 2_999, 1_500, 1_500, 7, 2_998]) {
      expect(locatePathLine(text, `items[${i}].metadata.name`, document)).toBe(line(i, 2));
      expect(locatePathLine(text, `items[${i}].spec.containers[1].image`, document)).toBe(line(i, 7));
      expect(locatePathLine(text, `items[${i}].spec.containers[0].name`, document)).toBe(line(i, 5));
    }
    expect(locatePathLine(text, 'items[3000].metadata', document)).toBe(1);
  });
});
