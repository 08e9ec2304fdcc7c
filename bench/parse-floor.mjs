// The floor of the check bench: what any Node tool that checks pod templates pays beyond kustomize on
// this stack. A fresh Node process loads kustodian's bundle, runs the same kustomize build, splits its
// output and parses every workload (the objects with a pod template) with the project's YAML module,
// and exits: no config, steps, locating or report. Usage: node bench/parse-floor.mjs KUSTOMIZE ARGS…
// (the bench's kustomize command, e.g. kubectl kustomize DIR).
// Prints the number of workloads parsed on stdout.
import { execFile } from 'node:child_process';
import { argv } from 'node:process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
const { parseStream } = await import(dist);
// The kinds with a pod template that the walker knows (src/manifests/pod-template-walker.ts).
const kinds = new Set([
  'Pod',
  'PodTemplate',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Rollout',
  'DeploymentConfig',
]);
const [file, ...args] = argv.slice(2);
const { stdout: yaml } = await promisify(execFile)(file, args, { maxBuffer: 1 << 30 });
let parsed = 0;
for (const r of parseStream(yaml)) {
  if (!kinds.has(r.kind)) continue;
  void r.object;
  parsed++;
}
console.log(parsed);
