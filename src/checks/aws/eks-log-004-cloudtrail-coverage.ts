import { defineCheck, fail, pass } from '../../core/check.js';
import { fieldPath } from '../../core/field-path.js';
import type { MessageRef } from '../../core/message.js';
import { AWS_KEYS } from '../../aws/data-keys.js';
import { AWS_TYPES, type ClusterModel, type TrailModel } from '../../aws/models.js';
import { skipped } from '../../aws/verdicts.js';
import { clusters } from '../../aws/view.js';
import { awsExample } from './example.js';
import { PATHS, clusterResponse } from './fixtures.js';
import { TRAIL_ARN, TRAIL_PATHS, trailDetails, trailsResponse } from './trail-fixtures.js';

/** Trails are few (five per region): at most this many are named in a message. */
const SHOWN = 3;

type Problem = 'NotLogging' | 'WithoutWriteEvents';

function problemOf(trail: TrailModel): Problem | undefined {
  if (trail.logging === false) return 'NotLogging';
  if (trail.managementEvents === false) return 'WithoutWriteEvents';
  return undefined;
}

/**
 * EKS-LOG-004: fails for a cluster whose region no CloudTrail trail covers (a trail of that home
 * region or a multi-region trail) that is logging and records management write events.
 */
export const cloudTrailCoverage = defineCheck<ClusterModel>({
  id: 'EKS-LOG-004',
  title: "A logging CloudTrail trail must record the management events of the cluster's region",
  area: 'detection',
  severity: 'medium',
  target: clusters,
  needs: [AWS_KEYS.cluster, AWS_KEYS.trails],
  reads: [AWS_KEYS.trailStatus, AWS_KEYS.trailSelectors],
  rationale:
    'The Kubernetes audit log shows what happened inside the cluster; CloudTrail shows what happened to it: who changed the endpoint access, created an access entry, disabled logging, replaced a node group or deleted the cluster, and every AWS call made with the credentials of the node and workload roles. The event history of the console keeps 90 days of management events and cannot be exported or alerted on; an incident needs a trail.',
  remediation:
    'Create a multi-region trail (or an organization trail) that logs management events (read and write) to an S3 bucket in a log-archive account: `aws cloudtrail create-trail --name audit --s3-bucket-name <bucket> --is-multi-region-trail` then `aws cloudtrail start-logging --name audit`.',
  messages: {
    noTrail: 'no CloudTrail trail covers {{region}}: API calls against the cluster and its roles are kept only 90 days in the event history',
    trailNotLogging: 'no trail that covers {{region}} records its management events: {{trail}} is not logging',
    trailWithoutWriteEvents: 'no trail that covers {{region}} records its management events: {{trail}} records no management write events',
    // the further problem trails of the same failure
    alsoNotLogging: '{{trail}} is not logging',
    alsoWithoutWriteEvents: '{{trail}} records no management write events',
  },
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html', 'https://docs.aws.amazon.com/eks/latest/userguide/logging-using-cloudtrail.html'],
  standards: [],
  examples: () => ({
    pass: [awsExample({ [PATHS.cluster]: clusterResponse(), [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit', home: 'eu-west-1', multiRegion: true }]), ...trailDetails(TRAIL_ARN('audit', 'eu-west-1'), true) })],
    fail: [awsExample({ [PATHS.cluster]: clusterResponse(), [TRAIL_PATHS.trails]: trailsResponse([{ name: 'audit' }]), ...trailDetails(TRAIL_ARN('audit'), false) })],
  }),
  evaluate(cluster, ctx) {
    const listed = ctx.inventory.aws.filter((entry) => entry.type === AWS_TYPES.trail).map((entry) => entry.model as TrailModel);
    const covering = listed.filter((trail) => trail.region === cluster.region && (trail.multiRegion || (trail.homeRegion ?? trail.region) === cluster.region));
    const good = covering.find((trail) => trail.logging === true && trail.managementEvents === true);
    if (good) return pass(`trail ${good.name}${good.multiRegion ? ' (multi-region)' : ''} is logging the management events of ${cluster.region}`);
    const path = fieldPath('trailList');
    if (covering.length === 0) return fail({ messageId: 'noTrail', data: { region: cluster.region }, path });
    const unknown = covering.filter((trail) => !problemOf(trail)).map((trail) => trail.name);
    if (unknown.length > 0) return skipped(`whether ${unknown.slice(0, SHOWN).join(', ')} is logging management events was not collected (GetTrailStatus, GetEventSelectors)`);
    const [first, ...rest] = covering.map((trail) => ({ trail: trail.name, problem: problemOf(trail)! }));
    const more: MessageRef[] = rest.slice(0, SHOWN - 1).map(({ trail, problem }) => ({ messageId: `also${problem}`, data: { trail } }));
    return fail({
      messageId: `trail${first!.problem}`,
      data: { region: cluster.region, trail: first!.trail },
      path,
      more,
      omitted: Math.max(0, rest.length - more.length),
    });
  },
});
