// Writes a corpus of realistic manifests: per namespace a Deployment with two
// containers, a Service, a RoleBinding and a NetworkPolicy, 100 documents a file.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function deployment(ns, i) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ${ns}
  labels:
    app: app-${i}
    team: team-${i % 17}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      serviceAccountName: app-${i}
      containers:
        - name: app
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app-${i % 50}:1.${i % 9}.0
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          securityContext:
            allowPrivilegeEscalation: false
            runAsNonRoot: ${i % 3 === 0 ? 'false' : 'true'}
            capabilities:
              drop: ["ALL"]
        - name: proxy
          image: envoyproxy/envoy:v1.${i % 30}.0
          securityContext:
            privileged: ${i % 25 === 0 ? 'true' : 'false'}
`;
}

function service(ns, i) {
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  type: ${i % 10 === 0 ? 'LoadBalancer' : 'ClusterIP'}
  selector:
    app: app-${i}
  ports:
    - port: 80
      targetPort: 8080
`;
}

function roleBinding(ns, i) {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: app-${i}-view
  namespace: ${ns}
subjects:
  - kind: ServiceAccount
    name: app-${i}
    namespace: ${ns}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${i % 40 === 0 ? 'cluster-admin' : 'view'}
`;
}

function networkPolicy(ns, i) {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: app-${i}
  policyTypes: ["Ingress"]
  ingress:
    - from:
        - podSelector:
            matchExpressions:
              - key: team
                operator: In
                values: ["team-${i % 17}"]
`;
}

const makers = [deployment, service, roleBinding, networkPolicy];

/** The text of document `n` of a corpus. */
export function corpusDocument(n, { perNamespace = 40 } = {}) {
  const app = Math.floor(n / makers.length);
  const ns = `ns-${Math.floor(app / perNamespace)}`;
  return makers[n % makers.length](ns, app);
}

/** Writes `objects` documents under `dir`; returns the number of files. */
export function generateCorpus(dir, objects, { perFile = 100, perNamespace = 40 } = {}) {
  mkdirSync(dir, { recursive: true });
  let files = 0;
  let docs = [];
  const flush = () => {
    if (docs.length === 0) return;
    writeFileSync(path.join(dir, `part-${String(files).padStart(5, '0')}.yaml`), docs.join('---\n'));
    files += 1;
    docs = [];
  };
  for (let n = 0; n < objects; n += 1) {
    docs.push(corpusDocument(n, { perNamespace }));
    if (docs.length === perFile) flush();
  }
  flush();
  return files;
}

/**
 * One file holding a single `kind: List` of privileged Pods just under the 32 MiB file limit (as
 * `kubectl get pods -A -o yaml` writes a large cluster's dump): every Pod fails a dozen checks, so
 * the report and the field locator work on ~100,000 items of one document. Returns the item count.
 */
export function generateBigList(dir, bytes = 31 * 1024 * 1024) {
  mkdirSync(dir, { recursive: true });
  const lines = ['apiVersion: v1', 'kind: List', 'items:'];
  let size = 0;
  let count = 0;
  while (size < bytes) {
    const item = [
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata:',
      `    name: privileged-${count}`,
      `    namespace: team-${count % 50}`,
      '    labels:',
      `      app: web-${count % 100}`,
      '  spec:',
      '    hostNetwork: true',
      '    containers:',
      '    - name: app',
      '      image: nginx:1.27',
      '      securityContext:',
      '        privileged: true',
      '        runAsUser: 0',
      '      ports:',
      '      - containerPort: 80',
      '        hostPort: 80',
    ].join('\n');
    lines.push(item);
    size += item.length + 1;
    count += 1;
  }
  writeFileSync(path.join(dir, 'list.yaml'), `${lines.join('\n')}\n`);
  return count;
}
