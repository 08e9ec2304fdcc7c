/**
 * The kustomizations an overlay loads and the local files they name, read without running kustomize.
 * Two callers need this walk: the repository root of a checkout without `.git` is the common ancestor
 * of what the overlay loads (src/repo/root.ts), and a finding's file is looked up among the files the
 * overlay names (src/sources/source-locator.ts), which is what kustomize's origin annotations would say at the
 * price of a second, slower build.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { readKustomization, type KustomizationFile } from './kustomization-file.js';
import { resolveRepoRoot, type RepoRoot, type RepoRootOptions } from '../repo/root.js';
import { MAX_KUSTOMIZATIONS } from '../util/limits.js';

/** One kustomization the overlay loads. */
export interface LoadedKustomization {
  /** Absolute path of the kustomization file. */
  file: string;
  /** Absolute paths of the local files its `resources`, `bases` and `components` name, in their order. */
  resourceFiles: string[];
}

export interface KustomizationTree {
  /** The overlay first, then what each kustomization names, depth first, as kustomize accumulates them. */
  kustomizations: LoadedKustomization[];
  /** Every local directory loaded besides the overlay's own: named directories and the directories of named files. */
  directories: string[];
}

/**
 * Walks the kustomizations of `appDir`, spelled as kustomize resolves them (relative to the naming
 * kustomization). Each is visited once by real path, so a cycle ends; an unreadable, oversized or
 * malformed kustomization ends the walk there, since kustomize reports it itself. `read` may share
 * one reading of the kustomizations among the walks of many overlays (`--changed-since`).
 */
export async function walkKustomizations(
  appDir: string,
  read: (dir: string) => Promise<KustomizationFile | undefined> = readKustomization,
): Promise<KustomizationTree> {
  const top = path.resolve(appDir);
  const kustomizations: LoadedKustomization[] = [];
  const directories: string[] = [];
  const walked = new Set<string>();
  const listed = new Set<string>([realKey(top)]);
  const addDirectory = (dir: string): void => {
    const key = realKey(dir);
    if (listed.has(key)) return;
    listed.add(key);
    directories.push(dir);
  };
  const visit = async (dir: string): Promise<void> => {
    const key = realKey(dir);
    if (walked.has(key) || walked.size >= MAX_KUSTOMIZATIONS) return;
    walked.add(key);
    const loaded = await read(dir);
    if (!loaded) return;
    const node: LoadedKustomization = { file: loaded.file, resourceFiles: [] };
    kustomizations.push(node);
    for (const entry of loaded.loads) {
      const target = path.resolve(dir, entry);
      const st = statOf(target);
      if (st?.isDirectory()) {
        addDirectory(target);
        await visit(target);
      } else if (st?.isFile()) {
        node.resourceFiles.push(target);
        addDirectory(path.dirname(target));
      }
    }
  };
  await visit(top);
  return { kustomizations, directories };
}

/*
 * Stats and real paths without the event loop, as the kustomizations themselves are read (see
 * readTextFileSync): a walk asks a few per entry, each a system call of microseconds.
 */
function statOf(p: string): ReturnType<typeof statSync> {
  try {
    return statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function realKey(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

/**
 * The repository root of an app directory (src/repo/root.ts has the rules), with this walk as the
 * fallback bound. `walk` is the caller's walk of the same app, when it makes one anyway.
 */
export function findAppRepoRoot(
  appDir: string,
  env: NodeJS.ProcessEnv,
  options: Omit<RepoRootOptions, 'loadedDirectories'> & { walk?: () => Promise<KustomizationTree> } = {},
): Promise<RepoRoot> {
  const { walk, ...rest } = options;
  return resolveRepoRoot(appDir, env, {
    ...rest,
    loadedDirectories: async () => (await (walk?.() ?? walkKustomizations(appDir))).directories,
  });
}
