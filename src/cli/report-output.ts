import { readFile, stat } from 'node:fs/promises';
import type { Report } from '../core/report.js';
import type { AsffDefaults } from '../reporters/asff.js';
import type { Format, ReporterOptions } from '../reporters/index.js';
import { isS3Url, parseS3Url } from '../sinks/s3-location.js';
import { UsageError } from './errors.js';
import type { OutputTarget } from './output-target.js';
import { useColor, writeOutput } from './output.js';
import { quietTable, shownReport, stderrAfterReports, tableOptionsOf, type ReportView } from './report-view.js';

/** A report larger than this is refused when read back (merge, diff, publish): far above any real fleet. */
export const MAX_REPORT_BYTES = 1024 * 1024 * 1024;

async function s3Client() {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({ retryMode: 'standard', maxAttempts: 6 });
}

function s3Location(url: string) {
  const location = parseS3Url(url);
  if (typeof location === 'string') throw new UsageError(`invalid S3 location: ${location}`, 'for example: --output s3://my-bucket/eksguard/report.json');
  return location;
}

/** Writes a report to stdout, a file, or `s3://bucket/key` (PutObject with the default credential chain). */
export async function writeReport(chunks: Iterable<string>, target: string | undefined, format = 'json'): Promise<void> {
  if (!isS3Url(target)) return writeOutput(chunks, target);
  const location = s3Location(target);
  const { contentTypeOf } = await import('../sinks/s3-location.js');
  const { putReport } = await import('../sinks/s3.js');
  const client = await s3Client();
  try {
    await putReport(client, location, [...chunks].join(''), contentTypeOf(format));
  } catch (error) {
    const err = error as { name?: string; message?: string };
    throw new UsageError(`cannot write s3://${location.bucket}/${location.key}: ${err.name ?? 'Error'}${err.message ? `: ${err.message.slice(0, 200)}` : ''}`, 'check the bucket, its region (AWS_REGION) and s3:PutObject on it (see docs/fleet.md)');
  } finally {
    client.destroy();
  }
}

/** Reads a report from a file or `s3://bucket/key`, bounded in size. */
export async function readReportText(source: string): Promise<string> {
  if (isS3Url(source)) {
    const location = s3Location(source);
    const { getReport } = await import('../sinks/s3.js');
    const client = await s3Client();
    try {
      return await getReport(client, location, MAX_REPORT_BYTES);
    } catch (error) {
      const err = error as { name?: string; message?: string };
      throw new UsageError(`cannot read ${source}: ${err.name ?? 'Error'}${err.message ? `: ${err.message.slice(0, 200)}` : ''}`, 'check the bucket, its region (AWS_REGION) and s3:GetObject on it');
    } finally {
      client.destroy();
    }
  }
  try {
    const info = await stat(source);
    if (!info.isFile()) throw new UsageError(`${source} is not a file`);
    if (info.size > MAX_REPORT_BYTES) throw new UsageError(`${source} has ${info.size} bytes, more than a report may have (${MAX_REPORT_BYTES})`);
    return await readFile(source, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, 'give the path of a JSON report written with --format json');
  }
}

/** The AWS account and region of findings that name none (Kubernetes objects of a context that is not an EKS ARN). */
export function asffDefaults(env: NodeJS.ProcessEnv): AsffDefaults {
  const accountId = env['AWS_ACCOUNT_ID'];
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  return { ...(accountId ? { accountId } : {}), ...(region ? { region } : {}) };
}

/**
 * The report in a format; a finding whose AWS account ASFF cannot know is a usage error, not an
 * internal one. The table is what most runs print: the other reporters (HTML, SARIF, ASFF …) are
 * loaded only when a run asks for them, which keeps a one-file scan's start-up short.
 */
export async function renderReport(format: Format, report: Report, options: ReporterOptions): Promise<Iterable<string>> {
  if (format === 'table') {
    const { renderTable } = await import('../reporters/table.js');
    return [renderTable(report, { ...options.table, color: options.color })];
  }
  const [{ reportChunks }, { AsffContextError }] = await Promise.all([import('../reporters/index.js'), import('../reporters/asff.js')]);
  try {
    return reportChunks(format, report, options);
  } catch (error) {
    if (error instanceof AsffContextError) throw new UsageError(error.message, 'see docs/fleet.md (Security Hub)');
    throw error;
  }
}

/**
 * Writes a report in every requested format. All are rendered before any is written, so a format
 * that cannot be rendered (ASFF without an account for its findings) stops the run before it leaves
 * some files written and others not.
 */
export async function writeReports(report: Report, outputs: readonly OutputTarget[], options: Omit<ReporterOptions, 'color' | 'asff' | 'table'>, view: ReportView = {}): Promise<void> {
  const shown = shownReport(report, view.severity);
  const table = tableOptionsOf(view, shown.hidden);
  const rendered = await Promise.all(
    outputs.map(async (output) => ({
      output,
      chunks:
        output.format === 'table' && view.quiet
          ? [quietTable(report)]
          : await renderReport(output.format, shown.report, { ...options, table, color: output.format === 'table' && !output.file && useColor(process.stdout), asff: asffDefaults(process.env) }),
    })),
  );
  for (const { output, chunks } of rendered) await writeReport(chunks, output.file, output.format);
  process.stderr.write(stderrAfterReports(report, outputs, view));
}
