/**
 * The on-disk cache shared by every kustodian process on a machine (ArgoCD runs renders in parallel).
 * Two kinds of entry: tag→digest answers, which expire after a TTL because tags move, and facts keyed by digest
 * (platforms, media type, children, config), which never expire because a digest names immutable bytes.
 * Every write is temp file + rename in the same directory, so a reader sees the old file or the new one, never
 * half of one. A corrupt or unreadable entry is a miss, never a failure.
 *
 * A tag→digest entry decides which digest gets pinned, so the cache must not be writable by anyone else: the
 * directory is created 0700 and used only if it is a real directory (not a symlink) owned by the current user and
 * not group- or world-writable. Otherwise the run goes on without the disk cache (slower, never wrong).
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The cache directory: `$KUSTODIAN_CACHE_DIR`, else `$XDG_CACHE_HOME/kustodian`, else `$TMPDIR/kustodian-cache-<uid>`.
 * The uid suffix keeps users sharing a TMPDIR from squatting on each other's path (which would only cost the
 * cache, see trustedDir, but silently).
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.KUSTODIAN_CACHE_DIR) return env.KUSTODIAN_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'kustodian');
  const uid = process.getuid?.();
  return path.join(env.TMPDIR || os.tmpdir(), uid === undefined ? 'kustodian-cache' : `kustodian-cache-${uid}`);
}

/**
 * Creates `dir` (mode 0700) if missing and says whether only the current user can write it: a real directory, not a
 * symlink, owned by our uid, without group/other write bits. Platforms without uids (Windows) skip the owner check.
 */
async function trustedDir(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const st = await lstat(dir);
    if (!st.isDirectory() || st.isSymbolicLink()) return false;
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) return false;
    return (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Options for RegistryCache. */
export interface RegistryCacheOptions {
  dir: string;
  /** Seconds a tag→digest answer stays fresh (config images.tagTTLSeconds; default 300). 0 disables tag caching. */
  tagTtlSeconds?: number;
  /** Clock, for tests of expiry without sleeping. */
  now?: () => number;
}

/** A cached tag→digest answer. */
export interface TagEntry {
  digest: string;
  mediaType: string;
  size?: number;
  /** Epoch ms when it was fetched. */
  at: number;
}

/** Immutable facts about one manifest or index, keyed by its digest. */
export interface ManifestEntry {
  mediaType: string;
  size: number;
  platforms: string[];
  /** For an index: its runnable children in order (attestations dropped), with normalised platforms. */
  children?: { digest: string; mediaType: string; platform: string }[];
  /** For a single manifest: the config blob digest. */
  config?: string;
}

/**
 * What a store knows about a tag. `expired` also covers tag caching turned off (TTL 0: every answer is expired at
 * once), so the client confirms with a HEAD as it would an expired entry. `absent` means the store never saw the tag
 * (or lost the entry): the client then GETs the manifest by tag directly, as a HEAD could not save the GET.
 */
export type TagLookup = { state: 'fresh'; entry: TagEntry } | { state: 'expired' } | { state: 'absent' };

/** The TagLookup of a stored value: its shape checked, its age against `ttlMs` (0 or less: tag caching is off). */
export function tagLookup(value: unknown, ttlMs: number, now: number): TagLookup {
  if (ttlMs <= 0) return { state: 'expired' };
  if (!isTagEntry(value)) return { state: 'absent' };
  const age = now - value.at;
  return age >= 0 && age < ttlMs ? { state: 'fresh', entry: value } : { state: 'expired' };
}

/**
 * The entries a resolution cache keeps, whatever it is stored in (the disk cache here, the shared Redis cache in
 * redis-cache.ts, both through TieredStore). Every getter answers undefined for a miss, an expired tag entry or a
 * value that does not have the entry's shape; no method ever throws.
 */
export interface ResolutionStore {
  /** A fresh tag→digest answer for a canonical `registry/repo:tag`. */
  getTag(canonical: string): Promise<TagEntry | undefined>;
  /** The same lookup, telling an expired entry (HEAD to confirm) from none at all (GET straight away). */
  lookupTag(canonical: string): Promise<TagLookup>;
  setTag(canonical: string, entry: Omit<TagEntry, 'at'>): Promise<void>;
  getManifest(digest: string): Promise<ManifestEntry | undefined>;
  setManifest(digest: string, entry: ManifestEntry): Promise<void>;
  /** Whether `registry/repository@digest` was once confirmed by that repository (digests prove nothing across repos). */
  hasRepoDigest(key: string): Promise<boolean>;
  setRepoDigest(key: string): Promise<void>;
  /** A parsed image config; callers check its shape with isConfigEntry. */
  getConfig(digest: string): Promise<unknown>;
  setConfig(digest: string, value: unknown): Promise<void>;
}

const digestRe = /^sha256:[0-9a-f]{64}$/;

/** Whether a stored value is a well-formed TagEntry (stores hold bytes others wrote: check before trusting). */
export function isTagEntry(value: unknown): value is TagEntry {
  const v = value as Partial<TagEntry> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.digest === 'string' && digestRe.test(v.digest) && typeof v.mediaType === 'string' &&
    typeof v.at === 'number' && Number.isFinite(v.at) && (v.size === undefined || typeof v.size === 'number')
  );
}

