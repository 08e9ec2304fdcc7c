/**
 * Which directories `check` builds: the ones named, the leaf overlays under each `--all` root, a
 * `kind: Component` replaced by the overlays that include it, then one shard of the sorted list. Also
 * the report root, so that every shard of one run reports the same paths.
 */
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { KustodianError } from '../util/errors.js';
import { findGitTopLevel, inside, REPO_ROOT_ENV } from '../repo/root.js';
import { findAppRepoRoot } from './kustomization-tree.js';
import { findIncludingOverlays, isComponent, leafOverlaysUnder } from './overlays.js';
import type { KustomizationReader } from './kustomization-file.js';

/** One of N CI jobs: `index` is 1-based, as GitHub Actions matrix values are written (`--shard 1/3`). */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N); a usage error otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new KustodianError('USAGE', `--shard must be I/N with 1 ≤ I ≤ N (e.g. 1/3), not ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/**
 * The directories shard I of N checks: of the sorted list, those whose 0-based position p has
 * p mod N = I - 1. Round robin rather than contiguous runs, so neighbouring overlays (often the
 * same app's environments, alike in cost) spread over the jobs; every directory is in exactly one
 * shard, and the split depends only on the sorted list.
 */
export function shardOf<T>(sorted: readonly T[], shard: Shard): T[] {
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}

/** What to check, as the command line says it. */
export interface AppSelectionInput {
  /** App directories named. */
  dirs: readonly string[];
  /** Roots to search for leaf overlays (`--all`). */
  all?: readonly string[];
  shard?: Shard;
  /** Report paths are relative to this (default: the repository that holds the checked directories). */
  root?: string;
  /** `--repo-root DIR`: it bounds the search for overlays that include a component, as KUSTODIAN_REPO_ROOT does. */
  repoRoot?: string;
  env: NodeJS.ProcessEnv;
  /** The run's shared kustomization reader (sharedKustomizationReader), if it has one. */
  read?: KustomizationReader;
}

/** The directories to build, in order, and what the report needs to know about how they were chosen. */
export interface AppSelection {
  /** The directories this run (this shard) builds, sorted. */
  apps: string[];
  /** Each `kind: Component` named, with the overlays that include it (checked in its place). */
  components: Map<string, string[]>;
  /** The `--all` root each leaf was found under: the fallback repository root always includes it. */
  trees: Map<string, string>;
  /** The directory report paths are relative to. */
  root: string;
}

/** Selects the directories to build; a usage error for a named directory that does not exist. */
export async function selectApps(options: AppSelectionInput): Promise<AppSelection> {
  const { env } = options;
  const dirs = new Set<string>();
  for (const d of options.dirs) {
    const abs = path.resolve(d);
    const isDir = await stat(abs).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) throw new KustodianError('USAGE', `${d}: no such directory`);
    dirs.add(abs);
  }
  const leaves = await leafOverlaysUnder(options.all ?? [], options.read);
  for (const leaf of leaves) dirs.add(leaf);
  // Each leaf under an --all ROOT is bounded by at least that ROOT when no other root is known (src/repo/root.ts).
  const trees = new Map<string, string>();
  for (const tree of (options.all ?? []).map((r) => path.resolve(r))) {
    for (const leaf of leaves) if (!trees.has(leaf) && inside(tree, leaf)) trees.set(leaf, tree);
  }
  // A kind: Component is built only inside the overlays that include it: check those instead.
  const components = new Map<string, string[]>();
  for (const dir of [...dirs]) {
    if (!(await isComponent(dir, options.read))) continue;
    const including = await findIncludingOverlays(
      (await findAppRepoRoot(dir, env, { explicit: options.repoRoot, tree: trees.get(dir) })).dir,
      dir,
    );
    components.set(dir, including);
    dirs.delete(dir);
    for (const overlay of including) dirs.add(overlay);
  }
  const all = [...dirs].sort();
  const sorted = options.shard ? shardOf(all, options.shard) : all;
  // Paths in the report are relative to the repository that holds the checked directories (SARIF's
  // %SRCROOT%), wherever the command was started from.
  // Chosen from the whole list, not the shard, so that every shard of one run reports the same paths.
  const first = all[0] ?? [...components.keys()][0];
  // A root the user named (flag or variable, the same precedence as each app's) is the report root,
  // wherever the command runs: resolving it against the cwd refused every app run from outside it.
  const named = options.repoRoot || env[REPO_ROOT_ENV] || undefined;
  const root = path.resolve(
    options.root ?? named ?? (first && (await findGitTopLevel(first))) ?? (await findAppRepoRoot(process.cwd(), env)).dir,
  );
  return { apps: sorted, components, trees, root };
}
