/** Finding the repository root, which bounds every file kustodian reads besides the render. */
import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * In ArgoCD the repo root is the app's working directory minus ARGOCD_APP_SOURCE_PATH (the CMP runs in
 * <root>/<source path>); the app dir is tried first, then `cwd`, in case the plugin was given another
 * directory. Locally it is the nearest ancestor holding `.git` (a directory, or the file a worktree or
 * submodule has), i.e. the git top level. Failing both, the app dir itself: the safest bound.
 */
export async function findRepoRoot(appDir: string, env: NodeJS.ProcessEnv, cwd: string = process.cwd()): Promise<string> {
  const abs = path.resolve(appDir);
  const sourcePath = env.ARGOCD_APP_SOURCE_PATH;
  if (sourcePath !== undefined && sourcePath !== '') {
    const rel = path.normalize(sourcePath).replace(/^[/\\]+|[/\\]+$/g, '');
    if (rel === '.' || rel === '') return abs;
    for (const dir of [abs, path.resolve(cwd)]) {
      if (!dir.endsWith(path.sep + rel)) continue;
      const root = dir.slice(0, dir.length - rel.length - 1) || path.sep;
      // The root must contain the app: a source path that matches cwd but not the app dir is no bound for it.
      if (abs === root || abs.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return root;
    }
  }
  return (await findGitTopLevel(abs)) ?? abs;
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
