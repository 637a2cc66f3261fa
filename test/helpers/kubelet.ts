import { templateFixture } from '../../src/checks/aws/eks-node-001-imdsv2.js';
import type { CaseInput } from './check-tester.js';

/** A KubeletConfiguration document as a manifest (a kubelet config file): unset fields take the kubelet's defaults. */
export function kubeletYaml(body: string, name = 'node-a'): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmetadata: { name: ${name} }\n${body}`;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Managed-node-group style MIME user data with one part of the given type. */
export function mimeUserData(contentType: string, body: string): string {
  return base64(
    `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="BOUNDARY"\n\n--BOUNDARY\nContent-Type: ${contentType}; charset="us-ascii"\n\n${body}\n--BOUNDARY--\n`,
  );
}

/** AL2023: a nodeadm NodeConfig with the given `spec.kubelet` body (YAML, indented under `kubelet:`). */
export function nodeadmUserData(kubelet: string): string {
  return mimeUserData(
    'application/node.eks.aws',
    `apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster: { name: prod, apiServerEndpoint: https://example.eks.amazonaws.com, certificateAuthority: Y2E=, cidr: 10.100.0.0/16 }\n  kubelet:\n${kubelet}`,
  );
}

/** AL2: a shell script calling bootstrap.sh with these kubelet flags. */
export function bootstrapUserData(flags: string): string {
  return base64(`#!/bin/bash\nset -ex\n/etc/eks/bootstrap.sh prod \\\n  --kubelet-extra-args '${flags}'\n`);
}

/** Bottlerocket: TOML settings. */
export function bottlerocketUserData(kubernetes: string): string {
  return base64(`[settings.kubernetes]\ncluster-name = "prod"\n${kubernetes}\n`);
}

/** A managed node group (AL2023 unless patched) whose launch template carries this user data. */
export function nodegroupCase(userData: string | undefined, nodegroupPatch: Record<string, unknown> = {}): CaseInput {
  return { aws: templateFixture(userData === undefined ? {} : { UserData: userData }, nodegroupPatch) };
}
