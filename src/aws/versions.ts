import type { CheckContext } from '../core/check.js';
import { asRecord } from '../core/inventory.js';
import { awsView } from './view.js';

export interface CalendarEntry {
  version: string;
  /** availability on Amazon EKS */
  released: string;
  endOfStandardSupport: string;
  endOfExtendedSupport: string;
}

/**
 * The shipped EKS Kubernetes version calendar (UTC dates), used when
 * eks:DescribeClusterVersions was not collected. Sources: the EKS user guide's
 * calendar (to 1.34), endoflife.date (1.35); 1.36 from a secondary source
 * (end of standard support minus 14 months for its release): re-verify it.
 */
export const EKS_VERSION_CALENDAR: readonly CalendarEntry[] = [
  { version: '1.23', released: '2022-08-11', endOfStandardSupport: '2023-10-11', endOfExtendedSupport: '2024-10-11' },
  { version: '1.24', released: '2022-11-15', endOfStandardSupport: '2024-01-31', endOfExtendedSupport: '2025-01-31' },
  { version: '1.25', released: '2023-02-22', endOfStandardSupport: '2024-05-01', endOfExtendedSupport: '2025-05-01' },
  { version: '1.26', released: '2023-04-11', endOfStandardSupport: '2024-06-11', endOfExtendedSupport: '2025-06-11' },
  { version: '1.27', released: '2023-05-24', endOfStandardSupport: '2024-07-24', endOfExtendedSupport: '2025-07-24' },
  { version: '1.28', released: '2023-09-26', endOfStandardSupport: '2024-11-26', endOfExtendedSupport: '2025-11-26' },
  { version: '1.29', released: '2024-01-23', endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' },
  { version: '1.30', released: '2024-05-23', endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23' },
  { version: '1.31', released: '2024-09-26', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
  { version: '1.32', released: '2025-01-23', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  { version: '1.33', released: '2025-05-29', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  { version: '1.34', released: '2025-10-02', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  { version: '1.35', released: '2026-01-27', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
  { version: '1.36', released: '2026-06-02', endOfStandardSupport: '2027-08-02', endOfExtendedSupport: '2028-08-02' },
];

/** `ctx.reference` key: a calendar (same shape as EKS_VERSION_CALENDAR) that replaces the shipped one, for pinned tests. */
export const CALENDAR_REFERENCE = 'eks.versionCalendar';

export type SupportStatus = 'STANDARD_SUPPORT' | 'EXTENDED_SUPPORT' | 'UNSUPPORTED' | 'UNKNOWN';

export interface VersionSupport {
  status: SupportStatus;
  endOfStandardSupport?: string;
  endOfExtendedSupport?: string;
  defaultPlatformVersion?: string;
  /** where the answer came from: the account (DescribeClusterVersions) or the shipped calendar */
  source: 'api' | 'calendar' | 'none';
}

export function minorOf(version: string | undefined): number | undefined {
  const match = /^v?1\.(\d+)/.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}

function calendar(ctx: Pick<CheckContext, 'reference'>): readonly CalendarEntry[] {
  const pinned = ctx.reference[CALENDAR_REFERENCE];
  if (!Array.isArray(pinned)) return EKS_VERSION_CALENDAR;
  return pinned.flatMap((item) => {
    const entry = asRecord(item);
    const version = entry?.['version'];
    if (!entry || typeof version !== 'string') return [];
    return [{ version, released: String(entry['released'] ?? ''), endOfStandardSupport: String(entry['endOfStandardSupport'] ?? ''), endOfExtendedSupport: String(entry['endOfExtendedSupport'] ?? '') }];
  });
}

function statusAt(now: Date, endOfStandard: string | undefined, endOfExtended: string | undefined): SupportStatus | undefined {
  const std = endOfStandard ? Date.parse(endOfStandard) : NaN;
  const ext = endOfExtended ? Date.parse(endOfExtended) : NaN;
  if (Number.isNaN(std) || Number.isNaN(ext)) return undefined;
  if (now.getTime() < std) return 'STANDARD_SUPPORT';
  if (now.getTime() < ext) return 'EXTENDED_SUPPORT';
  return 'UNSUPPORTED';
}

/**
 * Support status of an EKS Kubernetes minor version at `ctx.now`. Dates decide
 * over the API's status word, because a snapshot may be audited long after it was taken.
 */
export function versionSupport(ctx: Pick<CheckContext, 'reference' | 'memo' | 'inventory' | 'now'>, region: string, version: string): VersionSupport {
  const minor = minorOf(version);
  const normalised = minor === undefined ? version : `1.${minor}`;
  const api = awsView(ctx).clusterVersion(region, normalised);
  if (api) {
    const status = statusAt(ctx.now, api.endOfStandardSupport, api.endOfExtendedSupport) ?? (api.versionStatus as SupportStatus | undefined) ?? 'UNKNOWN';
    return {
      status,
      source: 'api',
      ...(api.endOfStandardSupport ? { endOfStandardSupport: api.endOfStandardSupport } : {}),
      ...(api.endOfExtendedSupport ? { endOfExtendedSupport: api.endOfExtendedSupport } : {}),
      ...(api.defaultPlatformVersion ? { defaultPlatformVersion: api.defaultPlatformVersion } : {}),
    };
  }
  const entries = calendar(ctx);
  const entry = entries.find((item) => item.version === normalised);
  if (entry) {
    return {
      status: statusAt(ctx.now, entry.endOfStandardSupport, entry.endOfExtendedSupport) ?? 'UNKNOWN',
      source: 'calendar',
      endOfStandardSupport: entry.endOfStandardSupport,
      endOfExtendedSupport: entry.endOfExtendedSupport,
    };
  }
  // older than anything the calendar knows: support has certainly ended
  const oldest = Math.min(...entries.map((item) => minorOf(item.version) ?? Infinity));
  if (minor !== undefined && minor < oldest) return { status: 'UNSUPPORTED', source: 'calendar' };
  return { status: 'UNKNOWN', source: 'none' };
}

export function daysBetween(from: Date, toIso: string): number {
  return Math.floor((Date.parse(toIso) - from.getTime()) / 86_400_000);
}
