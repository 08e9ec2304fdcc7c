/**
 * `kustodian pin [DIR]`: resolve every image of the render from the registry and write
 * kustodian.lock.yaml; `--check` compares the lock with the render without writing or going online.
 */
import path from 'node:path';
import { loadApp, type AppOptions } from '../pipeline/load-app.js';
import { runPipeline } from '../pipeline/run-steps.js';
import { steps } from '../steps/index.js';
import { pinImages } from '../steps/pin-images.js';
import { RegistryClients } from '../images/resolutions.js';
import { movedTags, platformChange } from '../images/moved-tags.js';
import { readLock, writeLock, LOCK_FILE, type LockEntry } from '../images/lock-file.js';
import { KustodianError, ExitCode, exitCodeFor } from '../util/errors.js';
import { leafOverlaysUnder } from '../sources/overlays.js';
import { selectChangedApps } from '../sources/changed-apps.js';
import type { KustomizationTree } from '../sources/kustomization-tree.js';
import { sharedKustomizationReader } from '../sources/kustomization-file.js';
import { defaultConcurrency, mapBounded } from '../util/concurrency.js';
import { formatFinding, formatFindings } from '../sinks/text.js';
import { buildFlags, buildOptionsFrom, changedSinceFlag, jobsFlag, type Command, type Io } from './command.js';
import { sortFindings, type Finding } from '../findings/finding.js';
import type { COMMAND_CODES } from './command-codes.js';

export interface PinOptions extends Omit<AppOptions, 'mode' | 'pinMode'> {
  /** Called as references resolve: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface PinResult {
  /** The lock file written; undefined when a resolution failed (nothing is written then). */
  file?: string;
  entries: LockEntry[];
  added: string[];
  changed: string[];
  pruned: string[];
  /** Findings of the pin step: resolution failures (errors) and platform gaps (warnings: render fails on them). */
  findings: Finding[];
}

/** Runs the transforms (the images other transforms add must be locked too), resolving everything from the registry. */
async function transforms(options: Omit<AppOptions, 'mode'>, onProgress?: (done: number, total: number) => void) {
  const { ctx, warnings } = await loadApp({ ...options, mode: 'render' });
  const resolutions = ctx.images;
  resolutions.onProgress = onProgress;
  const { findings } = await runPipeline(
    ctx,
    steps.filter((s) => s.kind === 'transform'),
  );
  return { ctx, resolutions, warnings, findings: findings.filter((f) => f.step === pinImages.id) };
}

/** Resolves every image of DIR's render and writes (or refreshes, pruning stale entries) its lock. */
export async function pin(options: PinOptions): Promise<PinResult> {
  // Image configs are read only for the images a step asks about (the PGDATA step, through ctx.inspectImage,
  // during the transforms): the lock records exactly the facts a locked render of this app will ask for, and
  // every other image costs its resolution alone. A config that cannot be read is the pin step's finding.
  const { ctx, resolutions, findings } = await transforms({ ...options, pinMode: 'refresh' }, options.onProgress);
  const shown = findings.map((f): Finding => (f.code === 'IMAGE_PLATFORM_MISSING' ? { ...f, severity: 'warning' } : f));
  const entries = resolutions.resolvedEntries();
  let previous: LockEntry[] = [];
  try {
    previous = (await readLock(ctx.appDir!, ctx.repoRoot))?.images ?? [];
  } catch (error) {
    if (!(error instanceof KustodianError && error.code === 'LOCK_INVALID')) throw error; // an invalid lock is simply replaced
  }
  const before = new Map(previous.map((e) => [e.reference, e]));
  const now = new Set(entries.map((e) => e.reference));
  const diff = {
    added: entries
      .filter((e) => !before.has(e.reference))
      .map((e) => e.reference)
      .sort(),
    changed: entries
      .filter((e) => before.has(e.reference) && before.get(e.reference)!.digest !== e.digest)
      .map((e) => e.reference)
      .sort(),
    pruned: previous
      .filter((e) => !now.has(e.reference))
      .map((e) => e.reference)
      .sort(),
  };
  if (shown.some((f) => f.severity === 'error')) return { entries, findings: shown, ...diff };
  const file = entries.length || previous.length ? await writeLock(ctx.appDir!, entries) : undefined;
  return { file, entries, findings: shown, ...diff };
}

export interface PinCheckResult {
  /** Rendered references the lock lacks (or whose locked facts the render cannot use). */
  missing: string[];
  /** Lock entries without the image config a step of this render reads (the PGDATA step's Postgres images). */
  incomplete: string[];
  /** Lock entries for references the render no longer has. */
  stale: string[];
  /** Images in the render. */
  count: number;
  /** With `remote`: IMAGE_TAG_MOVED for each locked tag the registry now serves another digest for, and IMAGE_RESOLVE_FAILED where it could not say. */
  remote?: Finding[];
}

