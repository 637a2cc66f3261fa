import { fieldPath } from '../../core/field-path.js';
import { asRecord as record } from '../../core/inventory.js';
import { checkEmbeddedFields, KUBELET_CONFIGURATION, type ObjectProblem } from '../kube-schema/check-object.js';

/** nodeadm's configuration kind (AL2023 EKS nodes): its `spec.kubelet` configures the kubelet. */
const NODE_CONFIG_KIND = 'NodeConfig';
const NODE_CONFIG_GROUP = 'node.eks.aws';

const present = (value: unknown): boolean => value !== undefined && value !== null;

const CONFIG_PATH = ['spec', 'kubelet', 'config'];

/**
 * Why a node would refuse a NodeConfig's kubelet options, or undefined. nodeadm decodes the
 * NodeConfig into its Go types (`spec.kubelet.flags` a list of strings, `spec.kubelet.config` a
 * mapping) and passes `spec.kubelet.config` on as JSON, merged into (or dropped in beside) the
 * kubelet's config file; the kubelet decodes that into its KubeletConfiguration type and does not
 * start on a field of the wrong type. So the config is held to the generated KubeletConfiguration
 * types, the same ones a KubeletConfiguration file is held to. Messages never quote a value.
 */
export function nodeConfigKubeletProblem(nodeConfig: Record<string, unknown>): ObjectProblem | undefined {
  const spec = nodeConfig['spec'];
  if (present(spec) && !record(spec)) return { path: 'spec', message: 'spec must be a mapping, so nodeadm cannot read this NodeConfig' };
  const options = record(spec)?.['kubelet'];
  if (!present(options)) return undefined;
  const kubelet = record(options);
  if (!kubelet) return { path: 'spec.kubelet', message: 'spec.kubelet must be a mapping, so nodeadm cannot read this NodeConfig' };
  const flags = kubelet['flags'];
  if (present(flags)) {
    if (!Array.isArray(flags)) return { path: 'spec.kubelet.flags', message: 'spec.kubelet.flags must be a list of strings, so nodeadm cannot read this NodeConfig' };
    const index = flags.findIndex((flag) => typeof flag !== 'string');
    if (index >= 0) {
      const path = fieldPath('spec', 'kubelet', 'flags', index);
      return { path, message: `${path} must be a string, so nodeadm cannot read this NodeConfig` };
    }
  }
  const problem = checkEmbeddedFields(KUBELET_CONFIGURATION, kubelet['config'], CONFIG_PATH);
  return problem ? { ...problem, message: `${problem.message}, so the kubelet cannot load its configuration` } : undefined;
}

/** Whether an object is a nodeadm NodeConfig (any version of its API group). */
export function isNodeConfig(raw: Record<string, unknown>): boolean {
  const apiVersion = raw['apiVersion'];
  return raw['kind'] === NODE_CONFIG_KIND && typeof apiVersion === 'string' && apiVersion.startsWith(`${NODE_CONFIG_GROUP}/`);
}
