/**
 * The registry client: tag → digest, media type and platforms, and image configs, over the OCI distribution API.
 *
 * Transport is node:http/node:https with one keep-alive agent per client. Node 20's global fetch (undici) was the
 * first choice, but on the 200-tag benchmark it cost ~3x the CPU per request (Headers/streams/WHATWG plumbing,
 * ~1 ms a request on the 2-core CI box) and was the largest share of the client's wall time; a dependency (got,
 * undici) would buy nothing over the built-in module. Redirects are followed by hand so that Authorization is
 * dropped whenever the origin changes and a redirect can never downgrade to plain HTTP on a non-loopback host.
 *
 * Protocol (see reference/registries.md): all four manifest media types in Accept; HEAD first (it does not count
 * against Docker Hub's pull limit), then GET by digest; the exact body bytes are hashed and must equal both
 * Docker-Content-Digest and any digest the caller asked for. Single manifests take their platform from the config
 * blob; indexes from their entries, minus attestations and unknown/unknown.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { KustodianError } from '../errors.js';
import { Authenticator, mayCarrySecret } from './auth.js';
import { RegistryCache, defaultCacheDir, type ManifestEntry } from './cache.js';
import { lookupCredentials, type Credentials } from './docker-config.js';
import { RegistryError } from './errors.js';
import { formatPlatform, isUnknownPlatform, normalizePlatform, normalizePlatformString } from './platform.js';
import { apiHost, canonicalReference, effectiveTag, isLoopback, parseReference, type ImageReference } from './reference.js';
import type { ImageConfig, Resolution } from './types.js';

/** The four manifest media types kustodian understands; sent on every manifest request. */
export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;
const ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest].join(', ');
const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);
const MANIFEST_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);
/** Manifests and configs are small; a cap keeps a hostile registry from filling memory (ggcr caps at 100 MiB). */
const MAX_BODY = 16 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const sha256Re = /^sha256:[0-9a-f]{64}$/;

/** How a client talks to registries. Every field has a default matching config `images.*`. */
export interface RegistryClientOptions {
  /** Env for DOCKER_CONFIG, HOME, PATH (credential helpers), XDG_CACHE_HOME/TMPDIR (cache). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Hosts (host[:port]) that may be reached over plain HTTP besides loopback (images.insecureRegistries). */
  insecureRegistries?: string[];
  /** Concurrent requests per registry host (images.concurrency, default 8). */
  concurrency?: number;
  /** Per-request timeout in ms, body included (default 10 000). */
  requestTimeoutMs?: number;
  /** Overall budget in ms, counted from construction (default 45 000). */
  budgetMs?: number;
  /** Aborts everything (SIGTERM, the caller's own deadline). */
  signal?: AbortSignal;
  /** Retries after the first attempt for 429/5xx/network/timeout (default 3). */
  retries?: number;
  /** First backoff in ms, doubled per retry with ±10 % jitter (default 500). */
  retryBaseMs?: number;
  /** Disk cache; `false` disables it; default a RegistryCache in defaultCacheDir(env). */
  cache?: RegistryCache | false;
  /** Seconds a tag→digest cache entry stays fresh (default 300). Used when `cache` is not given. */
  tagTtlSeconds?: number;
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

/** The one header accessor the client needs (same joining of repeated fields as fetch's Headers). */
interface ResponseHeaders {
  get(name: string): string | null;
}

interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
}

