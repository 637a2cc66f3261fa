import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isReleaseName, missingDependencies, readChart } from './helm-chart.js';

function chart(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksguard-chart-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('chart dependencies', () => {
  it('finds dependencies vendored as directories (by their chart name) or archives, and names the others', async () => {
    const dir = chart({
      'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - { name: redis, version: 1.x }\n  - { name: pg, version: 2.x, condition: pg.enabled }\n  - { name: kafka, version: 3.x }\n',
      'charts/redis-vendored/Chart.yaml': 'apiVersion: v2\nname: redis\nversion: 1.2.3\n',
      'charts/pg-2.0.1.tgz': 'archive',
    });
    const read = await readChart(dir);
    expect(read).toEqual({ chart: { name: 'app', dependencies: ['redis', 'pg', 'kafka'] } });
    expect(await missingDependencies(dir, (read as { chart: { name: string; dependencies: string[] } }).chart)).toEqual(['kafka']);
  });

  it('reads requirements.yaml of an apiVersion v1 chart, and refuses a Chart.yaml without a name', async () => {
    const v1 = chart({ 'Chart.yaml': 'apiVersion: v1\nname: old\nversion: 1.0.0\n', 'requirements.yaml': 'dependencies:\n  - name: mysql\n' });
    expect(await readChart(v1)).toEqual({ chart: { name: 'old', dependencies: ['mysql'] } });
    expect(await readChart(chart({ 'Chart.yaml': 'apiVersion: v2\n' }))).toEqual({ problem: 'Chart.yaml has no name' });
    expect(await readChart(chart({ 'Chart.yaml': 'name: [\n' }))).toEqual({ problem: 'Chart.yaml is not valid YAML (line 2)' });
  });

  it('accepts only the release names Helm accepts', () => {
    expect(isReleaseName('cert-manager')).toBe(true);
    expect(isReleaseName('Cert_Manager')).toBe(false);
    expect(isReleaseName('a'.repeat(54))).toBe(false);
  });
});
