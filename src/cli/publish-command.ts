import type { Report } from '../core/report.js';
import { asffProblems } from '../reporters/asff-rules.js';
import { AsffContextError, productArnOf, toAsffFindings, type AsffDefaults } from '../reporters/asff.js';
import { renderSafeJson } from '../reporters/json.js';
import { escapeControl } from '../reporters/text-safety.js';
import type { HubGroup, PublishResult } from '../sinks/securityhub.js';
import { UsageError } from './errors.js';
import { readReport } from './report-file.js';
import { writeOutput } from './output.js';

export interface PublishCommandOptions {
  report: string;
  /** the region of findings that name none, and of the STS calls */
  region?: string;
  /** assume this role in each account whose findings are published (not needed for the caller's own account) */
  roleName?: string;
  externalId?: string;
  profile?: string;
  /** print the validated ASFF batches instead of sending them */
  dryRun: boolean;
  now?: Date;
}

const EKS_CONTEXT = /^arn:(aws|aws-cn|aws-us-gov):eks:([a-z0-9-]+):(\d{12}):cluster\//;

/** The accounts and regions to publish to: those of the findings, and those of every scanned cluster (to archive what was fixed). */
export function groupFindings(report: Report, findings: readonly Record<string, unknown>[], defaults: AsffDefaults, partition: string): HubGroup[] {
  const groups = new Map<string, HubGroup>();
  const groupFor = (accountId: string, region: string, part: string) => {
    const key = `${accountId}|${region}`;
    let group = groups.get(key);
    if (!group) {
      group = { accountId, region, productArn: productArnOf({ partition: part, accountId, region }), findings: [] };
      groups.set(key, group);
    }
    return group;
  };
  for (const finding of findings) {
    const product = String(finding['ProductArn']);
    groupFor(String(finding['AwsAccountId']), String(finding['Region']), product.split(':')[1] ?? partition).findings.push(finding);
  }
  for (const target of report.fleet?.targets ?? []) {
    const aws = /^aws:(\d{12}):([a-z0-9-]+):/.exec(target);
    const context = EKS_CONTEXT.exec(target.replace(/^kube:/, ''));
    if (aws) groupFor(aws[1]!, aws[2]!, partition);
    else if (context) groupFor(context[3]!, context[2]!, context[1]!);
    else if (defaults.accountId && defaults.region) groupFor(defaults.accountId, defaults.region, partition);
  }
  return [...groups.values()].sort((a, b) => (`${a.accountId}|${a.region}` < `${b.accountId}|${b.region}` ? -1 : 1));
}

