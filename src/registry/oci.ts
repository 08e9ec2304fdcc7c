/**
 * The OCI distribution protocol as pure functions over bytes and header values: which media types we accept, the
 * digest of a response and its checks, a manifest's media type, an index's runnable children, a manifest's config
 * digest, an image config's env and platform. Nothing here does I/O, so every rule is unit-testable without a
 * registry (test/registry/oci.test.ts); the client (client.ts) strings them together over the transport.
 *
 * Rules (the OCI distribution spec): the exact body bytes are hashed and must equal both Docker-Content-Digest
 * (when sent) and any digest the caller asked for; Content-Type wins over a body `mediaType` but the two must agree;
 * schema1 and artifacts are unsupported; index entries that are attestations or unknown/unknown are dropped.
 */
import { createHash } from 'node:crypto';
import { RegistryError } from './registry-error.js';
import { formatPlatform, isUnknownPlatform, normalizePlatform } from './platform.js';
import type { ImageConfig } from './registry-types.js';

/** The four manifest media types kustodian understands; sent on every manifest request. */
export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;
/** The Accept header of every manifest HEAD and GET: all four types, or distribution 2.8 answers 404 for an OCI index. */
export const MANIFEST_ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest].join(
  ', ',
);
const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);
const MANIFEST_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);
const sha256Re = /^sha256:[0-9a-f]{64}$/;

/** The repository a response came from: words every error and fills its details. ImageReference satisfies it. */
export interface SourceRepository {
  registry: string;
  repository: string;
}

function named(where: SourceRepository): string {
  return `${where.registry}/${where.repository}`;
}

function detailsOf(w: SourceRepository): { registry: string; repository: string } {
  return { registry: w.registry, repository: w.repository };
}

/** Whether `value` is a sha256 digest in canonical form (the only algorithm registries use in practice). */
export function isSha256Digest(value: unknown): value is string {
  return typeof value === 'string' && sha256Re.test(value);
}

/** Whether a media type names an index (OCI index or Docker manifest list) rather than a single manifest. */
export function isIndexType(mediaType: string): boolean {
  return INDEX_TYPES.has(mediaType);
}

