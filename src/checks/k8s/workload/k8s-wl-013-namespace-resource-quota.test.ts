import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../../test/helpers/check-tester.js';
import { runCheck, statuses } from '../../../../test/helpers/run-check.js';
import { namespaceResourceQuota } from './k8s-wl-013-namespace-resource-quota.js';

const pod = (namespace: string) => `apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: ${namespace} }\nspec:\n  containers: [{ name: web, image: nginx:1.27 }]\n`;
const quota = (namespace: string, hard: string) => `apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: team, namespace: ${namespace} }\nspec:\n  hard: ${hard}\n`;

testCheck(namespaceResourceQuota, {
  pass: [{ input: `${quota('shop', '{ pods: "20" }')}---\n${pod('shop')}` }],
  fail: [
    { input: pod('shop'), failures: [{ path: null, messageId: 'noQuota', data: { namespace: 'shop', workloads: 1 }, severity: 'low' }] },
    { input: `${quota('shop', '{}')}---\n${pod('shop')}`, failures: [{ path: null, messageId: 'quotaWithoutLimits', data: { namespace: 'shop', workloads: 1, quota: 'team' } }] },
    // a quota in another namespace does not count
    { input: `${quota('billing', '{ pods: "20" }')}---\n${pod('shop')}`, failures: [{ path: null, messageId: 'noQuota', data: { namespace: 'shop', workloads: 1 } }] },
  ],
});

describe('K8S-WL-013 namespace ResourceQuota', () => {
  it('is off by default: opinionated for single-team clusters', () => {
    expect(namespaceResourceQuota.enabledByDefault).toBe(false);
  });
  it('leaves system namespaces and namespaces without workloads alone', () => {
    expect(statuses(runCheck(namespaceResourceQuota, pod('kube-system')))).toEqual(['not-applicable']);
    expect(statuses(runCheck(namespaceResourceQuota, `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: shop }\n`))).toEqual(['not-applicable']);
  });
});
