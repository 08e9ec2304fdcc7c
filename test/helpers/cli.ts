/** Runs the built CLI as a process: the public entry the contract tests go through. */
import { execa } from 'execa';
import { access, constants } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');
export const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

/** The corpus lists: overlays.tsv, and overlays-next.tsv (overlays added later, e.g. Argo CD's own install). */
export const CORPUS_LISTS = ['overlays.tsv', 'overlays-next.tsv'] as const;

/**
 * Every corpus overlay with its resource count and the list it came from. A missing list fails (the
 * corpus is part of the test set), it does not skip.
 */
export function corpusOverlays(): { overlay: string; resources: number; list: string }[] {
  return CORPUS_LISTS.flatMap((list) =>
    readFileSync(path.join(corpusRoot, list), 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .filter((cols) => cols[0])
      .map(([overlay, resources]) => ({ overlay: overlay!, resources: Number(resources), list })),
  );
}

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** `kustodian ...args`, with a clean env (plus `env`) unless `inheritEnv` is set. */
export async function kustodian(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    TMPDIR: process.env.TMPDIR ?? '/tmp',
  };
  const r = await execa(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...base, ...options.env },
    extendEnv: false,
    input: options.input,
    reject: false,
    stripFinalNewline: false,
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

/** True when an executable `name` is on PATH: tests of optional real tools (kpt, kustomize) skip without it. */
export async function onPath(name: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    try {
      await access(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this dir
    }
  }
  return false;
}
