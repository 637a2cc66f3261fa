// The pod spec of the cluster benchmarks' corpus (bench:kube, bench:watch and the in-process
// watch-evaluator benchmark), in one place so they judge the same objects.
// A realistic pod spec: two containers, resources, env, probes, a volume. Every
// tenth one is privileged and every fifth runs as root, so checks have findings to write.
export function podSpec(i) {
  return {
    serviceAccountName: 'default',
    volumes: [{ name: 'config', configMap: { name: `app-${i % 50}` } }],
    containers: [
      {
        name: 'app',
        image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team-${i % 20}/app:${1 + (i % 7)}.${i % 13}.0`,
        ports: [{ containerPort: 8080, name: 'http' }],
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'SERVICE_NAME', value: `svc-${i}` },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        ],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
        volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
        securityContext:
          i % 10 === 0
            ? { privileged: true }
            : { allowPrivilegeEscalation: false, runAsNonRoot: i % 5 !== 0, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
      },
      {
        name: 'sidecar',
        image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0',
        resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
      },
    ],
  };
}
