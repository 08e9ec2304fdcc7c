/**
 * The on-disk cache shared by every kustodian process on a machine (ArgoCD runs renders in parallel).
 * Two kinds of entry: tag→digest answers, which expire after a TTL because tags move, and facts keyed by digest
 * (platforms, media type, children, config), which never expire because a digest names immutable bytes.
 * Entries are written in batches, one pack file per flush, each as temp file + rename in the same directory, so a
 * reader sees a whole pack or none, never half of one. A corrupt or unreadable pack or entry is a miss, never a
 * failure.
 *
 * A tag→digest entry decides which digest gets pinned, so the cache must not be writable by anyone else: the
 * directory is created 0700 and used only if it is a real directory (not a symlink) owned by the current user and
 * not group- or world-writable. Otherwise the run goes on without the disk cache (slower, never wrong).
 */
import { lstat, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KustodianError } from '../errors.js';
import { MAX_CACHE_PACK_BYTES, readTextFile } from '../limits.js';

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
  /** Largest pack read (default MAX_CACHE_PACK_BYTES); tests lower it. */
  maxPackBytes?: number;
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
  /** Makes the writes so far durable (a store may batch them); never throws. */
  flush(): Promise<void>;
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
  flush(): Promise<void> {
    return this.all((s) => s.flush());
  }
}

/**
 * v2: entries live in pack files (`v2/packs/*.json`), one per flush; v1 held one file per entry, and creating
 * 600–800 files per cold 200-image run cost more than the registry requests on some disks (~0.5 ms each here).
 */
const VERSION = 'v2';
/** Makes pack and temp names unique within this process; the pid makes them unique across processes. */
let fileCounter = 0;
/** At a flush, this many packs read at start-up are merged into one, so reading the cache stays a few files. */
const COMPACT_AT = 16;
/**
 * A merge leaves out tag answers older than this: past their TTL they serve only to HEAD before a GET, and a
 * tag nobody asked about for a month is better forgotten than carried. Digest facts are immutable and stay.
 */
const FORGET_TAGS_AFTER_MS = 30 * 24 * 3600 * 1000;
/** A merge removes temp files older than this: what a writer killed between write and rename left behind. */
const STALE_TEMP_MS = 3600 * 1000;

const KINDS = ['tags', 'manifests', 'repos', 'configs'] as const;
type Kind = (typeof KINDS)[number];
/** One pack: per kind, entries by key (a canonical tag, a digest, a `registry/repo@digest`). Values are checked on read. */
type Pack = Record<Kind, Map<string, unknown>>;

function emptyPack(): Pack {
  return { tags: new Map(), manifests: new Map(), repos: new Map(), configs: new Map() };
}

/** Adds `from` into `into`: for tags the newest answer (`at`) wins, for facts keyed by digest any copy (they are immutable). */
function mergeInto(into: Pack, from: Pack): void {
  for (const kind of KINDS) {
    for (const [key, value] of from[kind]) {
      const old = into[kind].get(key);
      if (old === undefined || (kind === 'tags' && isTagEntry(value) && !(isTagEntry(old) && old.at >= value.at))) into[kind].set(key, value);
    }
  }
}

/** A pack file's content, or undefined when it is not one (the caller skips it whole). */
function parsePack(text: string): Pack | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const pack = emptyPack();
  for (const kind of KINDS) {
    const section = (doc as Record<string, unknown>)[kind];
    if (section === undefined) continue;
    if (typeof section !== 'object' || section === null || Array.isArray(section)) return undefined;
    for (const [key, value] of Object.entries(section)) pack[kind].set(key, value);
  }
  return pack;
}

function packText(pack: Pack): string {
  return JSON.stringify(Object.fromEntries(KINDS.map((kind) => [kind, Object.fromEntries(pack[kind])])));
}

/**
 * The disk cache. All methods are safe to call concurrently from many processes. Reads load every pack once per
 * cache object (a snapshot: what other processes write later is a miss, never a wrong answer); writes are kept in
 * memory until flush() writes them as one new pack (temp file + rename, so a pack is whole or absent). The
 * registry client flushes whenever it has no lookup in flight, so a run writes one pack or a few.
 */
export class RegistryCache implements ResolutionStore {
  readonly dir: string;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly root: string;
  private readonly packs: string;
  private readonly maxPackBytes: number;
  private trusted: Promise<boolean> | undefined;
  /** Everything known: the packs read at start-up plus this object's writes. */
  private loaded: Promise<{ entries: Pack; files: string[] }> | undefined;
  /** Writes not yet in a pack. */
  private pending = emptyPack();
  private pendingCount = 0;
  /** Flushes run one after another. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(options: RegistryCacheOptions) {
    this.root = options.dir;
    this.dir = path.join(options.dir, VERSION);
    this.packs = path.join(this.dir, 'packs');
    this.ttlMs = (options.tagTtlSeconds ?? 300) * 1000;
    this.now = options.now ?? Date.now;
    this.maxPackBytes = options.maxPackBytes ?? MAX_CACHE_PACK_BYTES;
  }

  /** A fresh tag→digest answer for a canonical `registry/repo:tag`, or undefined. */
  async getTag(canonical: string): Promise<TagEntry | undefined> {
    const found = await this.lookupTag(canonical);
    return found.state === 'fresh' ? found.entry : undefined;
  }

  async lookupTag(canonical: string): Promise<TagLookup> {
    if (this.ttlMs <= 0) return { state: 'expired' };
    return tagLookup(await this.read('tags', canonical), this.ttlMs, this.now());
  }

