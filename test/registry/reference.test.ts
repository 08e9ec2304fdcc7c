import { describe, expect, it } from 'vitest';
import {
  canonicalReference,
  effectiveTag,
  isLoopback,
  normalizePlatformString,
  parseReference,
  RegistryError,
  withDigest,
} from '../../src/registry/index.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference normalises like distribution/reference', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', undefined, 'latest'],
    ['docker.io/nginx', 'docker.io', 'library/nginx', undefined, 'latest'],
    ['index.docker.io/nginx:1.27', 'docker.io', 'library/nginx', '1.27', '1.27'],
    ['bitnami/postgresql:16', 'docker.io', 'bitnami/postgresql', '16', '16'],
    ['localhost/app', 'localhost', 'app', undefined, 'latest'],
    ['localhost:5000/app:v1', 'localhost:5000', 'app', 'v1', 'v1'],
    ['127.0.0.1:5000/a/b:1', '127.0.0.1:5000', 'a/b', '1', '1'],
    ['[::1]:5000/x', '[::1]:5000', 'x', undefined, 'latest'],
    ['ghcr.io/o/i:1.2', 'ghcr.io', 'o/i', '1.2', '1.2'],
  ])('%s', (input, registry, repository, tag, eff) => {
    const ref = parseReference(input);
    expect(ref).toMatchObject({ original: input, registry, repository });
    expect(ref.tag).toBe(tag);
    expect(effectiveTag(ref)).toBe(eff);
  });

  it('keeps name:tag@digest and the original spelling for output', () => {
    const ref = parseReference(`ghcr.io/o/i:1.2@${D}`);
    expect(ref).toMatchObject({ registry: 'ghcr.io', repository: 'o/i', tag: '1.2', digest: D });
    expect(withDigest(ref, `sha256:${'b'.repeat(64)}`)).toBe(`ghcr.io/o/i:1.2@${D}`);
    expect(withDigest(parseReference('postgres:16.4'), D)).toBe(`postgres:16.4@${D}`);
    expect(effectiveTag(parseReference(`nginx@${D}`))).toBeUndefined();
    expect(canonicalReference(parseReference('nginx'))).toBe('docker.io/library/nginx:latest');
    expect(canonicalReference(parseReference('index.docker.io/library/nginx:latest'))).toBe('docker.io/library/nginx:latest');
  });

  it.each([
    '',
    'Nginx/App',
    'nginx:bad tag',
    `nginx@sha256:${'a'.repeat(10)}`,
    `nginx@sha256:${'A'.repeat(64)}`,
    'a'.repeat(64),
    'nginx:-x',
  ])('rejects %j with a typed error', (input) => {
    let caught: unknown;
    try {
      parseReference(input);
    } catch (error) {
      caught = error;
    }
    expect(caught, `accepted ${input}`).toBeInstanceOf(RegistryError);
    expect((caught as RegistryError).reason).toBe('invalid');
  });

  it('knows loopback hosts', () => {
    for (const h of ['localhost:5000', 'localhost', '127.0.0.1:1', '127.9.9.9', '[::1]:5000']) expect(isLoopback(h), h).toBe(true);
    // The contract is localhost, 127.0.0.0/8 and [::1] only: a *.localhost name is up to the resolver.
    for (const h of [
      '10.0.0.1:5000',
      'example.com',
      '128.0.0.1',
      '[::2]:1',
      'foo.localhost',
      'foo.localhost:5000',
      'localhost.example.com',
    ]) {
      expect(isLoopback(h), h).toBe(false);
    }
  });
});

describe('platform normalisation follows containerd', () => {
  it.each([
    ['linux/aarch64', 'linux/arm64'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['linux/amd64/v3', 'linux/amd64/v3'],
    ['linux/armhf', 'linux/arm/v7'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/armel', 'linux/arm/v6'],
    ['linux/i386', 'linux/386'],
    ['macos/arm64', 'darwin/arm64'],
  ])('%s → %s', (raw, normalised) => {
    expect(normalizePlatformString(raw)).toBe(normalised);
  });
});
