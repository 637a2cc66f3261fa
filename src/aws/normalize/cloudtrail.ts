import { records, str, strings } from '../json.js';
import type { TrailModel } from '../models.js';

/** `aws cloudtrail describe-trails` (shadow trails included: the multi-region trails of other home regions). */
export function trailsFrom(response: Record<string, unknown>, region: string): TrailModel[] {
  return records(response['trailList']).flatMap((trail) => {
    const name = str(trail['Name']);
    const arn = str(trail['TrailARN']);
    if (!name || !arn) return [];
    const homeRegion = str(trail['HomeRegion']);
    return [{ region, name, arn, ...(homeRegion ? { homeRegion } : {}), multiRegion: trail['IsMultiRegionTrail'] === true, organization: trail['IsOrganizationTrail'] === true }];
  });
}

/**
 * `aws cloudtrail get-event-selectors` → whether the trail records management write events.
 * Basic selectors: one with IncludeManagementEvents (default true) and ReadWriteType All or
 * WriteOnly. Advanced selectors: one whose `eventCategory` equals Management and that does not
 * keep read-only events alone. A trail with no selector at all logs management events (the default).
 */
export function recordsManagementEvents(response: Record<string, unknown>): boolean {
  const basic = records(response['EventSelectors']);
  const advanced = records(response['AdvancedEventSelectors']);
  if (basic.length === 0 && advanced.length === 0) return true;
  if (basic.some((selector) => selector['IncludeManagementEvents'] !== false && ['All', 'WriteOnly', undefined].includes(str(selector['ReadWriteType'])))) return true;
  return advanced.some((selector) => {
    const fields = records(selector['FieldSelectors']);
    const field = (name: string) => fields.find((item) => str(item['Field']) === name);
    const category = field('eventCategory');
    if (!category || !strings(category['Equals']).includes('Management')) return false;
    const readOnly = field('readOnly');
    return !readOnly || !strings(readOnly['Equals']).includes('true');
  });
}

/** Applies the collected statuses and selectors (by region and trail ARN or name) to the listed trails. */
export function applyTrailDetails(trails: readonly TrailModel[], details: readonly { region: string; trail: string; logging?: boolean; managementEvents?: boolean }[]): void {
  for (const detail of details) {
    for (const trail of trails) {
      if (trail.region !== detail.region || (trail.arn !== detail.trail && trail.name !== detail.trail)) continue;
      if (detail.logging !== undefined) trail.logging = detail.logging;
      if (detail.managementEvents !== undefined) trail.managementEvents = detail.managementEvents;
    }
  }
}