  async setTag(canonical: string, entry: Omit<TagEntry, 'at'>): Promise<void> {
    if (this.ttlMs <= 0) return;
    await this.write('tags', canonical, { ...entry, at: this.now() });
  }

  async getManifest(digest: string): Promise<ManifestEntry | undefined> {
    const entry = await this.read('manifests', digest);
    return isManifestEntry(entry) ? entry : undefined;
  }

  async setManifest(digest: string, entry: ManifestEntry): Promise<void> {
    await this.write('manifests', digest, entry);
  }

  /** Whether `registry/repository@digest` was once confirmed by the registry; never expires (digests are immutable). */
  async hasRepoDigest(key: string): Promise<boolean> {
    const v = (await this.read('repos', key)) as { at?: unknown } | undefined;
    return typeof v === 'object' && v !== null && typeof v.at === 'number';
  }

  async setRepoDigest(key: string): Promise<void> {
    await this.write('repos', key, { at: this.now() });
  }

  /** A parsed image config keyed by the config blob's digest. */
  async getConfig<T>(digest: string): Promise<T | undefined> {
    return (await this.read('configs', digest)) as T | undefined;
  }

  async setConfig(digest: string, value: unknown): Promise<void> {
    await this.write('configs', digest, value);
  }

  /** Whether the cache directory is safe to use (checked once per cache object); false means no disk cache. */
  usable(): Promise<boolean> {
    this.trusted ??= trustedDir(this.root);
    return this.trusted;
  }

  /**
   * Writes the entries set since the last flush as one pack; when start-up read COMPACT_AT packs or more, writes
   * everything known as one pack instead and removes the packs it read (a pack another process writes meanwhile is
   * not among them, so nothing is lost). Never throws: a cache that cannot be written only costs speed.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow());
    return this.flushing;
  }

  /** Drops everything (tests, `--refresh`). */
  async clear(): Promise<void> {
    this.loaded = undefined;
    this.pending = emptyPack();
    this.pendingCount = 0;
    if (!(await this.usable())) return;
    await rm(this.dir, { recursive: true, force: true });
  }

  private async flushNow(): Promise<void> {
    if (this.pendingCount === 0 || !(await this.usable())) return;
    const pending = this.pending;
    this.pending = emptyPack();
    this.pendingCount = 0;
    const known = await this.load();
    const compact = known.files.length >= COMPACT_AT;
    if (compact) this.forgetOldTags(known.entries);
    const name = `${Date.now()}-${process.pid}-${++fileCounter}`;
    const file = path.join(this.packs, `${name}.json`);
    const temp = path.join(this.packs, `${name}.tmp`);
    try {
      await mkdir(this.packs, { recursive: true });
      await writeFile(temp, packText(compact ? known.entries : pending), { mode: 0o644 });
      await rename(temp, file);
    } catch {
      await rm(temp, { force: true }).catch(() => undefined);
      return;
    }
    if (!compact) return;
    const merged = known.files;
    known.files = [name];
    await Promise.all(merged.map((f) => rm(path.join(this.packs, `${f}.json`), { force: true }).catch(() => undefined)));
    await this.removeStaleTemps();
  }

  private forgetOldTags(entries: Pack): void {
    const oldest = this.now() - FORGET_TAGS_AFTER_MS;
    for (const [key, value] of entries.tags) {
      const at = (value as { at?: unknown } | null)?.at;
      if (typeof at !== 'number' || at < oldest) entries.tags.delete(key);
    }
  }

  private async removeStaleTemps(): Promise<void> {
    const names = await readdir(this.packs).catch(() => [] as string[]);
    const oldest = this.now() - STALE_TEMP_MS;
    await Promise.all(
      names
        .filter((n) => n.endsWith('.tmp'))
        .map(async (n) => {
          const file = path.join(this.packs, n);
          const st = await lstat(file).catch(() => undefined);
          if (st?.isFile() && st.mtimeMs < oldest) await rm(file, { force: true }).catch(() => undefined);
        }),
    );
  }

  /** Reads every pack once (in name order, so a tag's newest answer wins ties the same way for every reader). */
  private load(): Promise<{ entries: Pack; files: string[] }> {
    this.loaded ??= (async () => {
      const entries = emptyPack();
      const files: string[] = [];
      if (!(await this.usable())) return { entries, files };
      let names: string[] = [];
      try {
        names = (await readdir(this.packs)).filter((n) => n.endsWith('.json')).sort();
      } catch {
        return { entries, files };
      }
      const texts = await Promise.all(
        names.map((n) =>
          readTextFile(path.join(this.packs, n), this.maxPackBytes, 'IO').catch((error: unknown) =>
            // Too large or not text: skipped, and removed by the next merge. Gone (another process's merge removed
            // it since readdir; its entries are in that process's new pack) or unreadable: skipped, left alone.
            error instanceof KustodianError ? '' : undefined,
          ),
        ),
      );
      names.forEach((n, i) => {
        const text = texts[i];
        if (text === undefined) return;
        const pack = parsePack(text);
        if (pack) mergeInto(entries, pack);
        files.push(n.slice(0, -'.json'.length));
      });
      return { entries, files };
    })();
    return this.loaded;
  }

  private async read(kind: Kind, key: string): Promise<unknown> {
    return (await this.load()).entries[kind].get(key);
  }

  private async write(kind: Kind, key: string, value: unknown): Promise<void> {
    if (!(await this.usable())) return;
    const known = await this.load();
    known.entries[kind].set(key, value);
    this.pending[kind].set(key, value);
    this.pendingCount++;
  }
}

