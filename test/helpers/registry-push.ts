/**
 * Pushes test images through the registry HTTP API (blob POST/PUT, manifest PUT), as the reference describes.
 * Deterministic: the same spec always yields the same bytes and digests, unless `seed` changes.
 * Used by the registry tests, the pin tests, the bench (many distinct tags) and scripts that fill a registry.
 */
import { gzipSync } from 'node:zlib';
import { sha256 } from './registry.js';

/** Where to push: a registry base URL (`http://127.0.0.1:port`) and optional Basic credentials. */
export interface PushTarget {
  url: string;
  basic?: { username: string; password: string };
}

/** The kinds of top-level object the tests need. */
export type ImageKind = 'oci-index' | 'docker-list' | 'oci-manifest' | 'docker-manifest';

/** What to push: a kind, its platforms (raw os/arch[/variant], deliberately unnormalised where useful), extras. */
export interface ImageSpec {
  kind: ImageKind;
  /** One for single manifests; one or more for an index/list. */
  platforms: string[];
  /** OCI index only: add a BuildKit-style attestation manifest per platform. */
  attestations?: boolean;
  /** Image config Env (besides PATH). */
  env?: Record<string, string>;
  /** Changes every byte (and so every digest) without changing the shape. */
  seed?: string;
}

/** What was pushed. `digest` is computed here from the exact bytes PUT. */
export interface PushedImage {
  reference: string;
  repository: string;
  tag: string;
  digest: string;
  mediaType: string;
  /** The raw platforms pushed (as given); attestations are not listed. */
  platforms: string[];
  children: { digest: string; platform: string; mediaType: string }[];
  manifest: Buffer;
}

const OCI = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};
const DOCKER = {
  list: 'application/vnd.docker.distribution.manifest.list.v2+json',
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
  layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};

function headers(target: PushTarget, extra: Record<string, string> = {}): Record<string, string> {
  const h: Record<string, string> = { ...extra };
  if (target.basic) h.authorization = `Basic ${Buffer.from(`${target.basic.username}:${target.basic.password}`).toString('base64')}`;
  return h;
}

/** Uploads one blob (monolithic POST then PUT) unless the registry has it. Returns its digest. */
export async function pushBlob(target: PushTarget, repository: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  const head = await fetch(`${target.url}/v2/${repository}/blobs/${digest}`, { method: 'HEAD', headers: headers(target) });
  if (head.ok) return digest;
  const start = await fetch(`${target.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: headers(target) });
  if (start.status !== 202) throw new Error(`blob upload start for ${repository}: ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location') ?? '', target.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: headers(target, { 'content-type': 'application/octet-stream' }),
    body: bytes,
  });
  if (put.status !== 201) throw new Error(`blob upload for ${repository}: ${put.status} ${await put.text()}`);
  return digest;
}

