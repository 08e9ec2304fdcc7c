// kustodian render vs. the kustomize build it wraps, on real and generated overlays (issue #2 goals:
// ratio ≤ 1.15 at ≥ 1,000 resources; ≤ 100 ms beyond Node's start-up on the example).
import { join } from 'node:path';
import { corpusRoot, countResources, interleaved, kustodianRender, kustomizeCommand, peakRssMiB, repoRoot, tempDir } from '../lib.mjs';
import { generateOverlay } from '../generate.mjs';

const RATIO_GOAL = 1.15;
const RATIO_MIN_RESOURCES = 1000;
const OVERHEAD_GOAL_MS = 100;

/** Name and directory of every overlay this section measures; `generated` is made at run time. */
const overlays = [
  { name: 'kube-prometheus', dir: join(corpusRoot, 'prometheus-operator', 'kube-prometheus') },
  {
    name: 'microservices-demo (all components)',
    dir: join(corpusRoot, 'GoogleCloudPlatform', 'microservices-demo', 'kustomize', 'tests', 'service-mesh-istio-with-all-components'),
  },
  { name: 'generated (520 apps)', generate: 520 },
  { name: 'examples/giftify/overlays/prod', dir: join(repoRoot, 'examples', 'giftify', 'overlays', 'prod'), example: true },
];

const fmt = (ms) => ms.toFixed(0);

export default {
  title: 'render: kustodian render (KUSTODIAN_PIN=off) vs. kustomize build, medians',
  run({ runs, log }) {
    const rows = [];
    const notes = [];
    const tmp = tempDir('kustodian-bench-');
    try {
      for (const o of overlays) {
        const dir = o.generate ? generateOverlay(tmp.dir, o.generate) : o.dir;
        const resources = countResources(dir);
        log(`${o.name}: ${resources} resources`);
        const commands = { kustomize: kustomizeCommand(dir), kustodian: kustodianRender(dir) };
        if (o.example) commands.node = { file: process.execPath, args: ['-e', '0'] };
        const t = interleaved(commands, runs);
        const ratio = t.kustodian / t.kustomize;
        const rss = peakRssMiB(dir);
        const applies = resources >= RATIO_MIN_RESOURCES;
        rows.push([
          o.name,
          String(resources),
          String(t.runs),
          fmt(t.kustomize),
          fmt(t.kustodian),
          ratio.toFixed(2),
          rss.toFixed(0),
          applies ? `≤ ${RATIO_GOAL}: ${ratio <= RATIO_GOAL ? 'PASS' : 'MISS'}` : '',
        ]);
        if (o.example) {
          const overhead = t.kustodian - t.kustomize - t.node;
          notes.push(
            `example overhead beyond node start-up (${fmt(t.node)} ms) and kustomize: ${fmt(overhead)} ms ` +
              `(goal ≤ ${OVERHEAD_GOAL_MS} ms: ${overhead <= OVERHEAD_GOAL_MS ? 'PASS' : 'MISS'})`,
          );
        }
      }
    } finally {
      tmp.cleanup();
    }
    const k = kustomizeCommand('DIR');
    notes.unshift(`kustomize command: ${[k.file, ...k.args].join(' ')}; RSS is kustodian's node process alone`);
    return {
      header: ['overlay', 'resources', 'runs', 'kustomize ms', 'kustodian ms', 'ratio', 'RSS MiB', `goal (≥ ${RATIO_MIN_RESOURCES} res.)`],
      rows,
      notes,
    };
  },
};
