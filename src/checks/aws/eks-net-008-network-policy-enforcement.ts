import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import type { CheckContext, Verdict } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { record, str, strings } from '../../k8s/fields.js';
import { objectsOf } from '../../k8s/targets.js';
import { containersOf, toWorkload } from '../../k8s/workload.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';

const vpcCni = (configurationValues?: string) => ({
  addon: { addonName: 'vpc-cni', clusterName: 'prod', status: 'ACTIVE', addonVersion: 'v1.20.4-eksbuild.1', ...(configurationValues ? { configurationValues } : {}) },
});

const CONFIGURATION = fieldPath('addon', 'configurationValues');

/** DaemonSets of CNIs that enforce NetworkPolicy themselves. */
const POLICY_ENGINES = ['calico-node', 'cilium', 'antrea-agent', 'kube-router'];

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

function otherEnforcer(ctx: CheckContext): string | undefined {
  return objectsOf('DaemonSet', ctx).find((object) => POLICY_ENGINES.includes(object.name))?.name;
}

/**
 * A self-managed VPC CNI (no EKS add-on) turns enforcement on with the node agent's
 * `--enable-network-policy=true` argument in the aws-node DaemonSet.
 */
function selfManagedCni(ctx: CheckContext): { found: boolean; enforces: boolean } {
  const daemonSet = objectsOf('DaemonSet', ctx).find((object) => object.name === 'aws-node' && object.namespace === 'kube-system');
  if (!daemonSet) return { found: false, enforces: false };
  const workload = toWorkload(daemonSet);
  const args = workload ? containersOf(workload.spec).flatMap((ref) => strings(ref.container['args'])) : [];
  return { found: true, enforces: args.some((arg) => /^--enable-network-policy(=true)?$/.test(arg.trim())) };
}

/** EKS Auto Mode turns the network policy controller on with this ConfigMap key (https://docs.aws.amazon.com/eks/latest/userguide/auto-net-pol.html). */
const AUTO_MODE_CONFIG = { namespace: 'kube-system', name: 'amazon-vpc-cni', key: 'enable-network-policy-controller' } as const;
const NODE_CLASS_POLICIES = ['DefaultAllow', 'DefaultDeny'];

function names(objects: readonly { name: string }[]): string {
  const listed = objects.slice(0, 5).map((object) => object.name);
  return `${listed.join(', ')}${objects.length > 5 ? ` and ${objects.length - 5} more` : ''}`;
}

/**
 * An EKS Auto Mode cluster enforces NetworkPolicies when the network policy controller is on
 * (ConfigMap kube-system/amazon-vpc-cni, `enable-network-policy-controller: "true"`) and its
 * NodeClasses (eks.amazonaws.com/v1) set `networkPolicy` (DefaultAllow or DefaultDeny): nodes
 * of a NodeClass without it do not. A live scan that read both decides; manifests decide only
 * what they contain, and what no source read is `skipped` with the reason.
 */
function autoModeVerdict(ctx: CheckContext): Verdict {
  const live = ctx.inventory.facts.context !== undefined;
  const configGap = ctx.inventory.missing.get('kube:ConfigMap');
  if (configGap) return skipped(`EKS Auto Mode: ConfigMap ${AUTO_MODE_CONFIG.namespace}/${AUTO_MODE_CONFIG.name}, which turns the network policy controller on, could not be read (${configGap.reason})`);
  const config = objectsOf('ConfigMap', ctx).find((object) => object.namespace === AUTO_MODE_CONFIG.namespace && object.name === AUTO_MODE_CONFIG.name && object.apiVersion === 'v1');
  if (!config) {
    if (!live) {
      return skipped(
        `EKS Auto Mode enforces NetworkPolicies only when ConfigMap ${AUTO_MODE_CONFIG.namespace}/${AUTO_MODE_CONFIG.name} sets ${AUTO_MODE_CONFIG.key}: "true" and the NodeClasses set networkPolicy; the input has no such ConfigMap: scan the cluster (--kube) to tell`,
      );
    }
    return fail({ messageId: 'autoModeNoConfig' });
  }
  const value = record(config.raw['data'])[AUTO_MODE_CONFIG.key];
  if (value !== 'true') {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : 'nothing';
    return fail({ messageId: 'autoModeControllerOff', data: { value: shown } });
  }
  const classGap = ctx.inventory.missing.get('kube:NodeClass');
  if (classGap) return skipped(`EKS Auto Mode: the network policy controller is on, but the NodeClasses could not be read (${classGap.reason})`);
  const classes = objectsOf('NodeClass', ctx).filter((object) => object.apiVersion.startsWith('eks.amazonaws.com/'));
  if (classes.length === 0) {
    return live
      ? notApplicable('EKS Auto Mode: the cluster has no NodeClass, so no Auto Mode nodes whose policy enforcement could be off')
      : skipped('EKS Auto Mode: the network policy controller is on; whether nodes enforce NetworkPolicies is set per NodeClass (networkPolicy), and the input has none: scan the cluster (--kube) to tell');
  }
  const off = classes.filter((object) => !NODE_CLASS_POLICIES.includes(str(record(object.raw['spec'])['networkPolicy']) ?? ''));
  if (off.length > 0) {
    return fail({ messageId: 'autoModeNodeClassOff', data: { nodeClasses: names(off) } });
  }
  const modes = [...new Set(classes.map((object) => str(record(object.raw['spec'])['networkPolicy'])))].join(', ');
  return pass(`EKS Auto Mode enforces NetworkPolicies: ConfigMap ${AUTO_MODE_CONFIG.namespace}/${AUTO_MODE_CONFIG.name} turns the controller on and NodeClass ${names(classes)} set networkPolicy ${modes}`);
}

