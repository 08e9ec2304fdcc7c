/**
 * The only module that runs kustomize: the `kustomize` binary when on PATH, else `kubectl kustomize`,
 * or whatever KUSTODIAN_KUSTOMIZE names.
 */
import path from 'node:path';
import { run, findOnPath } from '../util/exec.js';
import { KustodianError } from '../util/errors.js';
import { MAX_STDERR_EXCERPT_CHARS, maxInputBytes } from '../util/limits.js';
import { kustomizeRuntimeEnv } from './go-runtime.js';

export interface BuildOptions {
  enableHelm?: boolean;
  loadRestrictor?: 'root' | 'none';
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

const INSTALL_HINT =
  'Install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, or set KUSTODIAN_KUSTOMIZE to its path.';

/** How kustomize is invoked: the program and the arguments that come before the directory. */
export interface KustomizeCommand {
  file: string;
  args: string[];
}

/** Chooses the kustomize command; exported for tests and `--version` output. */
export async function kustomizeCommand(env: NodeJS.ProcessEnv = process.env): Promise<KustomizeCommand> {
  const chosen = env.KUSTODIAN_KUSTOMIZE;
  if (chosen) {
    // `kubectl` named explicitly still needs its subcommand.
    return path.basename(chosen) === 'kubectl' ? { file: chosen, args: ['kustomize'] } : { file: chosen, args: ['build'] };
  }
  const kustomize = await findOnPath('kustomize', env.PATH);
  if (kustomize) return { file: kustomize, args: ['build'] };
  const kubectl = await findOnPath('kubectl', env.PATH);
  if (kubectl) return { file: kubectl, args: ['kustomize'] };
  throw new KustodianError('TOOL_NOT_FOUND', `neither kustomize nor kubectl is on PATH. ${INSTALL_HINT}`);
}

function flags(options: BuildOptions): string[] {
  const out: string[] = [];
  if (options.enableHelm) out.push('--enable-helm');
  if (options.loadRestrictor)
    out.push('--load-restrictor', options.loadRestrictor === 'none' ? 'LoadRestrictionsNone' : 'LoadRestrictionsRootOnly');
  return out;
}

export interface BuildResult {
  /** The YAML stream kustomize printed. */
  yaml: string;
  /** kustomize's stderr on success: deprecation warnings and the like. */
  warnings: string[];
}

/** `kustomize build DIR`. */
export async function kustomizeBuild(dir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const env = options.env ?? process.env;
  const cmd = await kustomizeCommand(env);
  const result = await run(cmd.file, [...cmd.args, dir, ...flags(options)], {
    signal: options.signal,
    env: kustomizeRuntimeEnv(env),
    installHint: INSTALL_HINT,
    // Streamed and counted: a kustomize (or a plugin) that writes without end is stopped at the limit.
    maxOutputBytes: maxInputBytes(env),
  });
  if (result.exitCode !== 0) {
    throw new KustodianError('RENDER_FAILED', `kustomize build ${dir} failed: ${cleanKustomizeError(result.stderr)}`);
  }
  return { yaml: result.stdout, warnings: warningLines(result.stderr) };
}

/** Strips klog's `E1127 07:37:18.719573 2541 run.go:72] "command failed" err="…"` wrapper. */
export function cleanKustomizeError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !l.startsWith('# Warning:'));
  const out = lines.map((line) => {
    const klog = /^[EWIF]\d{4} [\d:.]+\s+\d+ [^\]]+\] (.*)$/.exec(line);
    let msg = klog ? (klog[1] ?? '') : line;
    const err = /err="((?:[^"\\]|\\.)*)"/.exec(msg);
    if (err?.[1] !== undefined) {
      try {
        msg = JSON.parse(`"${err[1]}"`) as string;
      } catch {
        msg = err[1];
      }
    }
    return msg.replace(/^Error: /, '');
  });
  const text = redact(out.join('\n').trim());
  return text.length > MAX_STDERR_EXCERPT_CHARS ? `${text.slice(0, MAX_STDERR_EXCERPT_CHARS)}…` : text || 'no error message';
}

/**
 * kustomize quotes generator input in some errors: a secretGenerator env line with bad bytes (as a byte
 * array and as text), a literal that is not key=value. That text lands in the Application status in
 * etcd, so the value goes and the reason stays.
 */
export function redact(message: string): string {
  return message
    .replace(/line \[[\d ]+\] has invalid utf8 bytes : [^\n"]*/g, 'a line has invalid UTF-8 bytes (line not shown)')
    .replace(
      /literal sources \[[^\n]*?\]: invalid literal source [^\n]*?, expected key=value/g,
      'a literal source is not key=value (value not shown)',
    )
    .replace(/\[\d{1,3}(?: \d{1,3}){3,}\]/g, '[bytes not shown]');
}

function warningLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
