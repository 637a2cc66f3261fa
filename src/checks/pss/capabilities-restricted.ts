import { definePssCheck } from './define-pss-check.js';
import { fixDropAllCapabilities } from '../../k8s/fixes/container-fixes.js';

/** PSS-capabilities_restricted: the Pod Security Standards check `capabilities_restricted`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssCapabilitiesRestricted = definePssCheck({
  id: 'capabilities_restricted',
  title: 'Containers must drop ALL capabilities and add back only NET_BIND_SERVICE',
  rationale:
    "The runtime's default capability set still includes NET_RAW, SETUID, DAC_OVERRIDE and others an application rarely needs. Dropping ALL removes them; NET_BIND_SERVICE is the only one restricted allows back. Windows pods are exempt from v1.25.",
  remediation: 'Set `securityContext.capabilities.drop: ["ALL"]` on every container and add back at most NET_BIND_SERVICE.',
  fix: (workload) => fixDropAllCapabilities(workload.spec),
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx:1.27
      securityContext:
        capabilities:
          drop: ["ALL"]
          add: ["NET_BIND_SERVICE"]
`,
    ],
    fail: [
      `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: shop
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: public.ecr.aws/docker/library/python:3.13-slim
              securityContext:
                capabilities:
                  drop: ["NET_RAW"]
`,
    ],
  },
});
