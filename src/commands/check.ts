/**
 * `kustodian check [DIR...] [--all ROOT]`: the review/CI entry. Builds each overlay, runs the full
 * pipeline (transformers too, so their info findings show what a render would change), and reports
 * findings of every severity with file and line. Emits no manifests.
 */
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { loadApp, locateFindings, type AppOptions } from '../app.js';
import { hasErrors, sortFindings } from '../findings.js';
import { runPipeline } from '../pipeline.js';
import { findGitTopLevel, findRepoRoot } from '../repo.js';
import { steps as registry, type Step } from '../steps/index.js';
import { KustodianError, ExitCode, errorCodeHelp, exitCodeFor } from '../errors.js';
import { leafOverlaysUnder } from '../sources/overlays.js';
import { findKustomizationFile, KUSTOMIZATION_FILES } from '../sources/kustomize.js';
import { formatJson, type AppReport, type CheckReport } from '../sinks/report.js';
import { formatGithub, formatSarif, formatText } from '../sinks/report-formats.js';
import { buildFlags, buildOptionsFrom, jobsFlag, type Command } from './command.js';
import { defaultConcurrency, mapBounded } from '../bounded.js';

import { version } from '../version.js';

/** The report formats `--format` accepts. */
export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Options of the programmatic check. */
export interface CheckOptions extends Omit<AppOptions, 'mode' | 'dir'> {
  /** App directories to check. */
  dirs: string[];
  /** Roots to search for leaf overlays (`--all`). */
  all?: string[];
  /** How many directories are built at once (default: the CPU count; kustomize is CPU-bound). */
  concurrency?: number;
  /** Check only this shard of the sorted directories (`--shard I/N`, 1-based). */
  shard?: Shard;
  /** Report paths are relative to this (default: the repository root of the cwd). */
  root?: string;
  /** The steps to run; the registry by default. */
  steps?: readonly Step[];
}

