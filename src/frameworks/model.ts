/**
 * Compliance frameworks as data: each control says which eksguard checks decide it, or why
 * eksguard cannot. Check `standards` tags are derived from these mappings (see standardsOf), so a
 * control and the findings that cite it never disagree.
 */

/** How the framework itself assesses a control (CIS: "Automated" or "Manual"). */
export type Assessment = 'automated' | 'manual';

/** How eksguard answers a control. */
export type Coverage =
  /** decided by these checks: the control passes when every one of them passes */
  | { readonly kind: 'checks'; readonly checks: readonly string[]; readonly note?: string }
  /** no check decides it: what the auditor must look at */
  | { readonly kind: 'manual'; readonly auditor: string }
  /** eksguard cannot judge it from the data it reads: why */
  | { readonly kind: 'not-covered'; readonly reason: string };

export interface Control {
  /** the framework's own ID, for example `4.1.1` or `pod-security` */
  readonly id: string;
  /** the section the control sits in, as the framework names it */
  readonly section: string;
  readonly title: string;
  readonly assessment: Assessment;
  readonly coverage: Coverage;
}

export interface Framework {
  /** what `--framework` takes, for example `cis-eks-2.0.0` */
  readonly name: string;
  readonly title: string;
  readonly version: string;
  /** the prefix of the `standards` tags it yields: `<tag> <control id>` */
  readonly tag: string;
  /** where the control list comes from */
  readonly source: string;
  readonly controls: readonly Control[];
}

export const checksOf = (control: Control): readonly string[] => (control.coverage.kind === 'checks' ? control.coverage.checks : []);

/** Shorthands that keep the data files readable. */
export const decidedBy = (checks: readonly string[], note?: string): Coverage => ({ kind: 'checks', checks, ...(note !== undefined ? { note } : {}) });
export const manual = (auditor: string): Coverage => ({ kind: 'manual', auditor });
export const notCovered = (reason: string): Coverage => ({ kind: 'not-covered', reason });