/** `sha256:<hex>` of exactly these bytes; never of re-serialised JSON. */
export function digestOf(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/**
 * The digest of a response body, checked against the Docker-Content-Digest header (when it is a sha256 digest) and
 * the digest the caller asked for (when known). `where` and `what` word the error.
 */
export function verifiedDigest(
  body: Buffer,
  header: string | null,
  expected: string | undefined,
  where: SourceRepository,
  what: string,
): string {
  const computed = digestOf(body);
  if (header && header.startsWith('sha256:') && header !== computed) {
    throw new RegistryError(
      'digest-mismatch',
      `${named(where)}: ${what} bytes hash to ${computed} but the registry announced ${header}`,
      detailsOf(where),
    );
  }
  if (expected && expected !== computed) {
    throw new RegistryError(
      'digest-mismatch',
      `${named(where)}: ${what} bytes hash to ${computed}, not the requested ${expected}`,
      detailsOf(where),
    );
  }
  return computed;
}

/**
 * A manifest's media type: Content-Type without parameters, else the body's `mediaType`. When both are present they
 * must agree (spec: clients SHOULD reject a mismatch). Anything but the four supported types is `invalid`.
 */
export function manifestMediaType(contentType: string | null, body: Buffer, where: SourceRepository): string {
  const header = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  let bodyType: unknown;
  try {
    bodyType = (JSON.parse(body.toString('utf8')) as { mediaType?: unknown }).mediaType;
  } catch {
    throw new RegistryError('server', `${named(where)}: the registry returned a manifest that is not JSON`, detailsOf(where));
  }
  const mediaType = header || (typeof bodyType === 'string' ? bodyType : '');
  if (typeof bodyType === 'string' && bodyType !== mediaType) {
    throw new RegistryError('server', `${named(where)}: manifest says ${bodyType} but was served as ${mediaType}`, detailsOf(where));
  }
  if (!INDEX_TYPES.has(mediaType) && !MANIFEST_TYPES.has(mediaType)) {
    throw new RegistryError(
      'invalid',
      `${named(where)}: unsupported manifest type ${mediaType || '(none)'} (schema1 and artifacts are not supported)`,
      detailsOf(where),
    );
  }
  return mediaType;
}

/** One runnable entry of an index. `platform` is absent when the entry carries none (its config must be read). */
export interface IndexChild {
  digest: string;
  mediaType: string;
  platform?: string;
}

/** What a manifest body says, before any config is read. */
export type ParsedManifest = { kind: 'index'; children: IndexChild[] } | { kind: 'manifest'; config: string };

/**
 * Parses a manifest or index of `mediaType` (from manifestMediaType). For an index: its children in order, minus
 * attestations, unknown/unknown entries, entries without a valid digest, and platform-less entries that are not
 * single manifests (nested indexes). For a single manifest: its config digest, which must be valid.
 */
export function parseManifest(mediaType: string, body: Buffer, where: SourceRepository): ParsedManifest {
  const doc = JSON.parse(body.toString('utf8')) as {
    manifests?: {
      digest?: unknown;
      mediaType?: unknown;
      platform?: { os?: string; architecture?: string; variant?: string };
      annotations?: Record<string, string>;
    }[];
    config?: { digest?: unknown };
  };
  if (INDEX_TYPES.has(mediaType)) {
    const children: IndexChild[] = [];
    for (const m of Array.isArray(doc.manifests) ? doc.manifests : []) {
      if (!isSha256Digest(m?.digest)) continue;
      if (m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
      const childType = typeof m.mediaType === 'string' ? m.mediaType : '';
      if (m.platform && (m.platform.os || m.platform.architecture)) {
        const p = normalizePlatform(m.platform);
        if (isUnknownPlatform(p)) continue;
        children.push({ digest: m.digest, mediaType: childType, platform: formatPlatform(p) });
      } else if (MANIFEST_TYPES.has(childType) || childType === '') {
        // No `platform`: the caller reads the child's config rather than guess linux/amd64 as ggcr does.
        children.push({ digest: m.digest, mediaType: childType });
      }
    }
    return { kind: 'index', children };
  }
  const configDigest = doc.config?.digest;
  if (!isSha256Digest(configDigest))
    throw new RegistryError('server', `${named(where)}: manifest has no valid config digest`, detailsOf(where));
  return { kind: 'manifest', config: configDigest };
}

/** The platforms of an index's children: normalised, deduplicated, sorted. */
export function indexPlatforms(children: readonly { platform: string }[]): string[] {
  return [...new Set(children.map((c) => c.platform))].sort();
}

/** A single manifest's platform list from its config: one entry, or none for unknown/unknown. */
export function configPlatforms(config: ImageConfig): string[] {
  const p = normalizePlatform(config);
  return isUnknownPlatform(p) ? [] : [formatPlatform(p)];
}

/** The parts of an image config blob kustodian reads: env (split on the first `=`), os, architecture, variant. */
export function parseImageConfig(body: Buffer, where: SourceRepository, digest: string): ImageConfig {
  let doc: { os?: unknown; architecture?: unknown; variant?: unknown; config?: { Env?: unknown } };
  try {
    doc = JSON.parse(body.toString('utf8')) as typeof doc;
  } catch {
    throw new RegistryError('server', `${named(where)}: config blob ${digest} is not JSON`, detailsOf(where));
  }
  const env: Record<string, string> = {};
  for (const item of Array.isArray(doc?.config?.Env) ? doc.config.Env : []) {
    if (typeof item !== 'string') continue;
    const i = item.indexOf('=');
    if (i > 0) env[item.slice(0, i)] = item.slice(i + 1);
  }
  const result: ImageConfig = {
    env,
    os: typeof doc?.os === 'string' ? doc.os : '',
    architecture: typeof doc?.architecture === 'string' ? doc.architecture : '',
  };
  if (typeof doc?.variant === 'string' && doc.variant) result.variant = doc.variant;
  return result;
}
