/**
 * The one place a run turns image references into digests, platforms and config env. The pin step and
 * `ctx.inspectImage` (the PGDATA hook) both go through it, so each reference is resolved once per run,
 * from the lock or the registry according to the pin mode.
 */
import type { LockEntry } from './lock-file.js';
import { RegistryClient, isRegistryError, parseReference, normalizePlatformString, type RegistryErrorReason } from '../registry/index.js';
import type { Lock } from '../generated/lock.js';
import type { ImageFacts } from './image-facts.js';
import type { Settings } from '../config/settings.js';

/** `resolve`, `locked` and `off` are the user's modes; `refresh` is `kustodian pin`: the registry for everything. */
export type PinMode = 'resolve' | 'locked' | 'off' | 'refresh';

/** Why a reference has no answer: a registry reason, or it is absent from the lock in locked mode. */
export type FailureReason = RegistryErrorReason | 'not-locked';

/** The answer for one reference. */
export type Outcome = { ok: true; entry: LockEntry; source: 'lock' | 'registry' } | { ok: false; reason: FailureReason; message: string };

/** The image config variables the lock records (what the PGDATA step reads); nothing else is copied. */
export const LOCKED_ENV_KEYS = ['PG_MAJOR', 'PGDATA'] as const;

/** The registry calls this module needs; RegistryClient satisfies it. */
export interface RegistryPort {
  resolve(reference: string): Promise<{ digest: string; mediaType: string; platforms: string[] }>;
  imageConfig(reference: string, digest: string, platform: string): Promise<{ env: Record<string, string> }>;
}

export interface ImageResolutionsOptions {
  mode: PinMode;
  /** Reads the lock; called at most once, and never in `refresh` or `off` mode. */
  loadLock: () => Promise<Lock | undefined>;
  /** Creates the registry client; called at most once, and only when the registry is needed. */
  registry: () => RegistryPort;
  /** The configured platforms, for choosing which platform's config to read. */
  platforms: readonly string[];
  /**
   * Config `images.offline`: no registry (and so no cache) at all, only the lock and the manifests. Ignored in
   * `refresh` mode, which is the registry by definition, and in `off` mode, which asks nothing.
   */
  offline?: boolean;
}

/** Per-run memo of resolutions and image configs. */
export class ImageResolutions {
  readonly mode: PinMode;
  readonly #options: ImageResolutionsOptions;
  readonly #outcomes = new Map<string, Promise<Outcome>>();
  readonly #configs = new Map<string, Promise<ImageFacts | undefined>>();
  /** Resolved entries, by reference, with any env read since. */
  readonly #entries = new Map<string, LockEntry>();
  /** References whose env was asked for but could not be read, with the cause. */
  readonly configFailures = new Map<string, { reason: FailureReason; message: string }>();
  /** References whose env was asked for, answered from a lock entry that records no image config (`pin --check` reports them). */
  readonly unrecordedConfigs = new Set<string>();
  #lock: Promise<Map<string, LockEntry>> | undefined;
  #client: RegistryPort | undefined;
  /** Called as references settle: (done, total). */
  onProgress: ((done: number, total: number) => void) | undefined;
  #done = 0;

  constructor(options: ImageResolutionsOptions) {
    this.mode = options.mode;
    this.#options = options;
  }

  /** The lock's entries by reference (empty map when there is no lock or the mode ignores it). */
  lockEntries(): Promise<Map<string, LockEntry>> {
    this.#lock ??=
      this.mode === 'refresh' || this.mode === 'off'
        ? Promise.resolve(new Map())
        : this.#options.loadLock().then((lock) => new Map((lock?.images ?? []).map((e) => [e.reference, e])));
    return this.#lock;
  }

