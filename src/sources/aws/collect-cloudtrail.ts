import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { records, str } from '../../aws/json.js';
import { SNAPSHOT_PATHS } from '../aws-snapshot/layout.js';
import { mapLimit } from '../concurrency.js';
import type { RegionClients } from './clients.js';
import { plainJson, type CollectionRun } from './run.js';

/** Trails read per region at most (CloudTrail allows five per region, plus the multi-region ones of other regions). */
const MAX_TRAILS = 50;

/** The trails that cover a region with clusters (its own and the multi-region ones), whether each is logging, and what it records. */
export async function collectTrails(run: CollectionRun, clients: RegionClients): Promise<void> {
  const region = clients.region;
  const listed = await run.call('cloudtrail:DescribeTrails', region, async () => plainJson(await clients.cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }))));
  if (!listed) return;
  run.record(SNAPSHOT_PATHS.trails(region), listed);
  const arns = records(listed['trailList'])
    .map((trail) => str(trail['TrailARN']))
    .filter((arn): arn is string => !!arn)
    .slice(0, MAX_TRAILS);
  await mapLimit(arns, run.concurrency, async (arn) => {
    // the ARN (not the name) reaches a shadow trail from a region other than its home
    const status = await run.call('cloudtrail:GetTrailStatus', `${region}/${arn}`, async () => plainJson(await clients.cloudtrail.send(new GetTrailStatusCommand({ Name: arn }))));
    if (status) run.record(SNAPSHOT_PATHS.trail(region, arn, 'get-trail-status'), status);
    const selectors = await run.call('cloudtrail:GetEventSelectors', `${region}/${arn}`, async () => plainJson(await clients.cloudtrail.send(new GetEventSelectorsCommand({ TrailName: arn }))));
    if (selectors) run.record(SNAPSHOT_PATHS.trail(region, arn, 'get-event-selectors'), selectors);
  });
}
