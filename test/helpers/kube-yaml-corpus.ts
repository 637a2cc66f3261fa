/**
 * A seeded corpus of manifest streams for the differential test against kubectl's reader: every
 * scalar form YAML 1.1 and Go give meaning to, in every quoting and tag, as values and as keys;
 * merge keys in every order; anchors and aliases; byte-order marks; CRLF; separators good and bad;
 * lists of every shape; JSON streams. Each stream is one file.
 */
import { mutate, pick, random } from './yaml-documents.js';

const BOOLEAN_FORMS = ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'yEs', 'tRue', 'oN', 'nO'];
const NULL_FORMS = ['~', 'null', 'Null', 'NULL', 'nULL', ''];
const INTEGER_FORMS = [
  '0', '1', '-1', '+1', '00', '0777', '-0777', '08', '09', '0o17', '0O17', '0o8', '0x1F', '0X1f', '-0x1F', '+0x1f', '0x', '0xg', '0b101', '0B11', '-0b11', '0b2', '0b',
  '1_000', '0_0', '0x_1', '+_1', '-_1', '_1', '1_', '1__0', '0b_1', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
  '18446744073709551615', '18446744073709551616', '99999999999999999999999', '1000', '65535', '8_0', '0_8', '123456789012',
];
const FLOAT_FORMS = [
  '1.5', '.5', '+.5', '-.5', '1.', '-1.', '1.e5', '1e3', '1E3', '1e+3', '1e-3', '+1e3', '._5', '.5_0', '1_0.5', '1.5_0', '1e1_0', '1e400', '-1e400', '1e-400', '-0', '-0.0', '0.0', '+0.0',
  '.inf', '.Inf', '.INF', '-.inf', '+.inf', '-.Inf', '.nan', '.NaN', '.NAN', '.nAn', '.infinity', 'inf', 'nan', 'Infinity', '190:20:30', '1:2', '6.8523015e+5', '685.230_15e+03', '0x1p-2', '1.2.3', '--1', '+-1', '1-2', 'e3', '.e3', '.',
];
const STRING_FORMS = ['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10', '2001-02-30', '2001-12-14T21:59:43Z', 'foo', 'foo bar', 'x ~', 'a #b', 'http://x:80/a', '<<', '=', 'café', '😀', "it's", '100m', '128Mi'];
const ALL_SCALARS = [...BOOLEAN_FORMS, ...NULL_FORMS, ...INTEGER_FORMS, ...FLOAT_FORMS, ...STRING_FORMS];
/** Forms that make Kubernetes refuse the whole stream (NaN, infinities): drawn less often. */
const FATAL_FORMS = new Set(['.inf', '.Inf', '.INF', '-.inf', '+.inf', '-.Inf', '.nan', '.NaN', '.NAN']);
const COMMON_SCALARS = ALL_SCALARS.filter((form) => !FATAL_FORMS.has(form));
const TAGS = ['!!str', '!!int', '!!float', '!!bool', '!!null', '!!timestamp', '!', '!foo', '!<tag:yaml.org,2002:int>', '!!binary', '!!map', '!!merge'];
const BASE64 = ['aGVsbG8=', 'aGVsbG8', 'Zm9v\n  YmFy', '', '////', 'YWJj'];

/** A scalar in one of its renderings: plain, quoted, tagged. */
function scalar(next: () => number): string {
  const raw = pick(next, next() < 0.9 ? COMMON_SCALARS : ALL_SCALARS);
  const roll = next();
  if (roll < 0.75) return raw;
  if (roll < 0.87) return `"${raw}"`;
  if (roll < 0.95) return `'${raw.replaceAll("'", "''")}'`;
  const tag = pick(next, TAGS);
  if (tag === '!!binary') return `!!binary ${pick(next, BASE64).split('\n')[0]}`;
  return `${tag} ${raw === '' ? '""' : raw}`;
}

function key(next: () => number): string {
  const roll = next();
  if (roll < 0.5) return pick(next, ['name', 'x', 'value', 'enabled', 'port', 'mode', 'level', 'count']);
  if (roll < 0.8) return pick(next, [...BOOLEAN_FORMS, ...INTEGER_FORMS, ...FLOAT_FORMS.filter((form) => !form.includes(':')), '"1"', "'true'", '!!str 1', '!!int "5"']);
  if (roll < 0.85) return pick(next, ['~', 'null', '? a']);
  return pick(next, ['"<<"', '!!str <<', '! x', 'a b', 'k8s.io/x']);
}

