import { defineCheck } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { asRecord, records, str } from '../../../k8s/fields.js';
import { workloads } from '../../../k8s/targets.js';
import { containersOf, type Workload } from '../../../k8s/workload.js';
import { BPG, CIS_EKS, containerLabel, offencesVerdict, type Offence } from '../workload/offences.js';

/**
 * K8S-DATA-004: no container receives a Secret through its environment,
 * neither a single key (`env[].valueFrom.secretKeyRef`) nor a whole Secret
 * (`envFrom[].secretRef`). Secret volumes are the alternative.
 */
export const secretInEnv = defineCheck<Workload>({
  id: 'K8S-DATA-004',
  title: 'Secrets should be mounted as files, not passed as environment variables',
  area: 'data',
  severity: 'low',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the env of the containers' },
  scope: 'object',
  rationale:
    'Environment variables leak: into crash reports and debug endpoints, into child processes, into `/proc/<pid>/environ` for anyone on the node who shares the PID namespace, and they cannot be rotated without a restart. Mounted files can be permission-restricted and update in place.',
  remediation: 'Mount the Secret as a volume (or use the Secrets Store CSI driver) and have the application read the file; many libraries accept `*_FILE` variables that point to it.',
  messages: {
    secretKey: '{{container}} reads key {{key}} of Secret {{secret}} into env {{env}}',
    wholeSecret: '{{container}} loads every key of Secret {{secret}} into its environment',
  },
  references: [BPG.dataEncryption, 'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod', CIS_EKS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: nginx:1.27
      env: [{ name: DB_PASSWORD_FILE, value: /etc/db/password }]
      volumeMounts: [{ name: db, mountPath: /etc/db, readOnly: true }]
  volumes:
    - { name: db, secret: { secretName: db } }
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: nginx:1.27
      env:
        - name: DB_PASSWORD
          valueFrom: { secretKeyRef: { name: db, key: password } }
      envFrom:
        - secretRef: { name: api-keys }
`,
    ],
  },
  evaluate(workload) {
    const offences: Offence[] = [];
    for (const ref of containersOf(workload.spec)) {
      records(ref.container['env']).forEach((env, index) => {
        const secretKeyRef = asRecord(asRecord(env['valueFrom'])?.['secretKeyRef']);
        if (!secretKeyRef) return;
        const secret = str(secretKeyRef['name']) ?? '';
        const key = str(secretKeyRef['key']) ?? '';
        offences.push({
          path: childPath(ref.path, 'env', index, 'valueFrom', 'secretKeyRef'),
          messageId: 'secretKey',
          data: { container: containerLabel(ref), key: JSON.stringify(key), secret: JSON.stringify(secret), env: JSON.stringify(str(env['name']) ?? '') },
        });
      });
      records(ref.container['envFrom']).forEach((source, index) => {
        const secretRef = asRecord(source['secretRef']);
        if (!secretRef) return;
        offences.push({
          path: childPath(ref.path, 'envFrom', index, 'secretRef'),
          messageId: 'wholeSecret',
          data: { container: containerLabel(ref), secret: JSON.stringify(str(secretRef['name']) ?? '') },
        });
      });
    }
    return offencesVerdict(offences, 'no Secret reaches a container through its environment');
  },
});
