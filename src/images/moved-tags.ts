/**
 * Moved tags: whether each locked tag still names the digest the lock records. A lock makes renders hermetic,
 * which also means it never notices a tag re-pushed with other bytes (the incident's fixed image under the same
 * tag). `kustodian pin --check --remote` asks each registry, meant for a scheduled CI job.
 */
import { isRegistryError, parseReference } from '../registry/index.js';
import type { LockEntry } from './lock-file.js';
import type { FailureReason, RegistryPort } from './resolutions.js';

/** A locked tag whose registry now serves another digest. */
export interface MovedTag {
  reference: string;
  locked: { digest: string; platforms: string[] };
  now: { digest: string; platforms: string[] };
}

/** The answer for every locked tag: the ones that moved, and the ones the registry could not answer for. */
export interface MovedTagsResult {
  moved: MovedTag[];
  failed: { reference: string; reason: FailureReason; message: string }[];
  /** Locked tags asked about (entries whose reference carries a digest cannot move and are not asked). */
  asked: number;
}

/**
 * Asks the registry for every lock entry written as a tag. `registry` must answer tags from the registry itself,
 * not from a fresh cache entry (a client with tag TTL 0: it HEADs the tag every time).
 */
export async function movedTags(entries: readonly LockEntry[], registry: RegistryPort): Promise<MovedTagsResult> {
  const tags = entries.filter((e) => {
    try {
      return parseReference(e.reference).digest === undefined;
    } catch {
      return false; // the lock schema allows it, the render would fail on it; nothing to ask a registry
    }
  });
  const moved: MovedTag[] = [];
  const failed: MovedTagsResult['failed'] = [];
  await Promise.all(
    tags.map(async (e) => {
      try {
        const r = await registry.resolve(e.reference);
        if (r.digest !== e.digest) {
          moved.push({
            reference: e.reference,
            locked: { digest: e.digest, platforms: [...e.platforms].sort() },
            now: { digest: r.digest, platforms: [...r.platforms].sort() },
          });
        }
      } catch (error) {
        if (!isRegistryError(error)) throw error;
        failed.push({ reference: e.reference, reason: error.reason, message: error.message });
      }
    }),
  );
  const byRef = (a: { reference: string }, b: { reference: string }) =>
    a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0;
  return { moved: moved.sort(byRef), failed: failed.sort(byRef), asked: tags.length };
}

/** "was linux/arm64 only, now linux/amd64, linux/arm64", or "platforms unchanged (linux/amd64)". */
export function platformChange(was: readonly string[], now: readonly string[]): string {
  const list = (p: readonly string[]) => (p.length === 0 ? 'no platforms' : p.length === 1 ? `${p[0]} only` : p.join(', '));
  if (was.length === now.length && was.every((p, i) => p === now[i])) return `platforms unchanged (${now.join(', ') || 'none'})`;
  return `was ${list(was)}, now ${list(now)}`;
}