export interface PinCheckOptions extends Omit<PinOptions, 'onProgress'> {
  /** Also ask each registry whether every locked tag still names its locked digest. */
  remote?: boolean;
}

/**
 * Compares the lock with the render: offline (a digest written in the manifests counts only when the lock
 * records its facts, as an offline render needs), hermetic, nothing written. With `remote`, also asks each
 * registry whether the locked tags moved.
 */
export async function pinCheck(options: PinCheckOptions): Promise<PinCheckResult> {
  const { remote, ...rest } = options;
  const { ctx, resolutions } = await transforms({ ...rest, flags: { ...rest.flags, offline: true }, pinMode: 'locked' });
  const lock = await resolutions.lockEntries();
  const used = new Set(resolutions.references());
  const missing = new Set<string>();
  for (const ref of used) {
    const outcome = await resolutions.resolve(ref);
    if (!outcome.ok && outcome.reason !== 'invalid') missing.add(ref);
  }
  const incomplete = [...resolutions.unrecordedConfigs].filter((r) => !missing.has(r)).sort();
  const result: PinCheckResult = {
    missing: [...missing].sort(),
    incomplete,
    stale: [...lock.keys()].filter((r) => !used.has(r)).sort(),
    count: used.size,
  };
  if (remote) {
    // Every locked tag is asked of its registry, never answered from a fresh cache entry.
    const settings = { settings: ctx.config.images, cache: ctx.config.cache, env: ctx.env, signal: ctx.signal, revalidateTags: true };
    const port = (options.registryClients ?? new RegistryClients()).for(settings);
    result.remote = remoteFindings(
      await movedTags([...lock.values()], port),
      path.relative(ctx.repoRoot ?? ctx.appDir!, path.join(ctx.appDir!, LOCK_FILE)),
    );
  }
  return result;
}

/** The moved-tag answers as findings on the lock file. */
function remoteFindings(r: Awaited<ReturnType<typeof movedTags>>, lockFile: string): Finding[] {
  const moved = r.moved.map((m): Finding => ({
    severity: 'error',
    code: 'IMAGE_TAG_MOVED' satisfies keyof (typeof COMMAND_CODES)['pin'],
    message: `${m.reference} moved: the lock records ${m.locked.digest}, the registry now serves ${m.now.digest} (${platformChange(m.locked.platforms, m.now.platforms)}); review the new image, then run \`kustodian pin\` and commit the lock`,
    file: { path: lockFile },
  }));
  const failed = r.failed.map((f): Finding => ({
    severity: 'error',
    code: 'IMAGE_RESOLVE_FAILED',
    message: `${f.reference}: cannot tell whether the tag moved: ${f.message}`,
    file: { path: lockFile },
  }));
  return sortFindings([...moved, ...failed]);
}

/** One overlay of `pin --all`: its result, or why it could not be pinned (kustomize failed, bad config …). */
export interface PinAllEntry {
  dir: string;
  result?: PinResult;
  failure?: KustodianError;
}

export interface PinAllOptions extends Omit<PinOptions, 'dir' | 'onProgress' | 'registryClients'> {
  /** Roots searched for leaf overlays, as `check --all` finds them. */
  roots: string[];
  /** Overlays built at once (default: the CPU count). */
  concurrency?: number;
  /** Called as overlays finish: (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** `--changed-since REF`: only the overlays whose inputs changed since REF (src/sources/changed-apps.ts). */
  changedSince?: string;
  /** Told each overlay `changedSince` leaves out. */
  onUnchanged?: (dir: string) => void;
}

/** The leaf overlays to work on, and the walk of each that `--changed-since` made, for its build. */
async function overlaysOf(options: PinAllOptions): Promise<{ dirs: string[]; trees?: Map<string, Promise<KustomizationTree>> }> {
  if (options.changedSince === undefined) return { dirs: await leafOverlaysUnder(options.roots) };
  const read = sharedKustomizationReader();
  const all = await leafOverlaysUnder(options.roots, read);
  const selection = await selectChangedApps(all, options.changedSince, {
    env: options.env ?? process.env,
    signal: options.signal,
    configFile: options.configFile,
    flags: options.flags,
    read,
  });
  for (const dir of selection.unchanged) options.onUnchanged?.(dir);
  return { dirs: selection.changed, trees: selection.trees };
}

/**
 * `kustodian pin --all ROOT`: refreshes the lock of every leaf overlay under the roots in one process.
 * The overlays share registry clients (connections, tokens, and the memo: an image several overlays use
 * is resolved once) besides the disk cache. One overlay failing does not stop the others; results are
 * in the sorted order of the overlays, whatever the parallelism.
 */
