/**
 * Starts kustomize for `render [DIR]`, `check DIR` and `diff DIR` before the rest of kustodian loads.
 * kustomize is the long pole and needs only the directory and its flags, while loading the bundle,
 * validating the config and finding the repository root take a fifth of a second that the build would
 * otherwise wait for. The guess is checked where it is used: src/sources/kustomize.ts hands the build
 * only to a kustomizeBuild of the same directory, env and flags, and stops it otherwise.
 *
 * A command line this module does not fully understand starts nothing: the command then runs as it
 * always did. Flags that change kustomize's own (enable-helm, load-restrictor), from the command line,
 * the env or Argo CD's parameters, start nothing either, since the default-flag build would be thrown away.
 */
import path from 'node:path';
import { realpathSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildFlags, type Options } from '../commands/command.js';
import { discardPrestartedBuild, prestartBuild } from '../sources/kustomize.js';

/** The flags each command takes besides buildFlags, as far as they may come with an early build (no --all, --shard …). */
const commandFlags: Record<string, Options> = {
  render: {},
  check: {
    format: { type: 'string' },
    'min-severity': { type: 'string' },
    quiet: { type: 'boolean' },
    'sarif-file': { type: 'string' },
  },
  diff: { base: { type: 'string' }, format: { type: 'string' } },
};

const KUSTOMIZE_FLAGS = new Set(['enable-helm', 'load-restrictor']);
/** Env and parameter spellings of the kustomize flags: KUSTODIAN_ENABLE_HELM, PARAM_LOAD_RESTRICTOR, ARGOCD_APP_PARAMETERS … */
const KUSTOMIZE_SETTING = /ENABLE[_-]HELM|LOAD[_-]RESTRICTOR|enable-helm|load-restrictor/i;

/** The absolute directory the command will build first with kustomize's default flags, if the command line says it for sure. */
export function earlyBuildDir(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const [command, ...rest] = argv;
  const own = command === undefined ? undefined : commandFlags[command];
  if (!own) return undefined;
  const options = { ...buildFlags, ...own };
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: false, tokens: true });
  } catch {
    return undefined;
  }
  for (const token of parsed.tokens) {
    if (token.kind === 'option-terminator') return undefined;
    if (token.kind === 'option' && (!options[token.name] || KUSTOMIZE_FLAGS.has(token.name))) return undefined;
  }
  if (parsed.positionals.length > 1 || (command !== 'render' && parsed.positionals.length === 0)) return undefined;
  for (const [name, value] of Object.entries(env))
    if (KUSTOMIZE_SETTING.test(name) || (value && name === 'ARGOCD_APP_PARAMETERS' && KUSTOMIZE_SETTING.test(value))) return undefined;
  const dir = path.resolve(parsed.positionals[0] ?? '.');
  if (command !== 'diff') return dir;
  // diff builds the working tree's app at its real path (its place in the Git work tree).
  try {
    return realpathSync(dir);
  } catch {
    return undefined;
  }
}

/**
 * Starts the early build for this command line, if any, and resolves once kustomize runs. Until the CLI takes over the signals, a
 * SIGTERM or SIGINT stops the build and is remembered; `handOver` returns it, to be raised again once
 * the CLI listens (so that the run ends as any interrupted run does).
 */
export async function startEarlyBuild(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ handOver: () => NodeJS.Signals | undefined }> {
  const dir = earlyBuildDir(argv, env);
  if (!dir) return { handOver: () => undefined };
  let received: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    received ??= sig;
    discardPrestartedBuild();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  await prestartBuild(dir, env);
  return {
    handOver: () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      return received;
    },
  };
}
