/**
 * A clean clone of this repository as it is on disk: every tracked or new (not ignored) file of the
 * working tree, committed in a fresh git repository without node_modules or dist. The package and
 * pre-commit tests start from it, as a user starts from a clone, and it includes uncommitted edits,
 * so the tests check the code under test rather than the last commit.
 */
import { execa } from 'execa';
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.js';

/** Identity and config for git commands in throwaway repositories (no user or system config). */
export const gitEnv: Record<string, string> = {
  GIT_AUTHOR_NAME: 'kustodian test',
  GIT_AUTHOR_EMAIL: 'test@kustodian.invalid',
  GIT_COMMITTER_NAME: 'kustodian test',
  GIT_COMMITTER_EMAIL: 'test@kustodian.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git in `cwd` with gitEnv (no user config), returning stdout. */
export async function git(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const r = await execa('git', args, { cwd, env: { ...gitEnv, ...env } });
  return String(r.stdout);
}

/** Copies the working tree into `dest` (created) and commits it; returns the commit id. */
export async function snapshotRepo(dest: string, options: { exclude?: (file: string) => boolean } = {}): Promise<string> {
  const listed = (await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot })).stdout;
  const files = String(listed)
    .split('\0')
    .filter((f) => f && existsSync(path.join(repoRoot, f)) && !options.exclude?.(f));
  await mkdir(dest, { recursive: true });
  for (const f of files) {
    await mkdir(path.dirname(path.join(dest, f)), { recursive: true });
    await copyFile(path.join(repoRoot, f), path.join(dest, f));
  }
  await git(dest, ['init', '-q', '-b', 'main']);
  await git(dest, ['add', '-A']);
  await git(dest, ['commit', '-q', '-m', 'snapshot']);
  return (await git(dest, ['rev-parse', 'HEAD'])).trim();
}