export async function pinAll(options: PinAllOptions): Promise<PinAllEntry[]> {
  const { dirs, trees } = await overlaysOf(options);
  const registryClients = new RegistryClients();
  let done = 0;
  const { roots: _roots, concurrency, onProgress, changedSince: _since, onUnchanged: _unchanged, ...common } = options;
  return mapBounded(dirs, concurrency ?? defaultConcurrency(), async (dir): Promise<PinAllEntry> => {
    try {
      return {
        dir,
        result: await pin({ ...common, dir, registryClients, ...(trees?.has(dir) ? { kustomizationTree: trees.get(dir) } : {}) }),
      };
    } catch (error) {
      if (!(error instanceof KustodianError) || error.code === 'INTERRUPTED') throw error;
      return { dir, failure: error };
    } finally {
      onProgress?.(++done, dirs.length);
    }
  });
}

/** `kustodian pin --check --all ROOT`: pinCheck for every leaf overlay; offline, nothing written. */
export async function pinCheckAll(
  options: Omit<PinAllOptions, 'onProgress'> & { remote?: boolean },
): Promise<{ dir: string; result?: PinCheckResult; failure?: KustodianError }[]> {
  const { dirs, trees } = await overlaysOf(options);
  const { roots: _roots, concurrency, changedSince: _since, onUnchanged: _unchanged, ...common } = options;
  // Shared with --remote: a tag several overlays lock is asked of its registry once.
  const registryClients = new RegistryClients();
  return mapBounded(dirs, concurrency ?? defaultConcurrency(), async (dir) => {
    try {
      return {
        dir,
        result: await pinCheck({ ...common, dir, registryClients, ...(trees?.has(dir) ? { kustomizationTree: trees.get(dir) } : {}) }),
      };
    } catch (error) {
      if (!(error instanceof KustodianError) || error.code === 'INTERRUPTED') throw error;
      return { dir, failure: error };
    }
  });
}

function progressLine(io: Io): ((done: number, total: number) => void) | undefined {
  if (!io.isTTY || !io.progress) return undefined;
  const progress = io.progress;
  return (done, total) => progress(`kustodian: pinning images ${done}/${total}`);
}

/** stderr lines for one overlay's `pin --check`; returns its exit code. */
function reportCheck(r: PinCheckResult, dir: string, io: Io): number {
  const lockName = path.join(dir, LOCK_FILE);
  const remote = r.remote ?? [];
  for (const f of remote) io.err(formatFinding(f));
  for (const ref of r.missing) io.err(`missing ${ref}: the render uses it but ${lockName} has no usable entry for it`);
  for (const ref of r.incomplete) io.err(`incomplete ${ref}: ${lockName} does not record its image config, which the pgdata step reads`);
  for (const ref of r.stale) io.err(`stale ${ref}: ${lockName} lists it but the render no longer uses it`);
  if (r.missing.length || r.incomplete.length || r.stale.length) {
    const counts = [
      `${r.missing.length} missing`,
      ...(r.incomplete.length ? [`${r.incomplete.length} incomplete`] : []),
      `${r.stale.length} stale`,
    ];
    io.err(`kustodian: ${lockName} is out of date (${counts.join(', ')}); run \`kustodian pin ${dir}\``);
    return ExitCode.FINDINGS;
  }
  if (remote.length) {
    io.err(
      `kustodian: ${lockName} matches the render, but ${remote.length} locked tag${remote.length === 1 ? '' : 's'} moved or could not be asked`,
    );
    return ExitCode.FINDINGS;
  }
  const asked = r.remote ? '; every locked tag still names its locked digest' : '';
  io.err(`kustodian: ${lockName} is up to date (${r.count} image${r.count === 1 ? '' : 's'}${asked})`);
  return ExitCode.OK;
}

/** stderr lines for one overlay's pin; returns its exit code. */
function reportPin(r: PinResult, dir: string, io: Io): number {
  const lockName = path.join(dir, LOCK_FILE);
  const report = formatFindings(r.findings);
  if (report) io.err(report);
  if (!r.file && r.findings.some((f) => f.severity === 'error')) {
    io.err(`kustodian: pin failed; ${lockName} was not written`);
    return ExitCode.FINDINGS;
  }
  if (!r.file) {
    io.err(`kustodian: ${dir === '.' ? 'the render' : `the render of ${dir}`} has no images; nothing to lock`);
    return ExitCode.OK;
  }
  io.err(
    `kustodian: wrote ${lockName}: ${r.entries.length} image${r.entries.length === 1 ? '' : 's'} (${r.added.length} added, ${r.changed.length} changed, ${r.pruned.length} pruned)`,
  );
  return ExitCode.OK;
}

