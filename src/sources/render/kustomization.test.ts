import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planKustomize } from './kustomization.js';
import { readOrigin, takeOrigin } from './kustomize.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-kustomize-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('planning kustomize builds', () => {
  it('builds the overlays no one includes, and lists every file a kustomization reads', () => {
    const dir = tree({
      'base/kustomization.yaml': 'resources: [deploy.yaml, https://github.com/example/repo//x?ref=v1]\nconfigMapGenerator:\n  - name: c\n    files: [app.properties, key=extra.txt]\n    envs: [.env]\n',
      'base/deploy.yaml': 'kind: Deployment',
      'base/app.properties': 'a=1',
      'base/extra.txt': 'x',
      'base/.env': 'A=1',
      'base/unused.yaml': 'kind: ConfigMap',
      'components/debug/kustomization.yaml': 'kind: Component\nresources: [pod.yaml]\n',
      'components/debug/pod.yaml': 'kind: Pod',
      'overlays/prod/kustomization.yml': 'resources: [../../base]\ncomponents: [../../components/debug]\npatches:\n  - path: patch.yaml\n  - patch: |-\n      - op: add\npatchesStrategicMerge: [sm.yaml]\n',
      'overlays/prod/patch.yaml': 'kind: Deployment',
      'overlays/prod/sm.yaml': 'kind: Deployment',
      'overlays/dev/Kustomization': 'resources: [../../base]\n',
    });
    const at = (...parts: string[]) => path.join(dir, ...parts);
    return planKustomize([at('base'), at('components/debug'), at('overlays/dev'), at('overlays/prod')], new Set()).then((plan) => {
      expect(plan.roots.map((root) => path.relative(dir, root.directory))).toEqual(['overlays/dev', 'overlays/prod']);
      const reached = [...plan.reached].map((file) => path.relative(dir, file)).sort();
      expect(reached).toEqual(
        [
          'base/.env', 'base/app.properties', 'base/deploy.yaml', 'base/extra.txt', 'base/kustomization.yaml',
          'components/debug/kustomization.yaml', 'components/debug/pod.yaml',
          'overlays/dev/Kustomization', 'overlays/prod/kustomization.yml', 'overlays/prod/patch.yaml', 'overlays/prod/sm.yaml',
        ].sort(),
      );
      expect(reached).not.toContain('base/unused.yaml');
    });
  });

  it('builds a base named on the command line, and reports a kustomization it cannot read', async () => {
    const dir = tree({ 'base/kustomization.yaml': 'resources: [a.yaml]\n', 'base/a.yaml': 'kind: Pod', 'app/kustomization.yaml': 'resources: [../base]\n', 'bad/kustomization.yaml': 'resources: [\n' });
    const plan = await planKustomize([path.join(dir, 'app'), path.join(dir, 'bad'), path.join(dir, 'base')], new Set([path.join(dir, 'base')]));
    expect(plan.roots.map((root) => path.basename(root.directory))).toEqual(['app', 'base']);
    expect(plan.problems.map((problem) => problem.problem)).toEqual(['kustomization.yaml is not valid YAML (line 2)']);
  });
});

describe('kustomize origin annotations', () => {
  it('reads a file origin, a generator origin and a remote one', () => {
    expect(readOrigin('path: ../app/base/deploy.yaml\n')).toEqual({ path: '../app/base/deploy.yaml' });
    expect(readOrigin('configuredIn: ../app/kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n')).toEqual({ configuredIn: '../app/kustomization.yaml' });
    expect(readOrigin('path: deploy.yaml\nrepo: https://github.com/example/repo\nref: v1\n')).toEqual({ remote: true });
    expect(readOrigin('[')).toBeUndefined();
  });

  it('takes the annotation off the object, and the annotations map when it was the only one', () => {
    const object = { metadata: { name: 'x', annotations: { 'config.kubernetes.io/origin': 'path: a.yaml\n' } } };
    expect(takeOrigin(object)).toBe('path: a.yaml\n');
    expect(object).toEqual({ metadata: { name: 'x' } });
    const kept = { metadata: { annotations: { 'config.kubernetes.io/origin': 'path: a.yaml\n', team: 'a' } } };
    takeOrigin(kept);
    expect(kept).toEqual({ metadata: { annotations: { team: 'a' } } });
  });
});
