/** flyway-versions through the CLI: exit codes, the repository-root bound, and odd trees built on the fly. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, writeFile, symlink, rm, realpath } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kustodian, repoRoot } from '../helpers/cli.js';
import { findAppRepoRoot } from '../../src/sources/kustomization-tree.js';
const findRepoRoot = async (dir: string, env: NodeJS.ProcessEnv, cwd: string) => (await findAppRepoRoot(dir, env, { cwd })).dir;

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'flyway');
const argocd = { ARGOCD_APP_SOURCE_PATH: 'input', KUSTODIAN_PIN: 'off' };

describe('flyway-versions on the command line', () => {
  it('fails the render with exit 1 and no manifests on a duplicate version', async () => {
    const r = await kustodian(['render', path.join(fixtures, 'duplicate-version', 'input')], { env: argocd });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('FLYWAY_DUPLICATE_VERSION');
    expect(r.stderr).toContain('db/migration/V0.0.012__add_wishlist.sql');
  });

  it('refuses a location outside the repository root with exit 2 (config error)', async () => {
    const r = await kustodian(['render', path.join(fixtures, 'outside-root', 'input')], { env: argocd });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('flyway.locations[0]');
    expect(r.stderr).toContain('outside the repository root');
  });

  // Needs the repository to be a git checkout (a tarball has no top level to find).
  it.skipIf(!existsSync(path.join(repoRoot, '.git')))(
    'bounds by the git top level when not in ArgoCD: the same location is then inside',
    async () => {
      const r = await kustodian(['render', path.join(fixtures, 'outside-root', 'input')], { env: { KUSTODIAN_PIN: 'off' } });
      expect(r.stderr).not.toContain('outside the repository root');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain('api-settings');
    },
  );
});

describe('odd trees', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), 'kustodian-flyway-')));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  async function app(root: string, locations: string[]): Promise<string> {
    const dir = path.join(root, 'deploy', 'app');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
    await writeFile(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  A: "1"\n');
    await writeFile(
      path.join(dir, 'kustodian.yaml'),
      `apiVersion: kustodian.dev/v1alpha1\nkind: Config\nflyway:\n  locations: ${JSON.stringify(locations)}\n`,
    );
    return dir;
  }

  it('survives a symlink cycle and skips hidden directories, as Flyway does', async () => {
    const root = path.join(tmp, 'cycle');
    await mkdir(path.join(root, '.git'), { recursive: true });
    const migrations = path.join(root, 'db', 'migration');
    await mkdir(path.join(migrations, '.old'), { recursive: true });
    await writeFile(path.join(migrations, 'V1__init.sql'), 'SELECT 1;\n');
    await writeFile(path.join(migrations, '.old', 'V1__init_copy.sql'), 'SELECT 1;\n');
    await symlink('.', path.join(migrations, 'loop'));
    const dir = await app(root, ['../../db/migration']);
    const r = await kustodian(['render', dir], { env: { KUSTODIAN_PIN: 'off' } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('finds a duplicate reached through a symlinked directory inside the repository', async () => {
    const root = path.join(tmp, 'linked');
    await mkdir(path.join(root, '.git'), { recursive: true });
    await mkdir(path.join(root, 'db', 'migration'), { recursive: true });
    await mkdir(path.join(root, 'db', 'shared'), { recursive: true });
    await writeFile(path.join(root, 'db', 'migration', 'V2__a.sql'), 'SELECT 1;\n');
    await writeFile(path.join(root, 'db', 'shared', 'V2.0__b.sql'), 'SELECT 1;\n');
    await symlink('../shared', path.join(root, 'db', 'migration', 'shared'));
    const dir = await app(root, ['../../db/migration']);
    const r = await kustodian(['render', dir], { env: { KUSTODIAN_PIN: 'off' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('db/migration/shared/V2.0__b.sql');
    expect(r.stderr).toContain('db/migration/V2__a.sql');
  });

  it('calls a missing location a config error', async () => {
    const root = path.join(tmp, 'missing');
    await mkdir(path.join(root, '.git'), { recursive: true });
    const dir = await app(root, ['../../db/migraton']);
    const r = await kustodian(['render', dir], { env: { KUSTODIAN_PIN: 'off' } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('no such directory');
  });

  it('finds the repository root', async () => {
    const root = path.join(tmp, 'roots');
    const appDir = path.join(root, 'apps', 'giftify');
    await mkdir(path.join(appDir, 'overlay'), { recursive: true });
    await mkdir(path.join(root, '.git'), { recursive: true });
    // ArgoCD: the app path minus ARGOCD_APP_SOURCE_PATH, however the path is written.
    for (const source of ['apps/giftify', './apps/giftify/', '/apps/giftify']) {
      expect(await findRepoRoot(appDir, { ARGOCD_APP_SOURCE_PATH: source }, '/')).toBe(root);
    }
    // A directory given below the CMP's working directory: cwd minus the source path.
    expect(await findRepoRoot(path.join(appDir, 'overlay'), { ARGOCD_APP_SOURCE_PATH: 'apps/giftify' }, appDir)).toBe(root);
    // Locally: the nearest .git.
    expect(await findRepoRoot(path.join(appDir, 'overlay'), {}, '/')).toBe(root);
    // Neither: the app dir itself.
    const lone = path.join(tmp, 'lone', 'app');
    await mkdir(lone, { recursive: true });
    expect(await findRepoRoot(lone, {}, '/')).toBe(lone);
  });
});
