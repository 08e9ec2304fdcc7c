// Shared helpers for bench sections: timing child processes, medians, kustodian's peak RSS, and the
// kustomize command kustodian itself would pick. Sections live in bench/sections/*.mjs (see run.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const corpusRoot = resolve(repoRoot, '..', 'shared', 'corpus');
export const cli = join(repoRoot, 'dist', 'cli.js');
const rssHook = join(repoRoot, 'bench', 'rss.mjs');

/** Runs per measurement; override with BENCH_RUNS. Odd, so the median is one real run. */
export const runs = Math.max(1, Number(process.env.BENCH_RUNS) || 7);

/** Wall time of one process run in ms; throws (with its stderr) when its exit code is not in `ok` (default 0 only). */
export function timeRun(file, args, env = process.env, ok = [0]) {
  const start = process.hrtime.bigint();
  // stdout goes to /dev/null for both tools, so neither is charged for a reader's speed.
  const r = spawnSync(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!ok.includes(r.status)) {
    throw new Error(`${file} ${args.join(' ')} exited ${r.status ?? r.signal}: ${String(r.stderr).trim().slice(0, 2000)}`);
  }
  return ms;
}

/** Median of a list of numbers. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Above this many ms per round, a measurement uses `slowRuns` runs: 5 keep a slow section under a few minutes. */
const SLOW_ROUND_MS = 5000;
const slowRuns = 5;

/**
 * Measures several commands interleaved (A B C, A B C, …) so that machine noise (other work on a
 * 2-core box, thermal drift, page cache) hits all of them alike. Returns the median per key, and
 * the number of runs (fewer for slow commands).
 */
export function interleaved(commands, n = runs) {
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  // One warm-up round: fills the page cache so the first measured run is not a cold start.
  let round = 0;
  for (const c of Object.values(commands)) round += timeRun(c.file, c.args, c.env, c.ok);
  const count = round > SLOW_ROUND_MS ? Math.min(n, slowRuns) : n;
  for (let i = 0; i < count; i++) {
    for (const [key, c] of Object.entries(commands)) times[key].push(timeRun(c.file, c.args, c.env, c.ok));
  }
  return { runs: count, ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) };
}

/** The environment kustodian runs with in benchmarks: pin=off, no registry, no ArgoCD inputs. */
export function kustodianEnv(extra = {}) {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), TMPDIR: os.tmpdir(), KUSTODIAN_PIN: 'off', ...extra };
}

/** The `kustodian render DIR` command. */
export function kustodianRender(dir, extraEnv = {}) {
  return { file: process.execPath, args: [cli, 'render', dir], env: kustodianEnv(extraEnv) };
}

/** kustodian's own peak RSS in MiB for one render of DIR (the kustomize child is not included). */
export function peakRssMiB(dir, extraEnv = {}) {
  const tmp = mkdtempSync(join(os.tmpdir(), 'kustodian-bench-rss-'));
  try {
    const file = join(tmp, 'rss');
    timeRun(process.execPath, ['--import', rssHook, cli, 'render', dir], kustodianEnv({ ...extraEnv, BENCH_RSS_FILE: file }));
    return Number(readFileSync(file, 'utf8')) / 1024;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function onPath(name) {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (d && existsSync(join(d, name))) return join(d, name);
  }
  return undefined;
}

/** The kustomize command kustodian would run (KUSTODIAN_KUSTOMIZE, else kustomize, else kubectl kustomize). */
export function kustomizeCommand(dir) {
  const chosen = process.env.KUSTODIAN_KUSTOMIZE;
  if (chosen) return chosen.endsWith('kubectl') ? { file: chosen, args: ['kustomize', dir] } : { file: chosen, args: ['build', dir] };
  const kustomize = onPath('kustomize');
  if (kustomize) return { file: kustomize, args: ['build', dir] };
  return { file: onPath('kubectl') ?? 'kubectl', args: ['kustomize', dir] };
}

/**
 * kustomize with the Go GC settings kustodian gives it (src/sources/go-runtime.ts; bench/ has no cgroup
 * limit to halve): the ratio against this is kustodian's own cost, the ratio against plain kustomize
 * what a user sees.
 */
export function tunedKustomizeCommand(dir) {
  return { ...kustomizeCommand(dir), env: { ...process.env, GOGC: '200', GOMEMLIMIT: `${1024 ** 3}B` } };
}

/** Number of objects in a kustomize build of DIR. */
export function countResources(dir) {
  const c = kustomizeCommand(dir);
  const r = spawnSync(c.file, c.args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${c.file} ${c.args.join(' ')} failed: ${r.stderr}`);
  // Top-level `kind:` lines are one per object in kustomize's output.
  return r.stdout.split('\n').filter((l) => l.startsWith('kind: ')).length;
}

/** A fresh directory under $TMPDIR, removed by the returned function. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
