import { defineCheck, notApplicable } from '../../../core/check.js';
import { childPath } from '../../../core/field-path.js';
import { record, str } from '../../../k8s/fields.js';
import { workloads } from '../../../k8s/targets.js';
import { fixReadOnlyRootFilesystem } from '../../../k8s/fixes/container-fixes.js';
import { containersOf, type Workload } from '../../../k8s/workload.js';
import { BPG, containerLabel, offencesVerdict, type Offence } from './offences.js';

/**
 * K8S-WL-004: every container (init, regular and ephemeral) sets
 * `securityContext.readOnlyRootFilesystem: true`. There is no pod-level
 * field for it. Windows pods (`spec.os.name: windows`) cannot use it and are
 * not applicable.
 */
export const readOnlyRootFilesystem = defineCheck<Workload>({
  id: 'K8S-WL-004',
  title: 'Containers should run with a read-only root filesystem',
  area: 'containers',
  severity: 'low',
  target: workloads,
  needs: ['kube:workloads'],
  admission: { judges: 'the securityContext of the containers' },
  scope: 'object',
  rationale:
    'A writable root filesystem lets an attacker who gets code execution drop tools, modify binaries and persist until the container restarts. Read-only roots make the image the only code that runs.',
  remediation:
    'Set `securityContext.readOnlyRootFilesystem: true` on every container and mount `emptyDir` volumes at the few paths the application writes to (`/tmp`, caches).',
  messages: {
    writable: '{{container}} sets readOnlyRootFilesystem: false',
    notSet: '{{container}} does not set readOnlyRootFilesystem: true',
  },
  references: [BPG.podSecurity, 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
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
      securityContext: { readOnlyRootFilesystem: true }
      volumeMounts: [{ name: tmp, mountPath: /tmp }]
  volumes: [{ name: tmp, emptyDir: {} }]
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  initContainers:
    - name: migrate
      image: migrate:1.0
  containers:
    - name: web
      image: nginx:1.27
      securityContext: { readOnlyRootFilesystem: true }
`,
    ],
  },
  evaluate(workload) {
    if (str(record(workload.spec['os'])['name']) === 'windows') return notApplicable('Windows containers do not support readOnlyRootFilesystem');
    const offences: Offence[] = [];
    for (const ref of containersOf(workload.spec)) {
      const value = record(ref.container['securityContext'])['readOnlyRootFilesystem'];
      if (value === true) continue;
      offences.push({ path: childPath(ref.path, 'securityContext', 'readOnlyRootFilesystem'), messageId: value === false ? 'writable' : 'notSet', data: { container: containerLabel(ref) } });
    }
    return offencesVerdict(offences, 'every container has a read-only root filesystem');
  },
  fix: (workload, _ctx, options) => fixReadOnlyRootFilesystem(workload.spec, options),
});
