/**
 * The registry client: tag → digest, media type and platforms, and image configs, over the OCI distribution API.
 * It strings together the transport (transport.ts: limits, retries, redirects, budget, proxy), auth (auth.ts), the
 * pure protocol rules (oci.ts) and the caches (memory, then the disk cache and, when configured, the shared Redis
 * cache: disk-cache.ts, redis-cache.ts, chained by tiered-store.ts).
 *
 * Flow for a tag (the OCI distribution spec and Docker's token auth):
 * - a fresh tag entry in a cache, with the manifest known by digest: no request;
 * - a tag the caches saw but whose entry expired (or TTL 0): HEAD first, as it does not count against Docker Hub's
 *   pull limit and an unchanged digest is then answered from the digest-keyed cache; GET by digest only if it moved;
 * - a tag no cache has ever seen: GET by tag straight away (a HEAD could not spare that GET), the digest being the
 *   sha256 of the bytes, checked against Docker-Content-Digest.
 * An index then takes its platforms from its entries (1 request cold); a single manifest from its config blob (2).
 * A reference with a digest is checked in its own repository (HEAD by digest) unless that pair is already known.
 */
import { KustodianError } from '../util/errors.js';
import { Authenticator, mayCarrySecret } from './auth.js';
import { defaultCacheDir } from './cache-directory.js';
import { isConfigEntry, type ManifestEntry } from './cache-entries.js';
import { RegistryCache } from './disk-cache.js';
import { lookupCredentials, type Credentials } from './docker-config.js';
import { RegistryError } from './registry-error.js';
import {
  MANIFEST_ACCEPT,
  configPlatforms,
  indexPlatforms,
  isSha256Digest,
  manifestMediaType,
  parseImageConfig,
  parseManifest,
  verifiedDigest,
} from './oci.js';
import { normalizePlatformString } from './platform.js';
import { RedisCache, sharedCacheSettings, type SharedCacheConfig } from './redis-cache.js';
import { canonicalReference, effectiveTag, parseReference, type ImageReference } from './reference.js';
import type { ResolutionStore } from './resolution-store.js';
import { TieredStore } from './tiered-store.js';
import { Transport, type HttpResponse, type TransportOptions } from './transport.js';
import type { ImageConfig, Resolution } from './registry-types.js';

export { MEDIA_TYPES } from './oci.js';

/** How a client talks to registries. Every field has a default matching config `images.*`. */
export interface RegistryClientOptions extends TransportOptions {
  /**
   * Env for DOCKER_CONFIG, HOME, PATH (credential helpers), XDG_CACHE_HOME/TMPDIR (cache), the proxy variables and
   * KUSTODIAN_REDIS_URL / KUSTODIAN_REDIS_PASSWORD. Default process.env.
   */
  env?: NodeJS.ProcessEnv;
  /** Disk cache; `false` disables it; default a RegistryCache in defaultCacheDir(env). */
  cache?: RegistryCache | false;
  /** Seconds a tag→digest cache entry stays fresh (default 300). Used when `cache` is not given, and for Redis. */
  tagTtlSeconds?: number;
  /**
   * Ask the registry for every tag, even one a cache holds a fresh answer for (a HEAD when a cache saw the tag, else
   * the GET): for `kustodian pin` and the moved-tag check, whose answers must be the registry's now. The answers
   * still refresh the caches, and manifests still come from the digest-keyed cache. Default false.
   */
  revalidateTags?: boolean;
  /**
   * Config `cache.redis` (url, keyPrefix, timeoutMilliseconds). Redis is used when this or KUSTODIAN_REDIS_URL names
   * a server; `false` turns the shared cache off whatever the env says.
   */
  sharedCache?: SharedCacheConfig | false;
  /**
   * Image-config variables kept in the shared cache (the rest of an image's env is never written there, so a value
   * baked into a private image does not land in a store other tenants read). Default none.
   */
  sharedEnvKeys?: readonly string[];
  /** Where the one shared-cache warning line goes. Default stderr. */
  warn?: (line: string) => void;
  /** Replaces the Docker config.json lookup (embedding; tests use a real config.json instead). */
  credentials?: (registry: string) => Promise<Credentials | undefined>;
}