/** Security-relevant fields of a pod, each with a scalar drawn from every form. */
function podSpec(next: () => number, indent: string): string[] {
  const lines = [
    `${indent}hostNetwork: ${scalar(next)}`,
    `${indent}hostPID: ${scalar(next)}`,
    `${indent}containers:`,
    `${indent}- name: c`,
    `${indent}  image: nginx`,
    `${indent}  securityContext:`,
    `${indent}    privileged: ${scalar(next)}`,
    `${indent}    runAsUser: ${scalar(next)}`,
    `${indent}    readOnlyRootFilesystem: ${scalar(next)}`,
    `${indent}  ports:`,
    `${indent}  - hostPort: ${scalar(next)}`,
  ];
  if (next() < 0.5) {
    lines.push(`${indent}extra:`);
    const count = 1 + Math.floor(next() * 4);
    for (let i = 0; i < count; i += 1) lines.push(`${indent}  ${key(next)}: ${scalar(next)}`);
  }
  return lines;
}

const MERGE_SHAPES = [
  (v: string) => ['anchors:', `  base: &base {privileged: ${v}, runAsUser: 0}`, '  other: &other', '    privileged: false', '    allowPrivilegeEscalation: yes', 'spec:', '  securityContext:', '    privileged: false', '    <<: *base'],
  (v: string) => ['anchors:', `  base: &base {privileged: ${v}}`, 'spec:', '  securityContext:', '    <<: *base', '    privileged: false'],
  (v: string) => ['anchors:', `  a: &a {privileged: ${v}, x: 1}`, '  b: &b {privileged: false, y: 2}', 'spec:', '  securityContext:', '    <<: [*a, *b]'],
  (v: string) => ['anchors:', `  a: &a {privileged: ${v}}`, '  b: &b {privileged: false}', 'spec:', '  securityContext:', '    <<: [*b, *a]', '    x: 1'],
  (v: string) => ['anchors:', '  a: &a', `    privileged: ${v}`, '  b: &b', '    <<: *a', '    runAsUser: 0', 'spec:', '  securityContext:', '    <<: *b'],
  (v: string) => ['spec:', '  securityContext:', `    <<: {privileged: ${v}}`, '    <<: {privileged: false}'],
  (v: string) => ['spec:', '  securityContext:', `    "<<": {privileged: ${v}}`],
  (v: string) => ['spec:', '  securityContext:', `    ! <<: {privileged: ${v}}`],
  (v: string) => ['spec:', '  securityContext:', `    !!merge <<: {privileged: ${v}}`],
  (v: string) => ['spec:', '  securityContext:', '    <<: [{privileged: yes}, 5]', `    x: ${v}`],
  (v: string) => ['anchors:', `  s: &s ${v}`, 'spec:', '  securityContext:', '    <<: *s'],
  (v: string) => ['anchors: &top', `  p: ${v}`, 'spec:', '  securityContext:', '    <<: *top', '    self: *top'],
  (v: string) => ['anchors:', `  a: &a ${v}`, '  a2: &a yes', 'spec:', '  hostNetwork: *a', '  hostPID: *a'],
  (v: string) => ['spec:', '  hostNetwork: *missing', `  hostPID: ${v}`],
  (v: string) => ['spec: &loop', `  hostPID: ${v}`, '  child: *loop'],
  (v: string) => ['spec:', `  privileged: ${v}`, '  privileged: true'],
  (v: string) => ['spec:', '  privileged: true', `  privileged: ${v}`],
  (v: string) => ['spec:', `  1: ${v}`, '  "1": b'],
  (v: string) => ['spec:', `  yes: ${v}`, '  "true": b'],
  (v: string) => ['spec:', `  0x1F: ${v}`, '  31: b'],
];

