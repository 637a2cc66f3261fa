import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../core/engine.js';
import { buildReport } from '../../../core/report.js';
import { FORMATS, reporters } from '../../../reporters/index.js';
import { DEFAULT_SETTINGS, FIXED_NOW, inventoryFromYaml } from '../../../../test/helpers/run-check.js';
import { dataChecks } from './index.js';

// Distinctive values, assembled at run time: no 5-character run of them may reach any output.
const SECRETS = [
  ['AKIA', 'W7QZ3N5R', 'T2YH8KXD'].join(''),
  ['Pw7', 'Qx2z', 'Rv9k', 'Tn4m'].join('-'),
  `ghp_${'Xc5V'.repeat(9)}`,
  ['xoxp', '918273645012', '564738291011', 'ZyXwVuTsRqPoNmLkJiHgFeDc'].join('-'),
  ['MIIEpQIBAAKCAQEAzZ', 'q8fJ3LwTnB6'].join(''),
  ['Jh3', 'Ks8d', 'Lm2f'].join('-'),
];
const [AWS_KEY, PASSWORD, GITHUB, SLACK, PEM_BODY, SECRET_VALUE] = SECRETS as [string, string, string, string, string, string];

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - name: web
          image: x
          env:
            - { name: AWS_ACCESS_KEY_ID, value: ${AWS_KEY} }
            - { name: DB_PASSWORD, value: "${PASSWORD}" }
            - { name: CI, value: "${GITHUB}" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data:
  slack: "${SLACK}"
  tls.key: |
    -----BEGIN PRIVATE KEY-----
    ${PEM_BODY}
    -----END PRIVATE KEY-----
  app.properties: |
    db.password=${PASSWORD}
---
apiVersion: v1
kind: Secret
metadata: { name: db, namespace: shop }
stringData: { password: "${SECRET_VALUE}" }
data: { token: ${Buffer.from(SECRET_VALUE).toString('base64')} }
`;

function windows(value: string, size = 5): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= value.length; i += 1) out.push(value.slice(i, i + size));
  return out;
}

describe('secret values never reach any output', () => {
  const findings = runChecks({ checks: dataChecks, inventory: inventoryFromYaml(MANIFESTS), settings: DEFAULT_SETTINGS, now: FIXED_NOW });
  const report = buildReport({ version: '0.0.0-test', findings, errors: [], gaps: [], includePassed: true });
  const forbidden = [...SECRETS.flatMap((secret) => windows(secret)), Buffer.from(SECRET_VALUE).toString('base64')];

  it('finds every planted credential', () => {
    const failed = findings.filter((f) => f.status === 'fail').map((f) => f.checkId);
    expect(failed).toEqual(['K8S-DATA-001', 'K8S-DATA-002', 'K8S-DATA-003']);
  });

  it('keeps values out of every finding field', () => {
    for (const finding of findings) {
      const text = JSON.stringify(finding);
      for (const piece of forbidden) expect(text, `${finding.checkId} leaks ${piece.slice(0, 2)}…`).not.toContain(piece);
    }
  });

  for (const format of FORMATS) {
    it(`keeps values out of the ${format} output`, () => {
      const output = reporters[format](report, { color: false, checks: dataChecks, generatedAt: FIXED_NOW, asff: { accountId: '111122223333', region: 'us-east-1' } });
      expect(output.length).toBeGreaterThan(0);
      for (const piece of forbidden) expect(output.includes(piece), `${format} output leaks a value fragment`).toBe(false);
    });
  }
});
