import { describe, expect, it } from 'vitest';
import type { PatchOp } from '../core/patch.js';
import { MANIFEST_LIMITS, parseManifestText } from '../sources/manifests/index.js';
import { editManifestText, type ObjectPatch } from './file-edits.js';

const APE: PatchOp = { op: 'set', path: ['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'], value: false };
const SECCOMP: PatchOp = { op: 'set', path: ['spec', 'securityContext', 'seccompProfile'], value: { type: 'RuntimeDefault' } };
const DROP: PatchOp = { op: 'set', path: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], value: ['ALL'] };

function edit(text: string, patches: ObjectPatch[]) {
  return editManifestText(text, patches, MANIFEST_LIMITS);
}

function patch(ops: PatchOp[], documentIndex = 0, listIndex?: number): ObjectPatch {
  return { id: `${documentIndex}/${listIndex ?? ''}`, documentIndex, ...(listIndex !== undefined ? { listIndex } : {}), ops };
}

function objects(text: string) {
  return parseManifestText({ text, file: 'f.yaml', limits: MANIFEST_LIMITS, apiChecks: false }).objects.map((object) => object.raw);
}

/** Every line of `before` is in `after`, in order: the edit only added lines. */
function onlyAdded(before: string, after: string): void {
  const next = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    const found = next.indexOf(line, at);
    expect(found, `line kept: ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

const POD = `# a pod, as its author wrote it
apiVersion: v1
kind: Pod
metadata:
  name: 'web'      # quoted with single quotes
  labels: {app: web, "tier": front}
spec:
  containers:
  - name: web   # the main one
    image: "nginx:1.27"
    args: [ "--port",  "8080" ]
  # a trailing comment of the list
`;

describe('editManifestText', () => {
  it('adds only new lines, at the author’s indentation, keeping comments, quoting and flow style', () => {
    const result = edit(POD, [patch([APE, SECCOMP, DROP])]);
    expect(result.failures.size).toBe(0);
    onlyAdded(POD, result.text);
    expect(result.text).toContain(`    image: "nginx:1.27"
    args: [ "--port",  "8080" ]
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop:
        - ALL
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  # a trailing comment of the list
`);
    const [raw] = objects(result.text) as any[];
    expect(raw.spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('follows four-space indentation and indented lists', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n        -   name: a\n            image: b\n';
    const result = edit(text, [patch([DROP])]);
    onlyAdded(text, result.text);
    expect(result.text).toContain('            image: b\n            securityContext:\n                capabilities:\n                    drop:\n                        - ALL\n');
  });

  it('adds a member to a flow map in place', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: b, securityContext: {privileged: false}}\n';
    const result = edit(text, [patch([APE])]);
    expect(result.text).toBe('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: b, securityContext: {privileged: false, allowPrivilegeEscalation: false}}\n');
  });

  it('replaces a scalar where it stands, keeping its comment', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: b\n    securityContext:\n      privileged: yes   # needed?\n';
    const result = edit(text, [patch([{ op: 'set', path: ['spec', 'containers', 0, 'securityContext', 'privileged'], value: false }])]);
    expect(result.text).toBe(text.replace('privileged: yes', 'privileged: false'));
  });

  it('appends to an existing list, block or flow', () => {
    const block = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: b\n    securityContext:\n      capabilities:\n        drop:\n        - NET_RAW\n';
    const append: PatchOp = { op: 'append', path: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], value: 'ALL' };
    expect(edit(block, [patch([append])]).text).toBe(`${block}        - ALL\n`);
    const flow = block.replace('drop:\n        - NET_RAW\n', 'drop: [NET_RAW]\n');
    expect(edit(flow, [patch([append])]).text).toBe(flow.replace('[NET_RAW]', '[NET_RAW, ALL]'));
  });

  it('edits one document of a multi-document file and leaves the others byte for byte', () => {
    const other = '---\n# second\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: "1"}\n';
    const text = `${POD}${other}`;
    const result = edit(text, [patch([APE])]);
    expect(result.text.endsWith(other)).toBe(true);
    expect(result.text.startsWith(POD.slice(0, POD.indexOf('  # a trailing')))).toBe(true);
  });

  it('edits an item of a kind: List', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec:\n    containers:\n    - name: a\n      image: b\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec:\n    containers:\n    - name: b\n      image: b\n';
    const result = edit(text, [patch([APE], 0, 1)]);
    onlyAdded(text, result.text);
    const raws = objects(result.text) as any[];
    expect(raws[0].spec.containers[0].securityContext).toBeUndefined();
    expect(raws[1].spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
  });

  it('edits JSON as JSON, in its layout', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {\n    "containers": [\n      {\n        "name": "a",\n        "image": "b"\n      }\n    ]\n  }\n}\n';
    const result = edit(text, [patch([APE, SECCOMP])]);
    expect(result.failures.size).toBe(0);
    const value = JSON.parse(result.text);
    expect(value.spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
    expect(value.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    // a comma after the last member, then the new members in the file's own layout
    expect(result.text).toBe(
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {\n    "containers": [\n      {\n        "name": "a",\n        "image": "b",\n' +
        '        "securityContext": {\n          "allowPrivilegeEscalation": false\n        }\n      }\n    ],\n' +
        '    "securityContext": {\n      "seccompProfile": {\n        "type": "RuntimeDefault"\n      }\n    }\n  }\n}\n',
    );
  });

  it('keeps CRLF line ends, and a last line without one', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\nspec:\r\n  containers:\r\n  - name: a\r\n    image: b';
    const result = edit(text, [patch([APE, SECCOMP])]);
    expect(result.failures.size).toBe(0);
    expect(result.text.replaceAll('\r\n', '')).not.toContain('\n');
    expect(result.text.startsWith('apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\nspec:\r\n  containers:\r\n  - name: a\r\n    image: b\r\n    securityContext:\r\n')).toBe(true);
    expect((objects(result.text)[0] as any).spec.securityContext.seccompProfile.type).toBe('RuntimeDefault');
  });

  it('does not edit an anchor other places share: a merge override, or a refusal when that would not hold', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: b\n    securityContext: &sc\n      runAsUser: 1000\n  - name: b\n    image: b\n    securityContext: *sc\n';
    const second: PatchOp = { op: 'set', path: ['spec', 'containers', 1, 'securityContext', 'allowPrivilegeEscalation'], value: false };
    const result = edit(text, [patch([second])]);
    expect(result.failures.size).toBe(0);
    expect(result.text).toContain('    securityContext: &sc\n      runAsUser: 1000\n');
    const raws = objects(result.text) as any[];
    expect(raws[0].spec.containers[0].securityContext).toEqual({ runAsUser: 1000 });
    expect(raws[0].spec.containers[1].securityContext).toEqual({ runAsUser: 1000, allowPrivilegeEscalation: false });
    // the anchor's own map changes: the alias would change with it, so nothing is written
    const refused = edit(text, [patch([APE])]);
    expect(refused.text).toBe(text);
    expect([...refused.failures.values()][0]).toMatch(/anchors or merge keys/);
  });

  it('writes strings YAML 1.1 would retype quoted', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: b\n';
    const result = edit(text, [patch([{ op: 'set', path: ['spec', 'containers', 0, 'securityContext', 'seLinuxOptions', 'level'], value: 'on' }])]);
    expect(result.text).toContain('level: "on"');
  });

  it('refuses a patch whose object is not where the scan read it, and keeps the others', () => {
    const text = `${POD}---\n${POD}`;
    const result = edit(text, [patch([APE], 0), patch([APE], 5)]);
    expect(result.failures.get('5/')).toMatch(/not where the scan read it/);
    expect((objects(result.text)[0] as any).spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false });
    expect((objects(result.text)[1] as any).spec.containers[0].securityContext).toBeUndefined();
  });

  it('a patch that conflicts half way leaves no trace, and the next patch of the document still applies', () => {
    const text = `${POD}`;
    const conflicting: PatchOp = { op: 'set', path: ['spec', 'containers', 7, 'securityContext', 'privileged'], value: false };
    const result = edit(text, [
      { id: 'broken', documentIndex: 0, ops: [APE, conflicting] },
      { id: 'good', documentIndex: 0, ops: [SECCOMP] },
    ]);
    expect(result.failures.get('broken')).toMatch(/no list item/);
    expect(result.failures.has('good')).toBe(false);
    const [raw] = objects(result.text) as any[];
    expect(raw.spec.containers[0].securityContext).toBeUndefined();
    expect(raw.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });
});
