import { describe, expect, it } from 'vitest';
import { nodeMajor, silenceDependencyRuntimeWarnings, unsupportedRuntimeWarning, versionLine } from './runtime.js';

describe('the Node.js runtime', () => {
  it('reads the major line of a Node version', () => {
    expect(nodeMajor('v20.20.2')).toBe(20);
    expect(nodeMajor('v24.22.3')).toBe(24);
    expect(nodeMajor('v100.0.0')).toBe(100);
    expect(nodeMajor('20.20.2')).toBeUndefined();
    expect(nodeMajor('')).toBeUndefined();
  });

  it('warns once, in one line, on a line older than 22, naming the version and the supported lines', () => {
    expect(unsupportedRuntimeWarning('v20.20.2')).toBe('eksguard: Node.js v20.20.2 is not supported (end of life); use Node.js 22 or 24');
    expect(unsupportedRuntimeWarning('v18.20.8')).toBe('eksguard: Node.js v18.20.8 is not supported (end of life); use Node.js 22 or 24');
    expect(unsupportedRuntimeWarning('v21.7.3')).toMatch(/^eksguard: Node\.js v21\.7\.3 is not supported/);
    expect(unsupportedRuntimeWarning('v20.20.2')).not.toContain('\n');
  });

  it('does not warn on a supported line or a newer one', () => {
    for (const version of ['v22.0.0', 'v22.23.5', 'v23.11.1', 'v24.22.3', 'v26.12.1']) expect(unsupportedRuntimeWarning(version)).toBeUndefined();
    // a version it cannot read is no reason to warn
    expect(unsupportedRuntimeWarning('unknown')).toBeUndefined();
  });

  it('names the tool version, the runtime and the platform in --version', () => {
    expect(versionLine('0.1.0', { version: 'v24.22.3', platform: 'linux', arch: 'x64' })).toBe('eksguard 0.1.0 (node v24.22.3, linux-x64)');
    expect(versionLine('1.2.3', { version: 'v22.23.5', platform: 'darwin', arch: 'arm64' })).toBe('eksguard 1.2.3 (node v22.23.5, darwin-arm64)');
  });

  it("turns off the AWS SDK's own runtime warning unless the environment sets it", () => {
    const env: NodeJS.ProcessEnv = {};
    silenceDependencyRuntimeWarnings(env);
    expect(env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED']).toBe('true');
    const explicit: NodeJS.ProcessEnv = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' };
    silenceDependencyRuntimeWarnings(explicit);
    expect(explicit['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED']).toBe('false');
  });
});
