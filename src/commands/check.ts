/**
 * `kustodian check [DIR...] [--all ROOT]`: the review/CI entry. Builds each overlay, runs the full
 * pipeline (transformers too, so their info findings show what a render would change), and reports
 * findings of every severity with file and line. Emits no manifests.
 */
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { loadApp, type AppOptions } from '../pipeline/load-app.js';
import { locateFindings } from '../sources/source-locator.js';
import { hasErrors, sortFindings, type Severity } from '../findings/finding.js';
import { runPipeline } from '../pipeline/run-steps.js';
import { steps as registry, type Step } from '../steps/index.js';
import { KustodianError, ExitCode, exitCodeFor } from '../util/errors.js';
import { ruleHelp } from './code-catalog.js';
import { checkStream, STDIN_NAME } from './check-stream.js';
import type { COMMAND_CODES } from './command-codes.js';
import { parseShard, selectApps, type Shard } from '../sources/app-selection.js';
import { gitChangesSince, selectChangedApps } from '../sources/changed-apps.js';
import { findKustomizationFile, KUSTOMIZATION_FILES, sharedKustomizationReader } from '../sources/kustomization-file.js';
import { formatJson, reportAtSeverity, type AppReport, type CheckReport } from '../sinks/check-report.js';
import { formatGithub, formatSarif, formatText } from '../sinks/report-formats.js';
import { buildFlags, buildOptionsFrom, changedSinceFlag, jobsFlag, type Command } from './command.js';
import { defaultConcurrency, Limiter } from '../util/concurrency.js';
import type { KustomizationTree } from '../sources/kustomization-tree.js';

import { version } from '../util/version.js';

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
  /** `--changed-since REF`: build only the apps whose inputs changed since REF (src/sources/changed-apps.ts). */
  changedSince?: string;
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
    const { ctx, warnings, locator } = await loadApp({ ...options, dir, mode: 'check' });
    app.kustomizeWarnings = warnings;
    const { findings } = await runPipeline(ctx, steps);
    const located = await locateFindings(ctx, findings, locator);
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
    app.failure = {
      code: error.code,
      message: error.message,
      exitCode: exitCodeFor(error),
      ...(error.file ? { file: { path: rel(error.file.path), ...(error.file.line ? { line: error.file.line } : {}) } } : {}),
    };
  }
  app.durationMs = Math.round(performance.now() - start);
  return app;
}

/** The report for a `kind: Component` directory: an info saying which overlays were checked for it. */
async function componentReport(dir: string, including: string[], root: string): Promise<AppReport> {
  const rel = (abs: string) => posix(path.relative(root, abs));
  const kustomization = rel(path.join(dir, await kustomizationFile(dir)));
  const message = including.length
    ? `this kustomization is a kind: Component, which kustomize builds only inside the overlays that include it; checked those instead: ${including.map(rel).join(', ')}`
    : `this kustomization is a kind: Component, which kustomize builds only inside the overlays that include it, and no overlay in the repository includes it; nothing was checked. Check an overlay that lists it under components:`;
  return {
    dir: rel(dir),
    kustomization,
    findings: [
      {
        severity: 'info',
        code: 'COMPONENT_CHECKED_VIA_OVERLAYS' satisfies keyof (typeof COMMAND_CODES)['check'],
        message,
        file: { path: kustomization },
      },
    ],
  };
}

async function kustomizationFile(dir: string): Promise<string> {
  return (await findKustomizationFile(dir)) ?? KUSTOMIZATION_FILES[0];
}

/** Checks every directory (and every leaf overlay under each `all` root) and builds the report. */
export async function check(options: CheckOptions): Promise<CheckReport> {
  const env = options.env ?? process.env;
  const steps = options.steps ?? registry;
  // --changed-since reads every overlay's kustomizations: share one reading with the selection.
  const read = options.changedSince === undefined ? undefined : sharedKustomizationReader();
  // git lists what changed while the overlays are found (any of the named directories lies in the one work tree).
  const changes =
    options.changedSince === undefined
      ? undefined
      : gitChangesSince(options.all?.[0] ?? options.dirs[0] ?? '.', options.changedSince, { env, signal: options.signal });
  changes?.catch(() => undefined);
  const { apps: selected, components, trees, root } = await selectApps({ ...options, env, ...(read ? { read } : {}) });
  // Each app is checked once, at most `concurrency` at a time; with --changed-since, as soon as it is found changed.
  const limiter = new Limiter(options.concurrency ?? defaultConcurrency());
  const checks = new Map<string, Promise<AppReport>>();
  const checkApp = (dir: string, kustomizationTree?: Promise<KustomizationTree>): Promise<AppReport> => {
    const known = checks.get(dir);
    if (known) return known;
    const appOptions = { ...options, tree: trees.get(dir), ...(kustomizationTree ? { kustomizationTree } : {}) };
    const report = limiter.run(() => checkOne(dir, root, appOptions, steps));
    // Awaited with the others below; a failure before then must not surface as an unhandled rejection.
    report.catch(() => undefined);
    checks.set(dir, report);
    return report;
  };
  const since =
    options.changedSince === undefined
      ? undefined
      : await selectChangedApps(selected, options.changedSince, {
          env,
          signal: options.signal,
          configFile: options.configFile,
          flags: options.flags,
          read,
          ...(changes ? { changes } : {}),
          onChanged: (dir, tree) => void checkApp(dir, tree),
        });
  const apps = await Promise.all((since?.changed ?? selected).map((dir) => checkApp(dir, since?.trees.get(dir))));
  for (const dir of since?.unchanged ?? [])
    apps.push({
      dir: posix(path.relative(root, dir)),
      kustomization: posix(path.relative(root, path.join(dir, await kustomizationFile(dir)))),
      findings: [],
      unchanged: true,
    });
  // The component's own note goes into the first shard only, so a sharded run reports it once.
  if (!options.shard || options.shard.index === 1)
    for (const [dir, including] of components) apps.push(await componentReport(dir, including, root));
  const { help, stepOf } = ruleHelp(
    steps,
    apps.flatMap((a) => a.findings),
  );
  const changedSince = since ? { changedSince: { ref: options.changedSince!, commit: since.commit } } : {};
  return { apps: apps.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)), help, stepOf, version, ...changedSince };
}

