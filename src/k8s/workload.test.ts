import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { failures, inventoryFromYaml, runCheck } from '../../test/helpers/run-check.js';
import type { KubeResourceRef } from '../core/types.js';
import { toWorkload } from './workload.js';

const template = (spec: string) => `  template:
    metadata: { labels: { app: web } }
    spec:
${spec}`;
const PRIVILEGED = "      containers: [{ name: web, image: nginx, securityContext: { privileged: true } }]\n";

const objects = (yaml: string) => inventoryFromYaml(yaml).kube;
const privileged = allChecks.find((check) => check.id === 'PSS-privileged')!;

describe('workloads of kinds eksguard does not know', () => {
  it('judges a custom resource that runs pods from a template at spec.template, spec.jobTemplate.spec.template or spec.jobTargetRef.template', () => {
    const yaml = `apiVersion: apps.kruise.io/v1alpha1
kind: CloneSet
metadata: { name: web, namespace: shop }
spec:
${template(PRIVILEGED)}---
apiVersion: apps.kruise.io/v1beta1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
${template(PRIVILEGED)}---
apiVersion: apps.kruise.io/v1alpha1
kind: AdvancedCronJob
metadata: { name: nightly, namespace: shop }
spec:
  jobTemplate:
    spec:
${template(PRIVILEGED).trimEnd().replace(/^/gm, '    ')}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: { name: worker, namespace: shop }
spec:
  jobTargetRef:
    parallelism: 1
${template(PRIVILEGED).replace(/^/gm, '  ')}`;
    const found = failures(runCheck(privileged, yaml));
    expect(found.map((finding) => `${(finding.resource as KubeResourceRef).kind}/${(finding.resource as KubeResourceRef).name} ${finding.path}`)).toEqual([
      'CloneSet/web spec.template.spec.containers[0].securityContext.privileged',
      'StatefulSet/db spec.template.spec.containers[0].securityContext.privileged',
      'AdvancedCronJob/nightly spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged',
      'ScaledJob/worker spec.jobTargetRef.template.spec.containers[0].securityContext.privileged',
    ]);
    expect(found.every((finding) => finding.location?.line !== undefined)).toBe(true);
  });

  it('leaves alone built-in kinds of the wrong group, objects without a container list, and core kinds', () => {
    const yaml = `apiVersion: example.com/v1
kind: Thing
metadata: { name: not-a-pod, namespace: shop }
spec:
  template: { name: x, spec: { containers: "web" } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: holds-a-template, namespace: shop }
data: {}
---
apiVersion: storage.k8s.io/v1
kind: Widget
metadata: { name: built-in-group }
spec:
${template(PRIVILEGED)}`;
    expect(objects(yaml).map(toWorkload)).toEqual([undefined, undefined, undefined]);
  });
});
