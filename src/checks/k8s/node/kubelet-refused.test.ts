import { describe, expect, it } from 'vitest';
import { analyzeUserData, USER_DATA_FACTS_KEY } from '../../../aws/user-data/facts.js';
import { inventoryFromResponses } from '../../../sources/aws-snapshot/parse.js';
import { inventoryFromYaml, runCheck } from '../../../../test/helpers/run-check.js';
import { nodeadmUserData } from '../../../../test/helpers/kubelet.js';
import { PATHS, clusterResponse, launchTemplateResponse, nodegroupResponse } from '../../aws/fixtures.js';
import { kubeletAnonymousAuthDisabled } from './k8s-node-004-anonymous-auth.js';
import { kubeletReadOnlyPortDisabled } from './k8s-node-007-read-only-port.js';

// A kubelet whose configuration it cannot decode does not start: the source reports an input error
// (the run exits 2) and the kubelet checks skip that kubelet, never judging a wrong-typed field as unset.

const REFUSED = 'spec.kubelet.config.authentication.anonymous.enabled must be a boolean (true or false), not a string, so the kubelet cannot load its configuration';
const TEMPLATE = 'launch template lt-0abc1234def567890 version 3';
const WRONG_TYPED = nodeadmUserData('    config:\n      readOnlyPort: 10255\n      authentication:\n        anonymous:\n          enabled: "true"\n');

function snapshot(templateData: Record<string, unknown>, options: { nodegroup: boolean }) {
  const files = {
    [PATHS.cluster]: clusterResponse(),
    ...(options.nodegroup ? { [PATHS.nodegroup()]: nodegroupResponse({ amiType: 'AL2023_x86_64_STANDARD' }) } : {}),
    [PATHS.launchTemplate()]: launchTemplateResponse(templateData),
  };
  return inventoryFromResponses(Object.entries(files).map(([path, body]) => ({ path, body })), { origin: 'test' });
}

describe('a NodeConfig kubelet config of the wrong type in launch-template user data', () => {
  it.each([
    ['user data as describe-launch-template-versions prints it (a snapshot)', { UserData: WRONG_TYPED }],
    ['the facts the live source records in its place', { [USER_DATA_FACTS_KEY]: JSON.parse(JSON.stringify(analyzeUserData(WRONG_TYPED, { base64: true }))) as unknown }],
  ])('%s: an input error naming the template, version, part and field', (_name, data) => {
    const inventory = snapshot(data, { nodegroup: true });
    expect(inventory.errors).toEqual([
      { source: 'aws', message: `${TEMPLATE}: user data MIME part 1 (application/node.eks.aws): NodeConfig ${REFUSED}`, location: { file: PATHS.launchTemplate() } },
    ]);
  });

  it.each([
    ['the node group using the template', true],
    ['a template no node group uses (self-managed nodes, Karpenter)', false],
  ])('%s is skipped by every kubelet check, the readable readOnlyPort: 10255 included', (_name, nodegroup) => {
    const inventory = snapshot({ UserData: WRONG_TYPED }, { nodegroup });
    for (const check of [kubeletAnonymousAuthDisabled, kubeletReadOnlyPortDisabled]) {
      const findings = runCheck(check, inventory);
      expect(findings.map((finding) => finding.status)).toEqual(['skipped']);
      expect(findings[0]!.message).toBe(`the kubelet cannot load the user data of ${TEMPLATE} (MIME part 1 (application/node.eks.aws): NodeConfig ${REFUSED}), so none of its settings is judged`);
    }
  });

  it('a well-typed NodeConfig is judged as before', () => {
    const inventory = snapshot({ UserData: nodeadmUserData('    config:\n      readOnlyPort: 10255\n') }, { nodegroup: true });
    expect(inventory.errors).toEqual([]);
    expect(runCheck(kubeletReadOnlyPortDisabled, inventory).map((finding) => finding.status)).toEqual(['fail']);
  });
});

describe('a KubeletConfiguration file of the wrong type', () => {
  it('is skipped by the kubelet checks, as the kubelet would not start on it', () => {
    const inventory = inventoryFromYaml('apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmetadata: { name: node-a }\nreadOnlyPort: "10255"\n');
    const findings = runCheck(kubeletReadOnlyPortDisabled, inventory);
    expect(findings.map((finding) => [finding.status, finding.message])).toEqual([
      ['skipped', 'the kubelet cannot load the KubeletConfiguration node-a (readOnlyPort must be a 32-bit integer, not a string), so none of its settings is judged'],
    ]);
  });
});
