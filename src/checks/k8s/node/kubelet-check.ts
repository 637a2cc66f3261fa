import { defineCheck, notApplicable, type CheckDefinition, type Verdict } from '../../../core/check.js';
import { AWS_KEYS } from '../../../aws/data-keys.js';
import type { EffectiveValue, KubeletView } from '../../../k8s/kubelet/effective.js';
import { KUBELET_CONFIG_KEY } from '../../../k8s/kubelet/configz.js';
import { kubeletConfigs, type KubeletSubject } from './kubelet-subjects.js';

/** What a kubelet check supplies; the target, data keys, admission use and area are shared. */
export type KubeletCheckDefinition = Omit<CheckDefinition<KubeletSubject>, 'target' | 'needs' | 'reads' | 'admission' | 'area' | 'evaluate' | 'scope'> & {
  /**
   * The verdict on a kubelet whose settings are known. `setPath` gives the path a finding names:
   * the field in a KubeletConfiguration, the user data of a launch template, or none when the
   * value is a default (no field says it).
   */
  judge(view: KubeletView, setPath: (configPath: string, value: EffectiveValue<unknown>) => string | undefined): Verdict;
};

export const KUBELET_REFERENCES = {
  config: 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/',
  configz: 'https://kubernetes.io/docs/tasks/administer-cluster/reconfigure-kubelet/',
  nodeadm: 'https://awslabs.github.io/amazon-eks-ami/nodeadm/',
  bpgHosts: 'https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html',
} as const;

/**
 * A CIS section 3.2 kubelet check: it judges every kubelet the sources describe (see
 * kubelet-subjects.ts). The node's `/configz` is read only with `--kubelet-config`, so `needs`
 * stays empty of it: without the flag, node groups are still judged from the AWS side.
 */
export function defineKubeletCheck(definition: KubeletCheckDefinition): CheckDefinition<KubeletSubject> {
  const { judge, ...rest } = definition;
  return defineCheck<KubeletSubject>({
    ...rest,
    area: 'nodes',
    target: kubeletConfigs,
    needs: [KUBELET_CONFIG_KEY],
    reads: [AWS_KEYS.nodegroups, AWS_KEYS.launchTemplates],
    admission: { scanOnly: "judges nodes' kubelet configuration (/configz, launch-template user data), which no admission request carries" },
    evaluate(subject) {
      if (subject.kind === 'skip') return { status: 'skipped', message: subject.reason };
      if (subject.kind === 'not-applicable') return notApplicable(subject.reason);
      return judge(subject.view, (configPath, value) => (value.origin === 'set' ? subject.setPath(configPath) : undefined));
    },
  });
}
