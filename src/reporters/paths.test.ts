import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks/index.js';
import { buildReport, type Report } from '../core/report.js';
import { ADMIN, evaluateWorld, worldInventory } from '../../test/helpers/attack-world.js';
import { sarifSchemaErrors } from '../../test/helpers/sarif-schema.js';
import { renderHtml } from './html.js';
import { REPORT_CSS, REPORT_JS } from './html-assets.js';
import { renderJson } from './json.js';
import { renderPathsTable } from './paths-table.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const policy = `apiVersion: v1
kind: Service
metadata: { name: api-public, namespace: payments }
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: ["0.0.0.0/0", "${HOSTILE}", "##[error]::set-output"]
  selector: { app: api }
  ports: [{ port: 8443 }]
`;

function report(): Report {
  const { findings, paths } = evaluateWorld(worldInventory({ irsaManaged: [ADMIN] }, { extra: policy }));
  return buildReport({ version: '0.0.0-test', findings, errors: [], gaps: [], includePassed: false, paths });
}

describe('the paths section of the report', () => {
  it('JSON: ranked paths with every step, the fixes that cut the most, the findings pointing at them (added fields only)', () => {
    const json = JSON.parse(renderJson(report()));
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'summary', 'findings', 'errors', 'gaps', 'paths']);
    const { paths } = json;
    expect(paths.summary).toMatchObject({ total: 2, fail: 2, skipped: 0, byCheck: { 'EKS-PATH-001': 2 } });
    expect(paths.paths[0].nodes[0]).toEqual({ id: 'internet', kind: 'internet', label: 'the internet' });
    expect(paths.paths[0].edges.map((edge: { kind: string }) => edge.kind)).toEqual(['exposes', 'routes-to', 'selects', 'runs-as', 'assumes', 'grants']);
    expect(paths.fixes[0]).toMatchObject({ paths: 2, fromLabel: 'IAM role payments-api', edge: { kind: 'grants', checkId: 'EKS-IAM-009' } });
    const pathFindings = json.findings.filter((finding: { checkId: string }) => finding.checkId === 'EKS-PATH-001');
    expect(pathFindings.map((finding: { attackPathId: string }) => finding.attackPathId).sort()).toEqual(paths.paths.map((path: { id: string }) => path.id).sort());
  });

  it('HTML: each path drawn as an inline SVG, the cut step in red, hostile text escaped, the CSP unchanged', () => {
    const html = renderHtml(report(), { checks: allChecks });
    expect(html).toContain('<h2>Attack paths</h2>');
    expect(html.match(/<svg class="path-graph"/g)).toHaveLength(2);
    expect(html).toContain('fix here');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/##\[error\]/);
    // no style attributes and no script but the hashed one: the CSP needs no relaxing
    expect(html).not.toMatch(/<[^>]+\sstyle=/);
    expect(html.match(/<script>/g)).toHaveLength(1);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    expect(csp).toContain(`style-src ${hash(REPORT_CSS)}`);
    expect(csp).toContain(`script-src ${hash(REPORT_JS)}`);
    expect(html).not.toMatch(/\bhttps?:\/\/(?!github\.com|docs\.aws|kubernetes\.io|rhinosecuritylabs|www\.w3\.org)/);
  });

  it('SARIF: each path a result with related locations and a code flow, valid against the 2.1.0 schema', () => {
    const sarif = JSON.parse(renderSarif(report(), { checks: allChecks }));
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const results = sarif.runs[0].results.filter((result: { ruleId: string }) => result.ruleId === 'EKS-PATH-001');
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('test.yaml');
      const related = result.relatedLocations.map((location: { message: { text: string } }) => location.message.text);
      expect(related).toEqual(expect.arrayContaining(['Deployment payments/api', 'ServiceAccount payments/api', 'IAM role payments-api']));
      const steps = result.codeFlows[0].threadFlows[0].locations;
      expect(steps).toHaveLength(7);
      expect(steps.filter((step: { importance?: string }) => step.importance === 'essential')).toHaveLength(1);
      expect(JSON.stringify(result)).not.toContain(HOSTILE.slice(0, 4) + 'src');
    }
  });

  it('table: the scan table sums the paths up, and `eksguard paths` lists them step by step, escaped', () => {
    const table = renderTable(report(), { color: false });
    expect(table).toContain('2 attack paths: 2 failing');
    expect(table).toContain('fix 1: IAM role payments-api grants admin of AWS account 111122223333 [EKS-IAM-009]: cuts 2 paths');
    const listing = renderPathsTable(report().paths);
    expect(listing).toMatch(/^ {2}1\. CRITICAL {3}EKS-PATH-001 {2}6 steps/m);
    expect(listing).toContain('<FIX HERE>');
    expect(listing).not.toContain('##[error]');
  });

  it('has no paths section when no path was found', () => {
    const { findings, paths } = evaluateWorld(worldInventory({ irsaManaged: [ADMIN] }, { internal: true }));
    const quiet = buildReport({ version: 'x', findings, errors: [], gaps: [], includePassed: false, paths: paths.filter((path) => path.checkId === 'EKS-PATH-004') });
    expect(quiet.paths).toBeUndefined();
    expect(renderPathsTable(undefined)).toBe('no attack path found\n');
  });
});
