/** Finding the repository root, which bounds every file kustodian reads besides the render. */
import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * In ArgoCD the repo root is the app path minus ARGOCD_APP_SOURCE_PATH; locally it is the nearest
 * ancestor holding `.git`; failing both, the app dir itself (the safest bound).
 */
export async function findRepoRoot(appDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const abs = path.resolve(appDir);
  const sourcePath = env.ARGOCD_APP_SOURCE_PATH;
  if (sourcePath !== undefined && sourcePath !== '') {
    const rel = path.normalize(sourcePath).replace(/^[/\\]+|[/\\]+$/g, '');
    if (rel === '.' || rel === '') return abs;
    if (abs.endsWith(path.sep + rel)) return abs.slice(0, abs.length - rel.length - 1) || path.sep;
  }
  for (let dir = abs; ; dir = path.dirname(dir)) {
    try {
      await stat(path.join(dir, '.git'));
      return dir;
    } catch {
      // keep walking
    }
    if (path.dirname(dir) === dir) return abs;
  }
}
