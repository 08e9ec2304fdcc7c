/**
 * `kustodian pin [DIR]`: resolve every image of the render from the registry and write
 * kustodian.lock.yaml; `--check` compares the lock with the render without writing or going online.
 */
import path from 'node:path';
import { loadApp, type AppOptions } from '../app.js';
import { runPipeline } from '../pipeline.js';
import { steps } from '../steps/index.js';
import { pinImages } from '../steps/pin-images.js';
import { readLock, writeLock, LOCK_FILE, type LockEntry } from '../images/lock.js';
import { KustodianError, ExitCode } from '../errors.js';
import { formatFindings } from '../sinks/text.js';
import { buildFlags, buildOptionsFrom, type Command, type Io } from './command.js';
import type { Finding } from '../findings.js';

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
  const { findings } = await runPipeline(ctx, steps.filter((s) => s.kind === 'transform'));
  return { ctx, resolutions, warnings, findings: findings.filter((f) => f.step === pinImages.id) };
}

/** Resolves every image of DIR's render and writes (or refreshes, pruning stale entries) its lock. */
export async function pin(options: PinOptions): Promise<PinResult> {
  const { ctx, resolutions, findings } = await transforms({ ...options, pinMode: 'refresh' }, options.onProgress);
  // Read every image's config now, so that locked renders can answer the PGDATA step for any image.
  const reported = new Set(resolutions.configFailures.keys());
  await Promise.all(resolutions.references().map((r) => resolutions.inspect(r)));
  const configFailures = [...resolutions.configFailures].filter(([reference]) => !reported.has(reference)).map(([reference, f]): Finding => ({ severity: 'error', code: f.reason === 'invalid' ? 'IMAGE_REFERENCE_INVALID' : 'IMAGE_RESOLVE_FAILED', message: `image "${reference}": ${f.message}` }));
  const shown = [...findings, ...configFailures].map((f): Finding => (f.code === 'IMAGE_PLATFORM_MISSING' ? { ...f, severity: 'warning' } : f));
  const entries = resolutions.resolvedEntries();
  let previous: LockEntry[] = [];
  try {
    previous = (await readLock(ctx.appDir!))?.images ?? [];
  } catch (error) {
    if (!(error instanceof KustodianError && error.code === 'LOCK_INVALID')) throw error; // an invalid lock is simply replaced
  }
  const before = new Map(previous.map((e) => [e.reference, e]));
  const now = new Set(entries.map((e) => e.reference));
  const diff = {
    added: entries.filter((e) => !before.has(e.reference)).map((e) => e.reference).sort(),
    changed: entries.filter((e) => before.has(e.reference) && before.get(e.reference)!.digest !== e.digest).map((e) => e.reference).sort(),
    pruned: previous.filter((e) => !now.has(e.reference)).map((e) => e.reference).sort(),
  };
  if (shown.some((f) => f.severity === 'error')) return { entries, findings: shown, ...diff };
  const file = entries.length || previous.length ? await writeLock(ctx.appDir!, entries) : undefined;
  return { file, entries, findings: shown, ...diff };
}

export interface PinCheckResult {
  /** Rendered references the lock lacks (or whose locked facts the render cannot use). */
  missing: string[];
  /** Lock entries for references the render no longer has. */
  stale: string[];
  /** Images in the render. */
  count: number;
}

/**
 * Compares the lock with the render: offline, hermetic, nothing written. Tag movement is not checked
 * (that needs the registry): run `kustodian pin` to refresh digests.
 */
export async function pinCheck(options: Omit<PinOptions, 'onProgress'>): Promise<PinCheckResult> {
  const { resolutions } = await transforms({ ...options, pinMode: 'locked' });
  const lock = await resolutions.lockEntries();
  const used = new Set(resolutions.references());
  const missing = new Set<string>();
  for (const ref of used) {
    const outcome = await resolutions.resolve(ref);
    if (!outcome.ok && outcome.reason !== 'invalid') missing.add(ref);
  }
  return { missing: [...missing].sort(), stale: [...lock.keys()].filter((r) => !used.has(r)).sort(), count: used.size };
}

function progressLine(io: Io): ((done: number, total: number) => void) | undefined {
  if (!io.isTTY || !io.progress) return undefined;
  const progress = io.progress;
  return (done, total) => progress(`kustodian: pinning images ${done}/${total}`);
}

export const pinCommand: Command = {
  usage: `kustodian pin [DIR] [--check] [--platform os/arch[,…]] [--namespace NS] [--enable-helm] [--load-restrictor none|root] [--config FILE]
  Resolve every image of DIR's render (default .) from its registry and write DIR/${LOCK_FILE}, pruning
  entries the render no longer uses. --check writes nothing and needs no registry: it exits 1 when the lock
  lacks an image of the render or lists one the render no longer uses.`,
  options: (() => {
    const { pin: _pin, ...rest } = buildFlags;
    return { ...rest, check: { type: 'boolean' } };
  })(),
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new KustodianError('USAGE', `pin takes one directory, got ${positionals.length}`);
    const dir = positionals[0] ?? '.';
    const common = { dir, ...buildOptionsFrom(values, io) };
    const lockName = path.join(dir, LOCK_FILE);
    if (values.check) {
      const r = await pinCheck(common);
      for (const ref of r.missing) io.err(`missing ${ref}: the render uses it but ${lockName} has no usable entry for it`);
      for (const ref of r.stale) io.err(`stale ${ref}: ${lockName} lists it but the render no longer uses it`);
      if (r.missing.length || r.stale.length) {
        io.err(`kustodian: ${lockName} is out of date (${r.missing.length} missing, ${r.stale.length} stale); run \`kustodian pin ${dir}\``);
        return ExitCode.FINDINGS;
      }
      io.err(`kustodian: ${lockName} is up to date (${r.count} image${r.count === 1 ? '' : 's'})`);
      return ExitCode.OK;
    }
    const onProgress = progressLine(io);
    let r: PinResult;
    try {
      r = await pin({ ...common, onProgress });
    } finally {
      if (onProgress) io.progress?.('');
    }
    const report = formatFindings(r.findings);
    if (report) io.err(report);
    if (!r.file && r.findings.some((f) => f.severity === 'error')) {
      io.err(`kustodian: pin failed; ${lockName} was not written`);
      return ExitCode.FINDINGS;
    }
    if (!r.file) {
      io.err('kustodian: the render has no images; nothing to lock');
      return ExitCode.OK;
    }
    io.err(`kustodian: wrote ${lockName}: ${r.entries.length} image${r.entries.length === 1 ? '' : 's'} (${r.added.length} added, ${r.changed.length} changed, ${r.pruned.length} pruned)`);
    return ExitCode.OK;
  },
};
