import { describe, expect, it } from 'vitest';
import { failures, runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { secretInEnv } from './k8s-data-004-secret-in-env.js';
import { testCheck } from '../../../../test/helpers/check-tester.js';

const pod = (container: string) => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: shop }
spec:
  containers:
    - name: web
      image: x
${container}`;

describe('K8S-DATA-004 Secrets through env', () => {
  it('fails secretKeyRef and envFrom secretRef, naming Secret, key and variable', () => {
    const [finding] = failures(
      runCheck(
        secretInEnv,
        pod(`      env:
        - { name: PLAIN, value: x }
        - { name: DB_PASSWORD, valueFrom: { secretKeyRef: { name: db, key: password } } }
      envFrom:
        - configMapRef: { name: settings }
        - secretRef: { name: api-keys }
`),
      ),
    );
    expect(finding?.path).toBe('spec.containers[0].env[1].valueFrom.secretKeyRef');
    expect(finding?.message).toBe(
      'container "web" reads key "password" of Secret "db" into env "DB_PASSWORD"; container "web" loads every key of Secret "api-keys" into its environment',
    );
  });

  it('passes ConfigMap references, field references and secret volumes', () => {
    expect(
      statuses(
        runCheck(
          secretInEnv,
          pod(`      env:
        - { name: NODE, valueFrom: { fieldRef: { fieldPath: spec.nodeName } } }
        - { name: MODE, valueFrom: { configMapKeyRef: { name: settings, key: mode } } }
      envFrom: [{ configMapRef: { name: settings } }]
`),
        ),
      ),
    ).toEqual(['pass']);
  });
});

testCheck(secretInEnv, {
  pass: [{ input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', env: [{ name: MODE, value: prod }] }\n` }],
  fail: [
    {
      input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - name: web\n      image: 'nginx:1.27'\n      env: [{ name: MODE, value: prod }, { name: DB_PASSWORD, valueFrom: { secretKeyRef: { name: db, key: password } } }]\n`,
      failures: [{ path: 'spec.containers[0].env[1].valueFrom.secretKeyRef', messageId: 'secretKey', data: { container: 'container "web"', key: '"password"', secret: '"db"', env: '"DB_PASSWORD"' } }],
    },
    { input: `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers:\n    - { name: web, image: 'nginx:1.27', envFrom: [{ secretRef: { name: keys } }] }\n`, failures: [{ path: 'spec.containers[0].envFrom[0].secretRef', messageId: 'wholeSecret', data: { container: 'container "web"', secret: '"keys"' } }] },
  ],
});
