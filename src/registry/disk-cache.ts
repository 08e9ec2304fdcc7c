/**
 * The on-disk cache shared by every kustodian process on a machine (ArgoCD runs renders in parallel), and its disk
 * format. Two kinds of entry (cache-entries.ts): tag→digest answers, which expire after a TTL because tags move,
 * and facts keyed by digest (platforms, media type, children, config), which never expire because a digest names
 * immutable bytes. Entries are written in batches, one pack file per flush, each as temp file + rename in the same
 * directory, so a reader sees a whole pack or none, never half of one. A corrupt or unreadable pack or entry is a
 * miss, never a failure. The directory is used only when cache-directory.ts trusts it.
 */
import { lstat, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KustodianError } from '../util/errors.js';
import { MAX_CACHE_PACK_BYTES, readTextFile } from '../util/limits.js';
import { isManifestEntry, isTagEntry, type ManifestEntry, type TagEntry } from './cache-entries.js';
import { trustedDir } from './cache-directory.js';
import { tagLookup, type ResolutionStore, type TagLookup } from './resolution-store.js';

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
      if (old === undefined || (kind === 'tags' && isTagEntry(value) && !(isTagEntry(old) && old.at >= value.at)))
        into[kind].set(key, value);
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
