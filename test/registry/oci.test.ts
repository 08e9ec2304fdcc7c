/**
 * The pure OCI protocol rules (src/registry/oci.ts), without a registry: digests of exact bytes and their checks,
 * media-type negotiation, index children and manifest configs, image config parsing. Imports src/ directly, so an
 * edit is tested without a build.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { registryErrorOf as thrown } from '../helpers/registry-error.js';
import {
  MANIFEST_ACCEPT,
  MEDIA_TYPES,
  configPlatforms,
  digestOf,
  indexPlatforms,
  isSha256Digest,
  manifestMediaType,
  parseImageConfig,
  parseManifest,
  verifiedDigest,
} from '../../src/registry/oci.js';

const where = { registry: 'reg.example', repository: 'team/app' };
const d = (c: string): string => `sha256:${c.repeat(64)}`;
const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

describe('digests', () => {
  it('hashes the exact bytes, so whitespace matters and re-serialising would not match', () => {
    const body = Buffer.from('{ "schemaVersion": 2 }');
    expect(digestOf(body)).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
    expect(digestOf(Buffer.from('{"schemaVersion":2}'))).not.toBe(digestOf(body));
  });

  it('accepts bytes matching both the header and the requested digest', () => {
    const body = Buffer.from('manifest bytes');
    expect(verifiedDigest(body, digestOf(body), digestOf(body), where, 'manifest')).toBe(digestOf(body));
    // No header (older registries) and no expectation (a tag): the computed digest stands.
    expect(verifiedDigest(body, null, undefined, where, 'manifest')).toBe(digestOf(body));
  });

  it('rejects bytes that hash to something other than Docker-Content-Digest, naming the repository', () => {
    const e = thrown(() => verifiedDigest(Buffer.from('a'), d('0'), undefined, where, 'manifest'));
    expect(e.reason).toBe('digest-mismatch');
    expect(e.message).toContain('reg.example/team/app');
    expect(e.message).toContain(d('0'));
    expect(e.details).toMatchObject(where);
  });

  it('rejects bytes that are not the digest asked for, even when the header agrees with the bytes', () => {
    const body = Buffer.from('other image');
    const e = thrown(() => verifiedDigest(body, digestOf(body), d('1'), where, 'config blob'));
    expect(e.reason).toBe('digest-mismatch');
    expect(e.message).toContain('not the requested');
  });

  it('ignores a header in another algorithm (only sha256 is compared)', () => {
    const body = Buffer.from('x');
    expect(verifiedDigest(body, 'sha512:abcd', undefined, where, 'manifest')).toBe(digestOf(body));
  });

  it('knows a canonical sha256 digest', () => {
    expect(isSha256Digest(d('a'))).toBe(true);
    expect(isSha256Digest(d('A'))).toBe(false);
    expect(isSha256Digest('sha256:abc')).toBe(false);
    expect(isSha256Digest(undefined)).toBe(false);
  });
});

describe('media types', () => {
  it('asks for all four manifest types', () => {
    for (const t of Object.values(MEDIA_TYPES)) expect(MANIFEST_ACCEPT).toContain(t);
  });

  it('takes Content-Type without parameters, case-insensitively', () => {
    expect(manifestMediaType(`${MEDIA_TYPES.ociIndex.toUpperCase()}; charset=utf-8`, json({}), where)).toBe(MEDIA_TYPES.ociIndex);
  });

  it('falls back to the body mediaType when there is no Content-Type', () => {
    expect(manifestMediaType(null, json({ mediaType: MEDIA_TYPES.dockerList }), where)).toBe(MEDIA_TYPES.dockerList);
  });

  it('rejects a body mediaType that contradicts Content-Type', () => {
    const e = thrown(() => manifestMediaType(MEDIA_TYPES.ociManifest, json({ mediaType: MEDIA_TYPES.ociIndex }), where));
    expect(e.reason).toBe('server');
    expect(e.message).toContain('served as');
  });

  it('rejects schema1, artifacts and a missing type as unsupported, and a body that is not JSON as a server fault', () => {
    expect(thrown(() => manifestMediaType('application/vnd.docker.distribution.manifest.v1+prettyjws', json({}), where)).reason).toBe(
      'invalid',
    );
    expect(thrown(() => manifestMediaType(null, json({ schemaVersion: 2 }), where)).reason).toBe('invalid');
    expect(thrown(() => manifestMediaType(MEDIA_TYPES.ociManifest, Buffer.from('<html>'), where)).reason).toBe('server');
  });
});

describe('manifests and indexes', () => {
  it('keeps runnable index entries in order, normalised, and drops attestations and unknown/unknown', () => {
    const body = json({
      manifests: [
        { digest: d('1'), mediaType: MEDIA_TYPES.ociManifest, platform: { os: 'linux', architecture: 'x86_64' } },
        { digest: d('2'), mediaType: MEDIA_TYPES.ociManifest, platform: { os: 'linux', architecture: 'aarch64', variant: 'v8' } },
        {
          digest: d('3'),
          mediaType: MEDIA_TYPES.ociManifest,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': d('1') },
        },
        { digest: d('4'), mediaType: MEDIA_TYPES.ociManifest, platform: { os: 'unknown', architecture: 'unknown' } },
        { digest: 'sha256:short', mediaType: MEDIA_TYPES.ociManifest, platform: { os: 'linux', architecture: 'amd64' } },
      ],
    });
    const parsed = parseManifest(MEDIA_TYPES.ociIndex, body, where);
    expect(parsed).toEqual({
      kind: 'index',
      children: [
        { digest: d('1'), mediaType: MEDIA_TYPES.ociManifest, platform: 'linux/amd64' },
        { digest: d('2'), mediaType: MEDIA_TYPES.ociManifest, platform: 'linux/arm64' },
      ],
    });
  });

  it('leaves the platform of an entry without one open (its config decides), but skips a nested index without one', () => {
    const body = json({
      manifests: [
        { digest: d('5'), mediaType: MEDIA_TYPES.dockerManifest },
        { digest: d('6') },
        { digest: d('7'), mediaType: MEDIA_TYPES.ociIndex },
      ],
    });
    expect(parseManifest(MEDIA_TYPES.dockerList, body, where)).toEqual({
      kind: 'index',
      children: [
        { digest: d('5'), mediaType: MEDIA_TYPES.dockerManifest },
        { digest: d('6'), mediaType: '' },
      ],
    });
  });

  it('lists index platforms sorted and deduplicated', () => {
    expect(indexPlatforms([{ platform: 'linux/arm64' }, { platform: 'linux/amd64' }, { platform: 'linux/arm64' }])).toEqual([
      'linux/amd64',
      'linux/arm64',
    ]);
  });

  it('takes a single manifest config digest, and rejects a manifest without a valid one', () => {
    expect(parseManifest(MEDIA_TYPES.ociManifest, json({ config: { digest: d('c') } }), where)).toEqual({
      kind: 'manifest',
      config: d('c'),
    });
    const e = thrown(() => parseManifest(MEDIA_TYPES.dockerManifest, json({ config: { digest: 'md5:00' } }), where));
    expect(e.reason).toBe('server');
    expect(e.message).toContain('reg.example/team/app');
  });
});

describe('image configs', () => {
  it('reads env (split on the first =), os, architecture and variant', () => {
    const body = json({ os: 'linux', architecture: 'arm', variant: 'v7', config: { Env: ['PG_MAJOR=16', 'OPTS=a=b', 'BARE', 42, '=x'] } });
    const config = parseImageConfig(body, where, d('c'));
    expect(config).toEqual({ env: { PG_MAJOR: '16', OPTS: 'a=b' }, os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(configPlatforms(config)).toEqual(['linux/arm/v7']);
  });

  it('gives no platform for unknown/unknown and an empty env when Env is absent', () => {
    const config = parseImageConfig(json({ os: 'unknown', architecture: 'unknown' }), where, d('c'));
    expect(config.env).toEqual({});
    expect(configPlatforms(config)).toEqual([]);
  });

  it('rejects a config blob that is not JSON', () => {
    const e = thrown(() => parseImageConfig(Buffer.from('not json'), where, d('c')));
    expect(e.reason).toBe('server');
    expect(e.message).toContain(d('c'));
  });
});
