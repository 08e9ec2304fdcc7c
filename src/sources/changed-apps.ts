/**
 * `--changed-since REF`: of the leaf overlays a command would build, the ones whose inputs changed
 * between REF and the working tree. An overlay's inputs are every file under a directory of its
 * kustomization tree (its own, its bases' and components', the directories of files they name), its
 * lock (in its directory), a kustodian.yaml on its path up to the work tree's top, and its Flyway
 * locations. A remote base or Helm chart changes only when the kustomization naming it does, which
 * lies in such a directory. The walk made here is handed on to the build (the repository root and the
 * locator use the same one), so each overlay's kustomizations are read once.
 *
 * Errs on the side of building: an overlay whose config cannot be read counts as changed, and the
 * build then reports why.
 */
import path from 'node:path';
import { existsSync, realpathSync } from 'node:fs';
import { walkKustomizations, type KustomizationTree } from './kustomization-tree.js';
import { sharedKustomizationReader, type KustomizationReader } from './kustomization-file.js';
import { changedFiles, gitTopAndCommit, resolveCommit } from './git-snapshot.js';
import { CONFIG_FILE, loadConfig } from '../config/load.js';
import { inside } from '../repo/root.js';
import { mapBounded } from '../util/concurrency.js';

/** Overlays walked at once. */
const WALKS_AT_ONCE = 16;

export interface ChangedSelection {
  /** The commit REF named. */
  commit: string;
  /** The overlays to build, in the input's order. */
  changed: string[];
  /** The overlays left out: nothing they read changed. */
  unchanged: string[];
  /** Each changed overlay's kustomization walk, for its build. */
  trees: Map<string, Promise<KustomizationTree>>;
  /** Each changed overlay's inputs (real paths), undefined when its config could not be read. */
  inputs: Map<string, AppInputs | undefined>;
}

/** What an overlay reads: every file under `dirs`, and `files`. */
export interface AppInputs {
  dirs: string[];
  files: string[];
}

export interface ChangedOptions {
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** --config FILE: one file for every app; when it changed, every app did. */
  configFile?: string;
  /** Flag values by parameter name, for the config each app's Flyway locations come from. */
  flags?: Record<string, unknown>;
  /** The run's shared kustomization reader, when the overlays were found with it. */
  read?: KustomizationReader;
  /** What gitChangesSince found, when the caller started it before the overlays were known. */
  changes?: Promise<GitChanges>;
  /** Told of each overlay as soon as it is found changed, with its walk: its build can start while the others are decided. */
  onChanged?: (app: string, tree: Promise<KustomizationTree>) => void;
}

/** The work tree, the commit REF names, and the paths (absolute) changed since then. */
export interface GitChanges {
  top: string;
  commit: string;
  paths: string[];
}

/**
 * Asks git what changed since REF in the work tree holding `dir`: one run for the top and the commit,
 * then two listings at once, the same for any number of overlays. `known` skips what the caller
 * resolved already (`diff` has the top and the commit). Callers start it first, so that git runs while
 * the overlays are found and walked.
 */
export async function gitChangesSince(
  dir: string,
  ref: string,
  options: Pick<ChangedOptions, 'env' | 'signal'>,
  known: { top?: string; commit?: string } = {},
): Promise<GitChanges> {
  const git = { env: options.env, ...(options.signal ? { signal: options.signal } : {}) };
  const { top, commit } =
    known.top && known.commit
      ? { top: known.top, commit: known.commit }
      : known.top
        ? { top: known.top, commit: await resolveCommit(known.top, ref, git, '--changed-since') }
        : await gitTopAndCommit(dir, ref, git, '--changed-since');
  return { top, commit, paths: (await changedFiles(top, commit, git)).map((f) => path.join(top, f)) };
}

/**
 * The real path, asked of the system at once: a hundred overlays over shared bases ask for a thousand
 * paths, each a system call of microseconds, which the thread pool's round trips made the selection's
 * longest part. The same path is asked again across overlays (the bases, kustodian.yaml up the tree).
 */
function real(p: string, seen: Map<string, string>): string {
  let found = seen.get(p);
  if (found === undefined) {
    try {
      found = realpathSync.native(p);
    } catch {
      found = path.resolve(p);
    }
    seen.set(p, found);
  }
  return found;
}

