import type { Subject, Target } from '../../../core/check.js';
import { fieldPath, type FieldPath } from '../../../core/field-path.js';
import type { KubeObject } from '../../../core/inventory.js';
import { AWS_TYPES, type LaunchTemplateVersionModel, type NodegroupModel } from '../../../aws/models.js';
import type { KubeletUserDataFormat } from '../../../aws/user-data/kubelet.js';
import { awsView, subjectOf } from '../../../aws/view.js';
import { checkBuiltinObject } from '../../../k8s/kube-schema/check-object.js';
import { CONFIGZ_SOURCE_ANNOTATION, KUBELET_CONFIGURATION_KIND } from '../../../k8s/kubelet/configz.js';
import type { KubeletBaseline, KubeletView } from '../../../k8s/kubelet/effective.js';
import { settingsFromKubeletConfiguration } from '../../../k8s/kubelet/settings.js';
import { kubeSubject, objectsOf } from '../../../k8s/targets.js';

/** A kubelet to judge, or why it cannot be judged. */
export type KubeletSubject =
  | { readonly kind: 'view'; readonly view: KubeletView; readonly setPath: (configPath: FieldPath) => FieldPath | undefined }
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'not-applicable'; readonly reason: string };

const USER_DATA_PATH = fieldPath('LaunchTemplateData', 'UserData');

const FORMAT_BASELINE: Readonly<Record<KubeletUserDataFormat, KubeletBaseline>> = {
  'bootstrap-sh': 'eks-al2',
  nodeadm: 'eks-al2023',
  bottlerocket: 'bottlerocket',
};

function templateLabel(template: LaunchTemplateVersionModel): string {
  return `launch template ${template.id ?? template.name} version ${template.version}`;
}

/** A kubelet config file names itself rarely (the kubelet ignores metadata): then its file does. */
function configurationLabel(object: KubeObject): string {
  if (object.name) return `the KubeletConfiguration ${object.name}`;
  const file = object.provenance.location?.file;
  return file ? `the KubeletConfiguration in ${file.split(/[\\/]/).pop()}` : 'the unnamed KubeletConfiguration';
}

/**
 * A kubelet given a configuration it cannot decode does not start, so none of its fields is in
 * force: judging them (a wrong-typed field read as unset, its default passing) would be a verdict
 * on a kubelet that does not run. The input error is reported by the source; the checks skip.
 */
function refusedSubject(setIn: string, why: string): KubeletSubject {
  return { kind: 'skip', reason: `the kubelet cannot load ${setIn} (${why}), so none of its settings is judged` };
}

function fromConfigObject(object: KubeObject): Subject<KubeletSubject> {
  const annotations = (object.raw['metadata'] as { annotations?: Record<string, unknown> } | undefined)?.annotations;
  const configz = object.provenance.source === 'cluster' && annotations?.[CONFIGZ_SOURCE_ANNOTATION] === 'configz';
  // /configz is the kubelet's own serialisation of the configuration it runs with
  const refusal = configz ? undefined : checkBuiltinObject(object.raw);
  if (refusal) return kubeSubject(object, refusedSubject(configurationLabel(object), refusal.message));
  const view: KubeletView = {
    settings: settingsFromKubeletConfiguration(object.raw),
    baseline: configz ? 'configz' : 'kubelet',
    setIn: configz ? `/configz of node ${object.name}` : configurationLabel(object),
  };
  return kubeSubject(object, { kind: 'view', view, setPath: (path) => path });
}

/** A managed node group's kubelet: its AMI family's defaults, overridden by its launch template's user data. */
function nodegroupSubject(nodegroup: NodegroupModel, template: LaunchTemplateVersionModel | undefined): KubeletSubject {
  const amiType = nodegroup.amiType ?? '';
  if (amiType.startsWith('WINDOWS')) return { kind: 'not-applicable', reason: `${amiType} nodes: the CIS EKS kubelet items are written for Linux nodes` };
  if (nodegroup.launchTemplate && !template) {
    const wanted = nodegroup.launchTemplate;
    return { kind: 'skip', reason: `launch template ${wanted.id ?? wanted.name} version ${wanted.version ?? '$Default'} was not collected, so its kubelet overrides are unknown` };
  }
  const overrides = template?.userData?.kubelet;
  const baseline: KubeletBaseline | undefined = amiType.startsWith('AL2023')
    ? 'eks-al2023'
    : amiType.startsWith('AL2_')
      ? 'eks-al2'
      : amiType.startsWith('BOTTLEROCKET')
        ? 'bottlerocket'
        : overrides
          ? FORMAT_BASELINE[overrides.format]
          : undefined;
  if (!baseline) {
    return { kind: 'skip', reason: `AMI type ${amiType || '(unknown)'} with user data eksguard does not recognise: its kubelet defaults are unknown; scan the nodes with --kubelet-config` };
  }
  const setIn = template ? `the user data of ${templateLabel(template)}` : 'the node group';
  const refused = overrides?.refused?.[0];
  if (refused) return refusedSubject(setIn, refused);
  return { kind: 'view', view: { settings: overrides?.settings ?? {}, baseline, setIn }, setPath: () => (template ? USER_DATA_PATH : undefined) };
}

/**
 * Every kubelet eksguard can judge: each node's `/configz` (live scans with `--kubelet-config`),
 * KubeletConfiguration files given as manifests, each managed node group (AMI defaults and its
 * launch template's overrides), and each launch template no node group uses whose user data
 * configures an EKS kubelet (self-managed groups, Karpenter, infrastructure code).
 */
export const kubeletConfigs: Target<KubeletSubject> = {
  id: 'kubelet-configs',
  kinds: [KUBELET_CONFIGURATION_KIND],
  select(inventory, ctx) {
    const subjects: Subject<KubeletSubject>[] = objectsOf(KUBELET_CONFIGURATION_KIND, ctx).map(fromConfigObject);
    if (inventory.aws.length === 0) return subjects;
    const view = awsView(ctx);
    const used = new Set<LaunchTemplateVersionModel>();
    for (const record of inventory.aws) {
      if (record.type !== AWS_TYPES.nodegroup) continue;
      const nodegroup = record.model as NodegroupModel;
      const template = view.launchTemplateOf(nodegroup);
      if (template) used.add(template);
      subjects.push({ ...subjectOf<KubeletSubject>(record), value: nodegroupSubject(nodegroup, template) });
    }
    for (const record of inventory.aws) {
      if (record.type !== AWS_TYPES.launchTemplateVersion) continue;
      const template = record.model as LaunchTemplateVersionModel;
      const overrides = template.userData?.kubelet;
      if (used.has(template) || !overrides) continue;
      const setIn = `the user data of ${templateLabel(template)}`;
      const refused = overrides.refused?.[0];
      const value: KubeletSubject = refused
        ? refusedSubject(setIn, refused)
        : { kind: 'view', view: { settings: overrides.settings, baseline: FORMAT_BASELINE[overrides.format], setIn }, setPath: () => USER_DATA_PATH };
      subjects.push({ ...subjectOf<KubeletSubject>(record), value });
    }
    return subjects;
  },
};
