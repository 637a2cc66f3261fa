/** Builds AdmissionReview v1 requests the way the API server sends them, for unit, server and benchmark tests. */
export interface ReviewOptions {
  uid?: string;
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  namespace?: string;
  name?: string;
  username?: string;
  groups?: string[];
  oldObject?: Record<string, unknown> | null;
  dryRun?: boolean;
  subResource?: string;
}

const RESOURCES: Record<string, { group: string; version: string; resource: string }> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  Service: { group: '', version: 'v1', resource: 'services' },
  ConfigMap: { group: '', version: 'v1', resource: 'configmaps' },
  Namespace: { group: '', version: 'v1', resource: 'namespaces' },
  ClusterRole: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' },
};

export function admissionReview(object: Record<string, unknown> | null, options: ReviewOptions = {}): Record<string, any> {
  const kind = String((object?.['kind'] as string | undefined) ?? 'Pod');
  const resource = RESOURCES[kind] ?? { group: '', version: 'v1', resource: `${kind.toLowerCase()}s` };
  const metadata = (object?.['metadata'] ?? {}) as Record<string, unknown>;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: options.uid ?? '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: resource.group, version: resource.version, kind },
      resource,
      ...(options.subResource ? { subResource: options.subResource } : {}),
      requestKind: { group: resource.group, version: resource.version, kind },
      name: options.name ?? (metadata['name'] as string | undefined) ?? '',
      namespace: options.namespace ?? (metadata['namespace'] as string | undefined) ?? '',
      operation: options.operation ?? 'CREATE',
      userInfo: { username: options.username ?? 'alice@example.com', uid: 'u-1', groups: options.groups ?? ['developers', 'system:authenticated'] },
      object,
      oldObject: options.oldObject ?? null,
      dryRun: options.dryRun ?? false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  };
}

export function privilegedPod(namespace = 'shop', name = 'node-debugger'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'debug', image: 'public.ecr.aws/amazonlinux/amazonlinux:2023', securityContext: { privileged: true } }] },
  };
}

const restrictedContainer = (name: string, image: string, port: number) => ({
  name,
  image,
  ports: [{ containerPort: port }],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 10001,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
});

/** A Deployment with two containers that meets PSS restricted and the workload checks: the benchmark body. */
export function compliantDeployment(namespace = 'shop', name = 'web'): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            restrictedContainer('web', 'public.ecr.aws/nginx/nginx:1.27.3', 8080),
            restrictedContainer('metrics-sidecar', 'public.ecr.aws/bitnami/nginx-exporter:1.4.0', 9113),
          ],
        },
      },
    },
  };
}
