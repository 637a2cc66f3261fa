import { defineCheck } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { describeCredential, detectCredential } from '../../../k8s/credentials.js';
import { records, str } from '../../../k8s/fields.js';
import { workloads } from '../../../k8s/targets.js';
import { containersOf, type Workload } from '../../../k8s/workload.js';
import { BPG, CIS_EKS, containerLabel, offencesVerdict, type Offence } from '../workload/offences.js';

/**
 * K8S-DATA-001: no env var of any container carries a literal credential:
 * a value shaped like an AWS access key, a PEM private key, a well-known
 * token or an HTTP authorization value (`Bearer …`, `Basic …`), or a
 * secret-like name (`DB_PASSWORD`, `apiKey`) with a real literal. Values
 * computed when the container runs (`$(VAR)`, `$(cat …)`, backticks) are not literals.
 * Findings name the container, the variable and the kind of credential;
 * the value never appears, beyond a kind-identifying prefix such as `AKIA…`.
 */
export const envLiteralCredential = defineCheck<Workload>({
  id: 'K8S-DATA-001',
  title: 'Environment variables must not hold literal credentials',
  area: 'data',
  severity: 'high',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the env of the containers' },
  scope: 'object',
  rationale:
    'A credential written into a pod spec lives in git, in every rendered manifest, in the etcd copy of the workload and in `kubectl get -o yaml` output for anyone who can read the Deployment, which is a far wider audience than those who may read Secrets.',
  remediation:
    'Move the value into AWS Secrets Manager or SSM Parameter Store (mounted with the Secrets Store CSI driver or synced by External Secrets) or at least a Kubernetes Secret, reference it with `valueFrom`, and rotate the exposed credential: it must be treated as leaked. For AWS access, use IRSA or EKS Pod Identity instead of keys.',
  messages: {
    literal: '{{container}} env {{env}} holds {{credential}}',
  },
  references: [BPG.dataEncryption, 'https://kubernetes.io/docs/concepts/configuration/secret/', CIS_EKS],
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
      env:
        - { name: DB_HOST, value: db.shop.svc }
        - { name: DB_PASSWORD_FILE, value: /var/run/secrets/db/password }
        - name: DB_PASSWORD
          valueFrom: { secretKeyRef: { name: db, key: password } }
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
        - { name: DB_PASSWORD, value: correct-horse-battery-staple }
`,
      `apiVersion: batch/v1
kind: CronJob
metadata: { name: backup, namespace: ops }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: backup
              image: amazon/aws-cli:2.17.0
              env:
                - { name: KEY, value: AKIAIOSFODNN7EXAMPLE }
`,
    ],
  },
  evaluate(workload) {
    const offences: Offence[] = [];
    for (const ref of containersOf(workload.spec)) {
      records(ref.container['env']).forEach((env, index) => {
        const name = str(env['name']) ?? '';
        const value = str(env['value']);
        if (value === undefined) return;
        const match = detectCredential(name, value);
        if (!match) return;
        offences.push({ path: childPath(ref.path, 'env', index, 'value'), messageId: 'literal', data: { container: containerLabel(ref), env: JSON.stringify(name), credential: describeCredential(match) } });
      });
    }
    return offencesVerdict(offences, 'no env var holds a literal credential');
  },
});
