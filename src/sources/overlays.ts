/**
 * `kustodian check --all ROOT`: every leaf overlay under ROOT. A leaf is a directory with a
 * kustomization that no other kustomization under ROOT uses through `resources`, `components` or
 * `bases`, and that is not itself a `kind: Component` (components cannot be built on their own).
 */
import { readdirSync, type Dirent } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import path from 'node:path';
import { KustodianError } from '../util/errors.js';

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
 * Directories listed between two turns of the event loop. The walk lists directories and reads small
 * kustomizations without the loop (see readTextFileSync): through it, each listing's thread-pool round
 * trip and promises made the walk most of `check --all --changed-since` over a hundred apps. Yielding
 * now and then keeps a signal, or a git listing started before the walk, from waiting on a large tree.
 */
const DIRECTORIES_PER_TURN = 64;

/** Every kustomization under `dir`, in no particular order (callers sort what they return). */
async function walk(dir: string, found: Kustomization[], read: KustomizationReader = readKustomization): Promise<void> {
  const pending = [dir];
  for (let listed = 0; pending.length; listed++) {
    if (listed > 0 && listed % DIRECTORIES_PER_TURN === 0) await yieldToLoop();
    const at = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch (error) {
      throw new KustodianError('IO', `cannot read ${at}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
        cause: error,
      });
    }
    if (KUSTOMIZATION_FILES.some((name) => entries.some((e) => e.isFile() && e.name === name))) found.push(await kustomizationIn(at, read));
    for (const e of entries) if (e.isDirectory() && isSearchedDirectory(e.name)) pending.push(path.join(at, e.name));
  }
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
