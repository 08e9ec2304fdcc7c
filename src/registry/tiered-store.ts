/**
 * The client's view of its caches: the local disk before the shared network cache, as one ResolutionStore. Kept
 * apart from both stores because the order and the write-to-all rule are the client's choice, not a store's.
 */
import { isConfigEntry, type ManifestEntry, type TagEntry } from './cache-entries.js';
import type { ResolutionStore, TagLookup } from './resolution-store.js';

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
