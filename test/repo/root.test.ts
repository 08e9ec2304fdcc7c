/** The repository root (src/repo/root.ts): the bound on every file kustodian reads, with and without git. */
import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findAppRepoRoot as resolveRepoRoot } from '../../src/sources/kustomization-tree.js';

async function tree(files: Record<string, string>): Promise<{ tmp: string; done: () => Promise<void> }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-root-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(tmp, rel)), { recursive: true });
    await writeFile(path.join(tmp, rel), text);
  }
  return { tmp, done: () => rm(tmp, { recursive: true, force: true }) };
}

describe('resolveRepoRoot', () => {
  it('without git: the common ancestor of the app and every local directory its kustomizations load', async () => {
    const { tmp, done } = await tree({
      'apps/shop/overlays/prod/kustomization.yaml':
        'resources:\n- ../../base\n- https://github.com/x/y//z?ref=v1\ncomponents:\n- ../../../../components/tls\n',
      'apps/shop/base/kustomization.yaml': 'resources:\n- deployment.yaml\nbases:\n- ../../../shared/base\n',
      'apps/shop/base/deployment.yaml': 'kind: Deployment\n',
      'shared/base/kustomization.yaml': 'resources:\n- ../../apps/shop/base\n', // a cycle, visited once
      'components/tls/kustomization.yaml': 'kind: Component\n',
      'elsewhere/kustomization.yaml': '',
    });
    try {
      const app = path.join(tmp, 'apps/shop/overlays/prod');
      expect(await resolveRepoRoot(app, {})).toEqual({ dir: tmp, source: 'loaded' });
      // Only what is loaded: the base alone is bounded by itself and what it loads.
      expect(await resolveRepoRoot(path.join(tmp, 'apps/shop/base'), {})).toEqual({ dir: tmp, source: 'loaded' });
      expect(await resolveRepoRoot(path.join(tmp, 'components/tls'), {})).toEqual({
        dir: path.join(tmp, 'components/tls'),
        source: 'loaded',
      });
      // check --all ROOT widens the bound to ROOT.
      expect(await resolveRepoRoot(path.join(tmp, 'components/tls'), {}, { tree: path.join(tmp, 'components') })).toEqual({
        dir: path.join(tmp, 'components'),
        source: 'loaded',
      });
    } finally {
      await done();
    }
  });

  it('--repo-root, then KUSTODIAN_REPO_ROOT, win over git and ArgoCD, and must contain the app', async () => {
    const { tmp, done } = await tree({ 'repo/app/kustomization.yaml': '', 'other/x': '' });
    try {
      await mkdir(path.join(tmp, 'repo', '.git'));
      const app = path.join(tmp, 'repo', 'app');
      expect(await resolveRepoRoot(app, {})).toEqual({ dir: path.join(tmp, 'repo'), source: 'git' });
      expect(await resolveRepoRoot(app, { ARGOCD_APP_SOURCE_PATH: 'app' })).toEqual({ dir: path.join(tmp, 'repo'), source: 'argocd' });
      expect(await resolveRepoRoot(app, { KUSTODIAN_REPO_ROOT: tmp })).toEqual({ dir: tmp, source: 'env' });
      expect(await resolveRepoRoot(app, { KUSTODIAN_REPO_ROOT: tmp }, { explicit: app })).toEqual({ dir: app, source: 'flag' });
      await expect(resolveRepoRoot(app, {}, { explicit: path.join(tmp, 'other') })).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringContaining('does not contain') as unknown,
      });
      await expect(resolveRepoRoot(app, { KUSTODIAN_REPO_ROOT: path.join(tmp, 'nope') })).rejects.toMatchObject({ code: 'USAGE' });
      await expect(resolveRepoRoot(app, { KUSTODIAN_REPO_ROOT: '' })).rejects.toMatchObject({ code: 'USAGE' });
      // Containment is on real paths: a root reached through a symlink still contains the app.
      await symlink(path.join(tmp, 'repo'), path.join(tmp, 'link'));
      expect(await resolveRepoRoot(app, {}, { explicit: path.join(tmp, 'link') })).toEqual({ dir: path.join(tmp, 'link'), source: 'flag' });
    } finally {
      await done();
    }
  });
});