/** Counters, so tests and the bench can assert that a warm run made zero requests. */
export interface RegistryStats {
  /** HTTP requests sent (registry and token realm, every attempt, every redirect hop). */
  requests: number;
  /** Resolutions answered entirely from the cache. */
  cacheHits: number;
  /** Attempts repeated after 429, 5xx, a timeout or a network error. */
  retries: number;
}

/** Resolves image references to digests and platforms, and reads image configs. One per run. */
export class RegistryClient {
  readonly stats: RegistryStats = { requests: 0, cacheHits: 0, retries: 0 };
  private readonly env: NodeJS.ProcessEnv;
  private readonly transport: Transport;
  private readonly cache: ResolutionStore | undefined;
  private readonly auth: Authenticator;
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly manifests = new Map<string, ManifestEntry>();
  /** `registry/repository@digest` pairs a registry has confirmed (see inRepository). */
  private readonly repoDigests = new Set<string>();
  private readonly configs = new Map<string, ImageConfig>();
  /** Per registry, settled once its first request is done (see registryRequest). */
  private readonly firstContact = new Map<string, Promise<void>>();
  /** Public lookups in flight (see settling). */
  private active = 0;

  constructor(readonly options: RegistryClientOptions = {}) {
    this.env = options.env ?? process.env;
    this.transport = new Transport({ ...options, env: this.env }, this.stats);
    const disk =
      options.cache === false
        ? undefined
        : (options.cache ?? new RegistryCache({ dir: defaultCacheDir(this.env), tagTtlSeconds: options.tagTtlSeconds }));
    // Connects only when configured: without a URL nothing is imported and no socket is opened.
    const shared = options.sharedCache === false ? undefined : sharedCacheSettings(options.sharedCache, this.env);
    const redis = shared
      ? new RedisCache({
          ...shared,
          tagTtlSeconds: options.tagTtlSeconds,
          envKeys: options.sharedEnvKeys,
          warn: options.warn ?? ((line) => void process.stderr.write(`${line}\n`)),
        })
      : undefined;
    this.cache = redis ? new TieredStore(disk ? [disk, redis] : [redis]) : disk;
    const lookup = options.credentials ?? ((registry: string) => lookupCredentials(registry, this.env, this.transport.budget));
    // A helper cancelled by the budget (not by the caller's signal) is the budget running out, not an interrupt.
    const guardedLookup = (registry: string): Promise<Credentials | undefined> =>
      lookup(registry).catch((error: unknown) => {
        if (
          error instanceof KustodianError &&
          error.code === 'INTERRUPTED' &&
          !this.options.signal?.aborted &&
          this.transport.budget.aborted
        ) {
          throw this.transport.budgetError(registry);
        }
        throw error;
      });
    this.auth = new Authenticator(guardedLookup, (url, init) =>
      this.transport.send(url, { method: init.method, headers: init.headers, body: init.body, registry: url.host, secretOk: true }),
    );
  }

  /** Tag (or digest) → digest, media type and platforms. Concurrent calls for the same image share one lookup. */
  resolve(reference: string): Promise<Resolution> {
    return this.settling(async () => {
      const ref = parseReference(reference);
      const result = await this.once(`resolve ${canonicalReference(ref)}`, () => this.resolveRef(ref));
      return { ...result, reference };
    });
  }

  /**
   * The image config (env, os, arch) of the image `digest` names in `reference`'s repository; for an index, of its
   * first child for `platform` (normalised comparison). Throws RegistryError('not-found') when no child matches.
   */
  imageConfig(reference: string, digest: string, platform: string): Promise<ImageConfig> {
    return this.settling(() => this.imageConfigOf(reference, digest, platform));
  }

