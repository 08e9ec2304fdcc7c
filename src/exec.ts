/**
 * The one seam through which kustodian runs other programs (kustomize, docker credential helpers).
 * Arguments are always an array and no shell is ever involved; a missing binary becomes
 * TOOL_NOT_FOUND with an install hint; a cancelled run becomes INTERRUPTED.
 */
import { execa, type Result } from 'execa';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { KustodianError } from './errors.js';

export interface RunOptions {
  cwd?: string;
  input?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Shown after "is it installed?" when the binary is missing. */
  installHint?: string;
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs a program to completion. A non-zero exit is returned, not thrown; the caller decides. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  let result: Result;
  try {
    result = await execa(file, args, {
      cwd: options.cwd,
      input: options.input,
      env: options.env,
      extendEnv: options.env === undefined,
      cancelSignal: options.signal,
      forceKillAfterDelay: 2000,
      timeout: options.timeoutMs,
      reject: false,
      stripFinalNewline: false,
      maxBuffer: 1024 * 1024 * 1024,
      shell: false,
      windowsHide: true,
    });
  } catch (error) {
    throw new KustodianError('IO', `could not run ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (result.isCanceled) {
    throw new KustodianError('INTERRUPTED', `${file} stopped: interrupted`, { signal: 'SIGTERM' });
  }
  const code = (result as { code?: string }).code;
  if (code === 'ENOENT' || (result.failed && result.exitCode === undefined && /ENOENT/.test(String(result.message)))) {
    throw new KustodianError('TOOL_NOT_FOUND', `${file} not found. Is it installed on your system?${options.installHint ? ` ${options.installHint}` : ''}`);
  }
  if (result.exitCode === undefined && result.signal === undefined && code) {
    // The program never started: EACCES (not executable, or a directory) and the like.
    throw new KustodianError('TOOL_NOT_FOUND', `${file} cannot be run (${code}). Is it an executable?${options.installHint ? ` ${options.installHint}` : ''}`);
  }
  if (result.timedOut) {
    throw new KustodianError('IO', `${file} timed out after ${options.timeoutMs} ms`);
  }
  if (result.signal === 'SIGTERM' || result.signal === 'SIGINT') {
    // ArgoCD signals the whole process group on its deadline: the child can die before our own
    // handler has aborted the run, and that is still an interruption, not a tool failure.
    throw new KustodianError('INTERRUPTED', `${file} stopped by ${result.signal}`, { signal: result.signal });
  }
  if (result.exitCode === undefined) {
    throw new KustodianError('IO', `${file} was killed by ${result.signal ?? 'a signal'}`);
  }
  return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode };
}

/** Finds an executable on PATH without running it (and without a shell's `which`). */
export async function findOnPath(name: string, envPath = process.env.PATH ?? ''): Promise<string | undefined> {
  if (name.includes('/')) return name;
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