/** Whether a stored value is a well-formed ManifestEntry. */
export function isManifestEntry(value: unknown): value is ManifestEntry {
  const v = value as Partial<ManifestEntry> | null;
  if (typeof v !== 'object' || v === null || typeof v.mediaType !== 'string' || typeof v.size !== 'number') return false;
  if (!Array.isArray(v.platforms) || !v.platforms.every((p) => typeof p === 'string')) return false;
  if (v.config !== undefined && !(typeof v.config === 'string' && digestRe.test(v.config))) return false;
  if (v.children === undefined) return true;
  return (
    Array.isArray(v.children) &&
    v.children.every((c: unknown) => {
      const x = c as { digest?: unknown; mediaType?: unknown; platform?: unknown } | null;
      return typeof x === 'object' && x !== null && typeof x.digest === 'string' && digestRe.test(x.digest) && typeof x.mediaType === 'string' && typeof x.platform === 'string';
    })
  );
}

/** Whether a stored value is a well-formed image config (env of strings, os and architecture strings). */
export function isConfigEntry(value: unknown): value is { env: Record<string, string>; os: string; architecture: string; variant?: string } {
  const v = value as { env?: unknown; os?: unknown; architecture?: unknown; variant?: unknown } | null;
  return (
    typeof v === 'object' && v !== null && typeof v.os === 'string' && typeof v.architecture === 'string' &&
    (v.variant === undefined || typeof v.variant === 'string') &&
    typeof v.env === 'object' && v.env !== null && !Array.isArray(v.env) && Object.values(v.env).every((x) => typeof x === 'string')
  );
}

/**
 * Several stores as one: a read asks each in order and takes the first answer (the local disk before the network),
 * a write goes to all. Why not copy a shared answer down to disk: a Redis config entry holds only some env keys, and
 * a copied tag entry would outlive the shared one that might be corrected meanwhile; a Redis read is cheap.
 */
export class TieredStore implements ResolutionStore {
  constructor(private readonly stores: readonly ResolutionStore[]) {}

