/**
 * Where the disk cache lives, and whether it may be used. A tag→digest entry decides which digest gets pinned, so
 * the cache must not be writable by anyone else: the directory is created 0700 and used only if it is a real
 * directory (not a symlink) owned by the current user and not group- or world-writable. Otherwise the run goes on
 * without the disk cache (slower, never wrong). Kept apart from the pack format (disk-cache.ts): this is the
 * security policy, and a change to the format must not reach it by accident.
 */
import { lstat, mkdir } from 'node:fs/promises';
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
export async function trustedDir(dir: string): Promise<boolean> {
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
