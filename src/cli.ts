/**
 * The only place that reads argv, writes stdout and sets the exit code. Commands return an exit code
 * and hand their output to a buffer, written only on exit 0 (or always, for a `report` command such as
 * check, unless it threw); this file maps it to streams (docs/cli.md, "Exit codes"):
 * 0 ok · 1 error findings · 2 usage/config · 3 runtime failure · 130/143 interrupted.
 */
import { parseArgs } from 'node:util';
import { fstatSync } from 'node:fs';
import { KustodianError, ExitCode, exitCodeFor } from './util/errors.js';
import type { Command, Io, Values } from './commands/command.js';
import { renderCommand } from './commands/render.js';
import { fnCommand } from './commands/fn.js';
import { checkCommand } from './commands/check.js';
import { pinCommand } from './commands/pin.js';
import { explainCommand } from './commands/explain.js';
import { diffCommand } from './commands/diff.js';

import { version } from './util/version.js';
import { killRunning, STOP_GRACE_MS } from './util/exec.js';
import { maxInputBytes, readTextStream } from './util/limits.js';

const commands: Record<string, Command> = {
  render: renderCommand,
  check: checkCommand,
  fn: fnCommand,
  pin: pinCommand,
  diff: diffCommand,
  explain: explainCommand,
};

const HELP = `kustodian ${version}: make GitOps renders fail in review instead of in production.

Usage:
${Object.values(commands)
  .map((c) => `  ${c.usage.replace(/\n/g, '\n  ')}`)
  .join('\n\n')}

  kustodian help [COMMAND] | --version | --help

Exit codes: 0 ok, 1 error findings, 2 usage or config error, 3 runtime failure, 143 SIGTERM.`;

/** `kustodian fn < somedir` (or `check - < somedir`) reads nothing and would look like empty input: say what stdin is instead. */
function assertStdinReadable(): void {
  let isDir = false;
  try {
    isDir = fstatSync(0).isDirectory();
  } catch {
    return; // no stdin at all: reading it reports that
  }
  if (isDir)
    throw new KustodianError(
      'INPUT_INVALID',
      'stdin is a directory; fn reads a ResourceList (config.kubernetes.io/v1) and check - a YAML stream there',
    );
}

/** Reads all of stdin, bounded (KUSTODIAN_MAX_INPUT_BYTES), and given up as soon as a signal arrives. */
function readStdin(signal: AbortSignal): Promise<string> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  assertStdinReadable();
  const text = readTextStream(process.stdin, maxInputBytes(process.env), 'stdin');
  const interrupted = new Promise<never>((_, reject) =>
    signal.addEventListener(
      'abort',
      () => {
        // A pending read keeps the process alive; a run stopped while waiting for stdin must still exit.
        process.stdin.destroy();
        reject(signal.reason as Error);
      },
      { once: true },
    ),
  );
  return Promise.race([text, interrupted]);
}