function header(next: () => number, kind = pick(next, ['Pod', 'Pod', 'ConfigMap', 'Deployment'])): string[] {
  const apiVersion = kind === 'Deployment' ? 'apps/v1' : 'v1';
  const lines = [`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', `  name: ${pick(next, ['a', 'b', 'web', '"007"', 'x-1'])}`];
  if (next() < 0.1) lines.push(`  labels: {app: ${pick(next, ['web', 'yes', '"yes"', '1', 'null', 'x'])}}`);
  if (next() < 0.05) lines.push(`  creationTimestamp: ${pick(next, ['null', '2024-01-01T00:00:00Z', '"2024-01-01"', '5'])}`);
  return lines;
}

function podDocument(next: () => number): string[] {
  if (next() < 0.3) {
    const shape = pick(next, MERGE_SHAPES);
    return [...header(next, 'Pod'), ...shape(scalar(next))];
  }
  if (next() < 0.2) {
    return [...header(next, 'Deployment'), 'spec:', '  template:', '    spec:', ...podSpec(next, '      ')];
  }
  return [...header(next), 'spec:', ...podSpec(next, '  ')];
}

function flowDocument(next: () => number): string[] {
  const value = scalar(next).replaceAll('"', '\\"');
  return [`{apiVersion: v1, kind: Pod, metadata: {name: f}, spec: {hostNetwork: ${pick(next, BOOLEAN_FORMS)}, x: "${value}", y: [${pick(next, INTEGER_FORMS)}, ${pick(next, FLOAT_FORMS.filter((f) => !f.includes(':')))}]}}`];
}

function listDocument(next: () => number): string[] {
  const kind = pick(next, ['List', 'PodList', 'DeploymentList', 'Deployment', 'ConfigMap', '']);
  const lines = [...(kind ? [`kind: ${kind}`] : []), ...(next() < 0.9 ? ['apiVersion: v1'] : [])];
  const shape = next();
  if (shape < 0.05) return [...lines, 'items: null'];
  if (shape < 0.08) return [...lines, 'items: {}'];
  if (shape < 0.1) return [...lines, 'items: [null]'];
  if (shape < 0.12) return [...lines, 'items: [1]'];
  if (shape < 0.14) return [...lines, 'Items: [{kind: Pod, apiVersion: v1}]'];
  lines.push('items:');
  const count = 1 + Math.floor(next() * 3);
  for (let i = 0; i < count; i += 1) {
    const itemKind = next();
    if (itemKind < 0.6) lines.push('- apiVersion: v1', '  kind: Pod');
    else if (itemKind < 0.7) lines.push('- kind: Pod');
    else if (itemKind < 0.75) lines.push('- apiVersion: v1', '  kind: List', '  items: []');
    else lines.push('- metadata:', '    name: bare');
    lines.push('  spec:', ...podSpec(next, '    '));
  }
  return lines;
}

/** Layouts where YAML readers are known to differ: tabs, multi-line scalars, odd keys, trailing content. */
const TRICKY_DOCUMENTS = [
  'apiVersion: v1\nkind: Pod\nspec:\n  - a\n  -\tb\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  a:\t1\n  b: 2\t\n',
  'apiVersion: v1\nkind: Pod\nspec:\t\n  a: 1\n',
  'apiVersion: v1\nkind: Pod\nspec:\n\ta: 1\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  a: x\ty\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  ?\ta\n  : 1\n',
  'apiVersion: v1\nkind: Pod\nspec: {a:\t1,\tb: 2}\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  - \ta\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  a: |\n    \tx\n    y\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  a: "x\ty"\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork:\n    true\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: tr\n    ue\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: a\n    b\n\n    c\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: "a\n    b"\n',
  "apiVersion: v1\nkind: Pod\nspec:\n  x: 'a\n\n    b'\n",
  'apiVersion: v1\nkind: Pod\nspec:\n  x: |2\n     a\n    b\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: >-\n    a\n     b\n    c\n\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: |+\n    a\n\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: |\n\n      a\n    b\n',
  'apiVersion: v1\nkind: Pod\nspec:\ncontainers:\n- name: c\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: c\n    securityContext: {privileged: on}\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  -   name: c\n      image: x\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - - a\n    - b\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  &k hostNetwork: yes\n  *k : no\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  ? hostNetwork\n  : on\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  ? [a, b]\n  : on\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  ? {a: b}\n  : on\n',
  'apiVersion: v1\nkind: Pod\nspec: !!map\n  hostNetwork: on\n',
  'apiVersion: v1\nkind: Pod\nspec: !!seq\n  hostNetwork: on\n',
  'apiVersion: v1\nkind: Pod\nspec: &s !foo\n  hostNetwork: on\n',
  'apiVersion: v1\nkind: Pod\nspec: {hostNetwork: on, hostPID: [a, {b: c}], x: {? y : z}}\n',
  'apiVersion: v1\nkind: Pod\nspec: {hostNetwork: on,\n  hostPID: yes}\n',
  'apiVersion: v1\nkind: Pod\nspec: [a, b, ]\n',
  'apiVersion: v1\nkind: Pod\nspec: {a: 1, }\n',
  'apiVersion: v1\nkind: Pod\nspec: {a, b: c}\n',
  'apiVersion: v1\nkind: Pod\nspec: [a: 1, b]\n',
  '{apiVersion: v1, kind: Pod, spec: {hostNetwork: yes}}\nfoo: bar\n',
  '{apiVersion: v1, kind: Pod, spec: {hostNetwork: yes}} # c\n',
  '[a, b]\nkind: Pod\n',
  'apiVersion: v1\nkind: Pod\n%YAML 1.1\n',
  'apiVersion: v1\nkind: Pod\n... # end\nkind: Service\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: "a\n...\n  b"\n',
  '%YAML 1.1\napiVersion: v1\nkind: Pod\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: "\\/\\x41\\u00e9\\N\\_"\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: "\\q"\n',
  "apiVersion: v1\nkind: Pod\nspec:\n  x: @foo\n",
  'apiVersion: v1\nkind: Pod\nspec:\n  x: `foo\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: a: b\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: a#b c #d\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: -\n  y: - a\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: !!binary |\n    aGVs\n    bG8=\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: &a [1, 2]\n  y: *a\n  z: [*a, *a]\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: &a\n  y: *a\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  x: !!null\n  y: !!str\n  z: !!int\n',
  `apiVersion: v1\nkind: Pod\nspec:\n  x: ${'k'.repeat(1030)}\n  ${'k'.repeat(1030)}: 1\n`,
  'apiVersion: v1\nkind: Pod\nspec:\n   a: 1\n  b: 2\n',
  'apiVersion: v1\nkind: Pod\nspec:\n  a: 1\n   b: 2\n',
  'apiVersion: v1\nkind: Pod\nspec:\n- a\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  name: y\n',
  'apiVersion: v1\nkind: Pod\napiVersion: apps/v1\n',
  'kind: Pod\n',
  'apiVersion: v1\n',
  'apiVersion: 1\nkind: Pod\n',
  'apiVersion: v1\nkind: [Pod]\n',
  'apiVersion: v1\nkind: Pod\nmetadata: [a]\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: 5\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  generation: 1.5\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  generation: 1e3\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  finalizers: [a, 1]\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  ownerReferences: [{name: 1}]\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  deletionTimestamp: 2024-01-01T00:00:00.5+01:00\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  Name: 5\n',
  'apiVersion: v1\nkind: Pod\nMetadata:\n  name: 5\n',
  'apiVersion: v1\nkind: Pod\nspec: 5\n',
  '"just a string"\n',
  '5\n',
  '# only a comment\n',
  '',
  '   \n',
];

const SEPARATORS = ['---', '--- ', '---\t', '--- # comment', '---#c'];
const ODD_SEPARATORS = ['---x', '--- {}', '----', '...', ' ---', '---\u00a0'];

function jsonStream(next: () => number): string {
  const object = (): string => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { hostNetwork: next() < 0.5, x: pick(next, [1, 1.5, 'yes', null, 1e300]) } });
  const roll = next();
  if (roll < 0.3) return `${object()}\n`;
  if (roll < 0.5) return `${object()}\n${object()}\n`;
  if (roll < 0.6) return `${object()}${object()}${object()}`;
  if (roll < 0.7) return `${object()}\n---\nkind: Pod\napiVersion: v1\nspec: {hostNetwork: yes}\n`;
  if (roll < 0.8) return `{apiVersion: v1, kind: Pod, spec: {hostPID: on}}\n`;
  if (roll < 0.85) return `${object()}\n${object()}\nkind: Pod\n`;
  if (roll < 0.9) return `  \n\t${object()}  `;
  if (roll < 0.95) return `{"kind": "Pod", "apiVersion": "v1", "spec": {"x": 1e400}}`;
  return `${object()} null [1] 5`;
}