/**
 * EKS-NET-008: fails when the vpc-cni add-on does not set enableNetworkPolicy: "true", so
 * NetworkPolicy objects are not enforced; on EKS Auto Mode, when the network policy
 * controller is off or a NodeClass does not set networkPolicy.
 */
export const networkPolicyEnforcement = defineCheck<ClusterModel>({
  id: 'EKS-NET-008',
  title: 'The VPC CNI should enforce NetworkPolicies',
  area: 'data-plane',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.addons],
  // EKS Auto Mode's switches live in the cluster; a gap on them is judged (skipped) by the check itself
  reads: ['kube:ConfigMap', 'kube:NodeClass'],
  rationale:
    'The Amazon VPC CNI ignores NetworkPolicy objects unless its network-policy agent is turned on (`enableNetworkPolicy: "true"` in the add-on configuration). Policies then exist on paper only and every pod can reach every other pod, the node and the instance metadata service.',
  remediation:
    'Set `enableNetworkPolicy: "true"` in the vpc-cni add-on configuration (`aws eks update-addon --addon-name vpc-cni --configuration-values \'{"enableNetworkPolicy":"true"}\'`), or run a CNI that enforces policies (Calico, Cilium). On EKS Auto Mode, apply ConfigMap kube-system/amazon-vpc-cni with `enable-network-policy-controller: "true"` and set `networkPolicy: DefaultAllow` (or `DefaultDeny`) in every NodeClass.',
  messages: {
    selfManagedOff: 'the self-managed aws-node DaemonSet does not pass --enable-network-policy=true: NetworkPolicy objects are not enforced',
    configurationUnparsable: 'the vpc-cni configurationValues cannot be parsed',
    addonOff: 'the vpc-cni add-on does not set enableNetworkPolicy: "true": NetworkPolicy objects are not enforced',
    autoModeNoConfig: 'EKS Auto Mode: there is no ConfigMap kube-system/amazon-vpc-cni with enable-network-policy-controller: "true", so the network policy controller is off and NetworkPolicy objects are not enforced',
    autoModeControllerOff: 'EKS Auto Mode: ConfigMap kube-system/amazon-vpc-cni sets enable-network-policy-controller to {{value}}, not "true": the network policy controller is off and NetworkPolicy objects are not enforced',
    autoModeNodeClassOff: 'EKS Auto Mode: NodeClass {{nodeClasses}} does not set networkPolicy to DefaultAllow or DefaultDeny: its nodes do not enforce NetworkPolicy objects',
  },
  references: [`${EKS_UG}/cni-network-policy.html`, `${EKS_UG}/auto-net-pol.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.addon('vpc-cni')]: vpcCni('{"enableNetworkPolicy":"true"}') })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.addon('vpc-cni')]: vpcCni() })],
  }),
  evaluate(cluster, ctx) {
    if (cluster.autoMode) return autoModeVerdict(ctx);
    const other = otherEnforcer(ctx);
    if (other) return pass(`DaemonSet ${other} enforces NetworkPolicies`);
    const addon = awsView(ctx).addon(cluster, 'vpc-cni');
    if (!addon) {
      const cni = selfManagedCni(ctx);
      if (cni.enforces) return pass('the self-managed aws-node DaemonSet runs the network-policy agent');
      if (cni.found) return fail({ messageId: 'selfManagedOff', path: fieldPath('aws-node') });
      return skipped('vpc-cni is not installed as an EKS add-on and no other policy engine was seen: scan the cluster to tell');
    }
    if (addon.configurationUnparsable) return fail({ messageId: 'configurationUnparsable', path: CONFIGURATION });
    if (truthy(addon.configuration?.['enableNetworkPolicy'])) return pass('the vpc-cni add-on enforces NetworkPolicies');
    return fail({ messageId: 'addonOff', path: CONFIGURATION });
  },
});
