/** Responses for the examples and tests of EKS-LOG-004 (CloudTrail coverage of the cluster's region). */
import { ACCOUNT, REGION } from './fixtures.js';

export const TRAIL_ARN = (name: string, home = REGION) => `arn:aws:cloudtrail:${home}:${ACCOUNT}:trail/${name}`;

export const TRAIL_PATHS = {
  trails: `${REGION}/cloudtrail/describe-trails.json`,
  status: (arn: string) => `${REGION}/cloudtrail/trails/${encodeURIComponent(arn).replace(/\./g, '%2E')}/get-trail-status.json`,
  selectors: (arn: string) => `${REGION}/cloudtrail/trails/${encodeURIComponent(arn).replace(/\./g, '%2E')}/get-event-selectors.json`,
};

export function trailsResponse(trails: { name: string; home?: string; multiRegion?: boolean }[]): unknown {
  return {
    trailList: trails.map((trail) => ({ Name: trail.name, TrailARN: TRAIL_ARN(trail.name, trail.home), HomeRegion: trail.home ?? REGION, IsMultiRegionTrail: trail.multiRegion ?? false, IsOrganizationTrail: false, S3BucketName: 'audit-logs' })),
  };
}

/** The status and selector files of one trail: logging or not, recording these basic selectors. */
export function trailDetails(arn: string, logging: boolean, selectors: unknown[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }], advanced = false): Record<string, unknown> {
  return {
    [TRAIL_PATHS.status(arn)]: { IsLogging: logging },
    [TRAIL_PATHS.selectors(arn)]: { TrailARN: arn, ...(advanced ? { AdvancedEventSelectors: selectors } : { EventSelectors: selectors }) },
  };
}
