import { defineCheck } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { describeCredential, detectCredentialInArguments } from '../../../k8s/credentials.js';
import { list } from '../../../k8s/fields.js';
import { workloads } from '../../../k8s/targets.js';
import { containersOf, type Workload } from '../../../k8s/workload.js';
import { BPG, CIS_EKS, containerLabel, offencesVerdict, type Offence } from '../workload/offences.js';

/**
 * K8S-DATA-006: no container's `command` or `args` carries a literal credential: a value shaped
 * like an AWS access key, a PEM private key, a well-known token or an HTTP authorization header
 * (`-H "Authorization: Bearer …"`), or a secret-like flag, variable or header given a literal
 * (`--db-password=…`, `--token …`, `PGPASSWORD=… psql` inside `sh -c`, `-H "X-Api-Key: …"`).
 * `$(VAR)` references, which Kubernetes fills from env, are the way to pass a secret as an argument;
 * shell references and command substitution (`$VAR`, `$(cat /run/secrets/x)`, backticks) are too.
 * Findings name the container, the element and the flag; the value never appears.
 */
export const argsLiteralCredential = defineCheck<Workload>({
  id: 'K8S-DATA-006',
  title: 'Container command and arguments must not hold literal credentials',
  area: 'data',
  severity: 'high',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the command and args of the containers' },
  scope: 'object',
  rationale:
    'A credential on a command line is in git and in every rendered manifest like one in env, and it is also in the process table of the node (`ps`, `/proc/<pid>/cmdline`), readable by every process that can see the container, and in crash reports and logs that record the command.',
  remediation:
    'Put the credential in AWS Secrets Manager, SSM Parameter Store or a Kubernetes Secret, give it to the container as an env var from `secretKeyRef` or as a mounted file, and refer to it with `$(VAR)` or the tool\'s `--password-file` style option. Rotate the exposed credential: it must be treated as leaked.',
  messages: {
    literal: '{{container}} {{field}}[{{index}}] holds {{credential}}',
    givenTo: '{{container}} {{field}}[{{index}}] holds {{credential}} given to {{name}}',
  },
  references: [BPG.dataEncryption, 'https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#use-environment-variables-to-define-arguments', CIS_EKS],
  standards: [],
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata: { name: migrate, namespace: shop }
spec:
  containers:
    - name: migrate
      image: flyway/flyway:10
      args: ["-url=jdbc:postgresql://db:5432/shop", "-user=shop", "-password=$(DB_PASSWORD)", "migrate"]
      env:
        - name: DB_PASSWORD
          valueFrom: { secretKeyRef: { name: db, key: password } }
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: migrate, namespace: shop }
spec:
  containers:
    - name: migrate
      image: flyway/flyway:10
      args: ["-url=jdbc:postgresql://db:5432/shop", "-user=shop", "-password=correct-horse-battery", "migrate"]
`,
      `apiVersion: batch/v1
kind: Job
metadata: { name: backup, namespace: ops }
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
        - name: dump
          image: postgres:16
          command: ["sh", "-c", "PGPASSWORD=hunter2-but-longer pg_dump -h db shop > /backup/shop.sql"]
`,
    ],
  },
  evaluate(workload) {
    const offences: Offence[] = [];
    for (const ref of containersOf(workload.spec)) {
      for (const field of ['command', 'args'] as const) {
        // non-text items (which the API server refuses) stay as empty text so indexes match the manifest
        const items = list(ref.container[field]).map((item) => (typeof item === 'string' ? item : ''));
        for (const found of detectCredentialInArguments(items)) {
          const data = { container: containerLabel(ref), field, index: found.index, credential: describeCredential(found) };
          const path = childPath(ref.path, field, found.index);
          offences.push(found.name ? { path, messageId: 'givenTo', data: { ...data, name: JSON.stringify(found.name) } } : { path, messageId: 'literal', data });
        }
      }
    }
    return offencesVerdict(offences, 'no command or argument holds a literal credential');
  },
});
