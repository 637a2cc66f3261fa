import { ApiextensionsV1Api, CustomObjectsApi, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObjects, namespace, runCliJsonAsync, startLocalCluster, type LocalCluster } from './local-cluster.js';

// Argo Workflows' definitions in a real kube-apiserver: their CRDs are installed (schema-less, as
// Argo's own "minimal" CRDs are), a CronWorkflow and a ClusterWorkflowTemplate are created, and
// `scan --kube` lists and judges them.
let cluster: LocalCluster;

function crd(plural: string, kind: string, scope: 'Namespaced' | 'Cluster'): V1CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.argoproj.io` },
    spec: {
      group: 'argoproj.io',
      scope,
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
      // the typed client's name for x-kubernetes-preserve-unknown-fields: without it the API server prunes every field
      versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } } }],
    },
  };
}

async function established(names: readonly string[]): Promise<void> {
  const api = cluster.admin.makeApiClient(ApiextensionsV1Api);
  const deadline = Date.now() + 30_000;
  for (const name of names) {
    for (;;) {
      const got = await api.readCustomResourceDefinition({ name });
      if (got.status?.conditions?.some((condition) => condition.type === 'Established' && condition.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${name} not established`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

beforeAll(async () => {
  cluster = await startLocalCluster('kube-argo');
  const extensions = cluster.admin.makeApiClient(ApiextensionsV1Api);
  for (const definition of [crd('cronworkflows', 'CronWorkflow', 'Namespaced'), crd('clusterworkflowtemplates', 'ClusterWorkflowTemplate', 'Cluster')]) await extensions.createCustomResourceDefinition({ body: definition });
  await createObjects(cluster.admin, [namespace('ci')]);
  await established(['cronworkflows.argoproj.io', 'clusterworkflowtemplates.argoproj.io']);
  // custom objects go in as raw JSON (the typed client would drop the fields it does not know)
  const custom = cluster.admin.makeApiClient(CustomObjectsApi);
  await custom.createNamespacedCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace: 'ci',
    plural: 'cronworkflows',
    body: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'CronWorkflow',
      metadata: { name: 'nightly', namespace: 'ci' },
      spec: { schedule: '0 1 * * *', workflowSpec: { entrypoint: 'run', templates: [{ name: 'run', container: { image: 'busybox', securityContext: { privileged: true } } }] } },
    },
  });
  await custom.createClusterCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'clusterworkflowtemplates',
    body: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ClusterWorkflowTemplate',
      metadata: { name: 'shared' },
      spec: { hostNetwork: true, templates: [{ name: 'a', script: { image: 'python:3.12', source: 'print(1)' } }] },
    },
  });
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('scan --kube with Argo Workflows installed', () => {
  it('lists CronWorkflows (not ClusterWorkflowTemplates, cluster-scoped) and judges the pod of each template at the place the object writes it', async () => {
    const { json, result } = await runCliJsonAsync(['scan', '--kube', '--fail-on', 'none'], { env: { KUBECONFIG: cluster.kubeconfig } });
    expect(result.code, result.stderr).toBe(0);
    expect(json.gaps).toEqual([]);
    const argo = json.findings.filter((finding: any) => finding.resource.apiVersion === 'argoproj.io/v1alpha1' && ['PSS-privileged', 'PSS-hostNamespaces'].includes(finding.checkId));
    expect(argo.map((finding: any) => `${finding.checkId} ${finding.resource.kind}/${finding.resource.namespace ?? ''}/${finding.resource.name} ${finding.path}`).sort()).toEqual([
      'PSS-privileged CronWorkflow/ci/nightly spec.workflowSpec.templates[0].container.securityContext.privileged',
    ]);
  });
});
