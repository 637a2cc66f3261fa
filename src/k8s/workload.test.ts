import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { failures, inventoryFromYaml, runCheck } from '../../test/helpers/run-check.js';
import type { KubeResourceRef } from '../core/types.js';
import { toWorkload, toWorkloads } from './workload.js';

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

  it('judges every pod template of a custom resource that has several: Kubeflow replica types, Ray groups, JobSet Jobs, Volcano tasks, LeaderWorkerSet', () => {
    const pod = (privileged: boolean) => `{ spec: { containers: [{ name: c, image: nginx${privileged ? ', securityContext: { privileged: true }' : ''} }] } }`;
    const yaml = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: { name: train, namespace: ml }
spec:
  pytorchReplicaSpecs:
    Master: { replicas: 1, template: ${pod(false)} }
    Worker: { replicas: 4, template: ${pod(true)} }
---
apiVersion: ray.io/v1
kind: RayCluster
metadata: { name: ray, namespace: ml }
spec:
  headGroupSpec: { template: ${pod(true)} }
  workerGroupSpecs:
    - { groupName: cpu, template: ${pod(false)} }
    - { groupName: gpu, template: ${pod(true)} }
---
apiVersion: ray.io/v1
kind: RayJob
metadata: { name: job, namespace: ml }
spec:
  rayClusterSpec:
    workerGroupSpecs: [{ groupName: w, template: ${pod(true)} }]
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: { name: set, namespace: ml }
spec:
  replicatedJobs:
    - { name: workers, template: { spec: { template: ${pod(true)} } } }
---
apiVersion: batch.volcano.sh/v1alpha1
kind: Job
metadata: { name: vc, namespace: ml }
spec:
  tasks: [{ name: t, template: ${pod(true)} }]
---
apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: { name: lws, namespace: ml }
spec:
  leaderWorkerTemplate: { leaderTemplate: ${pod(false)}, workerTemplate: ${pod(true)} }
`;
    const found = failures(runCheck(privileged, yaml));
    expect(found.map((finding) => `${(finding.resource as KubeResourceRef).kind}/${(finding.resource as KubeResourceRef).name} ${finding.path}`)).toEqual([
      'PyTorchJob/train spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].securityContext.privileged',
      'RayCluster/ray spec.headGroupSpec.template.spec.containers[0].securityContext.privileged',
      'RayCluster/ray spec.workerGroupSpecs[1].template.spec.containers[0].securityContext.privileged',
      'RayJob/job spec.rayClusterSpec.workerGroupSpecs[0].template.spec.containers[0].securityContext.privileged',
      'JobSet/set spec.replicatedJobs[0].template.spec.template.spec.containers[0].securityContext.privileged',
      'Job/vc spec.tasks[0].template.spec.containers[0].securityContext.privileged',
      'LeaderWorkerSet/lws spec.leaderWorkerTemplate.workerTemplate.spec.containers[0].securityContext.privileged',
    ]);
    expect(found.every((finding) => finding.location?.line !== undefined)).toBe(true);
    expect(objects(yaml).map((object) => toWorkloads(object).map((workload) => workload.templatePath))[1]).toEqual(['spec.headGroupSpec.template', 'spec.workerGroupSpecs[0].template', 'spec.workerGroupSpecs[1].template']);
  });

  it('does not take a policy engine\'s patterns for pod templates', () => {
    const yaml = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: no-privileged }
spec:
  rules:
    - name: deny
      validate:
        pattern: { spec: { template: { spec: { containers: [{ securityContext: { privileged: "false" } }] } } } }
`;
    expect(objects(yaml).map(toWorkloads)).toEqual([[]]);
  });

  it('counts an object with several templates once where a check names the workloads of a namespace', () => {
    const yaml = `apiVersion: ray.io/v1
kind: RayCluster
metadata: { name: ray, namespace: ml }
spec:
  headGroupSpec: { template: { spec: { containers: [{ name: head, image: ray }] } } }
  workerGroupSpecs: [{ groupName: w, template: { spec: { containers: [{ name: worker, image: ray }] } } }]
`;
    const namespaceHasPolicy = allChecks.find((check) => check.id === 'K8S-NET-001')!;
    expect(failures(runCheck(namespaceHasPolicy, yaml)).map((finding) => finding.message)).toEqual([
      'namespace ml runs 1 workload(s) (RayCluster ray) and has no NetworkPolicy: every pod accepts traffic from anywhere in the cluster and may connect anywhere',
    ]);
    const imdsEgress = allChecks.find((check) => check.id === 'K8S-NET-009')!;
    const imds = failures(runCheck(imdsEgress, yaml));
    expect(imds.map((finding) => finding.messageId)).toEqual(['reachable']);
    expect(imds[0]!.message).toMatch(/^1 of 1 workload\(s\) in namespace ml may reach the instance metadata service: RayCluster ray \([^;]*\); unless/);
  });
});