/** The directories and files whose change changes what `app` renders or checks (real paths). */
async function inputsOf(
  app: string,
  tree: KustomizationTree,
  top: string,
  options: ChangedOptions,
  configs: Map<string, Promise<string[] | undefined>>,
  realPaths: Map<string, string>,
): Promise<AppInputs | undefined> {
  const dirs = [app, ...tree.directories];
  const files = tree.kustomizations.flatMap((k) => [k.file, ...k.resourceFiles]);
  // kustodian.yaml on the app's path: today only the app's own is read, but one moved up the tree must still count.
  for (let at = app; inside(top, at); at = path.dirname(at)) {
    files.push(path.join(at, CONFIG_FILE));
    if (at === top) break;
  }
  if (options.configFile) files.push(path.resolve(options.configFile));
  const locations = await flywayLocations(app, options, configs);
  if (!locations) return undefined;
  dirs.push(...locations);
  return { dirs: dirs.map((d) => real(d, realPaths)), files: files.map((f) => real(f, realPaths)) };
}

/**
 * The app's Flyway locations (absolute); undefined when its config cannot be read. Apps without a
 * kustodian.yaml of their own share one config (env and flags), read once; relative locations of it
 * resolve against each app.
 */
async function flywayLocations(
  app: string,
  options: ChangedOptions,
  configs: Map<string, Promise<string[] | undefined>>,
): Promise<string[] | undefined> {
  // Asked without the event loop, as the walk's own reads (see readTextFileSync): once per overlay.
  const own = options.configFile ?? (existsSync(path.join(app, CONFIG_FILE)) ? path.join(app, CONFIG_FILE) : undefined);
  const key = own ?? '';
  if (!configs.has(key)) {
    configs.set(
      key,
      loadConfig({ dir: app, env: options.env, flags: options.flags, ...(own ? { file: own } : { withoutFile: true }) }).then(
        ({ config }) => (config.flyway?.locations ?? []).flatMap((entry) => [entry].flat()),
        () => undefined,
      ),
    );
  }
  const locations = await configs.get(key)!;
  if (!locations) return undefined;
  const base = own ? path.dirname(path.resolve(own)) : app;
  return locations.map((loc) => path.resolve(base, loc));
}

/** Splits `apps` (absolute directories of one Git work tree) into those REF's change touches and the rest. */
export async function selectChangedApps(apps: readonly string[], ref: string, options: ChangedOptions): Promise<ChangedSelection> {
  const changes = options.changes ?? gitChangesSince(apps[0] ?? process.cwd(), ref, options);
  // Not awaited when there is no overlay to decide: its failure is still the run's, below.
  changes.catch(() => undefined);
  const changed: string[] = [];
  const unchanged: string[] = [];
  const trees = new Map<string, Promise<KustomizationTree>>();
  const changedInputs = new Map<string, AppInputs | undefined>();
  // Overlays share bases: each kustomization is read once for all the walks.
  const readOnce = options.read ?? sharedKustomizationReader();
  const configs = new Map<string, Promise<string[] | undefined>>();
  // One selection's real paths: the tree it reads does not move while it decides.
  const realPaths = new Map<string, string>();
  const touches = async (app: string): Promise<boolean> => {
    // The walk goes on while git lists the changes: only the verdict waits for both.
    const tree = walkKustomizations(app, readOnce);
    const [{ top, paths: changedPaths }, walked] = await Promise.all([changes, tree]);
    const inputs = await inputsOf(real(app, realPaths), walked, top, options, configs, realPaths);
    const touched = !inputs || changedPaths.some((file) => inputs.files.includes(file) || inputs.dirs.some((dir) => inside(dir, file)));
    if (touched) {
      trees.set(app, tree);
      changedInputs.set(app, inputs);
      options.onChanged?.(app, tree);
    }
    return touched;
  };
  // A few overlays at a time: the walks wait on the file system, not the CPU; bounded to keep file handles few.
  const touched = await mapBounded(apps, WALKS_AT_ONCE, touches);
  apps.forEach((app, i) => (touched[i] ? changed : unchanged).push(app));
  return { commit: (await changes).commit, changed, unchanged, trees, inputs: changedInputs };
}
