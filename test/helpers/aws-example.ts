import { loadAll } from 'js-yaml';
import { AWS_EXAMPLE_KIND } from '../../src/checks/aws/example.js';
import { mergeInventories, type Inventory } from '../../src/core/inventory.js';
import { inventoryFromResponses } from '../../src/sources/aws-snapshot/parse.js';
import { allChecks } from '../../src/checks/index.js';

const DOCUMENT_SEPARATOR = /^---\s*$/m;

export function isAwsExample(example: string): boolean {
  return new RegExp(`^kind:\\s*${AWS_EXAMPLE_KIND}\\s*$`, 'm').test(example);
}

export function starvedChecks(key: string): string[] {
  return allChecks.filter((check) => check.needs.includes(key)).map((check) => check.id);
}

/**
 * An AWS check example: `kind: AwsSnapshot` documents hold CLI responses by their
 * snapshot path and go through the snapshot parser (the code path of
 * `--aws-snapshot`); the other documents are Kubernetes manifests.
 */
export function awsExampleInventory(example: string, manifests: (yaml: string) => Inventory): Inventory {
  const snapshotFiles: { path: string; body: unknown }[] = [];
  const kubeDocuments: string[] = [];
  for (const document of example.split(DOCUMENT_SEPARATOR)) {
    if (!document.trim()) continue;
    if (isAwsExample(document)) {
      for (const parsed of loadAll(document)) {
        const files = (parsed as { files?: Record<string, unknown> }).files ?? {};
        for (const [path, body] of Object.entries(files)) snapshotFiles.push({ path, body });
      }
    } else kubeDocuments.push(document);
  }
  const aws = inventoryFromResponses(snapshotFiles, { origin: 'example', starvedChecks });
  if (aws.errors.length > 0) throw new Error(`AWS example does not parse: ${JSON.stringify(aws.errors)}`);
  if (snapshotFiles.length > 0 && aws.aws.length === 0) throw new Error('AWS example holds no AWS resource');
  return kubeDocuments.length > 0 ? mergeInventories([manifests(kubeDocuments.join('\n---\n')), aws]) : aws;
}
