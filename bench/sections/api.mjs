// The api step's own cost (issue #19): its time in-process on the rendered resources (cold: the first
// run in a process, which parses the bundled schemas it needs; warm: the median of later runs, as in
// `check` over many overlays or a long-lived embedder), and kustodian render with the step on against
// render with it off (KUSTODIAN_API=off) and kustomize, interleaved. The goal is the render section's:
// render and check within 1.15× of kustomize on trees of ≥ 1,000 resources, with the step on.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusRoot, interleaved, kustodianRender, kustomizeCommand, median, repoRoot, runs, tempDir } from '../lib.mjs';
import { generateOverlay } from '../generate.mjs';

const overlays = [
  { name: 'kube-prometheus', dir: join(corpusRoot, 'prometheus-operator', 'kube-prometheus') },
  { name: 'argo-cd install', dir: join(corpusRoot, 'argoproj', 'argo-cd', 'manifests', 'cluster-install') },
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

export default {
  title: 'api step: its own time in-process, and render with it on vs. off (KUSTODIAN_API=off), medians',
  async run({ log }) {
    const lib = await import(pathToFileURL(join(repoRoot, 'dist', 'index.js')).href);
    const api = lib.steps.find((s) => s.id === 'api');
    // createContext applies the schema defaults; the bench's config is written here, so it needs no validation.
    const config = { apiVersion: 'kustodian.dev/v1alpha1', kind: 'Config', kubernetes: { version: '1.31' } };
    const rows = [];
    const tmp = tempDir('kustodian-bench-api-');
    try {
      for (const o of overlays) {
        const dir = o.generate ? generateOverlay(tmp.dir, o.generate) : o.dir;
        const text = build(dir);
        const times = [];
        let count = 0;
        let findings = 0;
        // Each run starts from unparsed resources, so parsing the objects the step reads is counted.
        for (let i = 0; i <= runs; i++) {
          const resources = lib.parseStream(text);
          count = resources.length;
          const ctx = await lib.createContext({ resources, config, mode: 'check' });
          const t = performance.now();
          const result = await lib.runPipeline(ctx, [api]);
          times.push(performance.now() - t);
          findings = result.findings.filter((f) => f.severity === 'error').length;
        }
        log(`${o.name}: ${count} resources, step cold ${fmt(times[0])} ms`);
        const t = interleaved({
          kustomize: kustomizeCommand(dir),
          'api off': kustodianRender(dir, { KUSTODIAN_API: 'off' }),
          'api on': kustodianRender(dir),
        });
        rows.push([o.name, String(count), fmt(times[0]), fmt(median(times.slice(1))), String(findings), fmt(t.kustomize), fmt(t['api off']), fmt(t['api on']), (t['api on'] / t.kustomize).toFixed(2)]);
      }
    } finally {
      tmp.cleanup();
    }
    return {
      header: ['overlay', 'resources', 'step cold ms', 'step warm ms', 'step errors', 'kustomize ms', 'render api off ms', 'render api on ms', 'ratio (on)'],
      rows,
      notes: ['step times include parsing the documents the step reads; CRDs over 256 KiB and documents over 64 KiB are never parsed by the step'],
    };
  },
};
