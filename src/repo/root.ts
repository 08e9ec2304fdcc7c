/**
 * Finding the repository root, which bounds every file kustodian reads besides the render (config,
 * lock, migrations, the files findings are located in), and the containment test for those reads.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { KustodianError } from '../util/errors.js';

/** The variable that names the repository root (as `--repo-root` does), for CI jobs and sidecars. */
export const REPO_ROOT_ENV = 'KUSTODIAN_REPO_ROOT';

/** How the root was chosen: messages about a refused path say how to move the bound. */
export type RepoRootSource = 'flag' | 'env' | 'argocd' | 'git' | 'loaded';

export interface RepoRoot {
  /** Absolute, spelled like the app dir (reports show paths relative to it); containment compares real paths. */
  dir: string;
  source: RepoRootSource;
}

export interface RepoRootOptions {
  /** `--repo-root DIR`. */
  explicit?: string;
  /** `check --all ROOT`: the tree the user named, which the fallback bound always includes. */
  tree?: string;
  cwd?: string;
  /**
   * Every local directory the app's kustomizations load (bases, components): the fallback bound. The
   * kustomization walk lives with the sources; passing it in keeps this module below them.
   */
  loadedDirectories: () => Promise<readonly string[]>;
}

/** How to widen the bound, for messages that refuse a path above it. */
export const HOW_TO_SET_ROOT = `set the repository root with --repo-root DIR or ${REPO_ROOT_ENV}`;

/**
 * The repository root of an app directory, first match wins:
 * 1. `--repo-root DIR`, then KUSTODIAN_REPO_ROOT (the user said so; it must contain the app);
 * 2. in ArgoCD, the app's working directory minus ARGOCD_APP_SOURCE_PATH (the CMP runs in
 *    <root>/<source path>; the app dir is tried first, then `cwd`);
 * 3. the nearest ancestor holding `.git` (a directory, or a worktree's or submodule's file);
 * 4. without any of these (a tarball, `git archive`, a CI cache), the common ancestor of the app dir,
 *    every local directory its kustomizations load (bases, components), and `check --all`'s ROOT:
 *    what kustomize itself reads, so a checkout and its tarball render alike.
 */
export async function resolveRepoRoot(appDir: string, env: NodeJS.ProcessEnv, options: RepoRootOptions): Promise<RepoRoot> {
  const abs = path.resolve(appDir);
  const realApp = await real(abs);
  for (const [value, source, label] of [
    [options.explicit, 'flag', '--repo-root'],
    [env[REPO_ROOT_ENV], 'env', REPO_ROOT_ENV],
  ] as const) {
    if (value === undefined) continue;
    if (value === '') throw new KustodianError('USAGE', `${label} is empty; give the repository's top directory`);
    const dir = path.resolve(value);
    let realDir: string;
    try {
      realDir = await realpath(dir);
      if (!(await stat(realDir)).isDirectory()) throw new Error('ENOTDIR');
    } catch {
      throw new KustodianError('USAGE', `${label} ${value}: no such directory`);
    }
    if (!inside(realDir, realApp)) throw new KustodianError('USAGE', `${label} ${value} does not contain the app directory ${appDir}`);
    return { dir, source };
  }
  const argo = argoRoot(abs, env, path.resolve(options.cwd ?? process.cwd()));
  if (argo !== undefined) return { dir: argo, source: 'argocd' };
  const git = await findGitTopLevel(abs);
  if (git !== undefined) return { dir: git, source: 'git' };
  const dirs = [abs, ...(await options.loadedDirectories())];
  if (options.tree !== undefined) dirs.push(path.resolve(options.tree));
  return { dir: commonAncestor(dirs), source: 'loaded' };
}

function argoRoot(abs: string, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const sourcePath = env.ARGOCD_APP_SOURCE_PATH;
  if (sourcePath === undefined || sourcePath === '') return undefined;
  const rel = path.normalize(sourcePath).replace(/^[/\\]+|[/\\]+$/g, '');
  if (rel === '.' || rel === '') return abs;
  for (const dir of [abs, cwd]) {
    if (!dir.endsWith(path.sep + rel)) continue;
    const root = dir.slice(0, dir.length - rel.length - 1) || path.sep;
    // The root must contain the app: a source path that matches cwd but not the app dir is no bound for it.
    if (inside(root, abs)) return root;
  }
  return undefined;
}

async function real(p: string): Promise<string> {
  return realpath(p).catch(() => p);
}

/** True when `target` is `root` or below it (both absolute; compare real paths for real containment). */
export function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * Checks, on real paths, that `file` lies inside the root before it is read: a `kustodian.yaml` or lock
 * that is a symlink to /etc/shadow is refused unread. A missing file passes (the caller reports it).
 */
export async function assertInsideRoot(file: string, root: string, what: string): Promise<void> {
  let target: string;
  try {
    target = await realpath(file);
  } catch {
    return;
  }
  if (inside(await real(root), target)) return;
  throw new KustodianError(
    'CONFIG_INVALID',
    `${what} ${file} leads outside the repository root ${root}; kustodian reads no files there (${HOW_TO_SET_ROOT}, or name the file with --config)`,
    { file: { path: file } },
  );
}

/** The nearest ancestor of `dir` holding `.git` (a directory, or a worktree's or submodule's file). */
export async function findGitTopLevel(dir: string): Promise<string | undefined> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    try {
      await stat(path.join(at, '.git'));
      return at;
    } catch {
      // keep walking
    }
    if (path.dirname(at) === at) return undefined;
  }
}

/** The deepest directory holding every one of `dirs` (absolute paths). */
export function commonAncestor(dirs: readonly string[]): string {
  let common = dirs[0]!;
  for (const d of dirs.slice(1)) while (!inside(common, d)) common = path.dirname(common);
  return common;
}
