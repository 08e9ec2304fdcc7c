/**
 * The pre-commit hooks as a user installs them: Debian's `pre-commit` clones this repository (a
 * committed snapshot of the working tree), builds the `language: node` hook environment (`npm
 * install`, `npm pack`, `npm install -g` of the tarball), and runs `kustodian check` on a commit.
 * Before the fix, installation failed (`npm pack`'s stdout carried the `prepare` banner) and a commit
 * adding only a duplicate Flyway `.sql` migration was not checked (`files:` matched YAML only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { onPath, repoRoot } from '../helpers/cli.js';
import { git, gitEnv, snapshotRepo } from '../helpers/snapshot.js';

const giftify = path.join(repoRoot, 'examples', 'giftify');
const hasPreCommit = await onPath('pre-commit');

describe.skipIf(!hasPreCommit)('pre-commit hooks with Debian pre-commit', () => {
  let tmp: string;
  let project: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), 'kustodian-pre-commit-')));
    const hooksRepo = path.join(tmp, 'kustodian');
    // Tests, benches and examples are not part of a hook install; leaving them out keeps the clone small.
    const rev = await snapshotRepo(hooksRepo, { exclude: (f) => /^(test|bench)\//.test(f) });
    // A user's repository: the giftify app (its overlay reads ../../db/migration) and a hook config.
    project = path.join(tmp, 'project');
    await mkdir(path.join(project, 'overlays'), { recursive: true });
    await cp(path.join(giftify, 'base'), path.join(project, 'base'), { recursive: true });
    await cp(path.join(giftify, 'db'), path.join(project, 'db'), { recursive: true });
    await cp(path.join(giftify, 'overlays', 'prod'), path.join(project, 'overlays', 'prod'), { recursive: true });
    await writeFile(
      path.join(project, '.pre-commit-config.yaml'),
      `repos:\n- repo: ${hooksRepo}\n  rev: ${rev}\n  hooks:\n  - id: kustodian-check\n`,
    );
    // The user's environment (proxy and CA settings reach npm), without the npm_* variables `npm test` adds.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^npm_/i.test(k))) as Record<
      string,
      string
    >;
    env = {
      ...inherited,
      ...gitEnv,
      PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home'),
      // The committed lock answers every image question: the hook needs no registry.
      KUSTODIAN_PIN: 'locked',
      // No colour codes in the output we match.
      NO_COLOR: '1',
    };
    await git(project, ['init', '-q', '-b', 'main']);
    await git(project, ['add', '-A']);
    await git(project, ['commit', '-q', '-m', 'giftify']);
    await execa('pre-commit', ['install'], { cwd: project, env, extendEnv: false });
  }, 600_000);

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('installs the language: node hook from a clean clone', { timeout: 600_000 }, async () => {
    const r = await execa('pre-commit', ['install-hooks'], { cwd: project, env, extendEnv: false, reject: false, all: true });
    expect(r.all).not.toContain('ENOENT');
    expect(r.exitCode).toBe(0);
  });

  it('lets a commit with a new, correctly numbered migration through', { timeout: 300_000 }, async () => {
    await writeFile(path.join(project, 'db', 'migration', 'V0.0.13__add_gift_notes.sql'), 'ALTER TABLE gifts ADD COLUMN notes text;\n');
    await git(project, ['add', '-A'], env);
    const r = await execa('git', ['commit', '-m', 'gift notes'], { cwd: project, env, extendEnv: false, reject: false, all: true });
    expect(r.all).toMatch(/kustodian check\.+Passed/);
    expect(r.exitCode).toBe(0);
  });

  it('blocks a commit that adds only a duplicate Flyway migration (.sql)', { timeout: 300_000 }, async () => {
    const before = await git(project, ['rev-parse', 'HEAD']);
    await writeFile(path.join(project, 'db', 'migration', 'V0.0.12__add_gift_message.sql'), 'ALTER TABLE gifts ADD COLUMN message text;\n');
    await git(project, ['add', '-A'], env);
    const r = await execa('git', ['commit', '-m', 'gift message'], { cwd: project, env, extendEnv: false, reject: false, all: true });
    expect(r.all).toMatch(/kustodian check\.+Failed/);
    expect(r.all).toContain('FLYWAY_DUPLICATE_VERSION');
    expect(r.all).toContain('db/migration/V0.0.12__add_gift_message.sql');
    expect(r.exitCode).not.toBe(0);
    expect(await git(project, ['rev-parse', 'HEAD'])).toBe(before);
  });
});
