import { describe, expect, it } from 'vitest';
import { splitHelmOutput } from './helm-output.js';

describe('splitting helm template output by template', () => {
  it('joins the documents of one template and numbers lines from its first rendered line', () => {
    const output = [
      '---',
      '# Source: shop/templates/a.yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      '---',
      '# Source: shop/charts/db/templates/b.yaml',
      'apiVersion: v1',
      'kind: Service',
      '',
      '---',
      '# Source: shop/templates/a.yaml',
      'apiVersion: v1',
      'kind: Secret',
      '',
    ].join('\n');
    expect(splitHelmOutput(output)).toEqual([
      { source: 'shop/templates/a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\n' },
      { source: 'shop/charts/db/templates/b.yaml', text: 'apiVersion: v1\nkind: Service\n' },
    ]);
  });

  it('keeps a --- inside a template\'s text (no Source header after it) with that template', () => {
    const output = '---\n# Source: shop/templates/a.yaml\na: 1\n---\nb: 2\n';
    expect(splitHelmOutput(output)).toEqual([{ source: 'shop/templates/a.yaml', text: 'a: 1\n---\nb: 2\n' }]);
    expect(splitHelmOutput('')).toEqual([]);
  });
});
