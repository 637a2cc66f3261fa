import { describe, expect, it } from 'vitest';
import { testCheck } from '../../../test/helpers/check-tester.js';
import { runAws, summary } from '../../../test/helpers/aws.js';
import { auditLogAlarms } from './eks-log-005-audit-alarms.js';
import { PATHS, clusterResponse } from './fixtures.js';
import { ALARM_PATHS, AUDIT_GROUP, PATTERNS, alarmedFiles, alarmsResponse, filtersResponse, logGroupsResponse } from './alarm-fixtures.js';

const cluster = (patch: unknown = {}) => ({ [PATHS.cluster]: clusterResponse(patch) });
const input = (files: Record<string, unknown>, patch: unknown = {}) => ({ aws: { ...cluster(patch), ...files } });
const MISSING = (count: number, total = 4) => ({ path: 'metricFilters', messageId: 'missing', data: { group: AUDIT_GROUP, count, total } });
const EXEC = 'exec into and attach to pods (pods/exec, pods/attach)';
/** The fixture cluster authenticates with access entries only (API): aws-auth edits are not required. */
const CONFIG_MAP = { accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } };

/** The alarmed files with one event's filter replaced. */
function withFilter(event: keyof typeof PATTERNS, pattern: string, metric?: string): Record<string, unknown> {
  const events = Object.entries(PATTERNS).map(([name, current]) => ({ name, pattern: name === event ? pattern : current, ...(name === event && metric !== undefined ? { metric } : {}) }));
  return { ...alarmedFiles(), [ALARM_PATHS.filters]: filtersResponse(events) };
}

testCheck(auditLogAlarms, {
  pass: [
    { input: input(alarmedFiles()) },
    { input: input(alarmedFiles(), CONFIG_MAP) },
    // an API-mode cluster ignores aws-auth: no filter for its edits is needed
    { input: input(alarmedFiles(['awsAuthChange'])) },
    // one filter may catch several events, and exec may be caught whatever the verb
    {
      input: input({
        [ALARM_PATHS.logGroups]: logGroupsResponse(),
        [ALARM_PATHS.filters]: filtersResponse([
          { name: 'suspicious', pattern: `{ ${PATTERNS.unauthorized.slice(1, -1)} || ${PATTERNS.execAttach.slice(1, -1)} }` },
          { name: 'anon', pattern: '{ $.user.groups[0] = "system:unauthenticated" && $.responseStatus.code <= 399 }' },
          { name: 'rbac', pattern: '{ $.objectRef.apiGroup = "rbac.authorization.k8s.io" && $.objectRef.resource = "*bindings" && $.verb != "get" && $.verb != "list" && $.verb != "watch" }' },
        ]),
        [ALARM_PATHS.alarms]: alarmsResponse([{ metric: 'suspicious' }, { metric: 'anon' }, { metric: 'rbac', comparison: 'GreaterThanThreshold' }]),
      }),
    },
  ],
  fail: [
    { input: input(alarmedFiles(['execAttach'])), failures: [{ ...MISSING(1), severity: 'medium' }] },
    { input: input(alarmedFiles(['awsAuthChange']), CONFIG_MAP), failures: [MISSING(1, 5)] },
    // the filter catches only SPDY exec (verb create); WebSocket exec is a get
    { input: input(withFilter('execAttach', '{ $.verb = "create" && ($.objectRef.subresource = "exec" || $.objectRef.subresource = "attach") }')), failures: [MISSING(1)] },
    // narrowed to one namespace
    { input: input(withFilter('execAttach', '{ $.objectRef.namespace = "shop" && $.objectRef.subresource = "exec" }')), failures: [MISSING(1)] },
    // 403 only: the 401s go unnoticed
    { input: input(withFilter('unauthorized', '{ $.responseStatus.code = 403 }')), failures: [MISSING(1)] },
    // a catch-all pattern alarms on everything, so on nothing in particular
    { input: input(withFilter('unauthorized', '{ $.verb EXISTS }')), failures: [MISSING(1)] },
    // a text pattern cannot be judged field by field
    { input: input(withFilter('unauthorized', '"Forbidden"')), failures: [MISSING(1)] },
    // the filter publishes no metric
    { input: input(withFilter('execAttach', PATTERNS.execAttach, '')), failures: [MISSING(1)] },
  ],
});

