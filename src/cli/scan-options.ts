import type { Baseline } from '../core/baseline.js';
import type { Check, PssLevel } from '../core/check.js';
import type { EksguardConfig } from '../core/config-model.js';
import type { Severity } from '../core/types.js';
import type { AwsScanOptions } from './aws-options.js';
import type { FleetOptions } from './fleet-options.js';
import type { InfrastructureScanOptions } from './iac-options.js';
import type { LiveClusterOptions } from './live-cluster.js';
import type { Framework } from '../frameworks/index.js';
import type { OutputTarget } from './output-target.js';
import type { ReportView } from './report-view.js';

/** How the manifest paths are rendered and placed (see src/sources/render/ and k8s/namespace-scope.ts). */
export interface ScanRenderOptions {
  /** render Helm charts and Kustomize overlays found in the paths (`--no-render` turns it off; default on) */
  render?: boolean;
  /** `--namespace` (one): the namespace of manifests that set none */
  namespace?: string;
  helm?: {
    bin?: string;
    values: string[];
    set: string[];
    release?: string;
    /** `--helm-namespace`; `--namespace` when absent */
    namespace?: string;
    includeTests: boolean;
  };
  kustomizeBin?: string;
  /** `--stdin-name`: the name of standard input in reports */
  stdinName?: string;
}

export interface ScanOptions extends ScanRenderOptions {
  paths: string[];
  outputs: OutputTarget[];
  /** `--fail-on` as given; else the config's `failOn`, else high */
  failOn?: Severity | 'none';
  includePassed: boolean;
  /** `--pss-level` as given; else the config's `pss.level`, else restricted */
  pssLevel?: PssLevel;
  /** `--pss-version` as given; else the config's `pss.version`, else the cluster's version when known */
  pssVersion?: string;
  /** `--config FILE`; without it `.eksguard.yaml` in the working directory, when present */
  configFile?: string;
  /** `--baseline FILE`: report only failures it does not hold */
  baselineFile?: string;
  /** `--baseline-out FILE`: write every current failure there */
  baselineOutFile?: string;
  /** the loaded config and baseline (runScan reads them from the files above) */
  config?: EksguardConfig;
  baseline?: Baseline;
  now?: Date;
  checks?: readonly Check[];
  /** `--kube`: also scan the live cluster of a kubeconfig context */
  kube?: LiveClusterOptions;
  /** `--aws` / `--aws-snapshot DIR`: the EKS clusters of an AWS account, live or from a snapshot */
  aws?: AwsScanOptions;
  /** `--org`, `--accounts`, several `--context`, `--all-contexts`, `--shard`: scan a fleet cluster by cluster (docs/fleet.md) */
  fleet?: FleetOptions;
  /** `--terraform-plan`, `--cloudformation`, `--eksctl`, `--cfn-parameter`: infrastructure code (files found in the paths are read too) */
  infrastructure?: InfrastructureScanOptions;
  /** `--exclude GLOB` (repeatable): paths left out of the manifest scan, with the config's `exclude:` */
  exclude?: string[];
  /** `--allow-empty`: a source that answered but held nothing (no manifests, no cluster) does not fail the run */
  allowEmpty?: boolean;
  /** `--fail-on-gaps`: any data that could not be collected fails the run (exit 2) */
  failOnGaps?: boolean;
  /** how long a FIFO named as a path may stay without a writer (EKSGUARD_FIFO_WAIT_SECONDS) */
  fifoWaitMs?: number;
  /** `--judge-aws-managed`: judge the EKS add-on workloads AWS manages like any other (default: reported suppressed) */
  judgeAwsManaged?: boolean;
  /** `--skip-non-kubernetes`: named files that hold no Kubernetes object are skipped (pre-commit passes every changed YAML file) */
  skipNonKubernetes?: boolean;
  /** what is shown, not what is judged: `--severity`, `--group-by`, `--show-fix`, `-q` */
  view?: ReportView;
  /** `--framework NAME` (repeatable): run only these frameworks' checks and report their controls */
  frameworks?: readonly Framework[];
  /** `--fail-under PERCENT`: exit 1 when a framework's score is below it */
  failUnder?: number;
}
