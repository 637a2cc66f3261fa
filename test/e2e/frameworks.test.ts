import { describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from '../helpers/sarif-schema.js';
import { childrenNamed, parseXml } from '../helpers/xml.js';
import { runCli, runCliJson } from './run-cli.js';
import { makeWorkdir } from './workdir.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

const manifests = {
  'pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: "p${HOSTILE}"
  namespace: team-a
spec:
  hostPID: true
  containers:
    - name: app
      image: nginx:1.27
`,
  'rbac.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ops-admin
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}
`,
};

describe('eksguard scan --framework (built CLI)', () => {
  it('adds each control with status, reason and evidence, and a score, to the JSON report', () => {
    const dir = makeWorkdir(manifests);
    const { json, result } = runCliJson(['scan', '.', '--framework', 'cis-eks-2.0.0', '--fail-on', 'none'], { cwd: dir });
    expect(result.code).toBe(0);
    const [framework] = json.frameworks;
    expect(framework).toMatchObject({ name: 'cis-eks-2.0.0', version: '2.0.0' });
    expect(framework.controls).toHaveLength(47);
    const byId = (id: string) => framework.controls.find((control: any) => control.id === id);
    expect(byId('4.2.2')).toMatchObject({ status: 'fail', assessment: 'automated', checks: ['PSS-hostNamespaces'] });
    expect(byId('4.2.2').evidence[0]).toMatchObject({ checkId: 'PSS-hostNamespaces', status: 'fail', path: 'spec.hostPID', location: { file: 'pod.yaml' } });
    expect(byId('4.1.1')).toMatchObject({ status: 'fail' });
    expect(byId('4.1.1').evidence[0]).toMatchObject({ checkId: 'K8S-RBAC-001', resource: { kind: 'ClusterRoleBinding', name: 'ops-admin' } });
    // no AWS data: never a pass
    expect(byId('5.4.1')).toMatchObject({ status: 'skipped', reason: 'no subject in the scanned sources for EKS-NET-001' });
    // kubelet settings come from /configz or node groups: manifests hold neither
    expect(byId('3.2.1')).toMatchObject({ status: 'skipped', checks: ['K8S-NODE-004'] });
    expect(byId('3.1.1').status).toBe('manual');
    expect(byId('4.5.1').status).toBe('manual');
    // cluster-admin holds create on persistentvolumes: CIS 4.1.9 by K8S-RBAC-013
    expect(byId('4.1.9')).toMatchObject({ status: 'fail', checks: ['K8S-RBAC-013'] });
    expect(byId('4.1.9').evidence[0].message).toMatch(/^Group ops may create persistentvolumes cluster-wide via ClusterRoleBinding ops-admin/);
    expect(framework.counts.pass + framework.counts.fail).toBeGreaterThan(0);
    expect(framework.score).toBe(Math.round((framework.counts.pass / (framework.counts.pass + framework.counts.fail)) * 1000) / 10);
    // the run is limited to the framework's checks: K8S-WL-001 (image tags) maps to no CIS control
    expect(json.findings.every((finding: any) => finding.standards.some((tag: string) => tag.startsWith('CIS-EKS-2.0 ')))).toBe(true);
  });

  it('gates on --fail-under, and refuses it without a framework or with a bad percentage', () => {
    const dir = makeWorkdir(manifests);
    const below = runCli(['scan', '.', '--framework', 'cis-eks-2.0.0', '--fail-on', 'none', '--fail-under', '90'], { cwd: dir });
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(/cis-eks-2\.0\.0: score [\d.]+% is below --fail-under 90/);
    expect(runCli(['scan', '.', '--framework', 'cis-eks-2.0.0', '--fail-on', 'none', '--fail-under', '0'], { cwd: dir }).code).toBe(0);
    const alone = runCli(['scan', '.', '--fail-under', '50'], { cwd: dir });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--fail-under needs a --framework to score');
    const bad = runCli(['scan', '.', '--framework', 'cis-eks-2.0.0', '--fail-under', '150'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --fail-under "150"');
    const unknown = runCli(['scan', '.', '--framework', 'cis-eks-9'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown --framework "cis-eks-9"');
    expect(unknown.stderr).toContain('cis-eks-2.0.0, cis-eks-1.8.0, nsa-cisa, eks-bpg, pss-baseline, pss-restricted');
  });

  it('shows the controls in the table, Markdown and HTML formats, attacker text escaped', () => {
    const dir = makeWorkdir(manifests);
    const table = runCli(['scan', '.', '--framework', 'cis-eks-2.0.0', '--framework', 'pss-baseline', '--fail-on', 'none'], { cwd: dir }).stdout;
    expect(table).toMatch(/CIS Amazon EKS Benchmark 2\.0\.0 \(cis-eks-2\.0\.0\): score [\d.]+%/);
    expect(table).toMatch(/FAIL +4\.2\.2 +Minimize the admission of containers sharing the host PID namespace/);
    expect(table).toMatch(/MANUAL +3\.1\.1/);
    expect(table).toMatch(/SKIPPED +3\.2\.1/);
    expect(table).toContain('Kubernetes Pod Security Standards: baseline');
    const markdown = runCli(['scan', '.', '--framework', 'cis-eks-2.0.0', '--fail-on', 'none', '--format', 'markdown'], { cwd: dir }).stdout;
    expect(markdown).toMatch(/\| 4\.2\.2 \| fail \| Minimize the admission/);
    expect(markdown).not.toContain(HOSTILE);
    const html = runCli(['scan', '.', '--framework', 'cis-eks-2.0.0', '--fail-on', 'none', '--format', 'html'], { cwd: dir }).stdout;
    expect(html).toContain('<table class="areas framework" id="framework-cis-eks-2.0.0">');
    expect(html).toMatch(/<tr data-control-status="fail"><td>4\.2\.2<\/td>/);
    expect(html).toContain('<th colspan="4">4.2 Pod Security Standards</th>');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('adds a JUnit test suite per framework, one test case per control', () => {
    const dir = makeWorkdir(manifests);
    const xml = runCli(['scan', '.', '--framework', 'cis-eks-2.0.0', '--fail-on', 'none', '--format', 'junit'], { cwd: dir }).stdout;
    expect(xml).not.toContain(HOSTILE);
    const suites = childrenNamed(parseXml(xml), 'testsuite');
    const suite = suites.find((element) => element.attributes['name']?.startsWith('CIS Amazon EKS Benchmark 2.0.0: score '))!;
    expect(suite.attributes['tests']).toBe('47');
    const cases = childrenNamed(suite, 'testcase');
    const control = cases.find((element) => element.attributes['name'] === '4.2.2 Minimize the admission of containers sharing the host PID namespace')!;
    const [failure] = childrenNamed(control, 'failure');
    expect(failure!.attributes['message']).toBe('fail: 1 failure of PSS-hostNamespaces');
    expect(failure!.text).toContain(`fail PSS-hostNamespaces Pod team-a/p${HOSTILE} at spec.hostPID: host namespaces (hostPID=true)`);
    const manual = cases.find((element) => element.attributes['name']?.startsWith('4.5.1 '))!;
    expect(childrenNamed(manual, 'skipped')[0]!.attributes['message']).toMatch(/^manual: for the auditor: /);
  });

  it('adds a SARIF taxonomy per framework, its controls as taxa with the statuses and score of the JSON report', () => {
    const dir = makeWorkdir(manifests);
    const args = ['scan', '.', '--framework', 'cis-eks-2.0.0', '--framework', 'pss-baseline', '--fail-on', 'none'];
    const sarif = JSON.parse(runCli([...args, '--format', 'sarif'], { cwd: dir }).stdout);
    const { json } = runCliJson(args, { cwd: dir });
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const run = sarif.runs[0];
    expect(run.taxonomies.map((taxonomy: any) => taxonomy.name)).toEqual(json.frameworks.map((framework: any) => framework.name));
    run.taxonomies.forEach((taxonomy: any, index: number) => {
      const framework = json.frameworks[index];
      expect(taxonomy.properties).toEqual({ score: framework.score, counts: framework.counts });
      expect(taxonomy.taxa.map((taxon: any) => [taxon.id, taxon.properties.status])).toEqual(framework.controls.map((control: any) => [control.id, control.status]));
    });
    const cis = run.taxonomies[0];
    const hostPid = cis.taxa.find((taxon: any) => taxon.id === '4.2.2');
    expect(hostPid.properties.evidence[0]).toMatchObject({ checkId: 'PSS-hostNamespaces', status: 'fail', resource: `Pod/team-a/p${HOSTILE}`, path: 'spec.hostPID' });
    const rule = run.tool.driver.rules.find((item: any) => item.id === 'PSS-hostNamespaces');
    expect(rule.relationships.map((relation: any) => `${relation.target.toolComponent.name} ${relation.target.id}`)).toEqual(
      expect.arrayContaining(['cis-eks-2.0.0 4.2.2', 'cis-eks-2.0.0 4.2.3', 'cis-eks-2.0.0 4.2.4']),
    );
    const result = run.results.find((item: any) => item.ruleId === 'PSS-hostNamespaces' && item.kind === 'fail');
    expect(result.taxa.map((taxon: any) => `${taxon.toolComponent.name} ${taxon.id}`)).toContain('cis-eks-2.0.0 4.2.2');
  });

  it('frameworks list and show print the mapping, including what eksguard does not cover', () => {
    const list = runCli(['frameworks', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/cis-eks-2\.0\.0 +CIS Amazon EKS Benchmark 2\.0\.0 +47 controls: 42 by checks, 5 manual, 0 not covered/);
    const show = runCli(['frameworks', 'show', 'cis-eks-2.0.0']);
    expect(show.stdout).toContain('  5.4.4    [manual] TLS certificates on EKS load balancer listeners');
    expect(show.stdout).toContain('checks: K8S-NET-007, K8S-NET-011 (Ingress (ALB) listeners and Services of type LoadBalancer (CLB/NLB)');
    expect(show.stdout).toMatch(/3\.1\.1 .*\n +manual: file permissions and ownership exist only on the node/);
    const json = JSON.parse(runCli(['frameworks', 'show', 'cis-eks-1.8.0', '--format', 'json']).stdout);
    expect(json.controls.find((control: any) => control.id === '2.1.2').coverage).toEqual({ kind: 'checks', checks: ['EKS-LOG-001', 'EKS-LOG-003'] });
    const missing = runCli(['frameworks', 'show', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('unknown framework "nope"');
  });
});
