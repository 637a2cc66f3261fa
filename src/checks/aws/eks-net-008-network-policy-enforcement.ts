import { defineCheck, fail, notApplicable, pass } from '../../core/check.js';
import type { CheckContext } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import type { ClusterModel } from '../../aws/models.js';
import { EKS_UG, skipped } from '../../aws/verdicts.js';
import { awsView, clusters } from '../../aws/view.js';
import { strings } from '../../k8s/fields.js';
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

/**
 * EKS-NET-008: fails when the vpc-cni add-on does not set enableNetworkPolicy: "true", so
 * NetworkPolicy objects are not enforced.
 */
export const networkPolicyEnforcement = defineCheck<ClusterModel>({
  id: 'EKS-NET-008',
  title: 'The VPC CNI should enforce NetworkPolicies',
  area: 'data-plane',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.addons],
  rationale:
    'The Amazon VPC CNI ignores NetworkPolicy objects unless its network-policy agent is turned on (`enableNetworkPolicy: "true"` in the add-on configuration). Policies then exist on paper only and every pod can reach every other pod, the node and the instance metadata service.',
  remediation:
    'Set `enableNetworkPolicy: "true"` in the vpc-cni add-on configuration (`aws eks update-addon --addon-name vpc-cni --configuration-values \'{"enableNetworkPolicy":"true"}\'`), or run a CNI that enforces policies (Calico, Cilium).',
  messages: {
    selfManagedOff: 'the self-managed aws-node DaemonSet does not pass --enable-network-policy=true: NetworkPolicy objects are not enforced',
    configurationUnparsable: 'the vpc-cni configurationValues cannot be parsed',
    addonOff: 'the vpc-cni add-on does not set enableNetworkPolicy: "true": NetworkPolicy objects are not enforced',
  },
  references: [`${EKS_UG}/cni-network-policy.html`],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.addon('vpc-cni')]: vpcCni('{"enableNetworkPolicy":"true"}') })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [PATHS.addon('vpc-cni')]: vpcCni() })],
  }),
  evaluate(cluster, ctx) {
    if (cluster.autoMode) return notApplicable('EKS Auto Mode enforces network policies through its own configuration');
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
