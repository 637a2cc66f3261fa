import { defineCheck, fail, notApplicable, type CheckDefinition, type Verdict } from '../../../core/check.js';
import type { FieldPath } from '../../../core/field-path.js';
import type { MessageData } from '../../../core/message.js';
import { AWS_KEYS } from '../../../aws/data-keys.js';
import type { EffectiveValue, KubeletView } from '../../../k8s/kubelet/effective.js';
import { KUBELET_CONFIG_KEY } from '../../../k8s/kubelet/configz.js';
import { kubeletConfigs, type KubeletSubject } from './kubelet-subjects.js';

/**
 * A failing verdict on one kubelet setting: one of the check's messages with its data, pointing at
 * where the setting is written (the field of a KubeletConfiguration, the user data of a launch
 * template), or at no field when the value is a default (nothing says it).
 */
export type KubeletFail<M extends string> = (messageId: M, data: MessageData, field: FieldPath, value: EffectiveValue<unknown>) => Verdict;

/** What a kubelet check supplies; the target, data keys, admission use and area are shared. */
export type KubeletCheckDefinition<M extends string> = Omit<
  CheckDefinition<KubeletSubject>,
  'target' | 'needs' | 'reads' | 'admission' | 'area' | 'evaluate' | 'scope' | 'messages'
> & {
  /** Every failure message by ID; required, so a kubelet check cannot fail in free text. */
  messages: Readonly<Record<M, string>>;
  /** The verdict on a kubelet whose settings are known: a pass, or `failAt(messageId, data, field, value)`. */
  judge(view: KubeletView, failAt: KubeletFail<M>): Verdict;
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
export function defineKubeletCheck<M extends string>(definition: KubeletCheckDefinition<M>): CheckDefinition<KubeletSubject> {
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
      return judge(subject.view, (messageId, data, field, value) => {
        const path = value.origin === 'set' ? subject.setPath(field) : undefined;
        return fail({ messageId, data, ...(path !== undefined ? { path } : {}) });
      });
    },
  });
}
