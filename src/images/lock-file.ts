/**
 * kustodian.lock.yaml: the committed tag→digest answers that make renders hermetic. Read by render,
 * check and fn (never written by them); written only by `kustodian pin`, atomically.
 */
import { rename, writeFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { KustodianError } from '../util/errors.js';
import { stringifyYaml } from '../manifests/yaml.js';
import { readYamlFile } from '../config/yaml-file.js';
import { validateLock } from '../config/schema.js';
import { describeError } from '../config/load.js';
import type { Lock } from '../generated/lock.js';
import { assertInsideRoot } from '../repo/root.js';

/** The lock's file name, in the app directory. */
export const LOCK_FILE = 'kustodian.lock.yaml';

/** One image in the lock. */
export type LockEntry = Lock['images'][number];

const HEADER = { apiVersion: 'kustodian.dev/v1alpha1', kind: 'Lock' } as const;

/** The lock file of an app directory. */
export function lockPath(appDir: string): string {
  return path.join(appDir, LOCK_FILE);
}

/**
 * Reads and validates the lock; undefined when there is none. Throws LOCK_INVALID with a line number, and
 * CONFIG_INVALID, unread, for a lock that leads outside the repository `root` (a symlink).
 */
export async function readLock(appDir: string, root?: string): Promise<Lock | undefined> {
  const file = lockPath(appDir);
  if (root) await assertInsideRoot(file, root, LOCK_FILE);
  const yaml = await readYamlFile(file, 'LOCK_INVALID', { optional: true });
  if (!yaml) return undefined;
  const value = yaml.value;
  if (!validateLock(value)) {
    const e = validateLock.errors![0]!;
    throw new KustodianError('LOCK_INVALID', `${yaml.where(e)}: ${describeError(e)}; run \`kustodian pin\` to rewrite it`);
  }
  const seen = new Set<string>();
  for (const entry of value.images) {
    if (seen.has(entry.reference))
      throw new KustodianError('LOCK_INVALID', `${file}: ${entry.reference} is listed twice; run \`kustodian pin\` to rewrite it`);
    seen.add(entry.reference);
  }
  return value;
}

/** Entries in the one order a lock is written in: by reference, code-unit order (locale-independent). */
export function sortEntries(entries: Iterable<LockEntry>): LockEntry[] {
  return [...entries].map(normalizeEntry).sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
}

/** Fixed key order and sorted platforms, so that the same facts always give the same bytes. */
function normalizeEntry(e: LockEntry): LockEntry {
  const out: LockEntry = { reference: e.reference, digest: e.digest, mediaType: e.mediaType, platforms: [...new Set(e.platforms)].sort() };
  if (e.env && Object.keys(e.env).length) {
    const env: NonNullable<LockEntry['env']> = {};
    for (const platform of Object.keys(e.env).sort()) {
      const vars = e.env[platform]!;
      env[platform] = Object.fromEntries(
        Object.entries(vars)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }
    out.env = env;
  }
  return out;
}

/**
 * The lock file's text for these entries. Validated first: a lock that readLock would reject (LOCK_INVALID on
 * every later render) must never be written.
 */
export function formatLock(entries: Iterable<LockEntry>): string {
  const lock: Lock = { ...HEADER, images: sortEntries(entries) };
  if (!validateLock(lock)) {
    const e = validateLock.errors![0]!;
    throw new KustodianError('LOCK_INVALID', `refusing to write ${LOCK_FILE}: at ${e.instancePath || '/'}: ${describeError(e)}`);
  }
  return `# Written by \`kustodian pin\`; do not edit. Every digest here was resolved from the registry.\n${stringifyYaml(lock)}`;
}

/**
 * Writes the lock atomically: a temporary file in the same directory (rename is atomic only within
 * one file system), then rename over the old one, so a concurrent render never reads half a lock.
 */
export async function writeLock(appDir: string, entries: Iterable<LockEntry>): Promise<string> {
  const file = lockPath(appDir);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const text = formatLock(entries);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw new KustodianError('IO', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
    });
  }
  return file;
}
