/**
 * `kustodian check --all ROOT`: every leaf overlay under ROOT. A leaf is a directory with a
 * kustomization that no other kustomization under ROOT uses through `resources`, `components` or
 * `bases`, and that is not itself a `kind: Component` (components cannot be built on their own).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { KustodianError } from '../util/errors.js';
import { Limiter } from '../util/concurrency.js';

import { KUSTOMIZATION_FILES, readKustomization, type KustomizationReader } from './kustomization-file.js';
import { isSearchedDirectory } from '../repo/searched-directories.js';

interface Kustomization {
  dir: string;
  /** Local directories it refers to (absolute). */
  uses: string[];
  component: boolean;
}

/** A kustomization that cannot be read or parsed still counts (kustomize reports it); it uses nothing. */
async function kustomizationIn(dir: string, read: KustomizationReader): Promise<Kustomization> {
  const k = await read(dir);
  return { dir, uses: (k?.loads ?? []).map((e) => path.resolve(dir, e)), component: k?.component ?? false };
}

/**
 * Directories read at once. The walk waits on the file system, one directory after another it took
 * most of `check --all --changed-since` over a hundred apps; bounded, so a large tree keeps file handles few.
 */
const READS_AT_ONCE = 16;

/** Every kustomization under `dir`, in no particular order (callers sort what they return). */
async function walk(
  dir: string,
  found: Kustomization[],
  read: KustomizationReader = readKustomization,
  limiter = new Limiter(READS_AT_ONCE),
): Promise<void> {
  const entries = await limiter.run(async () => {
    try {
      return await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw new KustodianError('IO', `cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
        cause: error,
      });
    }
  });
  const file = KUSTOMIZATION_FILES.find((name) => entries.some((e) => e.isFile() && e.name === name));
  if (file) found.push(await limiter.run(() => kustomizationIn(dir, read)));
  await Promise.all(
    entries.filter((e) => e.isDirectory() && isSearchedDirectory(e.name)).map((e) => walk(path.join(dir, e.name), found, read, limiter)),
  );
}

/** The leaf overlays under `root`, as absolute paths, sorted. */
export async function findLeafOverlays(root: string, read?: KustomizationReader): Promise<string[]> {
  const abs = path.resolve(root);
  const found: Kustomization[] = [];
  await walk(abs, found, read);
  const used = new Set(found.flatMap((k) => k.uses));
  return found
    .filter((k) => !k.component && !used.has(k.dir))
    .map((k) => k.dir)
    .sort();
}

/** The leaf overlays under every `--all` root, sorted and without repeats; a usage error for a root that is no directory or holds no kustomization. */
export async function leafOverlaysUnder(roots: readonly string[], read?: KustomizationReader): Promise<string[]> {
  const leaves = new Set<string>();
  for (const root of roots) {
    const isDir = await stat(root).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) throw new KustodianError('USAGE', `--all ${root}: no such directory`);
    const found = await findLeafOverlays(root, read);
    if (!found.length) throw new KustodianError('USAGE', `--all ${root}: no kustomization found`);
    for (const leaf of found) leaves.add(leaf);
  }
  return [...leaves].sort();
}

/** True when `dir` holds a `kind: Component` kustomization, which kustomize builds only inside an overlay. */
export async function isComponent(dir: string, read: KustomizationReader = readKustomization): Promise<boolean> {
  return (await read(dir))?.component ?? false;
}

/**
 * The leaf overlays under `root` that include `dir`, directly or through other kustomizations
 * (resources, components, bases): where a component's patches are really built and checked.
 */
export async function findIncludingOverlays(root: string, dir: string): Promise<string[]> {
  const found: Kustomization[] = [];
  await walk(path.resolve(root), found);
  const byDir = new Map(found.map((k) => [k.dir, k]));
  const target = path.resolve(dir);
  const reaches = new Map<string, boolean>();
  const reach = (k: Kustomization, seen: Set<string>): boolean => {
    const known = reaches.get(k.dir);
    if (known !== undefined) return known;
    if (seen.has(k.dir)) return false;
    seen.add(k.dir);
    const result = k.uses.some((u) => u === target || (byDir.has(u) && reach(byDir.get(u)!, seen)));
    reaches.set(k.dir, result);
    return result;
  };
  const used = new Set(found.flatMap((k) => k.uses));
  return found
    .filter((k) => !k.component && !used.has(k.dir) && reach(k, new Set()))
    .map((k) => k.dir)
    .sort();
}
