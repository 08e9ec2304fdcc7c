/**
 * The one seam through which kustodian runs other programs (kustomize, docker credential helpers).
 * Arguments are always an array and no shell is ever involved; a missing binary becomes
 * TOOL_NOT_FOUND with an install hint; a cancelled run becomes INTERRUPTED.
 *
 * Each program runs in a process group of its own, and stopping it signals the whole group: SIGTERM,
 * then SIGKILL after STOP_GRACE_MS. A kustomize that ignores SIGTERM, or the helm or plugin it started,
 * must never outlive kustodian, whether the signal reached the whole sidecar group or only kustodian.
 */
import { execa, type Result } from 'execa';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { KustodianError } from './errors.js';
import { MAX_INPUT_BYTES_ENV, formatBytes, MAX_CHILD_STDERR_CHARS, MAX_CHILD_OUTPUT_BYTES } from './limits.js';

/**
 * How long a stopped program's group has between SIGTERM and SIGKILL. Argo CD's sidecar kills
 * kustodian itself 5 s after its SIGTERM; 2 s leaves time to reap the group and say INTERRUPTED.
 */
export const STOP_GRACE_MS = 2000;

export interface RunOptions {
  cwd?: string;
  input?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Shown after "is it installed?" when the binary is missing. */
  installHint?: string;
  timeoutMs?: number;
  /** More stdout than this stops the program and throws INPUT_TOO_LARGE; 1 GiB by default. */
  maxOutputBytes?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Process group ids of the programs running now, so that an exit of kustodian can still kill them. */
const running = new Set<number>();
let exitHook = false;

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}

/**
 * SIGKILLs every running program's group. For the last resort in src/cli.ts, when a stopped run did not
 * wind down in time: kustodian must not leave a child behind when it exits.
 */
export function killRunning(): void {
  for (const pgid of running) signalGroup(pgid, 'SIGKILL');
}

/** Runs a program to completion. A non-zero exit is returned, not thrown; the caller decides. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  if (options.signal?.aborted) throw new KustodianError('INTERRUPTED', `${file} not started: interrupted`, { signal: 'SIGTERM' });
  if (!exitHook) {
    exitHook = true;
    // Synchronous and last: whatever ends kustodian (process.exit included) takes its children along.
    process.on('exit', killRunning);
  }
  const maxOutput = options.maxOutputBytes ?? MAX_CHILD_OUTPUT_BYTES;
  let subprocess: ReturnType<typeof execa>;
  try {
    subprocess = execa(file, args, {
      cwd: options.cwd,
      input: options.input,
      env: options.env,
      extendEnv: options.env === undefined,
      // Its own process group (setpgid), so that stopping it reaches its children too.
      detached: true,
      // Stopping is done below, to the whole group; execa would signal only the direct child.
      forceKillAfterDelay: false,
      reject: false,
      stripFinalNewline: false,
      // stdout is collected below, as raw chunks with a byte count: execa's own buffering held the
      // output several times over (as chunks, then as text) and a flood reached 2.7 GiB before the cap.
      buffer: { stdout: false, stderr: true },
      maxBuffer: { stderr: MAX_CHILD_STDERR_CHARS },
      shell: false,
      windowsHide: true,
    });
  } catch (error) {
    throw new KustodianError('IO', `could not run ${file}: ${(error as Error).message}`, { cause: error });
  }
  const pid = subprocess.pid;
  let stoppedBy: 'signal' | 'timeout' | 'limit' | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (why: NonNullable<typeof stoppedBy>): void => {
    if (stoppedBy || pid === undefined) return;
    stoppedBy = why;
    signalGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), STOP_GRACE_MS);
  };
  const onAbort = (): void => stop('signal');
  let outputBytes = 0;
  let chunks: Buffer[] = [];
  const onData = (chunk: Buffer | string): void => {
    if (stoppedBy === 'limit') return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    outputBytes += bytes.length;
    if (outputBytes > maxOutput) {
      // Over the cap the output is refused anyway: drop what was read, and read no more while the
      // program is stopped (it gets EPIPE), so memory stays within the cap.
      chunks = [];
      stop('limit');
      subprocess.stdout?.destroy();
      return;
    }
    chunks.push(bytes);
  };
  let timer: NodeJS.Timeout | undefined;
  let result: Result;
  if (pid !== undefined) {
    running.add(pid);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    subprocess.stdout?.on('data', onData);
    if (options.timeoutMs !== undefined) timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  }
  try {
    result = await subprocess;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    subprocess.stdout?.off('data', onData);
    clearTimeout(timer);
    clearTimeout(killTimer);
    if (pid !== undefined) {
      // The program is gone, but what it started may not be: a stopped run leaves nothing behind.
      if (stoppedBy) signalGroup(pid, 'SIGKILL');
      running.delete(pid);
    }
  }
  if (stoppedBy === 'signal' || options.signal?.aborted) {
    throw new KustodianError('INTERRUPTED', `${file} stopped: interrupted`, { signal: 'SIGTERM' });
  }
  // isMaxBuffer: stderr passed MAX_CHILD_STDERR_CHARS, and execa stopped the program.
  if (stoppedBy === 'limit' || result.isMaxBuffer) {
    throw new KustodianError(
      'INPUT_TOO_LARGE',
      `${file} printed more than ${formatBytes(maxOutput)}; set ${MAX_INPUT_BYTES_ENV} to raise the limit`,
    );
  }
  if (stoppedBy === 'timeout') {
    throw new KustodianError('IO', `${file} timed out after ${options.timeoutMs} ms`);
  }
  const code = (result as { code?: string }).code;
  if (code === 'ENOENT' || (result.failed && result.exitCode === undefined && /ENOENT/.test(String(result.message)))) {
    throw new KustodianError(
      'TOOL_NOT_FOUND',
      `${file} not found. Is it installed on your system?${options.installHint ? ` ${options.installHint}` : ''}`,
    );
  }
  if (result.exitCode === undefined && result.signal === undefined && code) {
    // The program never started: EACCES (not executable, or a directory) and the like.
    throw new KustodianError(
      'TOOL_NOT_FOUND',
      `${file} cannot be run (${code}). Is it an executable?${options.installHint ? ` ${options.installHint}` : ''}`,
    );
  }
  if (result.signal === 'SIGTERM' || result.signal === 'SIGINT') {
    // Someone signalled the program's group directly: that is still an interruption, not a tool failure.
    throw new KustodianError('INTERRUPTED', `${file} stopped by ${result.signal}`, { signal: result.signal });
  }
  if (result.exitCode === undefined) {
    throw new KustodianError('IO', `${file} was killed by ${result.signal ?? 'a signal'}`);
  }
  // Decoded once, at the end: the chunks go as soon as they are joined, so the text and its bytes are
  // held together only for this moment. A character split across two chunks is joined first.
  const joined = Buffer.concat(chunks, outputBytes);
  chunks = [];
  return { stdout: joined.toString('utf8'), stderr: String(result.stderr ?? ''), exitCode: result.exitCode };
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
