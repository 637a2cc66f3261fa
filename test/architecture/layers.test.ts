import { describe, expect, it } from 'vitest';
import { importsOf, isTestFile, typescriptFiles, type ImportEdge } from './source-files.js';

/**
 * The layer rules of DESIGN.md and the README, as data: which `src/` directories each
 * directory's production files may import. A directory missing here fails the test, so a new
 * layer is placed on purpose. Tests may import across layers (they wire real parts together).
 */
export const LAYER_RULES: Readonly<Record<string, readonly string[]>> = {
  core: [],
  k8s: ['core'],
  aws: ['core', 'k8s'],
  // the attack-path graph and IAM evaluation: pure, built from the inventory and the findings
  graph: ['core', 'k8s', 'aws'],
  // framework data (control → checks): the checks' standards tags derive from it
  frameworks: ['core'],
  checks: ['core', 'k8s', 'aws', 'graph', 'frameworks'],
  sources: ['core', 'k8s', 'aws'],
  reporters: ['core'],
  docs: ['core', 'frameworks'],
  admission: ['core', 'k8s'],
  server: ['core', 'k8s', 'admission'],
  // outputs that talk to the network: send what reporters rendered
  sinks: ['core', 'reporters', 'sources'],
  // patches built by checks' pure fix(), applied to YAML documents and proven by a re-parse
  fix: ['core', 'k8s', 'sources'],
  // continuous mode: list+watch through sources, report objects through sinks
  watch: ['core', 'k8s', 'sources', 'reporters', 'sinks'],
  cli: ['core', 'k8s', 'aws', 'graph', 'frameworks', 'checks', 'sources', 'reporters', 'docs', 'admission', 'server', 'sinks', 'fix', 'watch'],
};

/** Only sources, server, sinks, watch and cli touch the network, the filesystem or child processes (DESIGN: "only sources and server do I/O", plus the later sinks and watch). */
const IO_LAYERS = new Set(['sources', 'server', 'sinks', 'watch', 'cli']);
const IO_MODULE = /^(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|child_process|worker_threads)$|^@aws-sdk\/|^@kubernetes\/client-node$/;

const layerOf = (file: string): string => file.split('/')[1]!;

export function layerViolations(edges: readonly ImportEdge[], rules: Readonly<Record<string, readonly string[]>>): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    const allowed = rules[from];
    if (!allowed) {
      problems.push(`${edge.from}: src/${from}/ has no layer rule; add it to LAYER_RULES in test/architecture/layers.test.ts`);
      continue;
    }
    if (edge.external) {
      if (!IO_LAYERS.has(from) && IO_MODULE.test(edge.to)) problems.push(`${edge.from} imports ${edge.to}: only ${[...IO_LAYERS].join(', ')} do I/O`);
      continue;
    }
    if (!edge.to.startsWith('src/')) {
      problems.push(`${edge.from} imports ${edge.to}, outside src/`);
      continue;
    }
    const to = layerOf(edge.to);
    if (to !== from && !allowed.includes(to)) problems.push(`${edge.from} imports ${edge.to}: src/${from}/ may import only ${allowed.length ? allowed.join(', ') : 'nothing else of ours'}`);
  }
  return problems;
}

/** Every import cycle among the files, each once, as the list of files along it (Tarjan's strongly connected components). */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (edge.external) continue;
    if (!next.has(edge.from)) next.set(edge.from, new Set());
    next.get(edge.from)!.add(edge.to);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || next.get(node)?.has(node)) components.push(component.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) connect(node);
  return components;
}

const productionFiles = typescriptFiles('src').filter((file) => !isTestFile(file));
const productionEdges = productionFiles.flatMap(importsOf);

describe('layering', () => {
  it('has a rule for every directory of src/', () => {
    const layers = [...new Set(productionFiles.map(layerOf))].filter((layer) => !layer.endsWith('.ts'));
    expect(layers.filter((layer) => !(layer in LAYER_RULES))).toEqual([]);
  });

  it('keeps every production import inside the layer rules', () => {
    expect(productionEdges.length).toBeGreaterThan(500);
    expect(layerViolations(productionEdges, LAYER_RULES)).toEqual([]);
  });

  it('has no import cycle (type-only imports count: they couple the files just the same)', () => {
    expect(importCycles(productionEdges)).toEqual([]);
  });

  it('rejects a forbidden direction, a directory without a rule, I/O outside its layers and a cycle', () => {
    const edge = (from: string, to: string, external = false): ImportEdge => ({ from, to, external, names: ['x'], typeOnly: false });
    expect(layerViolations([edge('src/core/a.ts', 'src/checks/b.ts')], LAYER_RULES)).toEqual([
      'src/core/a.ts imports src/checks/b.ts: src/core/ may import only nothing else of ours',
    ]);
    expect(layerViolations([edge('src/admission/a.ts', 'src/reporters/b.ts')], LAYER_RULES)[0]).toContain('may import only core, k8s');
    expect(layerViolations([edge('src/widgets/a.ts', 'src/core/b.ts')], LAYER_RULES)[0]).toContain('src/widgets/ has no layer rule');
    expect(layerViolations([edge('src/reporters/a.ts', 'node:fs', true), edge('src/checks/a.ts', '@aws-sdk/client-eks', true)], LAYER_RULES)).toHaveLength(2);
    expect(layerViolations([edge('src/sources/a.ts', 'node:fs', true), edge('src/core/a.ts', 'zod', true), edge('src/checks/k8s/a.ts', 'src/checks/b.ts')], LAYER_RULES)).toEqual([]);
    expect(importCycles([edge('src/a.ts', 'src/b.ts'), edge('src/b.ts', 'src/c.ts'), edge('src/c.ts', 'src/a.ts'), edge('src/c.ts', 'src/d.ts')])).toEqual([
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
    ]);
    expect(importCycles([edge('src/a.ts', 'src/b.ts'), edge('src/b.ts', 'src/c.ts')])).toEqual([]);
  });
});
