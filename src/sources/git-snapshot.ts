/**
 * The base side of `kustodian diff`: a commit's tree, read from Git into a temporary directory. Only
 * `git rev-parse` and `git archive` run, so the user's working tree, index and stash are never touched
 * (a `git stash` or `checkout` would). The ref is untrusted input (a pull request's branch name): it is
 * refused when it could read as an option, and every git command line ends its options with
 * `--end-of-options` before it.
 *
 * What `git archive` writes is what a clone of that commit holds, less submodule contents and paths
 * marked `export-ignore` in .gitattributes.
 */
import { mkdir, mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KustodianError } from '../util/errors.js';
import {
  formatBytes,
  MAX_GIT_ARCHIVE_BYTES,
  MAX_GIT_LISTING_BYTES,
  MAX_GIT_OUTPUT,
  MAX_GIT_REF_LENGTH,
  MAX_STDERR_EXCERPT_CHARS,
} from '../util/limits.js';
import { run } from '../util/exec.js';

const INSTALL_HINT = 'kustodian diff reads the base from Git: install git.';

/** Refuses a ref that git could read as an option, or that holds characters no ref has. */
export function validateRef(ref: string, flag = '--base'): void {
  if (ref.startsWith('-')) throw new KustodianError('USAGE', `${flag} ${JSON.stringify(ref.slice(0, 80))}: a ref cannot begin with "-"`);
  if (ref.length > MAX_GIT_REF_LENGTH || /[\u0000-\u001f\u007f]/.test(ref)) {
    throw new KustodianError('USAGE', `${flag}: ${JSON.stringify(ref.slice(0, 80))} is not a Git ref`);
  }
}

interface GitOptions {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

async function git(cwd: string, args: string[], options: GitOptions): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return run('git', args, {
    cwd,
    env: options.env,
    signal: options.signal,
    installHint: INSTALL_HINT,
    maxOutputBytes: MAX_GIT_OUTPUT,
  });
}

/** The top directory of the Git work tree holding `dir`, as a real path; a usage error outside one. */
export async function gitTopLevel(dir: string, options: GitOptions = {}): Promise<string> {
  const r = await git(dir, ['rev-parse', '--show-toplevel'], options);
  const top = r.stdout.trim();
  if (r.exitCode !== 0 || !top)
    throw new KustodianError('USAGE', `${dir} is not inside a Git work tree; kustodian diff compares with a Git ref`);
  return realpath(top);
}

/** The commit `ref` names, as a full hash; a usage error naming the ref when it names none. */
export async function resolveCommit(top: string, ref: string, options: GitOptions = {}, flag = '--base'): Promise<string> {
  validateRef(ref, flag);
  const r = await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], options);
  const commit = r.stdout.trim();
  if (r.exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(commit))
    throw new KustodianError('USAGE', `${flag} ${JSON.stringify(ref)} does not name a commit in ${top}`);
  return commit;
}

/**
 * gitTopLevel and resolveCommit in one git run (every git run costs a process start before anything
 * else can go on). When that run fails, the two are asked apart, so that the error says which is wrong.
 */
export async function gitTopAndCommit(
  dir: string,
  ref: string,
  options: GitOptions = {},
  flag = '--base',
): Promise<{ top: string; commit: string }> {
  validateRef(ref, flag);
  const r = await git(dir, ['rev-parse', '--show-toplevel', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], options);
  const [top, commit, ...rest] = r.stdout.trim().split('\n');
  if (r.exitCode === 0 && top && commit && !rest.length && /^[0-9a-f]{40,64}$/.test(commit)) return { top: await realpath(top), commit };
  const found = await gitTopLevel(dir, options);
  return { top: found, commit: await resolveCommit(found, ref, options, flag) };
}

/**
 * The files (relative to `top`) that differ between `commit` and the working tree, deleted and renamed
 * ones under both names, plus the untracked files git does not ignore.
 */
export async function changedFiles(top: string, commit: string, options: GitOptions = {}): Promise<string[]> {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new KustodianError('USAGE', `not a commit hash: ${JSON.stringify(commit.slice(0, 80))}`);
  // Both listings at once: they read the same index and neither needs the other.
  const diffing = run('git', ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--end-of-options', commit, '--'], {
    cwd: top,
    env: options.env,
    signal: options.signal,
    installHint: INSTALL_HINT,
    maxOutputBytes: MAX_GIT_LISTING_BYTES,
  });
  const listing = run('git', ['ls-files', '-z', '--others', '--exclude-standard'], {
    cwd: top,
    env: options.env,
    signal: options.signal,
    installHint: INSTALL_HINT,
    maxOutputBytes: MAX_GIT_LISTING_BYTES,
  });
  listing.catch(() => undefined);
  const diff = await diffing;
  if (diff.exitCode !== 0)
    throw new KustodianError(
      'IO',
      `git diff against ${commit.slice(0, 12)} failed: ${diff.stderr.trim().slice(0, MAX_STDERR_EXCERPT_CHARS)}`,
    );
  const untracked = await listing;
  if (untracked.exitCode !== 0)
    throw new KustodianError('IO', `git ls-files failed: ${untracked.stderr.trim().slice(0, MAX_STDERR_EXCERPT_CHARS)}`);
  return [...diff.stdout.split('\0'), ...untracked.stdout.split('\0')].filter(Boolean);
}

