/**
 * The shared resolution cache in Redis, next to the disk cache, so that the repo-server replicas of one Argo CD
 * resolve each tag once between them instead of once each (Argo CD already runs a Redis for its own manifest cache).
 *
 * Contract (docs/registries.md, "Shared cache in Redis"):
 * - `KUSTODIAN_REDIS_URL` or config `cache.redis.url`: `redis://host:port[/db]`, `rediss://…` for TLS, or a bare
 *   `host:port` (the form of Argo CD's `redis.server`). The env wins, so a repository's kustodian.yaml cannot point
 *   the operator's password at another server.
 * - `KUSTODIAN_REDIS_PASSWORD`: the password, from the env only (a password in the file is a config error).
 * - `cache.redis.keyPrefix` (default `kustodian`) and `cache.redis.timeoutMilliseconds` (default 300, for the
 *   connection and for every command).
 *
 * Entries and rules are the disk cache's (cache-entries.ts): keys `<prefix>:v1:<kind>:<id>`, a tag entry expires after the
 * tag TTL (Redis expiry, and its own timestamp checked on read), a repository marker says which repository confirmed
 * a digest, manifest and config entries are keyed by digest. Only registry facts are written: never a credential,
 * token or password, and of an image's env only the variables the caller names (`envKeys`).
 *
 * Redis is only a cache. Down, slow, refusing the password, or holding garbage: the run goes on from the disk cache
 * and the registry, with one warning line per run; after a connection or command failure Redis is not asked again in
 * that run (process). Nothing is loaded or connected unless a URL is configured. One connection per process and server.
 */
import net from 'node:net';
import type { Redis as RedisClient } from 'ioredis';
import { KustodianError } from '../util/errors.js';
import { isConfigEntry, isManifestEntry, isTagEntry, type ManifestEntry, type TagEntry } from './cache-entries.js';
import { tagLookup, type ResolutionStore, type TagLookup } from './resolution-store.js';

/** Config `cache.redis` as written in kustodian.yaml (the password is not among them, on purpose). */
export interface SharedCacheConfig {
  url?: string;
  keyPrefix?: string;
  timeoutMilliseconds?: number;
}

/** Where and how to reach Redis, from the env and config `cache.redis` (see sharedCacheSettings). */
export interface SharedCacheSettings {
  host: string;
  port: number;
  db: number;
  tls: boolean;
  username?: string;
  password?: string;
  keyPrefix: string;
  timeoutMs: number;
}

/** Options for RedisCache: the settings plus the rules shared with the disk cache. */
export interface RedisCacheOptions extends SharedCacheSettings {
  /** Seconds a tag→digest entry stays fresh (default 300); 0 disables tag entries, as on disk. */
  tagTtlSeconds?: number;
  /** Image-config variables written to Redis; all others are dropped before writing. Default none. */
  envKeys?: readonly string[];
  /** Receives the one warning line of the run. */
  warn: (line: string) => void;
  /** Clock, for tests of expiry. */
  now?: () => number;
}

const VERSION = 'v1';
const DEFAULT_PREFIX = 'kustodian';
const DEFAULT_TIMEOUT_MS = 300;

/**
 * The Redis settings in force, or undefined when none is configured (the no-Redis path: nothing else happens).
 * KUSTODIAN_REDIS_URL wins over `cache.redis.url`; KUSTODIAN_REDIS_PASSWORD wins over a password in the env URL.
 * Throws CONFIG_INVALID for a URL that is not redis://, rediss:// or host:port, and for a password in the file.
 */
export function sharedCacheSettings(config: SharedCacheConfig | undefined, env: NodeJS.ProcessEnv): SharedCacheSettings | undefined {
  const fromEnv = env.KUSTODIAN_REDIS_URL?.trim();
  const raw = fromEnv || config?.url?.trim();
  if (!raw) return undefined;
  const source = fromEnv ? 'KUSTODIAN_REDIS_URL' : 'cache.redis.url';
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `redis://${raw}`);
  } catch {
    throw new KustodianError('CONFIG_INVALID', `${source}: not a Redis URL (expected redis://host:port[/db], rediss://… or host:port)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new KustodianError('CONFIG_INVALID', `${source}: scheme ${url.protocol.replace(/:$/, '')}:// is not redis:// or rediss://`);
  }
  if (!url.hostname) throw new KustodianError('CONFIG_INVALID', `${source}: no host`);
  if (!fromEnv && url.password) {
    throw new KustodianError(
      'CONFIG_INVALID',
      'cache.redis.url: must not carry a password; set KUSTODIAN_REDIS_PASSWORD in the environment instead',
    );
  }
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText && !/^\d{1,5}$/.test(dbText))
    throw new KustodianError('CONFIG_INVALID', `${source}: the path must be a database number (/0, /1, …)`);
  const password = env.KUSTODIAN_REDIS_PASSWORD || (url.password ? decodeURIComponent(url.password) : undefined);
  const settings: SharedCacheSettings = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 6379,
    db: dbText ? Number(dbText) : 0,
    tls: url.protocol === 'rediss:',
    keyPrefix: config?.keyPrefix ?? DEFAULT_PREFIX,
    timeoutMs: config?.timeoutMilliseconds ?? DEFAULT_TIMEOUT_MS,
  };
  if (url.username) settings.username = decodeURIComponent(url.username);
  if (password) settings.password = password;
  return settings;
}

