import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import type { FieldPath } from '../core/field-path.js';
import type { Finding } from '../core/types.js';
import { failures, inventoryFromYaml, runCheck } from '../../test/helpers/run-check.js';
import { argoWorkflowPods } from './argo-workflow.js';
import { toWorkloads } from './workload.js';

const WORKFLOW = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: build, namespace: ci }
spec:
  entrypoint: main
  hostNetwork: true
  serviceAccountName: builder
  securityContext: { runAsNonRoot: true }
  volumes:
    - name: docker
      hostPath: { path: /var/run/docker.sock }
    - name: unused
      hostPath: { path: /etc }
  templates:
    - name: main
      steps:
        - - { name: build, template: build }
    - name: build
      container:
        image: docker:24
        securityContext: { privileged: true }
        volumeMounts: [{ name: docker, mountPath: /var/run/docker.sock }]
    - name: report
      securityContext: { runAsNonRoot: false }
      script:
        image: python:3.12
        source: print("hi")
      sidecars:
        - name: proxy
          image: envoyproxy/envoy:v1.30
          securityContext: { capabilities: { add: [NET_ADMIN] } }
`;

function judge(yaml: string, ids: readonly string[]): Finding[] {
  return ids.flatMap((id) => failures(runCheck(allChecks.find((check) => check.id === id)!, yaml)));
}

const summary = (findings: readonly Finding[]) => findings.map((finding) => `${finding.checkId} ${finding.path} line ${finding.location?.line}`);

describe('Argo Workflows', () => {
  it('judges the pod of each template that runs containers, at the places the workflow writes them, with their lines', () => {
    expect(summary(judge(WORKFLOW, ['PSS-privileged', 'PSS-hostNamespaces', 'PSS-restrictedVolumes', 'PSS-runAsNonRoot', 'K8S-WL-008']))).toEqual([
      'PSS-privileged spec.templates[1].container.securityContext.privileged line 21',
      // a field of the workflow that every pod gets is reported once, not once per pod
      'PSS-hostNamespaces spec.hostNetwork line 6',
      // only the volume a container mounts goes into a pod: the unused hostPath is in none
      'PSS-restrictedVolumes spec.volumes[0].hostPath line 11',
      // the template's securityContext is the one its pod gets
      'PSS-runAsNonRoot spec.templates[2].securityContext.runAsNonRoot line 24',
      'K8S-WL-008 spec.templates[2].sidecars[0].securityContext.capabilities.add line 31',
    ]);
  });

  it('names the main container as Argo does, and reads CronWorkflows, WorkflowTemplates and ClusterWorkflowTemplates', () => {
    const cron = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: { name: nightly, namespace: ci }
spec:
  schedule: "0 1 * * *"
  workflowSpec:
    entrypoint: run
    templates:
      - name: run
        container: { image: busybox, securityContext: { privileged: true } }
---
apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata: { name: shared }
spec:
  templates:
    - name: set
      containerSet:
        containers:
          - { name: a, image: busybox }
          - { name: b, image: busybox, securityContext: { privileged: true } }
`;
    const found = judge(cron, ['PSS-privileged']);
    expect(summary(found)).toEqual([
      'PSS-privileged spec.workflowSpec.templates[0].container.securityContext.privileged line 10',
      'PSS-privileged spec.templates[0].containerSet.containers[1].securityContext.privileged line 21',
    ]);
    expect(found.map((finding) => finding.message)).toEqual([
      'privileged (container "main" must not set securityContext.privileged=true)',
      'privileged (container "b" must not set securityContext.privileged=true)',
    ]);
  });

  it('runs no pod for steps, dag, resource and suspend templates, nor for a lookalike kind of another group', () => {
    const yaml = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: { name: glue, namespace: ci }
spec:
  templates:
    - { name: a, steps: [[{ name: b, template: c }]] }
    - { name: d, dag: { tasks: [] } }
    - { name: e, resource: { action: create, manifest: "kind: ConfigMap" } }
    - { name: f, suspend: {} }
---
apiVersion: example.com/v1
kind: Workflow
metadata: { name: other, namespace: ci }
spec:
  templates:
    - { name: x, container: { image: busybox, securityContext: { privileged: true } } }
`;
    expect(inventoryFromYaml(yaml).kube.flatMap((object) => toWorkloads(object))).toEqual([]);
    expect(judge(yaml, ['PSS-privileged'])).toEqual([]);
  });

  it('maps a place only to the paths below it, never to a sibling that shares its text', () => {
    const containers = Array.from({ length: 11 }, (_, index) => `          - { name: c${index}, image: busybox }`).join('\n');
    const yaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: many, namespace: ci }
spec:
  templates:
    - name: set
      containerSet:
        containers:
${containers}
`;
    const [pod] = argoWorkflowPods(inventoryFromYaml(yaml).kube[0]!);
    expect(pod!.placeOf('spec.containers[1].image' as FieldPath)).toBe('spec.templates[0].containerSet.containers[1].image');
    expect(pod!.placeOf('spec.containers[10].image' as FieldPath)).toBe('spec.templates[0].containerSet.containers[10].image');
    // a pod-level field neither sets is written for every pod, in the workflow
    expect(pod!.placeOf('spec.securityContext.runAsNonRoot' as FieldPath)).toBe('spec.securityContext.runAsNonRoot');
    expect(pod!.placeOf('metadata.annotations' as FieldPath)).toBe('spec.templates[0].metadata.annotations');
  });

  it('merges templateDefaults under each template that runs a pod, and reports what they bring there', () => {
    const yaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: defaults, namespace: ci }
spec:
  templateDefaults:
    container:
      securityContext: { privileged: true }
  templates:
    - { name: main, steps: [[{ name: a, template: run }]] }
    - name: run
      container: { image: busybox }
    - name: own
      container: { image: busybox, securityContext: { privileged: false } }
`;
    expect(summary(judge(yaml, ['PSS-privileged']))).toEqual(['PSS-privileged spec.templateDefaults.container.securityContext.privileged line 7']);
  });

  it('applies the workflow\'s and the template\'s podSpecPatch (YAML or JSON text) over the pod, and reports what they set at the patch', () => {
    const yaml = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: patched, namespace: ci }
spec:
  podSpecPatch: |
    hostPID: true
  templates:
    - name: run
      podSpecPatch: '{"containers":[{"name":"main","securityContext":{"privileged":true}}]}'
      container: { image: busybox, securityContext: { runAsNonRoot: true } }
    - name: later
      podSpecPatch: '{{inputs.parameters.patch}}'
      container: { image: busybox }
`;
    const found = judge(yaml, ['PSS-privileged', 'PSS-hostNamespaces']);
    expect(summary(found)).toEqual(['PSS-privileged spec.templates[0].podSpecPatch line 9', 'PSS-hostNamespaces spec.podSpecPatch line 5']);
    // the container keeps what the template wrote: the patch merges into it by name
    const [pod] = argoWorkflowPods(inventoryFromYaml(yaml).kube[0]!);
    expect(pod!.spec['containers']).toEqual([{ name: 'main', image: 'busybox', securityContext: { runAsNonRoot: true, privileged: true } }]);
  });
});
