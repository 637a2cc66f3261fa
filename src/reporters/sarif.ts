import { fingerprintOf } from '../core/baseline.js';
import type { Report } from '../core/report.js';
import { resourceKey } from '../core/suppression.js';
import type { AttackPath } from '../core/attack-path.js';
import { isAwsRef, type Finding, type Location, type ResourceRef, type Severity, type Status } from '../core/types.js';
import { checkDocsUrl, rulesOf, type Rule, type RuleMeta } from './rules.js';
import { FrameworkIndex } from './sarif-frameworks.js';
import { escapeControl, JSON_ESCAPES, neutralizeHashCommands } from './text-safety.js';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. Failures are results of kind
 * `fail`; suppressed findings are failures with a `suppressions` entry (GitHub shows them as
 * dismissed); check errors, unreadable input and data gaps are tool execution notifications,
 * since they are facts about the run, not about the code. With `--framework` the per-control
 * section is a taxonomy per framework (sarif-frameworks.ts).
 */

export interface SarifOptions {
  checks?: readonly RuleMeta[];
  docsBaseUrl?: string;
}

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/eksguard/eksguard';
/** The key GitHub and other consumers use to follow one result across runs; versioned so the scheme can change. */
const FINGERPRINT_KEY = 'eksguard/v1';

type Level = 'error' | 'warning' | 'note' | 'none';

const LEVEL: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** GitHub ranks security alerts by this score: >= 9 critical, 7-8.9 high, 4-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string | undefined> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: undefined };

/** SARIF result kinds; SARIF requires level `none` for every kind but `fail`. */
const KIND: Partial<Record<Status, string>> = {
  fail: 'fail',
  suppressed: 'fail',
  pass: 'pass',
  'not-applicable': 'notApplicable',
  // skipped: the data the check needs was not collected, so the tool cannot tell.
  skipped: 'open',
};

/** Message text from our catalogue is trusted; anything built from input goes through `untrusted`. */
function text(value: string): { text: string } {
  return { text: value };
}

function untrusted(value: string): { text: string } {
  return { text: escapeControl(value) };
}

/** A file path as a URI reference: each segment percent-encoded, so spaces, `#`, `?` or `<` in names stay data. */
export function fileUri(file: string): { uri: string; uriBaseId?: string } {
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  return file.startsWith('/') ? { uri: `file://${encoded}` } : { uri: encoded, uriBaseId: '%SRCROOT%' };
}

function physicalLocation(location: Location) {
  return {
    artifactLocation: fileUri(location.file),
    ...(location.line && location.line >= 1 ? { region: { startLine: location.line } } : {}),
  };
}

/**
 * GitHub code scanning rejects a whole upload when any result lacks a physical location with an
 * artifact URI. Findings from a live cluster or AWS have no file, so they get a virtual path that
 * names the resource (`kubernetes/<context>/<Kind>/<namespace>/<name>`, `aws/<ARN>`), marked as
 * such in its description; the logical location remains the precise identity.
 */
export function virtualLocation(finding: Finding) {
  return virtualLocationOf(finding.resource);
}

function virtualLocationOf(ref: ResourceRef) {
  const segments = isAwsRef(ref)
    ? ['aws', ref.arn]
    : ['kubernetes', ref.context || (ref.kind === 'DataGap' ? 'eksguard' : 'cluster'), ref.kind, ...(ref.namespace ? [ref.namespace] : []), ref.name || 'unnamed'];
  return {
    artifactLocation: {
      uri: segments.map((segment) => encodeURIComponent(escapeControl(segment))).join('/'),
      description: { text: `not a file: the ${isAwsRef(ref) ? 'AWS resource' : 'Kubernetes object'} ${escapeControl(isAwsRef(ref) ? ref.arn : resourceKey(ref))}` },
    },
  };
}