/**
 * Per process and server, shared by every RedisCache: the connection, whether the server has failed, whether the
 * warning was printed. `check --all` builds one registry client per overlay; without this a hung Redis would cost
 * each overlay its timeout and print one warning each, instead of once per run.
 */
interface ServerState {
  connection?: Promise<RedisClient | undefined>;
  failed: boolean;
  warned: boolean;
}
const servers = new Map<string, ServerState>();

function serverState(o: SharedCacheSettings): ServerState {
  // In memory only (the password is part of what makes two settings the same server); never printed.
  const key = JSON.stringify([o.host, o.port, o.db, o.tls, o.username ?? '', o.password ?? '', o.timeoutMs]);
  let state = servers.get(key);
  if (!state) {
    state = { failed: false, warned: false };
    servers.set(key, state);
  }
  return state;
}

/** Seconds → the Redis EX argument (at least 1: EX 0 is an error). */
function exSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** The shared cache. Every method answers a miss (or does nothing) once Redis has failed in this process. */
export class RedisCache implements ResolutionStore {
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly envKeys: ReadonlySet<string>;
  private readonly now: () => number;
  private readonly server: ServerState;

  constructor(private readonly options: RedisCacheOptions) {
    this.prefix = `${options.keyPrefix}:${VERSION}:`;
    this.ttlMs = (options.tagTtlSeconds ?? 300) * 1000;
    this.envKeys = new Set(options.envKeys ?? []);
    this.now = options.now ?? Date.now;
    this.server = serverState(options);
  }

  async getTag(canonical: string): Promise<TagEntry | undefined> {
    const found = await this.lookupTag(canonical);
    return found.state === 'fresh' ? found.entry : undefined;
  }

  /**
   * Redis expiry is the main rule, so an expired tag is usually gone (`absent`: the client GETs it); the timestamp
   * also holds a reader with a shorter TTL than the writer had (`expired`: the client HEADs first).
   */
  async lookupTag(canonical: string): Promise<TagLookup> {
    if (this.ttlMs <= 0) return { state: 'expired' };
    return tagLookup(await this.read(`tag:${canonical}`, isTagEntry), this.ttlMs, this.now());
  }

  async setTag(canonical: string, entry: Omit<TagEntry, 'at'>): Promise<void> {
    if (this.ttlMs <= 0) return;
    const value: TagEntry = { digest: entry.digest, mediaType: entry.mediaType, at: this.now() };
    if (entry.size !== undefined) value.size = entry.size;
    await this.write(`tag:${canonical}`, value, exSeconds(this.ttlMs));
  }

  getManifest(digest: string): Promise<ManifestEntry | undefined> {
    return this.read(`manifest:${digest}`, isManifestEntry);
  }

  async setManifest(digest: string, entry: ManifestEntry): Promise<void> {
    const value: ManifestEntry = { mediaType: entry.mediaType, size: entry.size, platforms: entry.platforms };
    if (entry.children) value.children = entry.children.map((c) => ({ digest: c.digest, mediaType: c.mediaType, platform: c.platform }));
    if (entry.config) value.config = entry.config;
    await this.write(`manifest:${digest}`, value);
  }

  async hasRepoDigest(key: string): Promise<boolean> {
    return (
      (await this.read(`repo:${key}`, (v): v is { at: number } => typeof (v as { at?: unknown } | null)?.at === 'number')) !== undefined
    );
  }

  async setRepoDigest(key: string): Promise<void> {
    await this.write(`repo:${key}`, { at: this.now() });
  }

  getConfig(digest: string): Promise<unknown> {
    return this.read(`config:${digest}`, isConfigEntry);
  }

  async setConfig(digest: string, value: unknown): Promise<void> {
    if (!isConfigEntry(value)) return;
    // Only the named variables: the rest of an image's env may hold values its owner never meant to share.
    const env = Object.fromEntries(Object.entries(value.env).filter(([k]) => this.envKeys.has(k)));
    const out: { env: Record<string, string>; os: string; architecture: string; variant?: string } = {
      env,
      os: value.os,
      architecture: value.architecture,
    };
    if (value.variant) out.variant = value.variant;
    await this.write(`config:${digest}`, out);
  }

