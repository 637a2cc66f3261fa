/** Small manifest builders shared by the network check tests. */

export function deployment(name: string, namespace: string, labels: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { ${labels} } }
  template:
    metadata: { labels: { ${labels} } }
    spec:
${extra}      containers: [{ name: c, image: x }]
---
`;
}

export function networkPolicy(name: string, namespace: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${spec
  .trim()
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}
---
`;
}

export function byName(findings: readonly { resource: unknown; status: string }[]): Record<string, string> {
  return Object.fromEntries(findings.map((f) => [(f.resource as { name: string }).name, f.status]));
}

function indented(spec: string): string {
  return spec
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** A cilium.io/v2 CiliumNetworkPolicy, or a CiliumClusterwideNetworkPolicy when namespace is undefined. */
export function ciliumPolicy(name: string, namespace: string | undefined, spec: string): string {
  const kind = namespace === undefined ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy';
  const where = namespace === undefined ? '' : `, namespace: ${namespace}`;
  return `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata: { name: ${name}${where} }\nspec:\n${indented(spec)}\n---\n`;
}

/** A projectcalico.org/v3 NetworkPolicy, or a GlobalNetworkPolicy when namespace is undefined. */
export function calicoPolicy(name: string, namespace: string | undefined, spec: string, apiVersion = 'projectcalico.org/v3'): string {
  const kind = namespace === undefined ? 'GlobalNetworkPolicy' : 'NetworkPolicy';
  const where = namespace === undefined ? '' : `, namespace: ${namespace}`;
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: ${name}${where} }\nspec:\n${indented(spec)}\n---\n`;
}
