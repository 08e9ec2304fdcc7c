// The api step's cost (issue #19 goal: with the step on, render and check within 1.15× of kustomize on
// the large trees). Its own time inside a render (bench/api-step.mjs: cold is the first run in a fresh
// process, as Argo CD runs kustodian once per app; warm is the median of later runs in that process, as
// in `check` over many overlays), and render with it on and off (KUSTODIAN_API=off) and check with it
// on, against kustomize, interleaved. A tree is large when kustomize itself takes at least LARGE_MS
// here (as in the check section): below that the ratio is mostly Node's start-up.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cli,
  corpusRoot,
  interleaved,
  kustodianEnv,
  kustodianRender,
  kustomizeCommand,
  median,
  tunedKustomizeCommand,
  repoRoot,
  runs,
  tempDir,
} from '../lib.mjs';
import { generateOverlay } from '../generate.mjs';

const RATIO_GOAL = 1.15;
const LARGE_MS = 500;

const overlays = [
  { name: 'kube-prometheus', dir: join(corpusRoot, 'prometheus-operator', 'kube-prometheus') },
  { name: 'argo-cd ha/cluster-install', dir: join(corpusRoot, 'argoproj', 'argo-cd', 'manifests', 'ha', 'cluster-install') },
  { name: 'argo-cd cluster-install', dir: join(corpusRoot, 'argoproj', 'argo-cd', 'manifests', 'cluster-install') },
  { name: 'generated (520 apps)', generate: 520 },
  { name: 'examples/giftify/overlays/prod', dir: join(repoRoot, 'examples', 'giftify', 'overlays', 'prod') },
];

const fmt = (ms) => ms.toFixed(0);

function build(dir) {
  const c = kustomizeCommand(dir);
  const r = spawnSync(c.file, c.args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${c.file} ${c.args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** The step's time in fresh processes: median cold ms over `n` processes, and the warm median of the last. */
function stepTimes(file, n) {
  const cold = [];
  let last;
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bench', 'api-step.mjs'), file, i === n - 1 ? String(n) : '0'], {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    });
    if (r.status !== 0) throw new Error(`bench/api-step.mjs failed: ${r.stderr}`);
    last = JSON.parse(r.stdout);
    cold.push(last.cold);
  }
  return { cold: median(cold), warm: last.warm, errors: last.errors };
}

export default {
  title: 'api step: its own time in a render, and render/check with it on vs. kustomize (KUSTODIAN_API=off for off), medians',
  run({ log }) {
    const rows = [];
    const large = [];
    const tmp = tempDir('kustodian-bench-api-');
    try {
      for (const o of overlays) {
        const dir = o.generate ? generateOverlay(tmp.dir, o.generate) : o.dir;
        const text = build(dir);
        const file = join(tmp.dir, 'build.yaml');
        writeFileSync(file, text);
        const count = text.split('\n').filter((l) => l.startsWith('kind: ')).length;
        const step = stepTimes(file, runs);
        log(`${o.name}: ${count} resources, step ${fmt(step.cold)} ms cold, ${fmt(step.warm)} ms warm`);
        const t = interleaved({
          kustomize: kustomizeCommand(dir),
          tuned: tunedKustomizeCommand(dir),
          'api off': kustodianRender(dir, { KUSTODIAN_API: 'off' }),
          'api on': kustodianRender(dir),
          check: { file: process.execPath, args: [cli, 'check', '--format', 'json', dir], env: kustodianEnv(), ok: [0, 1] },
        });
        const renderRatio = t['api on'] / t.kustomize;
        const checkRatio = t.check / t.kustomize;
        const ownRatio = Math.max(t['api on'], t.check) / t.tuned;
        const isLarge = t.kustomize >= LARGE_MS;
        if (isLarge) large.push({ name: o.name, worst: Math.max(renderRatio, checkRatio), step: step.cold });
        const goal = isLarge ? `≤ ${RATIO_GOAL}: ${Math.max(renderRatio, checkRatio) <= RATIO_GOAL ? 'PASS' : 'MISS'}` : 'small tree';
        rows.push([
          o.name,
          String(count),
          String(t.runs),
          fmt(t.kustomize),
          fmt(t.tuned),
          fmt(t['api off']),
          fmt(t['api on']),
          fmt(t.check),
          fmt(step.cold),
          fmt(step.warm),
          String(step.errors),
          renderRatio.toFixed(2),
          checkRatio.toFixed(2),
          ownRatio.toFixed(2),
          goal,
        ]);
      }
    } finally {
      tmp.cleanup();
    }
    const k = kustomizeCommand('DIR');
    const worst = large.length ? Math.max(...large.map((l) => l.worst)) : NaN;
    return {
      header: [
        'overlay',
        'resources',
        'runs',
        'kustomize ms',
        'kustomize GOGC=200 ms',
        'render api off ms',
        'render api on ms',
        'check ms',
        'step ms (cold)',
        'step ms (warm)',
        'step errors',
        'render ratio',
        'check ratio',
        'own ratio',
        'goal (render and check)',
      ],
      rows,
      notes: [
        `kustomize command: ${[k.file, ...k.args].join(' ')}; pin off throughout; check runs with --format json and the step on`,
        'kustodian runs kustomize with GOGC=200 (docs/cli.md#environment): the render and check ratios (the goal) are against plain kustomize, as a user compares; "own ratio" is the slower of render and check against kustomize run with the same GC settings, i.e. what kustodian itself adds',
        `step ms: the api step alone inside a full render's steps (bench/api-step.mjs), cold = the first run in a fresh process (median of ${runs}), warm = later runs in one process; it includes parsing what no earlier step parsed`,
        `large trees (kustomize ≥ ${LARGE_MS} ms here): worst render/check ratio with the step on ${worst.toFixed(2)} (issue #19 goal ≤ ${RATIO_GOAL}: ${worst <= RATIO_GOAL ? 'PASS' : 'MISS'}); step cold ms ${large.map((l) => `${l.name} ${fmt(l.step)}`).join(', ')}`,
        'CRDs over 256 KiB and documents over 64 KiB are never parsed by the step',
      ],
    };
  },
};