function logicalLocation(finding: Finding) {
  const ref = finding.resource;
  if (isAwsRef(ref)) {
    return { name: escapeControl(ref.arn.split(/[:/]/).pop() || ref.arn), fullyQualifiedName: escapeControl(ref.arn), kind: 'resource', properties: { type: escapeControl(ref.type), region: escapeControl(ref.region) } };
  }
  return {
    name: escapeControl(ref.name),
    fullyQualifiedName: escapeControl(resourceKey(ref)),
    kind: 'resource',
    properties: {
      apiVersion: escapeControl(ref.apiVersion),
      kind: escapeControl(ref.kind),
      ...(ref.namespace ? { namespace: escapeControl(ref.namespace) } : {}),
      ...(ref.context ? { context: escapeControl(ref.context) } : {}),
    },
  };
}

function helpMarkdown(rule: Rule, docsUrl: string): string {
  const lines = [`**${rule.title}**`, ''];
  if (rule.rationale) lines.push(rule.rationale, '');
  lines.push(`**How to fix:** ${rule.remediation}`, '');
  if (rule.standards.length) lines.push(`**Standards:** ${rule.standards.join(', ')}`, '');
  lines.push(`[Documentation](${docsUrl})`);
  return lines.join('\n');
}

function reportingDescriptor(rule: Rule, docsBaseUrl: string | undefined, frameworks: FrameworkIndex) {
  const helpUri = checkDocsUrl(rule.id, docsBaseUrl);
  const relationships = frameworks.relationshipsOf(rule.id);
  const securitySeverity = SECURITY_SEVERITY[rule.severity];
  return {
    id: rule.id,
    shortDescription: text(rule.title),
    fullDescription: text(rule.rationale ?? rule.title),
    help: { text: `${rule.remediation}${rule.standards.length ? `\nStandards: ${rule.standards.join(', ')}` : ''}`, markdown: helpMarkdown(rule, helpUri) },
    helpUri,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    ...(relationships.length ? { relationships } : {}),
    properties: {
      tags: ['security', rule.area, ...rule.standards],
      precision: 'high',
      severity: rule.severity,
      area: rule.area,
      ...(securitySeverity ? { 'security-severity': securitySeverity } : {}),
    },
  };
}

function messageOf(finding: Finding): string {
  const expired = finding.expiredSuppression;
  const note = expired ? ` (suppression expired on ${expired.expires ?? 'an unreadable date'}: ${expired.reason})` : '';
  return `${finding.message}${note}`;
}

function physicalOf(location: Location | undefined, ref: ResourceRef | undefined) {
  if (location) return physicalLocation(location);
  return ref ? virtualLocationOf(ref) : undefined;
}

/**
 * An attack path as SARIF: every object on it as a related location (file and line where the
 * source has them), and the path itself as a code flow, step by step, which viewers such as
 * GitHub code scanning show as the route from entry point to crown jewel.
 */
function pathParts(path: AttackPath) {
  const relatedLocations: object[] = [];
  path.nodes.forEach((node, index) => {
    const physical = physicalOf(node.location, node.resource);
    if (physical) relatedLocations.push({ id: index, physicalLocation: physical, message: untrusted(node.label) });
  });
  const locations = path.nodes.map((node, index) => {
    const physical = physicalOf(node.location, node.resource);
    const edge = index > 0 ? path.edges[index - 1] : undefined;
    const text = edge ? `${edge.label} ${node.label}: ${edge.because}${edge.checkId ? ` [${edge.checkId}]` : ''}${edge.missing ? ` (not collected: ${edge.missing})` : ''}` : node.label;
    return { location: { ...(physical ? { physicalLocation: physical } : {}), message: untrusted(text) }, ...(path.cut && path.cut.edge === index - 1 ? { importance: 'essential' } : {}) };
  });
  return { relatedLocations, codeFlows: [{ message: untrusted(path.nodes.map((node) => node.label).join(' → ')), threadFlows: [{ locations }] }] };
}