  /** Nothing to do: every write is sent at once (a batch would lose the other replicas' time to share it). */
  async flush(): Promise<void> {}

  /** Closes the connection (tests; a CLI run just exits, the socket is unref'd). */
  async close(): Promise<void> {
    hangUp(await this.server.connection);
    this.server.connection = undefined;
  }

  private async read<T>(key: string, shape: (v: unknown) => v is T): Promise<T | undefined> {
    const raw = await this.command((r) => r.get(this.prefix + key));
    if (raw === undefined || raw === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    if (shape(value)) return value;
    // Not ours, or from a different version of kustodian: ignored, said once, and Redis stays in use.
    this.warnOnce(
      `kustodian: warning: shared cache (Redis ${this.where()}): ignoring a malformed entry under ${this.prefix}…; resolving it from the registry`,
    );
    return undefined;
  }

  private async write(key: string, value: unknown, exSecondsValue?: number): Promise<void> {
    const text = JSON.stringify(value);
    await this.command((r) =>
      exSecondsValue === undefined ? r.set(this.prefix + key, text) : r.set(this.prefix + key, text, 'EX', exSecondsValue),
    );
  }

  /** Runs one command; a failure (connection, auth, timeout) turns Redis off for the rest of the run. */
  private async command<T>(op: (r: RedisClient) => Promise<T>): Promise<T | undefined> {
    if (this.server.failed) return undefined;
    const r = await (this.server.connection ??= this.connect());
    if (!r || this.server.failed) return undefined;
    try {
      return await op(r);
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  private async connect(): Promise<RedisClient | undefined> {
    const o = this.options;
    let client: RedisClient | undefined;
    try {
      // Loaded only here: the no-Redis path never pays for the module (~60 ms to load).
      const ioredis = await import('ioredis');
      // ioredis is CommonJS: bundled (scripts/bundle.mjs), its exports arrive only as `default`.
      const Redis = ioredis.Redis ?? (ioredis as unknown as { default: typeof ioredis }).default.Redis;
      client = new Redis({
        host: o.host,
        port: o.port,
        db: o.db,
        ...(o.username ? { username: o.username } : {}),
        ...(o.password ? { password: o.password } : {}),
        // SNI takes a name only (RFC 6066); for an IP the certificate is still checked against it.
        ...(o.tls ? { tls: net.isIP(o.host) ? {} : { servername: o.host } } : {}),
        lazyConnect: true,
        connectTimeout: o.timeoutMs,
        commandTimeout: o.timeoutMs,
        // One attempt, no reconnect and no queue: a Redis that is not there right now is skipped, not waited for.
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        enableOfflineQueue: false,
        enableReadyCheck: false,
        // ioredis waits this long (default 2 s, timer held) for a closed socket's FIN before destroying it.
        disconnectTimeout: o.timeoutMs,
      });
      // The first error event says why (ECONNREFUSED, WRONGPASS); connect() itself only says "Connection is closed".
      // A listener also keeps ioredis from printing errors itself.
      let cause: unknown;
      client.on('error', (error: unknown) => (cause ??= error));
      const c = client;
      await withTimeout(c.connect(), o.timeoutMs * 2, 'connection timed out').catch((error: unknown) => {
        throw cause ?? error;
      });
      // Never hold a finished CLI run open: each command's own timer keeps the process alive while it waits.
      c.stream?.unref?.();
      return c;
    } catch (error) {
      hangUp(client);
      this.fail(error);
      return undefined;
    }
  }

  private fail(error: unknown): void {
    if (this.server.failed) return;
    this.server.failed = true;
    void this.server.connection?.then(hangUp);
    this.warnOnce(
      `kustodian: warning: shared cache (Redis ${this.where()}) unavailable (${describe(error)}); continuing with the disk cache and the registry`,
    );
  }

  private warnOnce(line: string): void {
    if (this.server.warned) return;
    this.server.warned = true;
    this.options.warn(line);
  }

  private where(): string {
    const h = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `${h}:${this.options.port}`;
  }
}

/**
 * Closes a connection now. disconnect() alone half-closes and waits for the server's FIN, which a hung server never
 * sends, and that open socket would keep a finished CLI run alive.
 */
function hangUp(client: RedisClient | undefined): void {
  if (!client) return;
  client.disconnect();
  client.stream?.destroy();
}

/** A short reason that names no secret: Redis error codes (WRONGPASS, NOAUTH) and socket codes pass, the rest is generic. */
function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string') return e.code;
  const message = typeof e?.message === 'string' ? e.message : '';
  const word = /^[A-Z][A-Z_]{2,}\b/.exec(message)?.[0];
  if (word) return word;
  if (/timed? ?out/i.test(message)) return 'timeout';
  if (/closed|ended|writeable/i.test(message)) return 'connection closed';
  return 'error';
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