/** A commit's tree, unpacked; `dispose` removes it. */
export interface Snapshot {
  /** The directory that corresponds to the work tree's top directory. */
  dir: string;
  dispose: () => Promise<void>;
}

/**
 * Removes an unpacked tree: with `rm -r`, which needs a tenth of the time Node's recursive rm takes on
 * hundreds of small files (a tenth of `diff --all`); with Node's when rm cannot run. Never through a
 * shell; the path is the snapshot's own, made by mkdtemp, and follows `--`.
 */
async function removeTree(dir: string): Promise<void> {
  const removed = await run('rm', ['-rf', '--', dir], { maxOutputBytes: MAX_GIT_OUTPUT }).catch(() => undefined);
  if (removed?.exitCode !== 0) await rm(dir, { recursive: true, force: true });
}

/**
 * Of `paths` (relative to the top, directories or files), the ones `commit` has: git archive refuses a
 * path that matches nothing, and an app's inputs may be new since then.
 */
async function pathsInCommit(top: string, commit: string, paths: readonly string[], options: GitOptions): Promise<string[]> {
  if (!paths.length) return [];
  // Literal: a directory named `*` or `:x` is that directory, never a pattern or pathspec magic.
  const r = await run('git', ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--name-only', '--end-of-options', commit, '--', ...paths], {
    cwd: top,
    env: options.env,
    signal: options.signal,
    installHint: INSTALL_HINT,
    maxOutputBytes: MAX_GIT_LISTING_BYTES,
  });
  if (r.exitCode !== 0)
    throw new KustodianError('IO', `git ls-tree ${commit.slice(0, 12)} failed: ${r.stderr.trim().slice(0, MAX_STDERR_EXCERPT_CHARS)}`);
  const listed = r.stdout.split('\0').filter(Boolean);
  return paths.filter((p) => listed.some((file) => file === p || file.startsWith(`${p}/`)));
}

/**
 * Unpacks `commit` (a full hash from resolveCommit) into a new directory under $TMPDIR: the whole tree,
 * or only `only` (paths relative to the top, directories or files; those the commit lacks are left out).
 */
export async function exportCommit(top: string, commit: string, options: GitOptions = {}, only?: readonly string[]): Promise<Snapshot> {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw new KustodianError('USAGE', `not a commit hash: ${JSON.stringify(commit.slice(0, 80))}`);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-diff-'));
  const dispose = () => removeTree(tmp);
  try {
    const archive = path.join(tmp, 'base.tar');
    const dir = path.join(tmp, 'base');
    await mkdir(dir);
    const paths = only ? await pathsInCommit(top, commit, only, options) : [];
    if (only && !paths.length) return { dir: await realpath(dir), dispose };
    const made = await git(
      top,
      ['--literal-pathspecs', 'archive', '--format=tar', `--output=${archive}`, '--end-of-options', commit, ...paths],
      options,
    );
    if (made.exitCode !== 0)
      throw new KustodianError('IO', `git archive ${commit.slice(0, 12)} failed: ${made.stderr.trim().slice(0, MAX_STDERR_EXCERPT_CHARS)}`);
    const size = (await stat(archive)).size;
    if (size > MAX_GIT_ARCHIVE_BYTES)
      throw new KustodianError(
        'INPUT_TOO_LARGE',
        `the tree of ${commit.slice(0, 12)} is larger than ${formatBytes(MAX_GIT_ARCHIVE_BYTES)}`,
      );
    const unpacked = await run('tar', ['-x', '--no-same-owner', '-f', archive, '-C', dir], {
      env: options.env,
      signal: options.signal,
      maxOutputBytes: MAX_GIT_OUTPUT,
      installHint: 'install tar.',
    });
    if (unpacked.exitCode !== 0)
      throw new KustodianError(
        'IO',
        `unpacking the tree of ${commit.slice(0, 12)} failed: ${unpacked.stderr.trim().slice(0, MAX_STDERR_EXCERPT_CHARS)}`,
      );
    await rm(archive);
    return { dir: await realpath(dir), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
