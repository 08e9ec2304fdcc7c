/** Registry client (skeleton: signatures are final, bodies land in the next commit). */
import type { ImageConfig, Resolution } from './types.js';
import type { RegistryCache } from './cache.js';
import type { Credentials } from './docker-config.js';

/** How a client talks to registries. Every field has a default matching config `images.*`. */
export interface RegistryClientOptions {
  /** Env for DOCKER_CONFIG, HOME, PATH (credential helpers), XDG_CACHE_HOME/TMPDIR (cache). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Hosts (host[:port]) that may be reached over plain HTTP besides loopback (images.insecureRegistries). */
  insecureRegistries?: string[];
  /** Concurrent requests per registry host (images.concurrency, default 8). */
  concurrency?: number;
  /** Per-request timeout in ms (default 10 000). */
  requestTimeoutMs?: number;
  /** Overall budget in ms from construction (default 45 000). */
  budgetMs?: number;
  /** Aborts everything (SIGTERM, the caller's own deadline). */
  signal?: AbortSignal;
  /** Retries after the first attempt for 429/5xx/network/timeout (default 3). */
  retries?: number;
  /** First backoff in ms, doubled per retry with jitter (default 500). */
  retryBaseMs?: number;
  /** Disk cache; `false` disables it; default a RegistryCache in defaultCacheDir(env). */
  cache?: RegistryCache | false;
  /** Seconds a tag→digest cache entry stays fresh (default 300). Used when `cache` is not given. */
  tagTtlSeconds?: number;
  /** Replaces the Docker config.json lookup (tests, embedding). */
  credentials?: (registry: string) => Promise<Credentials | undefined>;
}

/** Counters, so tests and the bench can assert that a warm run made zero requests. */
export interface RegistryStats {
  /** HTTP requests sent (registry and token realm, every attempt). */
  requests: number;
  /** Resolutions answered fully from the disk cache. */
  cacheHits: number;
  retries: number;
}

/** Resolves image references to digests and platforms, and reads image configs. */
export class RegistryClient {
  readonly stats: RegistryStats = { requests: 0, cacheHits: 0, retries: 0 };
  constructor(readonly options: RegistryClientOptions = {}) {}

  /** Tag (or digest) → digest, media type and platforms. Throws RegistryError. */
  async resolve(reference: string): Promise<Resolution> {
    throw new Error(`not implemented: ${reference}`);
  }

  /** The image config (env, os, arch) of `digest`; for an index, of its child for `platform`. Throws RegistryError. */
  async imageConfig(reference: string, digest: string, platform: string): Promise<ImageConfig> {
    throw new Error(`not implemented: ${reference} ${digest} ${platform}`);
  }
}
