/**
 * The Node.js runtime eksguard runs on: which lines are supported, the one warning an
 * unsupported one gets, and the runtime named in `--version` for bug reports.
 *
 * eksguard still runs on Node.js 20 (end of life in April 2026) so that a machine that has
 * only it can try the tool, but it says once that the runtime is not supported: a security
 * team has to know. The product code therefore uses nothing that Node 20 lacks (the compiler's
 * `lib` stays at ES2023 for that reason; Node APIs are checked by running the CLI on 20 in
 * test/e2e/runtimes.test.ts).
 */

/** The oldest Node.js major line still supported by the Node.js project (and by eksguard). */
export const OLDEST_SUPPORTED_NODE_MAJOR = 22;

/** The LTS lines eksguard is tested on, named in the warning. */
export const TESTED_NODE_MAJORS = [22, 24] as const;

/** `v20.20.2` → 20; undefined when the text is not a Node version. */
export function nodeMajor(version: string): number | undefined {
  const match = /^v(\d+)\./.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** The single stderr line for a runtime older than the oldest supported line; undefined otherwise. */
export function unsupportedRuntimeWarning(version: string): string | undefined {
  const major = nodeMajor(version);
  if (major === undefined || major >= OLDEST_SUPPORTED_NODE_MAJOR) return undefined;
  return `eksguard: Node.js ${version} is not supported (end of life); use Node.js ${TESTED_NODE_MAJORS.join(' or ')}`;
}

/** `eksguard 0.1.0 (node v24.11.1, linux-x64)`: what a bug report needs to know about the build and the runtime. */
export function versionLine(toolVersion: string, runtime: { version: string; platform: string; arch: string }): string {
  return `eksguard ${toolVersion} (node ${runtime.version}, ${runtime.platform}-${runtime.arch})`;
}

/**
 * Runtime warnings of our dependencies that a user of eksguard cannot act on are turned off; the
 * runtime verdict is eksguard's own single line. The AWS SDK prints a multi-line
 * NodeVersionSupportWarning on its first client when the runtime is older than the floor of its
 * future releases: which SDK release eksguard ships is eksguard's choice, not the user's. An
 * explicit setting in the environment is left as it is.
 */
export function silenceDependencyRuntimeWarnings(env: NodeJS.ProcessEnv): void {
  env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
}