const MUTATIONS = [' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', '"', "'", '|', '>', '[', ']', '{', '}', ',', 'a', '1', '&a', '*a', '!', '\t', '\\', '<<: ', '?', '%', '---', '...', 'x: y', '\uFEFF', 'on', '~'];

/** One stream (file) of one to three documents; `documents` is how many it holds. */
export function generateStream(next: () => number): { text: string; documents: number } {
  if (next() < 0.05) return { text: jsonStream(next), documents: 2 };
  const count = 1 + Math.floor(next() * 3);
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const roll = next();
    let lines = roll < 0.6 ? podDocument(next) : roll < 0.75 ? listDocument(next) : roll < 0.85 ? flowDocument(next) : pick(next, TRICKY_DOCUMENTS).replace(/\n$/, '').split('\n');
    if (next() < 0.1) lines = ['# leading comment', ...lines];
    let text = lines.join('\n');
    if (next() < 0.06) text = `\uFEFF${text}`;
    if (next() < 0.02) text = `\n\uFEFF${text}`;
    if (i > 0 || next() < 0.2) text = `${pick(next, next() < 0.9 ? SEPARATORS : ODD_SEPARATORS)}\n${text}`;
    parts.push(text);
  }
  let text = `${parts.join('\n')}\n`;
  if (next() < 0.1) text = text.replaceAll('\n', '\r\n');
  if (next() < 0.03) text = text.replace(/\n(?=\S)/, '\n\t');
  if (next() < 0.03) text = text.replace('spec:', 'spec:\u2028');
  if (next() < 0.15) text = mutate(text, next, MUTATIONS);
  return { text, documents: count };
}

/** Streams holding at least `minDocuments` documents, reproducibly from `seed`. */
export function generateCorpus(seed: number, minDocuments: number): string[] {
  const next = random(seed);
  const streams: string[] = [];
  let documents = 0;
  while (documents < minDocuments) {
    const stream = generateStream(next);
    streams.push(stream.text);
    documents += stream.documents;
  }
  return streams;
}
