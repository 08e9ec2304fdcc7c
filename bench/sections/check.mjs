// kustodian check vs. the kustomize build it wraps (issue #12 goal: ratio ≤ 1.3 on the large trees).
// `check` prints no manifests but reports every finding with its file and line; the trees with findings
// (Argo CD's) are the ones where locating them used to cost a second kustomize build.
// A tree counts as large when kustomize itself takes at least LARGE_MS here: below that the ratio is
// mostly Node's start-up and the cold first parse, a fixed cost shown in milliseconds instead.
import { join } from 'node:path';
import { cli, corpusRoot, countResources, interleaved, kustodianEnv, kustomizeCommand, repoRoot, tempDir } from '../lib.mjs';
import { generateOverlay } from '../generate.mjs';
import { spawnSync } from 'node:child_process';

const RATIO_GOAL = 1.3;
const LARGE_MS = 500;

const overlays = [
  { name: 'kube-prometheus', dir: join(corpusRoot, 'prometheus-operator', 'kube-prometheus') },
  { name: 'argo-cd ha/cluster-install', dir: join(corpusRoot, 'argoproj', 'argo-cd', 'manifests', 'ha', 'cluster-install') },
  { name: 'argo-cd cluster-install', dir: join(corpusRoot, 'argoproj', 'argo-cd', 'manifests', 'cluster-install') },
  // Kubeflow's full tree, the example, has 683 resources; this one is as large and all of it is checked.
  { name: 'generated (171 apps, Kubeflow-sized)', generate: 171 },
  {
    name: 'microservices-demo (all components)',
    dir: join(corpusRoot, 'GoogleCloudPlatform', 'microservices-demo', 'kustomize', 'tests', 'service-mesh-istio-with-all-components'),
  },
];

/** `kustodian check DIR`; exit 1 (error findings) is a normal outcome here. */
function kustodianCheck(dir) {
  return { file: process.execPath, args: [cli, 'check', '--format', 'json', dir], env: kustodianEnv(), ok: [0, 1] };
}

/** Findings per severity, from one JSON report. */
function findingCounts(dir) {
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', dir], {
    env: kustodianEnv(),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const s = JSON.parse(r.stdout).summary;
  return `${s.error}/${s.warning}/${s.info}`;
}

export default {
  title: 'check: kustodian check (KUSTODIAN_PIN=off) vs. kustomize build, medians',
  run({ runs, log }) {
    const rows = [];
    const large = [];
    const tmp = tempDir('kustodian-bench-check-');
    try {
      for (const o of overlays) {
        const dir = o.generate ? generateOverlay(tmp.dir, o.generate) : o.dir;
        const resources = countResources(dir);
        log(`${o.name}: ${resources} resources`);
        const kz = kustomizeCommand(dir);
        // The floor: a Node process that runs the same build and parses the workloads, and nothing else.
        const floor = { file: process.execPath, args: [join(repoRoot, 'bench', 'parse-floor.mjs'), kz.file, ...kz.args] };
        const t = interleaved({ kustomize: kz, check: kustodianCheck(dir), floor }, runs);
        const ratio = t.check / t.kustomize;
        const floorRatio = t.floor / t.kustomize;
        const isLarge = t.kustomize >= LARGE_MS;
        if (isLarge) large.push({ ratio, floorRatio });
        const goal = isLarge ? `≤ ${RATIO_GOAL}: ${ratio <= RATIO_GOAL ? 'PASS' : 'MISS'}` : 'small tree';
        rows.push([
          o.name,
          String(resources),
          findingCounts(dir),
          String(t.runs),
          t.kustomize.toFixed(0),
          t.floor.toFixed(0),
          t.check.toFixed(0),
          (t.check - t.kustomize).toFixed(0),
          floorRatio.toFixed(2),
          ratio.toFixed(2),
          goal,
        ]);
      }
    } finally {
      tmp.cleanup();
    }
    const k = kustomizeCommand('DIR');
    const worst = Math.max(...large.map((l) => l.ratio));
    const worstFloor = Math.max(...large.map((l) => l.floorRatio));
    return {
      header: [
        'overlay',
        'resources',
        'findings e/w/i',
        'runs',
        'kustomize ms',
        'floor ms',
        'check ms',
        'overhead ms',
        'floor ratio',
        'ratio',
        'goal',
      ],
      rows,
      notes: [
        `kustomize command: ${[k.file, ...k.args].join(' ')}; check runs with --format json and the pin step off (no registry)`,
        `large trees (kustomize ≥ ${LARGE_MS} ms here): worst check/kustomize ratio ${worst.toFixed(2)} (issue #12 goal ≤ ${RATIO_GOAL}: ${worst <= RATIO_GOAL ? 'PASS' : 'MISS'})`,
        `floor: a Node process that runs the same build and parses the workloads with the project's YAML module (bench/parse-floor.mjs), nothing else; worst floor ratio on the large trees ${worstFloor.toFixed(2)}`,
        `small trees: the overhead is Node's start-up, module loading and the first (cold) YAML parse; see the render section's start-up goal`,
      ],
    };
  },
};