  /**
   * Runs a public lookup; the last one to finish while none is in flight flushes the caches before it returns, so
   * the disk cache writes one pack per burst of concurrent lookups (not a file per entry), and an awaited lookup
   * has reached the disk. A failed flush only costs speed.
   */
  private async settling<T>(task: () => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await task();
    } finally {
      if (--this.active === 0) await this.cache?.flush().catch(() => undefined);
    }
  }

  private async imageConfigOf(reference: string, digest: string, platform: string): Promise<ImageConfig> {
    const ref = parseReference(reference);
    if (!isSha256Digest(digest)) throw new RegistryError('invalid', `invalid digest for ${reference}`);
    const entry = await this.manifest(ref, digest);
    let configDigest = entry.config;
    if (entry.children) {
      const wanted = normalizePlatformString(platform);
      const child = entry.children.find((c) => c.platform === wanted);
      if (!child) {
        throw new RegistryError(
          'not-found',
          `${reference} has no ${wanted} image (found ${entry.platforms.join(', ') || 'none'})`,
          this.where(ref),
        );
      }
      configDigest = (await this.manifest(ref, child.digest)).config;
    }
    if (!configDigest) throw new RegistryError('server', `${reference}: manifest ${digest} has no config`, this.where(ref));
    return this.config(ref, configDigest);
  }

  private async resolveRef(ref: ImageReference): Promise<Omit<Resolution, 'reference'>> {
    const tag = effectiveTag(ref);
    const tagKey = `${ref.registry}/${ref.repository}:${tag ?? ''}`;
    let digest = ref.digest;
    // No store (or none that ever saw this tag): nothing a HEAD could confirm, so the GET goes first.
    let tagSeen = false;
    if (!digest && tag !== undefined && this.cache) {
      const found = await this.cache.lookupTag(tagKey);
      if (found.state === 'fresh' && !this.options.revalidateTags) digest = found.entry.digest;
      tagSeen = found.state !== 'absent';
    }
    // Manifest facts are keyed by digest alone, but a digest proves nothing about a repository: `other/repo@<d>`
    // must not borrow `real/app`'s answer. A tag entry is per repository already; a digest reference needs the
    // marker of an earlier success in its own repository, else a HEAD by digest there.
    if (digest && (!ref.digest || (await this.inRepository(ref, digest)))) {
      const known = await this.knownManifest(digest);
      if (known) {
        this.stats.cacheHits++;
        return { digest, mediaType: known.mediaType, platforms: known.platforms, size: known.size, cached: true };
      }
    }
    if (ref.digest && !(await this.inRepository(ref, ref.digest))) {
      const head = await this.registryRequest(ref, 'HEAD', `manifests/${ref.digest}`, { accept: MANIFEST_ACCEPT });
      if (this.headAnswered(ref, head, `manifest ${ref.digest}`)) {
        const headerDigest = head.headers.get('docker-content-digest') ?? '';
        if (isSha256Digest(headerDigest) && headerDigest !== ref.digest) {
          throw new RegistryError(
            'digest-mismatch',
            `${this.name(ref)}: asked for ${ref.digest} but the registry announced ${headerDigest}`,
            this.where(ref),
          );
        }
        await this.markInRepository(ref, ref.digest);
        const known = await this.knownManifest(ref.digest);
        if (known) return { digest: ref.digest, mediaType: known.mediaType, platforms: known.platforms, size: known.size };
      }
    }
    if (!digest && tag !== undefined && tagSeen) {
      const head = await this.registryRequest(ref, 'HEAD', `manifests/${tag}`, { accept: MANIFEST_ACCEPT });
      const headerDigest = this.headAnswered(ref, head, `tag ${tag}`) ? (head.headers.get('docker-content-digest') ?? '') : '';
      if (isSha256Digest(headerDigest)) {
        digest = headerDigest;
        await this.markInRepository(ref, digest);
        const known = await this.knownManifest(digest);
        if (known) {
          await this.cache?.setTag(tagKey, { digest, mediaType: known.mediaType, size: known.size });
          return { digest, mediaType: known.mediaType, platforms: known.platforms, size: known.size };
        }
      }
    }
    // GET by digest when we have one, so a tag moving between HEAD and GET cannot mix two images. A cold tag is
    // GET by tag: its digest is the hash of the bytes received, checked against Docker-Content-Digest.
    const fetched = await this.fetchManifest(ref, digest ?? tag ?? '', digest);
    if (tag !== undefined && !ref.digest)
      await this.cache?.setTag(tagKey, { digest: fetched.digest, mediaType: fetched.entry.mediaType, size: fetched.entry.size });
    return { digest: fetched.digest, mediaType: fetched.entry.mediaType, platforms: fetched.entry.platforms, size: fetched.entry.size };
  }

  /** Whether a HEAD/GET in `ref`'s repository has ever answered for `digest` (never expires: digests are immutable). */
  private async inRepository(ref: ImageReference, digest: string): Promise<boolean> {
    const key = `${ref.registry}/${ref.repository}@${digest}`;
    if (this.repoDigests.has(key)) return true;
    if (!(await this.cache?.hasRepoDigest(key))) return false;
    this.repoDigests.add(key);
    return true;
  }

  private async markInRepository(ref: ImageReference, digest: string): Promise<void> {
    const key = `${ref.registry}/${ref.repository}@${digest}`;
    if (this.repoDigests.has(key)) return;
    this.repoDigests.add(key);
    await this.cache?.setRepoDigest(key);
  }

  private async knownManifest(digest: string): Promise<ManifestEntry | undefined> {
    const mem = this.manifests.get(digest);
    if (mem) return mem;
    const disk = await this.cache?.getManifest(digest);
    if (disk) this.manifests.set(digest, disk);
    return disk;
  }

  private async manifest(ref: ImageReference, digest: string): Promise<ManifestEntry> {
    return (await this.knownManifest(digest)) ?? (await this.fetchManifest(ref, digest, digest)).entry;
  }

  /** GETs a manifest, verifies its bytes and summarises it (platforms, children, config); cached by digest. */
  private fetchManifest(
    ref: ImageReference,
    tagOrDigest: string,
    expected: string | undefined,
  ): Promise<{ digest: string; entry: ManifestEntry }> {
    const key = `manifest ${ref.registry}/${ref.repository}@${tagOrDigest}`;
    return this.once(key, async () => {
      const res = await this.registryRequest(ref, 'GET', `manifests/${tagOrDigest}`, { accept: MANIFEST_ACCEPT });
      this.expectOk(ref, res, expected ? `manifest ${expected}` : `tag ${tagOrDigest}`);
      const digest = verifiedDigest(res.body, res.headers.get('docker-content-digest'), expected, ref, 'manifest');
      await this.markInRepository(ref, digest);
      const mediaType = manifestMediaType(res.headers.get('content-type'), res.body, ref);
      const entry = await this.summarise(ref, mediaType, res.body);
      this.manifests.set(digest, entry);
      await this.cache?.setManifest(digest, entry);
      return { digest, entry };
    });
  }

  /** A manifest's cache entry: an index's children (reading the config of any without a platform), or the config's platform. */
  private async summarise(ref: ImageReference, mediaType: string, body: Buffer): Promise<ManifestEntry> {
    const parsed = parseManifest(mediaType, body, ref);
    if (parsed.kind === 'index') {
      const children: NonNullable<ManifestEntry['children']> = [];
      for (const c of parsed.children) {
        const platform = c.platform ?? (await this.manifest(ref, c.digest)).platforms[0];
        if (platform) children.push({ digest: c.digest, mediaType: c.mediaType, platform });
      }
      return { mediaType, size: body.length, platforms: indexPlatforms(children), children };
    }
    const config = await this.config(ref, parsed.config);
    return { mediaType, size: body.length, platforms: configPlatforms(config), config: parsed.config };
  }

  private async config(ref: ImageReference, digest: string): Promise<ImageConfig> {
    const mem = this.configs.get(digest);
    if (mem) return mem;
    const known = await this.cache?.getConfig(digest);
    if (isConfigEntry(known)) {
      this.configs.set(digest, known);
      return known;
    }
    return this.once(`config ${digest}`, async () => {
      const res = await this.registryRequest(ref, 'GET', `blobs/${digest}`, {});
      this.expectOk(ref, res, `config blob ${digest}`);
      verifiedDigest(res.body, res.headers.get('docker-content-digest'), digest, ref, 'config blob');
      const result = parseImageConfig(res.body, ref, digest);
      this.configs.set(digest, result);
      await this.cache?.setConfig(digest, result);
      return result;
    });
  }

  /**
   * Whether a manifest HEAD answered. 401/403/404 are final (GET would say the same); any other non-2xx (405, 400,
   * 501: registries and proxies that do not do HEAD) is false, and the caller falls back to GET as crane/ggcr do.
   */
  private headAnswered(ref: ImageReference, res: HttpResponse, what: string): boolean {
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status === 401 || res.status === 403 || res.status === 404) this.expectOk(ref, res, what);
    return false;
  }

  private expectOk(ref: ImageReference, res: HttpResponse, what: string): void {
    if (res.status >= 200 && res.status < 300) return;
    const { registry, repository } = ref;
    if (res.status === 404)
      throw new RegistryError('not-found', `${this.name(ref)}: ${what} not found (404)`, { registry, repository, status: 404 });
    if (res.status === 401 || res.status === 403) {
      throw new RegistryError('unauthorized', `${this.name(ref)}: access denied (${res.status})`, {
        registry,
        repository,
        status: res.status,
      });
    }
    throw new RegistryError('server', `${this.name(ref)}: registry answered ${res.status} for ${what}`, {
      registry,
      repository,
      status: res.status,
    });
  }

  /** A request to the registry's /v2/ API for one repository, with auth: up-front header, then one answer to a 401. */
  private async registryRequest(
    ref: ImageReference,
    method: 'GET' | 'HEAD',
    suffix: string,
    headers: Record<string, string>,
  ): Promise<HttpResponse> {
    const base = this.transport.baseUrl(ref.registry);
    const url = new URL(`/v2/${ref.repository}/${suffix}`, base);
    const scope = `repository:${ref.repository}:pull`;
    // The first request to a registry goes alone: until it has met (or not met) a challenge, every concurrent
    // request would be sent without credentials and answered 401, one wasted round trip per image.
    let release: (() => void) | undefined;
    const first = this.firstContact.get(ref.registry);
    if (first) await first;
    else this.firstContact.set(ref.registry, new Promise<void>((resolve) => (release = resolve)));
    try {
      let authorization = await this.auth.headerFor(ref.registry, base, scope);
      for (let round = 0; ; round++) {
        const h = authorization ? { ...headers, authorization } : headers;
        const res = await this.transport.send(url, { method, headers: h, registry: ref.registry, secretOk: mayCarrySecret(base) });
        if (res.status !== 401 || round > 0) return res;
        // One answer to a 401; a second 401 (a loop, or insufficient scope) is the caller's "unauthorized".
        authorization = await this.auth.answer(ref.registry, base, res.headers.get('www-authenticate'), scope, ref.repository);
      }
    } finally {
      release?.();
    }
  }

  /** Shares one promise between concurrent identical lookups; forgotten once settled (results live in the caches). */
  private once<T>(key: string, task: () => Promise<T>): Promise<T> {
    const existing = this.inflight.get(key) as Promise<T> | undefined;
    if (existing) return existing;
    const p = task().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private name(ref: ImageReference): string {
    return `${ref.registry}/${ref.repository}`;
  }

  private where(ref: ImageReference): { registry: string; repository: string } {
    return { registry: ref.registry, repository: ref.repository };
  }
}
