/**
 * Other tools' EKS rules (Kubescape, Prowler, hardeneks, Trivy) and the eksguard checks closest to
 * each, as data: docs/coverage.md is generated from it. The rules were read in each tool's
 * repository (the commits are named in `source`); a test keeps every check ID real.
 */

/** covered: a check judges it (maybe with another scope, noted); partial: part of it or a proxy; missing: nothing; n/a: not the EKS customer's or not a configuration check. */
export type PeerCoverage = 'covered' | 'partial' | 'missing' | 'n/a';

export interface PeerRule {
  /** the tool's rule (ID and what it asks) */
  readonly rule: string;
  /** the closest eksguard checks; empty when missing */
  readonly checks: readonly string[];
  readonly coverage: PeerCoverage;
  readonly note?: string;
}

export interface PeerRules {
  readonly name: string;
  readonly title: string;
  readonly source: string;
  readonly rules: readonly PeerRule[];
}

export const rule = (text: string, checks: readonly string[], coverage: PeerCoverage, note?: string): PeerRule => ({ rule: text, checks, coverage, ...(note ? { note } : {}) });
