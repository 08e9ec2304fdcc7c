/**
 * The interface every resolution cache implements (the disk cache, the shared Redis cache, and the tiered store
 * that chains them), so that the client asks one store and never knows where an answer came from.
 */
import { isTagEntry, type ManifestEntry, type TagEntry } from './cache-entries.js';

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
 * The entries a resolution cache keeps, whatever it is stored in (the disk cache in disk-cache.ts, the shared Redis
 * cache in redis-cache.ts, both through TieredStore). Every getter answers undefined for a miss, an expired tag entry or a
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
