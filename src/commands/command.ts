/** How a CLI command plugs into src/cli.ts: its usage text, its flags, and a run function. */
import type { ParseArgsConfig } from 'node:util';
import { KustodianError } from '../util/errors.js';
import { scalarText } from '../util/untrusted.js';
import { isNamespaceName } from '../manifests/object-names.js';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a command may do with the outside world; cli.ts owns the real streams. */
export interface Io {
  /** Buffered stdout: cli.ts writes it only when the command returns 0. */
  out: (text: string) => void;
  /** stderr, line by line. */
  err: (text: string) => void;
  signal: AbortSignal;
  /** stderr is a terminal (progress lines, colour). */
  isTTY: boolean;
  /** stdout is a terminal (colour in a report written to stdout). */
  outIsTTY: boolean;
  /** Rewrites one status line on stderr (only meaningful when isTTY); `''` clears it. */
  progress?: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Reads all of stdin (for `fn`). */
  readStdin: () => Promise<string>;
}

export interface Command {
  /** First line: synopsis; following lines: description. */
  usage: string;
  options: Options;
  /**
   * The command's stdout is a report about findings (check), not manifests: cli.ts writes it whatever
   * exit code run() returns, so a failing CI run still has its SARIF. Never written when run() throws.
   */
  report?: boolean;
  /**
   * What stdout carries when the command fails with a KustodianError (usage, config, input): `fn` still
   * answers with a ResourceList holding the error as a result. Without it, stdout stays empty.
   */
  failureOutput?: (error: KustodianError) => string;
  /** Returns the exit code. Throws KustodianError for failures. */
  run(values: Values, positionals: string[], io: Io): Promise<number>;
}

/** Options every kustomize-building command accepts. */
export const buildFlags: Options = {
  namespace: { type: 'string' },
  'enable-helm': { type: 'boolean' },
  'load-restrictor': { type: 'string' },
  config: { type: 'string' },
  pin: { type: 'string' },
  offline: { type: 'boolean' },
  platform: { type: 'string' },
  'repo-root': { type: 'string' },
  'kube-version': { type: 'string' },
  'api-versions': { type: 'string', multiple: true },
};

/** Maps flags to config parameter names (highest-precedence config layer). */
export function flagParameters(values: Values): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  if (values['enable-helm']) flags['enable-helm'] = true;
  if (values['load-restrictor'] !== undefined) flags['load-restrictor'] = values['load-restrictor'];
  if (values.pin !== undefined) flags.pin = values.pin;
  if (values.offline) flags.offline = true;
  // --platform linux/amd64,linux/arm64: the config layer splits the comma list.
  if (values.platform !== undefined) flags.platforms = values.platform;
  // The destination cluster (src/config/kubernetes.ts): not parameters, split off again by the loader.
  if (values['kube-version'] !== undefined) flags['kube-version'] = values['kube-version'];
  if (values['api-versions'] !== undefined) flags['api-versions'] = values['api-versions'];
  return flags;
}

/** The app options every kustomize-building command takes from its build flags and the process. */
export function buildOptionsFrom(
  values: Values,
  io: Io,
): {
  namespace?: string;
  configFile?: string;
  repoRoot?: string;
  flags: Record<string, unknown>;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
} {
  const namespace = values.namespace as string | undefined;
  if (namespace !== undefined && !isNamespaceName(namespace)) {
    throw new KustodianError(
      'USAGE',
      `--namespace must be a DNS-1123 label (lower-case letters, digits and -, at most 63), not ${JSON.stringify(namespace.slice(0, 64))}`,
    );
  }
  return {
    namespace,
    configFile: values.config as string | undefined,
    repoRoot: values['repo-root'] as string | undefined,
    flags: flagParameters(values),
    signal: io.signal,
    env: io.env,
  };
}

/** `--jobs N` (overlays worked on at once by `check` and `pin --all`); a usage error unless a positive integer. */
export function jobsFlag(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d{1,4}$/.test(scalarText(value)?.trim() ?? '') ? Number(value) : 0;
  if (n < 1) throw new KustodianError('USAGE', `--jobs must be a positive integer, not ${JSON.stringify(value)}`);
  return n;
}

/** `--changed-since REF` selects among the leaf overlays of `--all`: without it there is nothing to select. */
export function changedSinceFlag(value: unknown, all: readonly string[]): string {
  if (!all.length) throw new KustodianError('USAGE', '--changed-since selects among the overlays of --all ROOT; give --all');
  return String(value);
}
