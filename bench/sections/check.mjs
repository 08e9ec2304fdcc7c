// kustodian check vs. the kustomize build it wraps, on the large corpus trees (issue #12 goal: ratio ≤ 1.3).
// `check` prints no manifests but reports every finding with its file and line; the trees with findings
// (Argo CD's) are the ones where locating them used to cost a second kustomize build.
import { join } from 'node:path';
import { cli, corpusRoot, countResources, interleaved, kustodianEnv, kustomizeCommand } from '../lib.mjs';
import { spawnSync } from 'node:child_process';

const RATIO_GOAL = 1.3;

const overlays = [
  { name: 'kube-prometheus', dir: join(corpusRoot, 'prometheus-operator', 'kube-prometheus') },
  { name: 'argo-cd ha/cluster-install', dir: join(corpusRoot, 'argoproj', 'argo-cd', 'manifests', 'ha', 'cluster-install') },
  { name: 'argo-cd cluster-install', dir: join(corpusRoot, 'argoproj', 'argo-cd', 'manifests', 'cluster-install') },
  { name: 'microservices-demo (all components)', dir: join(corpusRoot, 'GoogleCloudPlatform', 'microservices-demo', 'kustomize', 'tests', 'service-mesh-istio-with-all-components') },
];

/** `kustodian check DIR`; exit 1 (error findings) is a normal outcome here. */
function kustodianCheck(dir) {
  return { file: process.execPath, args: [cli, 'check', '--format', 'json', dir], env: kustodianEnv(), ok: [0, 1] };
}

/** Findings per severity, from one JSON report. */
function findingCounts(dir) {
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', dir], { env: kustodianEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  const s = JSON.parse(r.stdout).summary;
  return `${s.error}/${s.warning}/${s.info}`;
}

export default {
  title: 'check: kustodian check (KUSTODIAN_PIN=off) vs. kustomize build, medians',
  async run({ runs, log }) {
    const rows = [];
    const ratios = [];
    for (const o of overlays) {
      const resources = countResources(o.dir);
      log(`${o.name}: ${resources} resources`);
      const t = interleaved({ kustomize: kustomizeCommand(o.dir), check: kustodianCheck(o.dir) }, runs);
      const ratio = t.check / t.kustomize;
      ratios.push(ratio);
      rows.push([o.name, String(resources), findingCounts(o.dir), String(t.runs), t.kustomize.toFixed(0), t.check.toFixed(0), ratio.toFixed(2), `≤ ${RATIO_GOAL}: ${ratio <= RATIO_GOAL ? 'met' : 'MISSED'}`]);
    }
    const k = kustomizeCommand('DIR');
    return {
      header: ['overlay', 'resources', 'findings e/w/i', 'runs', 'kustomize ms', 'check ms', 'ratio', 'goal'],
      rows,
      notes: [
        `kustomize command: ${[k.file, ...k.args].join(' ')}; check runs with --format json and the pin step off (no registry)`,
        `worst check/kustomize ratio: ${Math.max(...ratios).toFixed(2)} (goal ≤ ${RATIO_GOAL} on every tree)`,
      ],
    };
  },
};