/** The severities `--min-severity` accepts. */
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** 0 clean · 1 error findings · else the worst failure's code (2 config, 3 runtime). */
export function checkExitCode(report: CheckReport): number {
  const failures = report.apps.flatMap((a) => (a.failure ? [a.failure.exitCode] : []));
  if (failures.length) return Math.max(...failures);
  return report.apps.some((a) => hasErrors(a.findings)) ? ExitCode.FINDINGS : ExitCode.OK;
}

export const checkCommand: Command = {
  usage: `kustodian check [DIR...] [--all ROOT] [--format text|json|sarif|github] [--min-severity error|warning|info]
                [--quiet] [--sarif-file FILE] [--jobs N] [--shard I/N] [--changed-since REF] [build flags as render]
  kustodian check - [--format …] [--min-severity …] [--quiet] [--config FILE] [--namespace NS] < stream.yaml
  Build each DIR (default . unless --all is given) and every leaf overlay under ROOT, run every step,
  and report findings of all severities (info shows what transformers would change); no manifests.
  With -, check an already-rendered YAML stream from stdin instead (helm template … | kustodian check -).
  --sarif-file FILE also writes the SARIF report to FILE (for code scanning), whatever --format is.
  --min-severity leaves out findings below it (default info; sarif: warning, so that what transformers
  did is no code scanning alert). --quiet prints only apps with findings (no ok lines, no summary).
  Exit 1 on error findings; a directory that cannot be built is reported and the exit is 3 (2 for a
  config error), after every other directory was checked. --jobs: directories checked at once (default:
  the CPU count). --shard I/N (1-based): check only every N-th directory of the sorted list, starting
  with the I-th, to split one run over N CI jobs. --changed-since REF (with --all): build only the leaf
  overlays whose inputs changed between REF and the working tree; the others are listed as unchanged.`,
  options: {
    ...buildFlags,
    all: { type: 'string', multiple: true },
    format: { type: 'string', default: 'text' },
    'min-severity': { type: 'string' },
    quiet: { type: 'boolean' },
    'sarif-file': { type: 'string' },
    jobs: { type: 'string' },
    shard: { type: 'string' },
    'changed-since': { type: 'string' },
  },
  report: true,
  async run(values, positionals, io) {
    const format = String(values.format) as CheckFormat;
    if (!(CHECK_FORMATS as readonly string[]).includes(format)) {
      throw new KustodianError('USAGE', `--format must be one of ${CHECK_FORMATS.join(', ')}, not ${JSON.stringify(values.format)}`);
    }
    const min = (values['min-severity'] ?? (format === 'sarif' ? 'warning' : 'info')) as Severity;
    if (!SEVERITIES.includes(min)) {
      throw new KustodianError(
        'USAGE',
        `--min-severity must be one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(values['min-severity'])}`,
      );
    }
    const quiet = Boolean(values.quiet);
    const all = (values.all as string[] | undefined) ?? [];
    let report: CheckReport;
    if (positionals.includes(STDIN_NAME)) {
      if (positionals.length > 1 || all.length || values.shard !== undefined) {
        throw new KustodianError('USAGE', 'check - reads one stream from stdin; give no directories, --all or --shard with it');
      }
      report = await checkStream(await io.readStdin(), buildOptionsFrom(values, io));
    } else {
      report = await check({
        dirs: positionals.length || all.length ? positionals : ['.'],
        all,
        concurrency: jobsFlag(values.jobs),
        ...(values.shard !== undefined ? { shard: parseShard(String(values.shard)) } : {}),
        ...(values['changed-since'] !== undefined ? { changedSince: changedSinceFlag(values['changed-since'], all) } : {}),
        ...buildOptionsFrom(values, io),
      });
    }
    const shown = reportAtSeverity(report, min);
    const color = io.outIsTTY && !io.env.NO_COLOR;
    const render: Record<CheckFormat, () => string> = {
      text: () => formatText(shown, { color, quiet }),
      json: () => formatJson(shown),
      sarif: () => formatSarif(shown),
      github: () => formatGithub(shown, { quiet }),
    };
    io.out(render[format]());
    const sarifFile = values['sarif-file'] as string | undefined;
    if (sarifFile !== undefined) {
      // Infos stay out of code scanning unless --min-severity info asked for them.
      const sarif = formatSarif(reportAtSeverity(report, (values['min-severity'] as Severity | undefined) ?? 'warning'));
      await writeFile(sarifFile, sarif).catch((error: unknown) => {
        throw new KustodianError('IO', `--sarif-file ${sarifFile}: ${(error as Error).message}`, { cause: error });
      });
    }
    if (!quiet) for (const app of report.apps) for (const w of app.kustomizeWarnings ?? []) io.err(`kustomize: ${app.dir}: ${w}`);
    for (const app of report.apps) if (app.failure) io.err(`kustodian check: ${app.dir}: ${app.failure.code}: ${app.failure.message}`);
    return checkExitCode(report);
  },
};