/** One of N CI jobs: `index` is 1-based, as GitHub Actions matrix values are written (`--shard 1/3`). */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N); a usage error otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new KustodianError('USAGE', `--shard must be I/N with 1 ≤ I ≤ N (e.g. 1/3), not ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/**
 * The directories shard I of N checks: of the sorted list, those whose 0-based position p has
 * p mod N = I - 1. Round robin rather than contiguous runs, so neighbouring overlays (often the
 * same app's environments, alike in cost) spread over the jobs; every directory is in exactly one
 * shard, and the split depends only on the sorted list.
 */
export function shardOf<T>(sorted: readonly T[], shard: Shard): T[] {
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}

function posix(p: string): string {
  return p.split(path.sep).join('/') || '.';
}

async function checkOne(dir: string, root: string, options: CheckOptions, steps: readonly Step[]): Promise<AppReport> {
  const rel = (abs: string) => posix(path.relative(root, abs));
  const kustomization = await kustomizationFile(dir);
  const app: AppReport = { dir: rel(dir), kustomization: rel(path.join(dir, kustomization)), findings: [] };
  const start = performance.now();
  try {
    const { ctx, warnings, origins } = await loadApp({ ...options, dir, mode: 'check' });
    app.kustomizeWarnings = warnings;
    const { findings } = await runPipeline(ctx, steps);
    const located = await locateFindings(ctx, findings, origins);
    // locateFindings answers relative to the app's repository root; the report uses one root for all.
    const base = ctx.repoRoot ?? dir;
    const rebase = <T extends { path: string }>(file: T): T => ({ ...file, path: rel(path.resolve(base, file.path)) });
    app.findings = sortFindings(
      located.map((f) => ({
        ...f,
        ...(f.file ? { file: rebase(f.file) } : {}),
        ...(f.related ? { related: f.related.map((r) => (r.file ? { ...r, file: rebase(r.file) } : r)) } : {}),
      })),
    );
  } catch (error) {
    if (!(error instanceof KustodianError) || error.code === 'INTERRUPTED') throw error;
    app.failure = { code: error.code, message: error.message, exitCode: exitCodeFor(error) };
  }
  app.durationMs = Math.round(performance.now() - start);
  return app;
}

async function kustomizationFile(dir: string): Promise<string> {
  return (await findKustomizationFile(dir)) ?? KUSTOMIZATION_FILES[0];
}

/** Help text per code: a step's own `codes`, else its summary; failure codes from errors.ts. */
function helpFor(steps: readonly Step[]): { help: Record<string, string>; stepOf: Record<string, string> } {
  const help: Record<string, string> = { ...errorCodeHelp };
  const stepOf: Record<string, string> = {};
  for (const step of steps) {
    for (const [code, text] of Object.entries(step.codes ?? {})) {
      help[code] = text;
      stepOf[code] = step.id;
    }
  }
  return { help, stepOf };
}

/** Checks every directory (and every leaf overlay under each `all` root) and builds the report. */
export async function check(options: CheckOptions): Promise<CheckReport> {
  const env = options.env ?? process.env;
  const steps = options.steps ?? registry;
  const dirs = new Set<string>();
  for (const d of options.dirs) {
    const abs = path.resolve(d);
    const isDir = await stat(abs).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new KustodianError('USAGE', `${d}: no such directory`);
    dirs.add(abs);
  }
  for (const leaf of await leafOverlaysUnder(options.all ?? [])) dirs.add(leaf);
  const all = [...dirs].sort();
  const sorted = options.shard ? shardOf(all, options.shard) : all;
  // Paths in the report are relative to the repository that holds the checked directories (SARIF's
  // %SRCROOT%), wherever the command was started from.
  // Chosen from the whole list, not the shard, so that every shard of one run reports the same paths.
  const root = path.resolve(options.root ?? (all[0] && (await findGitTopLevel(all[0]))) ?? (await findRepoRoot(process.cwd(), env)));
  const apps = await mapBounded(sorted, options.concurrency ?? defaultConcurrency(), (dir) => checkOne(dir, root, options, steps));
  const { help, stepOf } = helpFor(steps);
  // Findings from steps without a `codes` table still get a rule: the step's summary.
  for (const app of apps) {
    for (const f of app.findings) {
      if (help[f.code] || !f.step) continue;
      const step = steps.find((s) => s.id === f.step);
      if (step) help[f.code] = step.summary;
      stepOf[f.code] ??= f.step;
    }
  }
  return { apps: apps.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)), help, stepOf, version };
}

/** 0 clean · 1 error findings · else the worst failure's code (2 config, 3 runtime). */
export function checkExitCode(report: CheckReport): number {
  const failures = report.apps.flatMap((a) => (a.failure ? [a.failure.exitCode] : []));
  if (failures.length) return Math.max(...failures);
  return report.apps.some((a) => hasErrors(a.findings)) ? ExitCode.FINDINGS : ExitCode.OK;
}

export const checkCommand: Command = {
  usage: `kustodian check [DIR...] [--all ROOT] [--format text|json|sarif|github] [--jobs N] [--shard I/N] [build flags as render]
  Build each DIR (default . unless --all is given) and every leaf overlay under ROOT, run every step,
  and report findings of all severities (info shows what transformers would change); no manifests.
  Exit 1 on error findings; a directory that cannot be built is reported and the exit is 3 (2 for a
  config error), after every other directory was checked. --jobs: directories checked at once (default:
  the CPU count). --shard I/N (1-based): check only every N-th directory of the sorted list, starting
  with the I-th, to split one run over N CI jobs.`,
  options: {
    ...buildFlags,
    all: { type: 'string', multiple: true },
    format: { type: 'string', default: 'text' },
    jobs: { type: 'string' },
    shard: { type: 'string' },
  },
  report: true,
  async run(values, positionals, io) {
    const format = String(values.format) as CheckFormat;
    if (!(CHECK_FORMATS as readonly string[]).includes(format)) {
      throw new KustodianError('USAGE', `--format must be one of ${CHECK_FORMATS.join(', ')}, not ${JSON.stringify(values.format)}`);
    }
    const all = (values.all as string[] | undefined) ?? [];
    const report = await check({
      dirs: positionals.length || all.length ? positionals : ['.'],
      all,
      concurrency: jobsFlag(values.jobs),
      ...(values.shard !== undefined ? { shard: parseShard(String(values.shard)) } : {}),
      ...buildOptionsFrom(values, io),
    });
    const color = io.outIsTTY && !io.env.NO_COLOR;
    const render: Record<CheckFormat, () => string> = {
      text: () => formatText(report, { color }),
      json: () => formatJson(report),
      sarif: () => formatSarif(report),
      github: () => formatGithub(report),
    };
    io.out(render[format]());
    for (const app of report.apps) for (const w of app.kustomizeWarnings ?? []) io.err(`kustomize: ${app.dir}: ${w}`);
    for (const app of report.apps) if (app.failure) io.err(`kustodian check: ${app.dir}: ${app.failure.code}: ${app.failure.message}`);
    return checkExitCode(report);
  },
};