/** PUTs manifest bytes under a tag or digest. Returns the digest of the bytes (checked against the registry's). */
export async function pushManifest(
  target: PushTarget,
  repository: string,
  reference: string,
  mediaType: string,
  bytes: Buffer,
): Promise<string> {
  const res = await fetch(`${target.url}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: headers(target, { 'content-type': mediaType }),
    body: bytes,
  });
  if (res.status !== 201) throw new Error(`manifest PUT ${repository}:${reference}: ${res.status} ${await res.text()}`);
  const digest = sha256(bytes);
  const announced = res.headers.get('docker-content-digest');
  if (announced && announced !== digest) throw new Error(`registry announced ${announced} for bytes hashing to ${digest}`);
  return digest;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2));
}

function splitPlatform(p: string): { os: string; architecture: string; variant?: string } {
  const [os = '', architecture = '', variant] = p.split('/');
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Pushes a config and one layer, then the manifest naming them (under `tag`, else by its own digest). */
async function pushConfigAndLayer(
  target: PushTarget,
  repository: string,
  tag: string | undefined,
  types: { manifest: string; config: string; layer: string },
  config: Buffer,
  layer: Buffer,
  layerAnnotations: Record<string, string>,
): Promise<{ digest: string; manifest: Buffer }> {
  const configDigest = await pushBlob(target, repository, config);
  const layerDigest = await pushBlob(target, repository, layer);
  const layerDescriptor = {
    mediaType: types.layer,
    digest: layerDigest,
    size: layer.length,
    ...(Object.keys(layerAnnotations).length ? { annotations: layerAnnotations } : {}),
  };
  const manifest = json({
    schemaVersion: 2,
    mediaType: types.manifest,
    config: { mediaType: types.config, digest: configDigest, size: config.length },
    layers: [layerDescriptor],
  });
  const digest = await pushManifest(target, repository, tag ?? sha256(manifest), types.manifest, manifest);
  return { digest, manifest };
}

/** Pushes a single-platform manifest (config + one layer). */
async function pushSingle(
  target: PushTarget,
  repository: string,
  platform: string,
  format: 'oci' | 'docker',
  spec: ImageSpec,
  tag?: string,
): Promise<{ digest: string; mediaType: string; size: number }> {
  const types =
    format === 'oci'
      ? { manifest: OCI.manifest, config: OCI.config, layer: OCI.layer }
      : { manifest: DOCKER.manifest, config: DOCKER.config, layer: DOCKER.layer };
  const tar = Buffer.from(`kustodian test layer ${repository} ${platform} ${spec.seed ?? ''}\n`.padEnd(512, '\0'));
  const layer = gzipSync(tar, { level: 9 });
  // gzip headers carry no mtime from zlib's gzipSync (it writes 0), so the bytes are deterministic.
  const p = splitPlatform(platform);
  const env = [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ...Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  const config = json({
    ...p,
    config: { Env: env },
    rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
    history: [{ created_by: `kustodian fixture ${spec.seed ?? ''}` }],
  });
  const { digest, manifest } = await pushConfigAndLayer(target, repository, tag, types, config, layer, {});
  return { digest, mediaType: types.manifest, size: manifest.length };
}

/** A BuildKit-style attestation manifest for `subject` (in-toto layer, unknown/unknown in the index). */
async function pushAttestation(
  target: PushTarget,
  repository: string,
  subject: string,
  seed: string,
): Promise<{ digest: string; size: number }> {
  const statement = json({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: [{ digest: { sha256: subject.slice(7) } }],
    seed,
  });
  const config = json({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(statement)] } });
  const types = { manifest: OCI.manifest, config: OCI.config, layer: 'application/vnd.in-toto+json' };
  const { digest, manifest } = await pushConfigAndLayer(target, repository, undefined, types, config, statement, {
    'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2',
  });
  return { digest, size: manifest.length };
}

/** Pushes one image (or index/list with its children) under `repository:tag`. */
export async function pushImage(target: PushTarget, repository: string, tag: string, spec: ImageSpec): Promise<PushedImage> {
  const host = new URL(target.url).host;
  const reference = `${host}/${repository}:${tag}`;
  if (spec.kind === 'oci-manifest' || spec.kind === 'docker-manifest') {
    const platform = spec.platforms[0];
    if (!platform || spec.platforms.length !== 1) throw new Error('a single manifest has exactly one platform');
    const pushed = await pushSingle(target, repository, platform, spec.kind === 'oci-manifest' ? 'oci' : 'docker', spec, tag);
    const manifest = Buffer.from(
      await (
        await fetch(`${target.url}/v2/${repository}/manifests/${pushed.digest}`, { headers: headers(target, { accept: pushed.mediaType }) })
      ).arrayBuffer(),
    );
    return {
      reference,
      repository,
      tag,
      digest: pushed.digest,
      mediaType: pushed.mediaType,
      platforms: [platform],
      children: [],
      manifest,
    };
  }
  const format = spec.kind === 'oci-index' ? 'oci' : 'docker';
  const entries: Record<string, unknown>[] = [];
  const children: PushedImage['children'] = [];
  for (const platform of spec.platforms) {
    const child = await pushSingle(target, repository, platform, format, spec);
    children.push({ digest: child.digest, platform, mediaType: child.mediaType });
    entries.push({ mediaType: child.mediaType, digest: child.digest, size: child.size, platform: splitPlatform(platform) });
  }
  if (spec.attestations && format === 'oci') {
    for (const child of [...children]) {
      const att = await pushAttestation(target, repository, child.digest, spec.seed ?? '');
      entries.push({
        mediaType: OCI.manifest,
        digest: att.digest,
        size: att.size,
        annotations: { 'vnd.docker.reference.digest': child.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
        platform: { architecture: 'unknown', os: 'unknown' },
      });
    }
  }
  const mediaType = format === 'oci' ? OCI.index : DOCKER.list;
  const manifest = json({ schemaVersion: 2, mediaType, manifests: entries });
  const digest = await pushManifest(target, repository, tag, mediaType, manifest);
  return { reference, repository, tag, digest, mediaType, platforms: spec.platforms, children, manifest };
}

/** The five image shapes the registry client and pin tests resolve (index, list, single-arch, with attestations), by role. */
export interface StandardImages {
  /** Multi-arch OCI index (amd64, arm64/v8, arm/v7) with attestation entries. */
  multiArchIndex: PushedImage;
  /** Docker manifest list (amd64, arm64). */
  dockerList: PushedImage;
  /** Single-arch arm64 Docker schema2 image, config says aarch64 (the incident's image). */
  armSingle: PushedImage;
  /** arm64-only OCI index plus an attestation: what `docker buildx build --push` produces on a Mac. */
  armOnlyIndex: PushedImage;
  /** Single-arch amd64 OCI image, with PG_MAJOR/PGDATA in its env. */
  amd64Single: PushedImage;
}

/** The standard images by role, for tests that go through all of them (an interface's Object.entries is untyped). */
export function standardImageEntries(images: StandardImages): [role: keyof StandardImages, image: PushedImage][] {
  return (Object.keys(images) as (keyof StandardImages)[]).map((role) => [role, images[role]]);
}

/** Pushes the standard fixture images under `<prefix>/…` (prefix `public` or `private` matters for token auth). */
export async function pushStandardImages(target: PushTarget, prefix = 'demo'): Promise<StandardImages> {
  return {
    multiArchIndex: await pushImage(target, `${prefix}/app`, 'multi', {
      kind: 'oci-index',
      platforms: ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7'],
      attestations: true,
    }),
    dockerList: await pushImage(target, `${prefix}/list`, '1.0', { kind: 'docker-list', platforms: ['linux/amd64', 'linux/arm64'] }),
    armSingle: await pushImage(target, `${prefix}/armonly`, '1', { kind: 'docker-manifest', platforms: ['linux/aarch64'] }),
    armOnlyIndex: await pushImage(target, `${prefix}/buildx-mac`, '1', {
      kind: 'oci-index',
      platforms: ['linux/arm64'],
      attestations: true,
    }),
    amd64Single: await pushImage(target, `${prefix}/postgres`, '16.4', {
      kind: 'oci-manifest',
      platforms: ['linux/amd64'],
      env: { PG_MAJOR: '16', PGDATA: '/var/lib/postgresql/data' },
    }),
  };
}

/**
 * Pushes `count` distinct images (distinct digests) as `repository:t0…t<count-1>`, a few at a time: the bench's
 * 200-tag cold run and any test that needs many references.
 */
export async function pushTags(
  target: PushTarget,
  repository: string,
  count: number,
  spec: Omit<ImageSpec, 'seed'> = { kind: 'oci-manifest', platforms: ['linux/amd64'] },
  parallel = 8,
): Promise<PushedImage[]> {
  const out: PushedImage[] = new Array<PushedImage>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await pushImage(target, repository, `t${i}`, { ...spec, seed: `tag-${i}` });
      }
    }),
  );
  return out;
}
