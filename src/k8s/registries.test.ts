import { describe, expect, it } from 'vitest';
import { registryEntryProblem } from '../core/registry-entry.js';
import { approvingEntry, normalizedRepository } from './registries.js';

describe('normalizedRepository', () => {
  it('spells out Docker Hub as the runtime resolves it, and drops tag and digest', () => {
    expect(normalizedRepository('nginx')).toBe('docker.io/library/nginx');
    expect(normalizedRepository('nginx:1.27@sha256:' + 'a'.repeat(64))).toBe('docker.io/library/nginx');
    expect(normalizedRepository('team/app:1')).toBe('docker.io/team/app');
    expect(normalizedRepository('index.docker.io/nginx')).toBe('docker.io/library/nginx');
    expect(normalizedRepository('registry-1.docker.io/team/app')).toBe('docker.io/team/app');
  });

  it('takes the first component as a registry only with a dot, a port or localhost', () => {
    expect(normalizedRepository('localhost/app')).toBe('localhost/app');
    expect(normalizedRepository('registry:5000/app:1')).toBe('registry:5000/app');
    expect(normalizedRepository('Registry.Example.com/Team/app')).toBe('registry.example.com/Team/app');
    expect(normalizedRepository('')).toBeUndefined();
    expect(normalizedRepository('a//b')).toBeUndefined();
    expect(normalizedRepository('bad image')).toBeUndefined();
  });
});

describe('approvingEntry', () => {
  const entries = ['ghcr.io/acme/', 'example.com', 'Docker.io/library'];
  it('matches a host exactly and a path on a slash boundary', () => {
    expect(approvingEntry('ghcr.io/acme/app', entries)).toBe('ghcr.io/acme/');
    expect(approvingEntry('ghcr.io/acme', entries)).toBe('ghcr.io/acme/');
    expect(approvingEntry('ghcr.io/acme-evil/app', entries)).toBeUndefined();
    expect(approvingEntry('example.com/x', entries)).toBe('example.com');
    expect(approvingEntry('registry.example.com/x', entries)).toBeUndefined();
    expect(approvingEntry('example.com.evil.io/x', entries)).toBeUndefined();
    expect(approvingEntry('docker.io/library/nginx', entries)).toBe('Docker.io/library');
  });
});

describe('registryEntryProblem', () => {
  it('accepts hosts and repository prefixes and names what is wrong with anything else', () => {
    for (const entry of ['ghcr.io', 'registry:5000', 'localhost/team', '111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/', 'docker.io/library']) expect(registryEntryProblem(entry)).toBeUndefined();
    expect(registryEntryProblem('https://ghcr.io')).toContain('has a scheme');
    expect(registryEntryProblem('nginx')).toContain('for Docker Hub write docker.io/nginx');
    expect(registryEntryProblem('ghcr.io/acme/app:1.0')).toContain('has a tag');
    expect(registryEntryProblem('ghcr.io/acme/app@sha256:abc')).toContain('has a digest');
    expect(registryEntryProblem(' ')).toContain('must not be empty');
    expect(registryEntryProblem('ghcr.io//x')).toContain('empty path component');
  });
});