  #registry(): RegistryPort {
    this.#client ??= this.#options.registry();
    return this.#client;
  }

  /** Resolves a reference once per run; never throws for registry trouble (that is an Outcome). */
  resolve(reference: string): Promise<Outcome> {
    let p = this.#outcomes.get(reference);
    if (!p) {
      p = this.#resolve(reference).then((o) => {
        this.#done++;
        this.onProgress?.(this.#done, this.#outcomes.size);
        if (o.ok) this.#entries.set(reference, { ...o.entry });
        return o;
      });
      this.#outcomes.set(reference, p);
    }
    return p;
  }

  /** Offline: the lock is the only source of facts (never in `refresh` mode, where the registry is the point). */
  get offline(): boolean {
    return Boolean(this.#options.offline) && this.mode !== 'refresh';
  }

  async #resolve(reference: string): Promise<Outcome> {
    let parsed: ReturnType<typeof parseReference>;
    try {
      parsed = parseReference(reference);
    } catch (error) {
      return failure(error);
    }
    const written = parsed.digest;
    const entries = await this.lockEntries();
    const locked = entries.get(reference);
    if (locked) {
      if (written && locked.digest !== written) {
        return {
          ok: false,
          reason: 'digest-mismatch',
          message: `the reference carries ${written} but ${'kustodian.lock.yaml'} records ${locked.digest}`,
        };
      }
      return { ok: true, entry: locked, source: 'lock' };
    }
    if (written) {
      // A digest written in Git (Image Updater's `digest:`, Renovate's `newTag: tag@sha256:…`, or by hand) is as
      // hermetic as a lock entry: its facts are a function of the digest. They come from an entry of the lock that
      // records this digest for the same repository, else from the registry by digest (content addressed, and
      // cached without expiry), never by tag.
      const recorded = recordedDigest(entries, parsed, written);
      if (recorded) return { ok: true, entry: { ...recorded, reference, digest: written }, source: 'lock' };
      if (this.offline) {
        return {
          ok: false,
          reason: 'not-locked',
          message: `kustodian.lock.yaml records no facts (platforms, image config) for ${written}, and no registry is asked (offline); ${PIN_FIX}`,
        };
      }
    } else if (this.mode === 'locked' || this.offline) {
      return {
        ok: false,
        reason: 'not-locked',
        message: `not in kustodian.lock.yaml (${this.offline ? 'offline' : 'pin mode locked'}); ${PIN_FIX}`,
      };
    }
    try {
      const r = await this.#registry().resolve(reference);
      if (written && r.digest !== written) {
        return { ok: false, reason: 'digest-mismatch', message: `the reference carries ${written} but the registry serves ${r.digest}` };
      }
      return {
        ok: true,
        entry: { reference, digest: r.digest, mediaType: r.mediaType, platforms: [...r.platforms].sort() },
        source: 'registry',
      };
    } catch (error) {
      return failure(error);
    }
  }

  /**
   * The ImageInspector behind `ctx.inspectImage`: digest, platforms and the recorded config env for the
   * first configured platform the image provides (else its first platform). Undefined when the image does
   * not resolve; the pin step reports that failure itself.
   */
  inspect(reference: string): Promise<ImageFacts | undefined> {
    if (this.mode === 'off') return Promise.resolve(undefined);
    let p = this.#configs.get(reference);
    if (!p) {
      p = this.#inspect(reference);
      this.#configs.set(reference, p);
    }
    return p;
  }

  async #inspect(reference: string): Promise<ImageFacts | undefined> {
    const outcome = await this.resolve(reference);
    if (!outcome.ok) return undefined;
    const entry = this.#entries.get(reference)!;
    const wanted = this.#options.platforms.map(normalizePlatformString);
    const platform = wanted.find((p) => entry.platforms.includes(p)) ?? entry.platforms[0];
    const facts: ImageFacts = { digest: entry.digest, platforms: [...entry.platforms] };
    if (!platform) return facts;
    if (outcome.source === 'lock') {
      // `kustodian pin` reads the config of exactly the images a step asks about (PGDATA's Postgres images) and
      // records it, `{}` when it has none of the variables. An entry without `env` was never read: the step gets
      // no env (as for an image without the variables), and `pin --check` reports the lock incomplete.
      const recorded = outcome.entry.env;
      if (!recorded || !Object.keys(recorded).length) {
        this.unrecordedConfigs.add(reference);
        return facts;
      }
      const env = recorded[platform] ?? Object.values(recorded)[0] ?? {};
      return { ...facts, env: { ...env } };
    }
    try {
      const config = await this.#registry().imageConfig(reference, entry.digest, platform);
      const env: Record<string, string> = {};
      for (const key of LOCKED_ENV_KEYS) if (config.env[key] !== undefined) env[key] = config.env[key];
      // Recorded even when empty: the lock then says the config was read, for locked renders and `pin --check`.
      entry.env = { [platform]: env };
      return { ...facts, env };
    } catch (error) {
      const f = failure(error);
      this.configFailures.set(reference, { reason: f.reason, message: `reading its image config failed: ${f.message}` });
      return facts;
    }
  }

  /** Every reference asked about this run, resolved or not. */
  references(): string[] {
    return [...this.#outcomes.keys()];
  }

  /** Every resolved reference's entry (with any env read), for writing the lock. */
  resolvedEntries(): LockEntry[] {
    return [...this.#entries.values()];
  }
}

/** How a lock gets the entry a locked or offline render lacks, by hand or by the CI job that follows image updaters. */
const PIN_FIX =
  'run `kustodian pin DIR` and commit kustodian.lock.yaml, or let CI do it on every kustomization change (the workflow examples/github/kustodian-pin.yml)';

/**
 * The lock entry that records `digest` for `ref`'s registry and repository. A digest names the same bytes in any
 * repository, but only a registry can say that a repository holds it, so an entry of another repository is not
 * evidence for this one.
 */
function recordedDigest(entries: Map<string, LockEntry>, ref: ReturnType<typeof parseReference>, digest: string): LockEntry | undefined {
  for (const entry of entries.values()) {
    if (entry.digest !== digest) continue;
    try {
      const other = parseReference(entry.reference);
      if (other.registry === ref.registry && other.repository === ref.repository) return entry;
    } catch {
      // an unparseable locked reference records nothing usable
    }
  }
  return undefined;
}

function failure(error: unknown): Outcome & { ok: false } {
  if (isRegistryError(error)) return { ok: false, reason: error.reason, message: error.message };
  throw error; // interrupted, or a bug: a failure of the run, not a finding about one image
}

type ClientOptions = {
  settings: Settings['images'];
  cache?: Settings['cache'];
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** Every tag asked of its registry, whatever a cache holds (`kustodian pin`, `pin --check --remote`). */
  revalidateTags?: boolean;
};

/** The client options config `images.*` and `cache.*` give (everything but the run's env and signal). */
function clientSettings(options: ClientOptions) {
  const { settings } = options;
  return {
    insecureRegistries: settings.insecureRegistries ?? [],
    concurrency: settings.concurrency,
    requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
    budgetMs: settings.budgetSeconds * 1000,
    retryBaseMs: settings.retryBaseSeconds * 1000,
    tagTtlSeconds: settings.tagTTLSeconds,
    sharedCache: options.cache?.redis,
    ...(options.revalidateTags ? { revalidateTags: true } : {}),
  };
}

/** Builds the registry client from config `images.*` and `cache.*` and the run's env and signal. */
export function registryClientFor(options: ClientOptions): RegistryClient {
  return new RegistryClient({ env: options.env, signal: options.signal, ...clientSettings(options), sharedEnvKeys: LOCKED_ENV_KEYS });
}

/**
 * Registry clients shared by the apps of one process (`kustodian pin --all`): one client per distinct
 * `images.*`/`cache.*` setting, so apps alike share keep-alive connections, bearer tokens and the client's
 * memo (an image two overlays use is asked for once). Every app passed to one pool runs with the same env
 * and signal; the first app's are used. The budget (`images.budgetSeconds`) then covers the whole run.
 */
export class RegistryClients {
  readonly #ports = new Map<string, RegistryPort>();

  /**
   * The client for this app's settings, created on first use. Its tag answers are kept for the whole
   * run (the disk cache may hold none: `tagTTLSeconds: 0`), so every overlay locks a tag to the same digest.
   */
  for(options: ClientOptions): RegistryPort {
    const key = JSON.stringify(clientSettings(options));
    let port = this.#ports.get(key);
    if (!port) {
      const client = registryClientFor(options);
      const resolved = new Map<string, ReturnType<RegistryPort['resolve']>>();
      port = {
        resolve(reference) {
          let r = resolved.get(reference);
          if (!r) {
            r = client.resolve(reference);
            resolved.set(reference, r);
          }
          return r;
        },
        imageConfig: (reference, digest, platform) => client.imageConfig(reference, digest, platform),
      };
      this.#ports.set(key, port);
    }
    return port;
  }
}