function responseHeaders(raw: IncomingHttpHeaders): ResponseHeaders {
  return {
    get(name) {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

/** Bounded concurrency per registry host. Hand-written: ten lines, and p-limit adds a dependency for no gain. */
class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so a newcomer arriving in between cannot
    // take it too (which let more than `max` run at once).
    if (this.active >= this.max) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Resolves image references to digests and platforms, and reads image configs. One per run. */
export class RegistryClient {
  readonly stats: RegistryStats = { requests: 0, cacheHits: 0, retries: 0 };
  private readonly env: NodeJS.ProcessEnv;
  private readonly insecure: ReadonlySet<string>;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly deadline: number;
  private readonly budget: AbortSignal;
  private readonly cache: RegistryCache | undefined;
  private readonly auth: Authenticator;
  private readonly limiters = new Map<string, Limiter>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly manifests = new Map<string, ManifestEntry>();
  /** `registry/repository@digest` pairs a registry has confirmed (see inRepository). */
  private readonly repoDigests = new Set<string>();
  private readonly configs = new Map<string, ImageConfig>();
  // Keep-alive: every request after the first per connection skips the TCP (and TLS) handshake. Idle sockets are
  // unref'd by Node, so they never hold a finished process open.
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  /** Requests on the wire; one budget listener aborts them all (a listener per request trips MaxListeners at 11). */
  private readonly onTheWire = new Set<http.ClientRequest>();
  /** Per registry, settled once its first request is done (see registryRequest). */
  private readonly firstContact = new Map<string, Promise<void>>();

  constructor(readonly options: RegistryClientOptions = {}) {
    this.env = options.env ?? process.env;
    this.insecure = new Set((options.insecureRegistries ?? []).map((h) => h.toLowerCase()));
    this.concurrency = options.concurrency ?? 8;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.retries = options.retries ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 500;
    const budgetMs = options.budgetMs ?? 45_000;
    this.deadline = Date.now() + budgetMs;
    const budget = AbortSignal.timeout(budgetMs);
    this.budget = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
    this.cache =
      options.cache === false
        ? undefined
        : (options.cache ?? new RegistryCache({ dir: defaultCacheDir(this.env), tagTtlSeconds: options.tagTtlSeconds }));
    this.budget.addEventListener(
      'abort',
      () => {
        for (const req of this.onTheWire) req.destroy(new Error('aborted'));
      },
      { once: true },
    );
    const lookup = options.credentials ?? ((registry: string) => lookupCredentials(registry, this.env, this.budget));
    // A helper cancelled by the budget (not by the caller's signal) is the budget running out, not an interrupt.
    const guardedLookup = (registry: string): Promise<Credentials | undefined> =>
      lookup(registry).catch((error: unknown) => {
        if (error instanceof KustodianError && error.code === 'INTERRUPTED' && !this.options.signal?.aborted && this.budget.aborted) throw this.budgetError(registry);
        throw error;
      });
    this.auth = new Authenticator(guardedLookup, (url, init) =>
      this.send(url, { method: init.method, headers: init.headers, body: init.body, registry: url.host, secretOk: true }),
    );
  }

  /** Tag (or digest) → digest, media type and platforms. Concurrent calls for the same image share one lookup. */
  async resolve(reference: string): Promise<Resolution> {
    const ref = parseReference(reference);
    const result = await this.once(`resolve ${canonicalReference(ref)}`, () => this.resolveRef(ref));
    return { ...result, reference };
  }

  /**
   * The image config (env, os, arch) of the image `digest` names in `reference`'s repository; for an index, of its
   * first child for `platform` (normalised comparison). Throws RegistryError('not-found') when no child matches.
   */
  async imageConfig(reference: string, digest: string, platform: string): Promise<ImageConfig> {
    const ref = parseReference(reference);
    if (!sha256Re.test(digest)) throw new RegistryError('invalid', `invalid digest for ${reference}`);
    const entry = await this.manifest(ref, digest);
    let configDigest = entry.config;
    if (entry.children) {
      const wanted = normalizePlatformString(platform);
      const child = entry.children.find((c) => c.platform === wanted);
      if (!child) {
        throw new RegistryError('not-found', `${reference} has no ${wanted} image (found ${entry.platforms.join(', ') || 'none'})`, this.where(ref));
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
    if (!digest && tag !== undefined && this.cache) digest = (await this.cache.getTag(tagKey))?.digest;
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
      const head = await this.registryRequest(ref, 'HEAD', `manifests/${ref.digest}`, { accept: ACCEPT });
      if (this.headAnswered(ref, head, `manifest ${ref.digest}`)) {
        const headerDigest = head.headers.get('docker-content-digest') ?? '';
        if (sha256Re.test(headerDigest) && headerDigest !== ref.digest) {
          throw new RegistryError('digest-mismatch', `${this.name(ref)}: asked for ${ref.digest} but the registry announced ${headerDigest}`, this.where(ref));
        }
        await this.markInRepository(ref, ref.digest);
        const known = await this.knownManifest(ref.digest);
        if (known) return { digest: ref.digest, mediaType: known.mediaType, platforms: known.platforms, size: known.size };
      }
    }
    if (!digest && tag !== undefined) {
      const head = await this.registryRequest(ref, 'HEAD', `manifests/${tag}`, { accept: ACCEPT });
      const headerDigest = this.headAnswered(ref, head, `tag ${tag}`) ? (head.headers.get('docker-content-digest') ?? '') : '';
      if (sha256Re.test(headerDigest)) {
        digest = headerDigest;
        await this.markInRepository(ref, digest);
        const known = await this.knownManifest(digest);
        if (known) {
          await this.cache?.setTag(tagKey, { digest, mediaType: known.mediaType, size: known.size });
          return { digest, mediaType: known.mediaType, platforms: known.platforms, size: known.size };
        }
      }
    }
    // GET by digest when we have one, so a tag moving between HEAD and GET cannot mix two images.
    const fetched = await this.fetchManifest(ref, digest ?? tag ?? '', digest);
    if (tag !== undefined && !ref.digest) await this.cache?.setTag(tagKey, { digest: fetched.digest, mediaType: fetched.entry.mediaType, size: fetched.entry.size });
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
  private fetchManifest(ref: ImageReference, tagOrDigest: string, expected: string | undefined): Promise<{ digest: string; entry: ManifestEntry }> {
    const key = `manifest ${ref.registry}/${ref.repository}@${tagOrDigest}`;
    return this.once(key, async () => {
      const res = await this.registryRequest(ref, 'GET', `manifests/${tagOrDigest}`, { accept: ACCEPT });
      this.expectOk(ref, res, expected ? `manifest ${expected}` : `tag ${tagOrDigest}`);
      const digest = this.verify(ref, res, expected, 'manifest');
      await this.markInRepository(ref, digest);
      const mediaType = this.mediaTypeOf(ref, res);
      const entry = await this.summarise(ref, mediaType, res.body);
      this.manifests.set(digest, entry);
      await this.cache?.setManifest(digest, entry);
      return { digest, entry };
    });
  }

  private mediaTypeOf(ref: ImageReference, res: HttpResponse): string {
    const header = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    let bodyType: unknown;
    try {
      bodyType = (JSON.parse(res.body.toString('utf8')) as { mediaType?: unknown }).mediaType;
    } catch {
      throw new RegistryError('server', `${this.name(ref)}: the registry returned a manifest that is not JSON`, this.where(ref));
    }
    const mediaType = header || (typeof bodyType === 'string' ? bodyType : '');
    if (typeof bodyType === 'string' && bodyType !== mediaType) {
      throw new RegistryError('server', `${this.name(ref)}: manifest says ${bodyType} but was served as ${mediaType}`, this.where(ref));
    }
    if (!INDEX_TYPES.has(mediaType) && !MANIFEST_TYPES.has(mediaType)) {
      throw new RegistryError('invalid', `${this.name(ref)}: unsupported manifest type ${mediaType || '(none)'} (schema1 and artifacts are not supported)`, this.where(ref));
    }
    return mediaType;
  }

  private async summarise(ref: ImageReference, mediaType: string, body: Buffer): Promise<ManifestEntry> {
    const doc = JSON.parse(body.toString('utf8')) as {
      manifests?: { digest?: unknown; mediaType?: unknown; platform?: { os?: string; architecture?: string; variant?: string }; annotations?: Record<string, string> }[];
      config?: { digest?: unknown };
    };
    if (INDEX_TYPES.has(mediaType)) {
      const children: NonNullable<ManifestEntry['children']> = [];
      for (const m of Array.isArray(doc.manifests) ? doc.manifests : []) {
        if (typeof m?.digest !== 'string' || !sha256Re.test(m.digest)) continue;
        if (m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
        const childType = typeof m.mediaType === 'string' ? m.mediaType : '';
        let platform: string | undefined;
        if (m.platform && (m.platform.os || m.platform.architecture)) {
          const p = normalizePlatform(m.platform);
          if (isUnknownPlatform(p)) continue;
          platform = formatPlatform(p);
        } else if (MANIFEST_TYPES.has(childType) || childType === '') {
          // An entry without `platform`: read the child's config rather than guess linux/amd64 as ggcr does.
          const child = await this.manifest(ref, m.digest);
          platform = child.platforms[0];
        }
        if (platform) children.push({ digest: m.digest, mediaType: childType, platform });
      }
      return { mediaType, size: body.length, platforms: [...new Set(children.map((c) => c.platform))].sort(), children };
    }
    const configDigest = doc.config?.digest;
    if (typeof configDigest !== 'string' || !sha256Re.test(configDigest)) {
      throw new RegistryError('server', `${this.name(ref)}: manifest has no valid config digest`, this.where(ref));
    }
    const config = await this.config(ref, configDigest);
    const p = normalizePlatform(config);
    const platforms = isUnknownPlatform(p) ? [] : [formatPlatform(p)];
    return { mediaType, size: body.length, platforms, config: configDigest };
  }

  private async config(ref: ImageReference, digest: string): Promise<ImageConfig> {
    const mem = this.configs.get(digest);
    if (mem) return mem;
    const disk = await this.cache?.getConfig<ImageConfig>(digest);
    if (disk && typeof disk.os === 'string' && disk.env && typeof disk.env === 'object') {
      this.configs.set(digest, disk);
      return disk;
    }
    return this.once(`config ${digest}`, async () => {
      const res = await this.registryRequest(ref, 'GET', `blobs/${digest}`, {});
      this.expectOk(ref, res, `config blob ${digest}`);
      this.verify(ref, res, digest, 'config blob');
      let doc: { os?: unknown; architecture?: unknown; variant?: unknown; config?: { Env?: unknown } };
      try {
        doc = JSON.parse(res.body.toString('utf8')) as typeof doc;
      } catch {
        throw new RegistryError('server', `${this.name(ref)}: config blob ${digest} is not JSON`, this.where(ref));
      }
      const env: Record<string, string> = {};
      for (const item of Array.isArray(doc.config?.Env) ? doc.config.Env : []) {
        if (typeof item !== 'string') continue;
        const i = item.indexOf('=');
        if (i > 0) env[item.slice(0, i)] = item.slice(i + 1);
      }
      const result: ImageConfig = {
        env,
        os: typeof doc.os === 'string' ? doc.os : '',
        architecture: typeof doc.architecture === 'string' ? doc.architecture : '',
      };
      if (typeof doc.variant === 'string' && doc.variant) result.variant = doc.variant;
      this.configs.set(digest, result);
      await this.cache?.setConfig(digest, result);
      return result;
    });
  }

  /** sha256 of the exact bytes; must equal Docker-Content-Digest (when sent) and the expected digest (when known). */
  private verify(ref: ImageReference, res: HttpResponse, expected: string | undefined, what: string): string {
    const computed = `sha256:${createHash('sha256').update(res.body).digest('hex')}`;
    const header = res.headers.get('docker-content-digest');
    if (header && header.startsWith('sha256:') && header !== computed) {
      throw new RegistryError('digest-mismatch', `${this.name(ref)}: ${what} bytes hash to ${computed} but the registry announced ${header}`, this.where(ref));
    }
    if (expected && expected !== computed) {
      throw new RegistryError('digest-mismatch', `${this.name(ref)}: ${what} bytes hash to ${computed}, not the requested ${expected}`, this.where(ref));
    }
    return computed;
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
    if (res.status === 404) throw new RegistryError('not-found', `${this.name(ref)}: ${what} not found (404)`, { registry, repository, status: 404 });
    if (res.status === 401 || res.status === 403) {
      throw new RegistryError('unauthorized', `${this.name(ref)}: access denied (${res.status})`, { registry, repository, status: res.status });
    }
    throw new RegistryError('server', `${this.name(ref)}: registry answered ${res.status} for ${what}`, { registry, repository, status: res.status });
  }

  /** A request to the registry's /v2/ API for one repository, with auth: up-front header, then one answer to a 401. */
  private async registryRequest(ref: ImageReference, method: 'GET' | 'HEAD', suffix: string, headers: Record<string, string>): Promise<HttpResponse> {
    const base = this.baseUrl(ref.registry);
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
        const res = await this.send(url, { method, headers: h, registry: ref.registry, secretOk: mayCarrySecret(base) });
        if (res.status !== 401 || round > 0) return res;
        // One answer to a 401; a second 401 (a loop, or insufficient scope) is the caller's "unauthorized".
        authorization = await this.auth.answer(ref.registry, base, res.headers.get('www-authenticate'), scope, ref.repository);
      }
    } finally {
      release?.();
    }
  }

  private baseUrl(registry: string): URL {
    const host = apiHost(registry);
    const plain = isLoopback(host) || this.insecure.has(registry) || this.insecure.has(host);
    return new URL(`${plain ? 'http' : 'https'}://${host}/`);
  }

  /**
   * Plain HTTP is judged by the host actually contacted: an insecure registry may not redirect us in clear to some
   * other host. The registry's own API host counts as listed when its registry name is (docker.io → registry-1).
   */
  private schemeAllowed(url: URL, registry: string): boolean {
    if (url.protocol === 'https:') return true;
    const host = url.host.toLowerCase();
    return url.protocol === 'http:' && (isLoopback(host) || this.insecure.has(host) || (host === apiHost(registry) && this.insecure.has(registry)));
  }

  /**
   * One logical HTTP exchange: per-host limit, per-attempt timeout, retries with backoff for 429/5xx/network/timeout
   * (Retry-After honoured when it fits the budget), and hand-followed redirects that drop Authorization across origins.
   */
  private async send(
    url: URL,
    init: { method: 'GET' | 'HEAD' | 'POST'; headers: Record<string, string>; body?: string; registry: string; secretOk: boolean },
  ): Promise<HttpResponse> {
    let lastError: RegistryError | undefined;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) this.stats.retries++;
      let res: HttpResponse;
      try {
        res = await this.limiter(url.host).run(() => this.fetchFollowing(url, init));
      } catch (error) {
        if (!(error instanceof RegistryError) || (error.reason !== 'network' && error.reason !== 'timeout')) throw error;
        lastError = error;
        if (attempt < this.retries) await this.pause(this.backoff(attempt), init.registry);
        continue;
      }
      if (res.status === 429 || (res.status >= 500 && res.status !== 501)) {
        lastError = new RegistryError('server', `registry ${init.registry} answered ${res.status} after ${attempt + 1} attempts`, { registry: init.registry, status: res.status });
        if (attempt < this.retries) await this.pause(retryAfter(res.headers.get('retry-after')) ?? this.backoff(attempt), init.registry);
        continue;
      }
      return res;
    }
    throw lastError ?? new RegistryError('network', `registry ${init.registry} could not be reached`, { registry: init.registry });
  }

  private async fetchFollowing(
    start: URL,
    init: { method: 'GET' | 'HEAD' | 'POST'; headers: Record<string, string>; body?: string; registry: string; secretOk: boolean },
  ): Promise<HttpResponse> {
    let url = start;
    let headers = { ...init.headers };
    let method = init.method;
    let body = init.body;
    for (let hop = 0; ; hop++) {
      if (!this.schemeAllowed(url, init.registry)) {
        throw new RegistryError('insecure', `registry ${init.registry}: refusing plain HTTP to ${url.host} (add it to images.insecureRegistries if intended)`, { registry: init.registry });
      }
      if (headers.authorization && !(init.secretOk && mayCarrySecret(url))) delete headers.authorization;
      const res = await this.fetchOnce(url, method, headers, body, init.registry);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location && [301, 302, 303, 307, 308].includes(res.status)) {
        if (hop >= MAX_REDIRECTS) throw new RegistryError('server', `registry ${init.registry}: too many redirects`, { registry: init.registry });
        const next = new URL(location, url);
        const keepsBody = body !== undefined && !(res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST'));
        // A 307/308 re-sends the body, and a token POST's body carries the refresh token: never to another origin.
        if (keepsBody && next.origin !== url.origin) {
          throw new RegistryError('insecure', `registry ${init.registry}: refusing to re-send a request body to another host on a ${res.status} redirect from ${url.host} to ${next.host}`, { registry: init.registry, status: res.status });
        }
        // The spec: MUST NOT forward Authorization across host boundaries.
        if (next.origin !== url.origin) {
          const { authorization: _dropped, ...rest } = headers;
          void _dropped;
          headers = rest;
        }
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        url = next;
        continue;
      }
      return res;
    }
  }

  private async fetchOnce(url: URL, method: string, headers: Record<string, string>, body: string | undefined, registry: string): Promise<HttpResponse> {
    this.checkBudget(registry);
    this.stats.requests++;
    let timedOut = false;
    try {
      return await new Promise<HttpResponse>((resolve, reject) => {
        const tls = url.protocol === 'https:';
        const sendHeaders = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
        // One timer per request, body included; the budget (and the caller's signal) aborts through `signal`.
        const timer = setTimeout(() => {
          timedOut = true;
          req.destroy(new Error('request timeout'));
        }, this.timeoutMs);
        const settle = (error: unknown, value?: HttpResponse): void => {
          clearTimeout(timer);
          this.onTheWire.delete(req);
          if (value) resolve(value);
          else reject(error instanceof Error ? error : new Error(String(error)));
        };
        const req = (tls ? https : http).request(url, { method, headers: sendHeaders, agent: tls ? this.agents.https : this.agents.http }, (res) => {
          const length = Number(res.headers['content-length'] ?? '0');
          if (length > MAX_BODY) {
            res.destroy();
            settle(new RegistryError('server', `registry ${registry}: response larger than ${MAX_BODY} bytes`, { registry }));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          let ended = false;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY) {
              res.destroy();
              settle(new RegistryError('server', `registry ${registry}: response larger than ${MAX_BODY} bytes`, { registry }));
            } else chunks.push(chunk);
          });
          res.on('end', () => {
            ended = true;
            settle(undefined, { status: res.statusCode ?? 0, headers: responseHeaders(res.headers), body: method === 'HEAD' ? Buffer.alloc(0) : Buffer.concat(chunks, size) });
          });
          res.on('error', (error) => settle(error));
          // A connection closed before Content-Length bytes arrived (a truncated body) ends here, not in 'end'.
          res.on('close', () => {
            if (!ended) settle(Object.assign(new Error('response body truncated'), { code: 'ECONNRESET' }));
          });
        });
        req.on('error', (error) => settle(error));
        this.onTheWire.add(req);
        req.end(body);
      });
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      if (this.options.signal?.aborted) throw new KustodianError('INTERRUPTED', 'registry lookup interrupted', { signal: 'SIGTERM' });
      if (this.budget.aborted) throw this.budgetError(registry);
      if (timedOut) {
        throw new RegistryError('timeout', `registry ${registry} did not answer within ${this.timeoutMs / 1000} s`, { registry, cause: error });
      }
      const code = networkCode(error);
      throw new RegistryError('network', `registry ${registry} could not be reached (${code})`, { registry, cause: error });
    }
  }

  private checkBudget(registry: string): void {
    if (this.options.signal?.aborted) throw new KustodianError('INTERRUPTED', 'registry lookup interrupted', { signal: 'SIGTERM' });
    if (this.budget.aborted || Date.now() >= this.deadline) throw this.budgetError(registry);
  }

  private budgetError(registry: string): RegistryError {
    return new RegistryError('budget', `registry ${registry}: the time budget for registry lookups ran out`, { registry });
  }

  private backoff(attempt: number): number {
    const base = this.retryBaseMs * 2 ** attempt;
    return base * (0.9 + Math.random() * 0.2);
  }

  /** Sleeps before a retry unless that would overrun the budget, in which case the budget error is thrown now. */
  private async pause(ms: number, registry: string): Promise<void> {
    if (Date.now() + ms >= this.deadline) throw this.budgetError(registry);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.budget.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(this.options.signal?.aborted ? new KustodianError('INTERRUPTED', 'registry lookup interrupted', { signal: 'SIGTERM' }) : this.budgetError(registry));
      };
      this.budget.addEventListener('abort', onAbort, { once: true });
    });
  }

  private limiter(host: string): Limiter {
    let l = this.limiters.get(host);
    if (!l) {
      l = new Limiter(this.concurrency);
      this.limiters.set(host, l);
    }
    return l;
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

/** Retry-After as delay-seconds or an HTTP date, in ms; undefined when absent or unparseable. */
function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function networkCode(error: unknown): string {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return error instanceof Error && error.message ? error.message.slice(0, 80) : 'network error';
}