  private async firstOf<T>(get: (s: ResolutionStore) => Promise<T | undefined>): Promise<T | undefined> {
    for (const s of this.stores) {
      const v = await get(s);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  private async all(set: (s: ResolutionStore) => Promise<void>): Promise<void> {
    await Promise.all(this.stores.map(set));
  }

  async getTag(canonical: string): Promise<TagEntry | undefined> {
    const found = await this.lookupTag(canonical);
    return found.state === 'fresh' ? found.entry : undefined;
  }
  /** The first fresh answer; else `expired` if any store holds an expired one (or caches no tags); else `absent`. */
  async lookupTag(canonical: string): Promise<TagLookup> {
    let expired = false;
    for (const s of this.stores) {
      const found = await s.lookupTag(canonical);
      if (found.state === 'fresh') return found;
      if (found.state === 'expired') expired = true;
    }
    return { state: expired ? 'expired' : 'absent' };
  }
  setTag(canonical: string, entry: Omit<TagEntry, 'at'>): Promise<void> {
    return this.all((s) => s.setTag(canonical, entry));
  }
  getManifest(digest: string): Promise<ManifestEntry | undefined> {
    return this.firstOf((s) => s.getManifest(digest));
  }
  setManifest(digest: string, entry: ManifestEntry): Promise<void> {
    return this.all((s) => s.setManifest(digest, entry));
  }
  async hasRepoDigest(key: string): Promise<boolean> {
    return (await this.firstOf(async (s) => ((await s.hasRepoDigest(key)) ? true : undefined))) === true;
  }
  setRepoDigest(key: string): Promise<void> {
    return this.all((s) => s.setRepoDigest(key));
  }
  getConfig(digest: string): Promise<unknown> {
    return this.firstOf(async (s) => {
      const v = await s.getConfig(digest);
      return isConfigEntry(v) ? v : undefined;
    });
  }
  setConfig(digest: string, value: unknown): Promise<void> {
    return this.all((s) => s.setConfig(digest, value));
  }
}

const VERSION = 'v1';
/** Makes temp names unique within this process; the pid makes them unique across processes. */
let tempCounter = 0;

function keyFile(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The disk cache. All methods are safe to call concurrently from many processes. */
export class RegistryCache implements ResolutionStore {
  readonly dir: string;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** One mkdir per kind directory per cache object: a cold run writes three entries per tag. */
  private readonly dirs = new Map<string, Promise<unknown>>();
  private readonly root: string;
  private trusted: Promise<boolean> | undefined;

  constructor(options: RegistryCacheOptions) {
    this.root = options.dir;
    this.dir = path.join(options.dir, VERSION);
    this.ttlMs = (options.tagTtlSeconds ?? 300) * 1000;
    this.now = options.now ?? Date.now;
  }

  /** A fresh tag→digest answer for a canonical `registry/repo:tag`, or undefined. */
  async getTag(canonical: string): Promise<TagEntry | undefined> {
    const found = await this.lookupTag(canonical);
    return found.state === 'fresh' ? found.entry : undefined;
  }

  async lookupTag(canonical: string): Promise<TagLookup> {
    if (this.ttlMs <= 0) return { state: 'expired' };
    return tagLookup(await this.read<unknown>('tags', keyFile(canonical)), this.ttlMs, this.now());
  }

  async setTag(canonical: string, entry: Omit<TagEntry, 'at'>): Promise<void> {
    if (this.ttlMs <= 0) return;
    await this.write('tags', keyFile(canonical), { ...entry, at: this.now() });
  }

  async getManifest(digest: string): Promise<ManifestEntry | undefined> {
    const entry = await this.read<unknown>('manifests', digestFile(digest));
    return isManifestEntry(entry) ? entry : undefined;
  }

  async setManifest(digest: string, entry: ManifestEntry): Promise<void> {
    await this.write('manifests', digestFile(digest), entry);
  }

  /** Whether `registry/repository@digest` was once confirmed by the registry; never expires (digests are immutable). */
  async hasRepoDigest(key: string): Promise<boolean> {
    return (await this.read<unknown>('repos', keyFile(key))) !== undefined;
  }

  async setRepoDigest(key: string): Promise<void> {
    await this.write('repos', keyFile(key), { at: this.now() });
  }

  /** A parsed image config keyed by the config blob's digest. */
  async getConfig<T>(digest: string): Promise<T | undefined> {
    return this.read<T>('configs', digestFile(digest));
  }

  async setConfig(digest: string, value: unknown): Promise<void> {
    await this.write('configs', digestFile(digest), value);
  }

  /** Whether the cache directory is safe to use (checked once per cache object); false means no disk cache. */
  usable(): Promise<boolean> {
    this.trusted ??= trustedDir(this.root);
    return this.trusted;
  }

  /** Drops everything (tests, `--refresh`). */
  async clear(): Promise<void> {
    this.dirs.clear();
    if (!(await this.usable())) return;
    await rm(this.dir, { recursive: true, force: true });
  }

  private async read<T>(kind: string, name: string): Promise<T | undefined> {
    if (!(await this.usable())) return undefined;
    try {
      return JSON.parse(await readFile(path.join(this.dir, kind, `${name}.json`), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  private async write(kind: string, name: string, value: unknown): Promise<void> {
    const dir = path.join(this.dir, kind);
    const file = path.join(dir, `${name}.json`);
    const temp = `${file}.${process.pid}.${++tempCounter}.tmp`;
    if (!(await this.usable())) return;
    try {
      let made = this.dirs.get(dir);
      if (!made) {
        made = mkdir(dir, { recursive: true });
        this.dirs.set(dir, made);
        // A failed mkdir is retried by the next write (the directory may have been removed by clear()).
        made.catch(() => this.dirs.delete(dir));
      }
      await made;
      await writeFile(temp, JSON.stringify(value), { mode: 0o644 });
      await rename(temp, file);
    } catch {
      // A cache that cannot be written (read-only disk, full tmp) only costs speed.
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

function digestFile(digest: string): string {
  return /^[a-z0-9]+:[0-9a-f]+$/.test(digest) ? digest.replace(':', '-') : keyFile(digest);
}
