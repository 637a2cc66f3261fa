import { dump } from 'js-yaml';

/** The `kind` of an example document that holds AWS CLI responses, keyed by their path in a snapshot. */
export const AWS_EXAMPLE_KIND = 'AwsSnapshot';

/**
 * Renders a check example: a YAML document of AWS responses laid out as in an
 * `--aws-snapshot` directory (see docs/aws-snapshot.md), optionally followed by
 * Kubernetes manifests for the checks that join both.
 */
export function awsExample(files: Readonly<Record<string, unknown>>, kubeYaml = ''): string {
  const document = dump({ apiVersion: 'eksguard.io/v1', kind: AWS_EXAMPLE_KIND, files }, { noRefs: true, lineWidth: 160 });
  return kubeYaml ? `${document}---\n${kubeYaml.trim()}\n` : document;
}

type Json = Record<string, unknown>;

/** Objects merge key by key; arrays and scalars replace; `undefined` deletes. */
export function merge<T>(base: T, patch: unknown): T {
  if (patch === undefined) return base;
  if (!isObject(base) || !isObject(patch)) return patch as T;
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete out[key];
    else out[key] = merge(out[key], value);
  }
  return out as T;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
