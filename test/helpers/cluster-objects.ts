import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { allChecks } from '../../src/checks/index.js';
import { mergeInventories, type Inventory, type KubeObject, type KubeRaw } from '../../src/core/inventory.js';
import { toClusterObject } from '../../src/sources/kube/normalize.js';
import { resourceForKind } from '../../src/sources/kube/resources.js';
import { awsExampleInventory, isAwsExample } from './aws-example.js';
import { inventoryFromYaml } from './run-check.js';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Every Kubernetes example of every check and the shipped examples, as a live cluster would serve
 * them: only kinds the kube source lists, a namespace on every namespaced object (each example's
 * own when it sets none, so examples do not overwrite each other), a uid and a resourceVersion;
 * one object per kind, namespace and name (the last one wins).
 */
export function exampleClusterObjects(context = 'test'): KubeObject[] {
  const texts: string[] = [];
  for (const check of allChecks) for (const example of [...check.examples.pass, ...check.examples.fail]) if (!isAwsExample(example)) texts.push(example);
  const shop = path.join(root, 'examples/shop');
  for (const file of readdirSync(shop)) texts.push(readFileSync(path.join(shop, file), 'utf8'));
  const byKey = new Map<string, KubeObject>();
  let serial = 0;
  for (const [index, text] of texts.entries()) {
    for (const object of inventoryFromYaml(text).kube) {
      const resource = resourceForKind(object.kind);
      if (!resource) continue;
      serial += 1;
      const metadata = { ...(object.raw['metadata'] as KubeRaw) };
      if (resource.namespaced) metadata['namespace'] = object.namespace ?? `example-${index}`;
      else delete metadata['namespace'];
      metadata['uid'] ??= `uid-${serial}`;
      metadata['resourceVersion'] = String(serial);
      const converted = toClusterObject({ ...object.raw, metadata }, resource, context);
      if (converted) byKey.set(`${converted.kind}/${converted.namespace ?? ''}/${converted.name}`, converted);
    }
  }
  return [...byKey.values()];
}

/** The AWS records of every AWS check example, as one AWS inventory. */
export function exampleAwsInventory(): Inventory {
  const parts: Inventory[] = [];
  for (const check of allChecks) for (const example of [...check.examples.pass, ...check.examples.fail]) if (isAwsExample(example)) parts.push(awsExampleInventory(example, (yaml) => inventoryFromYaml(yaml)));
  return mergeInventories(parts);
}

/** A copy of the object at a new resourceVersion with one label changed (a change that re-judges without changing verdicts). */
export function touched(object: KubeObject, version: string): KubeObject {
  const metadata = { ...(object.raw['metadata'] as KubeRaw) };
  metadata['resourceVersion'] = version;
  metadata['labels'] = { ...((metadata['labels'] as Record<string, string>) ?? {}), touched: version };
  return { ...object, raw: { ...object.raw, metadata } };
}