describe('EKS-LOG-005 alarms on suspicious audit-log events', () => {
  const files = (alarms: Parameters<typeof alarmsResponse>[0]) => ({ ...alarmedFiles(), [ALARM_PATHS.alarms]: alarmsResponse(alarms) });
  const others = [{ metric: 'unauthorized' }, { metric: 'anonymousAllowed' }, { metric: 'clusterAdminBinding' }];

  it('says per event what is missing: the filter, the alarm, its actions or its direction', () => {
    const [noAlarm] = runAws(auditLogAlarms, { ...cluster(), ...files(others) });
    expect(noAlarm?.message).toBe(`${AUDIT_GROUP} raises no alarm with actions for 1 of 4 suspicious audit events; ${EXEC}: filter execAttach publishes EKS/Audit/execAttach, which no alarm watches`);
    const [disabled] = runAws(auditLogAlarms, { ...cluster(), ...files([...others, { metric: 'execAttach', actionsEnabled: false }]) });
    expect(disabled?.message).toContain(`${EXEC}: alarm execAttach-alarm on EKS/Audit/execAttach has no actions enabled`);
    const [noActions] = runAws(auditLogAlarms, { ...cluster(), ...files([...others, { metric: 'execAttach', actions: [] }]) });
    expect(noActions?.message).toContain('has no actions enabled');
    const [falling] = runAws(auditLogAlarms, { ...cluster(), ...files([...others, { metric: 'execAttach', comparison: 'LessThanThreshold' }]) });
    expect(falling?.message).toContain('does not fire when the count rises');
    const [noFilter] = runAws(auditLogAlarms, { ...cluster(), ...alarmedFiles(['execAttach']) });
    expect(noFilter?.message).toContain(`no metric filter catches ${EXEC}`);
  });

  it('does not count a filter on the wrong resource name, nor one it cannot read, and names the unreadable ones', () => {
    // "clusterrolebinding" (singular) never occurs in an audit record
    const [singular] = runAws(auditLogAlarms, { ...cluster(), ...withFilter('clusterAdminBinding', '{ $.objectRef.resource = "clusterrolebinding" }') });
    expect(singular?.message).toContain('no metric filter catches ClusterRoleBindings');
    const [unreadable] = runAws(auditLogAlarms, { ...cluster(), ...withFilter('anonymousAllowed', '{ $.user.username = "system:anonymous" && $.annotations.authorization\\.k8s\\.io/decision = "allow" }') });
    expect(unreadable?.message).toContain('1 filters are not JSON patterns eksguard can read and count for nothing (anonymousAllowed: unsupported selector');
  });

  it('counts an alarm that reads the metric through metric math, and ignores composite alarms', () => {
    const math = {
      AlarmName: 'exec-rate',
      ActionsEnabled: true,
      AlarmActions: ['arn:aws:sns:us-east-1:111122223333:security-alerts'],
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'EKS/Audit', MetricName: 'execAttach', Dimensions: [] }, Period: 60, Stat: 'Sum' }, ReturnData: true }],
    };
    const composite = { AlarmName: 'all', AlarmRule: 'ALARM(exec-rate)', ActionsEnabled: true, AlarmActions: ['arn:aws:sns:us-east-1:111122223333:x'] };
    const alarms = alarmsResponse(others) as { MetricAlarms: unknown[] };
    const [finding] = runAws(auditLogAlarms, { ...cluster(), ...alarmedFiles(), [ALARM_PATHS.alarms]: { MetricAlarms: [...alarms.MetricAlarms, math], CompositeAlarms: [composite] } });
    expect(finding?.status).toBe('pass');
    const [onlyComposite] = runAws(auditLogAlarms, { ...cluster(), ...alarmedFiles(), [ALARM_PATHS.alarms]: { MetricAlarms: alarms.MetricAlarms, CompositeAlarms: [composite] } });
    expect(onlyComposite?.message).toContain('which no alarm watches');
  });

  it('reads only the filters of the cluster\'s own log group', () => {
    const foreign = filtersResponse(Object.entries(PATTERNS).map(([name, pattern]) => ({ name, pattern, group: '/aws/eks/other/cluster' })));
    const [finding] = runAws(auditLogAlarms, { ...cluster(), ...alarmedFiles(), [ALARM_PATHS.filters]: foreign });
    expect(finding?.message).toMatch(/raises no alarm with actions for 4 of 4/);
  });

  it('is not applicable without the audit log type, and skipped without the log group or the filters', () => {
    expect(summary(runAws(auditLogAlarms, { ...cluster({ logging: { clusterLogging: [{ types: ['api'], enabled: true }] } }), ...alarmedFiles() }))).toEqual(['not-applicable']);
    expect(summary(runAws(auditLogAlarms, { ...cluster(), [ALARM_PATHS.logGroups]: { logGroups: [] } }))).toEqual(['skipped']);
    expect(summary(runAws(auditLogAlarms, { ...cluster(), [ALARM_PATHS.logGroups]: logGroupsResponse() }))).toEqual(['skipped']);
    // filters read but no alarms: a gap, never a pass or a fail
    const { [ALARM_PATHS.alarms]: _alarms, ...withoutAlarms } = alarmedFiles();
    expect(summary(runAws(auditLogAlarms, { ...cluster(), ...withoutAlarms }))).toEqual(['skipped']);
  });
});