/** Runs one command line; `argv` excludes node and the script. Exported for the `kustodian-fn` bin. */
export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const stdout: string[] = [];
  const io: Io = {
    out: (text) => stdout.push(text),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    signal: controller.signal,
    isTTY: Boolean(process.stderr.isTTY),
    outIsTTY: Boolean(process.stdout.isTTY),
    // Carriage return plus erase-line: one line that updates in place, cleared with ''.
    progress: (text) => process.stderr.write(`\r\x1b[2K${text}`),
    env: process.env,
    readStdin: () => readStdin(controller.signal),
  };
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    // `on`, not `once`: Node drops a `once` listener before calling it, and execa's signal-exit hook,
    // then alone, re-raises the signal and the process dies by it instead of exiting 143/130.
    process.on(sig, () => {
      if (controller.signal.aborted) return;
      const reason = new KustodianError('INTERRUPTED', `stopped by ${sig}`, { signal: sig });
      controller.abort(reason);
      // Children get SIGTERM, then SIGKILL after STOP_GRACE_MS, through the abort signal (src/util/exec.ts),
      // and the run then fails with INTERRUPTED. Should anything else keep the process alive, give up a
      // second later: kill what still runs and say INTERRUPTED all the same.
      setTimeout(() => {
        killRunning();
        if (process.exitCode === undefined) process.exitCode = fail(reason);
        process.exit();
      }, STOP_GRACE_MS + 1000).unref();
    });
  }

  const [first, ...rest] = argv;
  if (first === undefined) {
    // One line: a bare `kustodian` in a CMP or CI log should say what is wrong, not bury it in help.
    throw new KustodianError(
      'USAGE',
      `no command given; usage: kustodian ${Object.keys(commands).join('|')} [DIR] [flags] (kustodian --help lists them)`,
    );
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    // `help COMMAND` (as git, helm and kubectl): that command's usage only.
    if (first === 'help' && rest.length) {
      const [name, ...extra] = rest;
      const command = commands[name!];
      if (!command || extra.length) throw new KustodianError('USAGE', `help takes one command: ${Object.keys(commands).join(', ')}`);
      await writeAll(`${command.usage}\n`);
      return ExitCode.OK;
    }
    await writeAll(`${HELP}\n`);
    return ExitCode.OK;
  }
  if (first === '--version' || first === '-V') {
    if (rest.length) throw new KustodianError('USAGE', `--version takes no arguments, got ${rest.join(' ')}`);
    await writeAll(`${version}\n`);
    return ExitCode.OK;
  }
  const command = commands[first];
  if (!command)
    throw new KustodianError('USAGE', `unknown command ${JSON.stringify(first)}; commands: ${Object.keys(commands).join(', ')}`);
  // `--help` after `--` is a positional (a directory named --help), not a request for help.
  const options = rest.indexOf('--') < 0 ? rest : rest.slice(0, rest.indexOf('--'));
  if (options.includes('--help') || options.includes('-h')) {
    await writeAll(`${command.usage}\n`);
    return ExitCode.OK;
  }
  let code: number;
  try {
    const parsed = parseCommandLine(first, command, rest);
    rejectEmptyValues(parsed.values);
    try {
      code = await command.run(parsed.values, parsed.positionals, io);
    } catch (error) {
      // Whatever failed after a signal failed because of it: report the signal (143 or 130), not the symptom.
      throw controller.signal.aborted ? controller.signal.reason : error;
    }
  } catch (error) {
    if (error instanceof KustodianError && command.failureOutput) await writeAll(command.failureOutput(error));
    throw error;
  }
  if (controller.signal.aborted) throw controller.signal.reason;
  if ((code === ExitCode.OK || command.report) && stdout.length) await writeAll(stdout.join(''));
  return code;
}

/**
 * Parses a command's flags, with usage errors in kustodian's words: Node's strict parser explains
 * unknown options in a long sentence about `--` with an unbalanced quote. Parsing is lenient, and
 * every option token is then checked against the command's options.
 */
function parseCommandLine(name: string, command: Command, args: string[]): { values: Values; positionals: string[] } {
  const { values, positionals, tokens } = parseArgs({
    args,
    options: command.options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const usage = (what: string) => new KustodianError('USAGE', `${what} (kustodian help ${name} lists its flags)`);
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = command.options[token.name];
    if (!option) throw usage(`${name}: unknown flag ${token.rawName}`);
    if (option.type === 'string' && token.value === undefined) throw usage(`${name}: ${token.rawName} needs a value`);
    if (option.type === 'boolean' && token.value !== undefined) throw usage(`${name}: ${token.rawName} takes no value`);
  }
  return { values, positionals };
}

/** `--config=` or `--namespace ''` is a mistake, never a request for the default: refuse it. */
function rejectEmptyValues(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    const list = Array.isArray(value) ? value : [value];
    if (list.some((v) => typeof v === 'string' && v.trim() === ''))
      throw new KustodianError('USAGE', `--${name} is empty; give it a value or leave the flag out`);
  }
}

function writeAll(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}

/**
 * Maps a thrown error to stderr and an exit code. The code goes first so that ArgoCD's error condition,
 * logs and tests can match it (`kustodian: RENDER_FAILED: …`), as findings carry theirs.
 */
export function fail(error: unknown): number {
  if (error instanceof KustodianError) {
    process.stderr.write(`kustodian: ${error.code}: ${error.message}\n`);
    return exitCodeFor(error);
  }
  process.stderr.write(`kustodian: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.RUNTIME;
}

/** Runs one command line and sets the exit code; the bins in src/bin/ call this and nothing else. */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = fail(error);
    },
  );
}
