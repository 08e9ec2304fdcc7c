// The api step's own time inside a render, in a fresh Node process (as Argo CD runs kustodian: once
// per app, nothing warm). Loads kustodian's bundle, reads a kustomize build's output from FILE, runs
// every registered step (pin off, as the bench's renders) and times the api step alone; the steps
// before it have parsed what they read, as in a real render. Usage: node bench/api-step.mjs FILE [RUNS].
// Prints JSON: { cold, warm, errors } (ms of the first run; median ms of RUNS more in the same process;
// the step's error findings). The bench's api section runs it.
import { readFileSync } from 'node:fs';
import { argv } from 'node:process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
const lib = await import(dist);
const [file, runs = '0'] = argv.slice(2);
const text = readFileSync(file, 'utf8');
const config = lib.withDefaults({
  apiVersion: 'kustodian.dev/v1alpha1',
  kind: 'Config',
  kubernetes: { version: '1.31' },
  images: { pin: 'off' },
});

async function once() {
  let ms = 0;
  const steps = lib.steps.map((s) =>
    s.id !== 'api'
      ? s
      : {
          ...s,
          async run(ctx, report) {
            const start = performance.now();
            try {
              return await s.run(ctx, report);
            } finally {
              ms = performance.now() - start;
            }
          },
        },
  );
  const ctx = await lib.createContext({ resources: lib.parseStream(text), config, mode: 'render' });
  const result = await lib.runPipeline(ctx, steps);
  return { ms, errors: result.findings.filter((f) => f.step === 'api' && f.severity === 'error').length };
}

const first = await once();
const warm = [];
for (let i = 0; i < Number(runs); i++) warm.push((await once()).ms);
warm.sort((a, b) => a - b);
console.log(JSON.stringify({ cold: first.ms, warm: warm.length ? warm[warm.length >> 1] : undefined, errors: first.errors }));