function resultOf(finding: Finding, ruleIndex: number, path: AttackPath | undefined, frameworks: FrameworkIndex) {
  const kind = KIND[finding.status] ?? 'informational';
  const taxa = frameworks.controlsOf(finding.checkId);
  const physical = { physicalLocation: finding.location ? physicalLocation(finding.location) : virtualLocation(finding) };
  return {
    ruleId: finding.checkId,
    ruleIndex,
    kind,
    level: kind === 'fail' ? LEVEL[finding.severity] : 'none',
    message: untrusted(messageOf(finding)),
    locations: [{ ...physical, logicalLocations: [logicalLocation(finding)] }],
    ...(path ? pathParts(path) : {}),
    ...(taxa.length ? { taxa } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf(finding) },
    ...(finding.suppression
      ? {
          suppressions: [
            {
              // An annotation lives next to the object, in the source; a config rule is outside it.
              kind: finding.suppression.source === 'annotation' ? 'inSource' : 'external',
              // No status/state: the 2.1.0 committee schema calls it `state`, the final standard `status`;
              // both read an absent value as "accepted", which is what an eksguard suppression is.
              justification: escapeControl(finding.suppression.reason),
            },
          ],
        }
      : {}),
    properties: {
      status: finding.status,
      severity: finding.severity,
      area: finding.area,
      standards: finding.standards.map(escapeControl),
      ...(finding.path !== undefined ? { path: escapeControl(finding.path) } : {}),
      ...(path ? { attackPath: path.id } : {}),
      ...(finding.suppression?.expires ? { suppressionExpires: escapeControl(finding.suppression.expires) } : {}),
      ...(finding.expiredSuppression
        ? {
            expiredSuppression: {
              reason: escapeControl(finding.expiredSuppression.reason),
              source: finding.expiredSuppression.source,
              ...(finding.expiredSuppression.expires ? { expires: escapeControl(finding.expiredSuppression.expires) } : {}),
            },
          }
        : {}),
    },
  };
}

function notifications(report: Report, ruleIndex: Map<string, number>) {
  const out: object[] = [];
  for (const finding of report.findings) {
    if (finding.status !== 'error') continue;
    out.push({
      level: 'error',
      message: untrusted(`${finding.checkId} on ${resourceKey(finding.resource)}: ${finding.message}`),
      associatedRule: { id: finding.checkId, index: ruleIndex.get(finding.checkId) ?? -1 },
    });
  }
  for (const error of report.errors) {
    out.push({
      level: 'error',
      message: untrusted(`${error.source}: ${error.message}`),
      ...(error.location ? { locations: [{ physicalLocation: physicalLocation(error.location) }] } : {}),
    });
  }
  for (const gap of report.gaps) {
    out.push({ level: 'warning', message: untrusted(`not collected: ${gap.source} (${gap.reason}); skipped checks: ${gap.checks.join(', ') || 'none'}`) });
  }
  for (const warning of report.warnings ?? []) {
    out.push({
      level: 'warning',
      message: untrusted(`${warning.source}: ${warning.message}`),
      ...(warning.location ? { locations: [{ physicalLocation: physicalLocation(warning.location) }] } : {}),
    });
  }
  return out;
}

export function renderSarif(report: Report, options: SarifOptions = {}): string {
  const rules = rulesOf(report, options.checks);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const paths = new Map((report.paths?.paths ?? []).map((path) => [path.id, path]));
  const frameworks = new FrameworkIndex(report.frameworks ?? []);
  const results = report.findings
    .filter((finding) => finding.status !== 'error')
    .map((finding) => resultOf(finding, ruleIndex.get(finding.checkId)!, finding.attackPathId ? paths.get(finding.attackPathId) : undefined, frameworks));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eksguard',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: rules.map((rule) => reportingDescriptor(rule, options.docsBaseUrl, frameworks)),
            ...(frameworks.empty ? {} : { supportedTaxonomies: frameworks.supportedTaxonomies() }),
          },
        },
        ...(frameworks.empty ? {} : { taxonomies: frameworks.taxonomies() }),
        invocations: [
          {
            executionSuccessful: report.errors.length === 0 && report.summary.error === 0,
            toolExecutionNotifications: notifications(report, ruleIndex),
          },
        ],
        results,
        properties: { summary: report.summary },
      },
    ],
  };
  // `#` occurs only inside JSON strings: `\u0023` breaks CI log commands (`##[`, `##vso[`) and parses back the same.
  return `${neutralizeHashCommands(JSON.stringify(sarif, null, 2), JSON_ESCAPES)}\n`;
}