/** `pin --all`: every overlay's lines in sorted order, then the worst exit code (a failure's own, else 1 for findings). */
async function runAll(
  roots: string[],
  check: boolean,
  options: Omit<PinAllOptions, 'roots'> & { remote?: boolean },
  io: Io,
): Promise<number> {
  // Relative to the working directory where the overlay is below it (as the user wrote ROOT), else absolute.
  const display = (dir: string) => {
    const rel = path.relative(process.cwd(), dir);
    return rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel || '.';
  };
  const codes: number[] = [];
  const common: Omit<PinAllOptions, 'roots'> & { remote?: boolean } =
    options.changedSince === undefined
      ? options
      : { ...options, onUnchanged: (dir) => io.err(`kustodian: ${display(dir)}: unchanged since ${options.changedSince}, not built`) };
  const failed = (dir: string, error: KustodianError) => {
    io.err(`kustodian: ${display(dir)}: ${error.code}: ${error.message}`);
    codes.push(exitCodeFor(error));
  };
  if (check) {
    for (const e of await pinCheckAll({ ...common, roots })) {
      if (e.failure) failed(e.dir, e.failure);
      else codes.push(reportCheck(e.result!, display(e.dir), io));
    }
  } else {
    const { remote: _remote, ...pinOptions } = common;
    const onProgress =
      io.isTTY && io.progress ? (done: number, total: number) => io.progress?.(`kustodian: pinning overlays ${done}/${total}`) : undefined;
    let entries: PinAllEntry[];
    try {
      entries = await pinAll({ ...pinOptions, roots, onProgress });
    } finally {
      if (onProgress) io.progress?.('');
    }
    for (const e of entries) {
      if (e.failure) failed(e.dir, e.failure);
      else codes.push(reportPin(e.result!, display(e.dir), io));
    }
  }
  return Math.max(ExitCode.OK, ...codes);
}

export const pinCommand: Command = {
  usage: `kustodian pin [DIR] [--check [--remote]] [--platform os/arch[,…]] [--namespace NS] [--enable-helm] [--load-restrictor none|root] [--config FILE] [--repo-root DIR]
kustodian pin --all ROOT [--all ROOT…] [--check [--remote]] [--jobs N] [--changed-since REF] [same flags]
  Resolve every image of DIR's render (default .) from its registry and write DIR/${LOCK_FILE}, pruning
  entries the render no longer uses; references written with a digest are recorded too. --check writes
  nothing and needs no registry: it exits 1 when the lock lacks an image of the render or lists one the
  render no longer uses. --check --remote also asks each registry whether every locked tag still names its
  locked digest, and exits 1 with IMAGE_TAG_MOVED for each that moved. --all does this for every leaf
  overlay under ROOT (as check --all finds them) in one process, --jobs at once (default: the CPU count);
  with --changed-since REF only those whose inputs changed since REF.`,
  options: (() => {
    const { pin: _pin, offline: _offline, ...rest } = buildFlags;
    return {
      ...rest,
      check: { type: 'boolean' },
      remote: { type: 'boolean' },
      all: { type: 'string', multiple: true },
      jobs: { type: 'string' },
      'changed-since': { type: 'string' },
    };
  })(),
  async run(values, positionals, io) {
    const roots = (values.all as string[] | undefined) ?? [];
    const concurrency = jobsFlag(values.jobs);
    const remote = Boolean(values.remote);
    if (remote && !values.check) throw new KustodianError('USAGE', '--remote goes with --check (kustodian pin always asks the registry)');
    if (roots.length) {
      if (positionals.length) throw new KustodianError('USAGE', 'pin takes either a directory or --all ROOT, not both');
      const since = values['changed-since'] !== undefined ? { changedSince: changedSinceFlag(values['changed-since'], roots) } : {};
      return runAll(roots, Boolean(values.check), { ...buildOptionsFrom(values, io), concurrency, remote, ...since }, io);
    }
    if (values['changed-since'] !== undefined) changedSinceFlag(values['changed-since'], roots);
    if (concurrency !== undefined) throw new KustodianError('USAGE', '--jobs goes with --all');
    if (positionals.length > 1) throw new KustodianError('USAGE', `pin takes one directory, got ${positionals.length}`);
    const dir = positionals[0] ?? '.';
    const common = { dir, ...buildOptionsFrom(values, io) };
    if (values.check) return reportCheck(await pinCheck({ ...common, remote }), dir, io);
    const onProgress = progressLine(io);
    let r: PinResult;
    try {
      r = await pin({ ...common, onProgress });
    } finally {
      if (onProgress) io.progress?.('');
    }
    return reportPin(r, dir, io);
  },
};
