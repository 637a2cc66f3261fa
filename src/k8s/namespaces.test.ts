import { describe, expect, it } from 'vitest';
import { createContext } from '../core/engine.js';
import { DEFAULT_SETTINGS, FIXED_NOW, inventoryFromMalformedYaml, inventoryFromYaml } from '../../test/helpers/run-check.js';
import { unsetNamespaceKey } from './namespace-scope.js';
import { namespaceOf, namespaces, namespacesOf, objectsByNamespace, workloadsByNamespace } from './namespaces.js';

const UNSET_NAMESPACE = unsetNamespaceKey('test.yaml');

const YAML = `apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { team: storefront } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: orders }
---
apiVersion: v1
kind: Pod
metadata: { name: loose }
spec: { containers: [{ name: c, image: busybox }] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: reader }
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: gp3 }
---
apiVersion: v1
kind: Namespace
metadata: { name: empty }
`;

function contextOf(yaml: string, read = inventoryFromYaml) {
  return createContext({ inventory: read(yaml), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
}

describe('namespaces of an inventory', () => {
  it('lists declared namespaces with labels and implied ones without', () => {
    const ctx = contextOf(YAML);
    const found = namespacesOf(ctx);
    expect([...found.keys()]).toEqual(['shop', 'empty', 'orders', UNSET_NAMESPACE]);
    expect(found.get('shop')).toMatchObject({ implied: false, labels: { team: 'storefront' } });
    expect(found.get('shop')!.firstObject?.name).toBe('web');
    expect(found.get('empty')).toMatchObject({ implied: false, labels: {} });
    expect(found.get('empty')!.firstObject).toBeUndefined();
    expect(found.get('orders')).toMatchObject({ implied: true, labels: {} });
    expect(found.get('orders')!.object).toBeUndefined();
    expect(found.get(UNSET_NAMESPACE)!.firstObject?.name).toBe('loose');
  });

  it('does not imply namespaces from cluster-scoped kinds', () => {
    const ctx = contextOf(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: reader }
---
apiVersion: v1
kind: Node
metadata: { name: n1 }
`);
    expect([...namespacesOf(ctx).keys()]).toEqual([]);
    const inventory = inventoryFromYaml('apiVersion: v1\nkind: Node\nmetadata: { name: n1 }\n');
    expect(namespaceOf(inventory.kube[0]!)).toBeUndefined();
  });

  it('builds subjects that point at the Namespace object, or at the first object of an implied namespace', () => {
    const ctx = contextOf(YAML);
    const subjects = namespaces.select(ctx.inventory, ctx);
    const shop = subjects.find((s) => s.value.name === 'shop')!;
    expect(shop.ref).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'shop' });
    expect(shop.location).toEqual({ file: 'test.yaml', line: 1 });
    const orders = subjects.find((s) => s.value.name === 'orders')!;
    expect(orders.ref).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'orders' });
    // the manifest source reports a document at its `---` marker line
    expect(orders.location?.line).toBe(13);
    const unset = subjects.find((s) => s.value.name === UNSET_NAMESPACE)!;
    expect(unset.ref).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: '(no namespace set: test.yaml)' });
    // a namespace of one file points at that file's first object in it
    expect(unset.location).toEqual({ file: 'test.yaml', line: 17 });
  });

  it('groups workloads and objects of a kind per namespace', () => {
    const ctx = contextOf(YAML);
    expect([...workloadsByNamespace(ctx).entries()].map(([ns, list]) => [ns, list.map((s) => s.value.object.name)])).toEqual([
      ['shop', ['web']],
      [UNSET_NAMESPACE, ['loose']],
    ]);
    expect([...objectsByNamespace('ConfigMap', ctx).keys()]).toEqual(['orders']);
  });

  it('survives malformed metadata', () => {
    const ctx = contextOf(`apiVersion: v1
kind: Namespace
metadata: { name: odd, labels: [1, 2] }
---
apiVersion: v1
kind: Namespace
metadata: "not a map"
`, inventoryFromMalformedYaml);
    expect(namespacesOf(ctx).get('odd')).toMatchObject({ labels: {}, implied: false });
  });
});
