import type { Location, ResourceRef, Status } from './types.js';

/**
 * How a framework control stands after a scan:
 * - `pass`: every check that decides it ran on some subject and none failed
 * - `fail`: a check that decides it failed (baselined failures included: an audit sees them)
 * - `skipped`: its checks could not judge it (data missing, no subject in the scanned sources, a check off or erroring)
 * - `not-applicable`: every subject was out of the control's scope (an EKS Auto Mode cluster for a CNI item)
 * - `manual`: no check decides it; the auditor must look (the reason says at what)
 * - `not-covered`: eksguard cannot judge it from what it reads (the reason says why)
 */
export const CONTROL_STATUSES = ['pass', 'fail', 'skipped', 'not-applicable', 'manual', 'not-covered'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** One finding behind a control's status. */
export interface ControlEvidence {
  checkId: string;
  status: Status;
  message: string;
  resource: ResourceRef;
  location?: Location;
  path?: string;
}

export interface ControlResult {
  id: string;
  section: string;
  title: string;
  /** how the framework itself assesses it (CIS: Automated or Manual) */
  assessment: 'automated' | 'manual';
  status: ControlStatus;
  /** why it has that status, in a sentence */
  reason: string;
  /** the checks that decide it (empty for manual and not-covered controls) */
  checks: string[];
  /** results of those checks by status */
  results: { pass: number; fail: number; skipped: number; notApplicable: number; suppressed: number; error: number };
  /** the findings behind the status (failures, suppressions, errors, gaps), at most EVIDENCE_LIMIT */
  evidence: ControlEvidence[];
  /** evidence left out past the limit */
  moreEvidence?: number;
  /** a limit of eksguard's coverage the auditor should know */
  note?: string;
}

export interface FrameworkResult {
  name: string;
  title: string;
  version: string;
  /**
   * passed controls over judged ones (pass + fail), as a percentage with one decimal, over the
   * controls eksguard decides by checks; null when none could be judged
   */
  score: number | null;
  counts: Record<ControlStatus, number>;
  controls: ControlResult[];
}
