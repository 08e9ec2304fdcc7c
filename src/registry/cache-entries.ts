/**
 * The entries a resolution cache keeps, and the guards that check them. Every store holds bytes that other
 * processes (or other versions of kustodian) wrote, on disk or in a shared Redis, so a value is trusted only once
 * its shape is checked here. One module for both stores (disk-cache.ts, redis-cache.ts) and the client, so that
 * they agree on what a well-formed entry is.
 */

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

const digestRe = /^sha256:[0-9a-f]{64}$/;

/** Whether a stored value is a well-formed TagEntry (stores hold bytes others wrote: check before trusting). */
export function isTagEntry(value: unknown): value is TagEntry {
  const v = value as Partial<TagEntry> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.digest === 'string' &&
    digestRe.test(v.digest) &&
    typeof v.mediaType === 'string' &&
    typeof v.at === 'number' &&
    Number.isFinite(v.at) &&
    (v.size === undefined || typeof v.size === 'number')
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
      return (
        typeof x === 'object' &&
        x !== null &&
        typeof x.digest === 'string' &&
        digestRe.test(x.digest) &&
        typeof x.mediaType === 'string' &&
        typeof x.platform === 'string'
      );
    })
  );
}

/** Whether a stored value is a well-formed image config (env of strings, os and architecture strings). */
export function isConfigEntry(
  value: unknown,
): value is { env: Record<string, string>; os: string; architecture: string; variant?: string } {
  const v = value as { env?: unknown; os?: unknown; architecture?: unknown; variant?: unknown } | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.os === 'string' &&
    typeof v.architecture === 'string' &&
    (v.variant === undefined || typeof v.variant === 'string') &&
    typeof v.env === 'object' &&
    v.env !== null &&
    !Array.isArray(v.env) &&
    Object.values(v.env).every((x) => typeof x === 'string')
  );
}
