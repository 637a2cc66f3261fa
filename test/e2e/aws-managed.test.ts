import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

const AWS_NODE = (image: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: aws-node, namespace: kube-system }
spec:
  selector: { matchLabels: { k8s-app: aws-node } }
  template:
    metadata: { labels: { k8s-app: aws-node } }
    spec:
      hostNetwork: true
      serviceAccountName: aws-node
      containers:
        - name: aws-node
          image: ${image}
          securityContext: { privileged: true }
`;

describe('AWS-managed add-ons on the command line', () => {
  it('reports them suppressed, "managed by AWS", unless --judge-aws-managed or suppressAwsManaged: false', () => {
    const dir = makeWorkdir({ 'addons/aws-node.yaml': AWS_NODE('602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.20.4-eksbuild.1') });
    const managed = runCliJson(['scan', 'addons'], { cwd: dir });
    expect(managed.result.code).toBe(0);
    expect(managed.json.summary.fail).toBe(0);
    expect(managed.json.findings.length).toBeGreaterThan(5);
    expect(managed.json.findings.every((f: any) => f.status === 'suppressed' && f.suppression.reason === 'managed by AWS' && f.suppression.source === 'managed')).toBe(true);
    expect(runCli(['scan', 'addons'], { cwd: dir }).stdout).toContain('suppressed (managed): managed by AWS');
    const judged = runCliJson(['scan', 'addons', '--judge-aws-managed'], { cwd: dir });
    expect(judged.result.code).toBe(1);
    expect(judged.json.findings.some((f: any) => f.checkId === 'PSS-privileged' && f.status === 'fail')).toBe(true);
    const configured = makeWorkdir({ 'addons/aws-node.yaml': AWS_NODE('602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.20.4-eksbuild.1'), '.eksguard.yaml': 'suppressAwsManaged: false\n' });
    expect(runCliJson(['scan', 'addons'], { cwd: configured }).result.code).toBe(1);
    const invalid = makeWorkdir({ 'addons/aws-node.yaml': AWS_NODE('x'), '.eksguard.yaml': 'suppressAwsManaged: "no"\n' });
    const bad = runCli(['scan', 'addons'], { cwd: invalid });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('suppressAwsManaged must be true or false');
  });

  it('judges a look-alike whose image comes from anywhere else', () => {
    const dir = makeWorkdir({ 'addons/aws-node.yaml': AWS_NODE('ghcr.io/someone/amazon-k8s-cni:v1.20.4') });
    const { json, result } = runCliJson(['scan', 'addons'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(json.findings.filter((f: any) => f.status === 'suppressed')).toEqual([]);
  });
});