/** Archive only what was scanned again and not starved: a cluster that was not read, or a check a gap starved, keeps its findings. */
export function archivePolicy(report: Report): { mayArchive(existing: Record<string, unknown>): boolean } {
  const targets = report.fleet ? new Set(report.fleet.targets) : undefined;
  const starved = new Set(report.gaps.flatMap((gap) => gap.checks));
  return {
    mayArchive(existing) {
      const fields = (existing['ProductFields'] ?? {}) as Record<string, unknown>;
      const check = String(fields['eksguard/CheckId'] ?? String(existing['GeneratorId'] ?? '').replace(/^eksguard\//, ''));
      if (starved.has(check)) return false;
      return !targets || targets.has(String(fields['eksguard/Scope'] ?? ''));
    },
  };
}

async function callerIdentity(region: string, profile: string | undefined): Promise<{ account: string; partition: string }> {
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({ region, ...(profile ? { profile } : {}) });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    return { account: identity.Account ?? '', partition: identity.Arn?.split(':')[1] || 'aws' };
  } catch (error) {
    const err = error as { name?: string; message?: string };
    throw new UsageError(`no usable AWS credentials: ${err.name ?? 'Error'}${err.message ? `: ${err.message.slice(0, 200)}` : ''}`, 'check the AWS credentials and region (see docs/fleet.md)');
  } finally {
    sts.destroy();
  }
}

function summaryLine(result: PublishResult): string {
  return `eksguard publish: ${result.accountId} ${escapeControl(result.region)}: ${result.imported} imported (${result.updated} updated), ${result.archived} archived, ${result.failed.length} failed\n`;
}

/** `eksguard publish securityhub REPORT`: the report's findings in ASFF, into Security Hub of the account and region of each cluster. */
export async function runPublishSecurityHub(options: PublishCommandOptions): Promise<0 | 2> {
  const report = await readReport(options.report);
  const region = options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
  if (!region) throw new UsageError('no AWS region', 'pass --region or set AWS_REGION');
  const envAccount = process.env['AWS_ACCOUNT_ID'];
  const caller = options.dryRun && envAccount ? { account: envAccount, partition: 'aws' } : await callerIdentity(region, options.profile);
  const defaults: AsffDefaults = { accountId: envAccount ?? caller.account, region };
  const now = options.now ?? new Date();
  let findings: Record<string, unknown>[];
  try {
    findings = toAsffFindings(report, { defaults, generatedAt: now });
  } catch (error) {
    if (error instanceof AsffContextError) throw new UsageError(error.message);
    throw error;
  }
  const invalid = findings.flatMap((finding) => asffProblems(finding).map((problem) => `${String(finding['Id'])}: ${problem}`));
  if (invalid.length > 0) {
    process.stderr.write(`eksguard: error: ${invalid.length} ASFF problem${invalid.length === 1 ? '' : 's'}; nothing was sent\n${invalid.slice(0, 10).map((line) => `  ${escapeControl(line)}\n`).join('')}`);
    return 2;
  }
  const groups = groupFindings(report, findings, defaults, caller.partition);
  if (options.dryRun) {
    await writeOutput(renderSafeJson({ groups: groups.map((group) => ({ accountId: group.accountId, region: group.region, productArn: group.productArn, Findings: group.findings })) }), undefined);
    return 0;
  }
  const { SecurityHubClient } = await import('@aws-sdk/client-securityhub');
  const { publishGroup } = await import('../sinks/securityhub.js');
  const { assumeRole, sessionNameFor } = await import('../sources/aws/fleet/assume.js');
  const { STSClient } = await import('@aws-sdk/client-sts');
  const policy = archivePolicy(report);
  let failed = 0;
  for (const group of groups) {
    let credentials;
    if (options.roleName !== undefined && group.accountId !== caller.account) {
      const sts = new STSClient({ region, ...(options.profile ? { profile: options.profile } : {}) });
      const roleArn = `arn:${caller.partition}:iam::${group.accountId}:role/${options.roleName}`;
      try {
        credentials = await assumeRole({ sts, roleArn, sessionName: sessionNameFor(`publish-${now.getTime()}`), ...(options.externalId !== undefined ? { externalId: options.externalId } : {}) });
      } catch (error) {
        const err = error as { name?: string; message?: string };
        failed += group.findings.length || 1;
        process.stderr.write(`eksguard: error: ${group.accountId} ${group.region}: cannot assume ${roleArn}: ${escapeControl(`${err.name ?? 'Error'}: ${(err.message ?? '').slice(0, 200)}`)}\n`);
        continue;
      } finally {
        sts.destroy();
      }
    }
    const client = new SecurityHubClient({ region: group.region, retryMode: 'adaptive', maxAttempts: 6, ...(credentials ? { credentials } : options.profile ? { profile: options.profile } : {}) });
    try {
      const result = await publishGroup({ client, group, archive: policy, now });
      process.stdout.write(summaryLine(result));
      for (const failure of result.failed.slice(0, 10)) process.stderr.write(`eksguard: error: ${escapeControl(failure.id)}: ${escapeControl(failure.errorCode)}: ${escapeControl(failure.errorMessage)}\n`);
      failed += result.failed.length;
    } catch (error) {
      const err = error as { name?: string; message?: string };
      failed += group.findings.length || 1;
      process.stderr.write(`eksguard: error: ${group.accountId} ${group.region}: ${escapeControl(`${err.name ?? 'Error'}: ${(err.message ?? '').slice(0, 200)}`)}\n`);
    } finally {
      client.destroy();
    }
  }
  return failed > 0 ? 2 : 0;
}
