// Registry resolution. Cold: 200 distinct tags on a loopback docker-registry, resolved by kustodian's
// client (concurrent, no cache: GET by tag, no HEAD) vs `skopeo inspect --raw` over the same references, 8 at
// a time through xargs -P8 (goal: kustodian >= 5x faster), interleaved; also the whole `kustodian pin` process
// over the same images, start-up and kustomize included. The floor: the fewest requests those tags need, made
// raw from a fresh Node process (bench/raw-requests.mjs), plus the kustomize build: what no `pin` can beat on
// this machine, next to skopeo/5. Warm: a second `kustodian render` of an app
// using 20 of those images makes zero registry requests, counted by a proxy in front of the registry.
// The test fixtures (TypeScript) are loaded through vite's module runner, as examples/giftify/registry does.
import { spawnSync } from 'node:child_process';
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer, createServerModuleRunner } from 'vite';
import { repoRoot, cli, median, tempDir, kustodianEnv, kustomizeCommand, timeRun } from '../lib.mjs';

const TAGS = 200;
const WARM_IMAGES = 20;
/** Issue #12: the whole `kustodian pin` process at least this many times faster than skopeo -P8. */
const PIN_GOAL = 5;

function deployment(i, image) {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}}
spec:
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      containers:
      - {name: main, image: "${image}"}
`;
}

export default {
  title: `Registry: resolve ${TAGS} distinct tags (cold) and a warm re-render`,
  async run({ runs, log }) {
    const vite = await createServer({
      root: repoRoot,
      logLevel: 'silent',
      configFile: false,
      appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false },
    });
    const runner = createServerModuleRunner(vite.environments.ssr, { hmr: false });
    const { startRegistry } = await runner.import('/test/helpers/registry.ts');
    const { pushImage } = await runner.import('/test/helpers/registry-push.ts');
    const { startFaultProxy } = await runner.import('/test/helpers/fault-proxy.ts');
    const { RegistryClient } = await import(pathToFileURL(join(repoRoot, 'dist', 'registry', 'index.js')).href);
    const registry = await startRegistry();
    const proxy = await startFaultProxy(registry.url);
    const { dir: work, cleanup } = tempDir('kustodian-bench-registry-');
    try {
      log(`pushing ${TAGS} images to ${registry.host}`);
      const refs = [];
      // Half multi-arch OCI indexes (platforms from the index), half single Docker manifests (platforms from the config blob).
      for (let i = 0; i < TAGS; i++) {
        const spec =
          i % 2
            ? { kind: 'docker-manifest', platforms: ['linux/amd64'], seed: `bench-${i}` }
            : { kind: 'oci-index', platforms: ['linux/amd64', 'linux/arm64'], seed: `bench-${i}` };
        refs.push((await pushImage({ url: registry.url }, `bench/img${i % 10}`, `t${i}`, spec)).reference);
      }

      // Cold, interleaved (client, skopeo, pin; client, skopeo, pin; …) after one unmeasured warm-up round, so the
      // other work on a shared 2-core box hits every side alike and neither side is charged for a cold page cache.
      // The client row is the resolution itself, in process; the pin row is the whole `kustodian pin` of an app with
      // the same 200 images (Node start-up, kustomize, lock write included), like skopeo's per-process start-up.
      const pinApp = join(work, 'pin-app');
      mkdirSync(pinApp, { recursive: true });
      writeFileSync(join(pinApp, 'all.yaml'), refs.map((ref, i) => deployment(i, ref)).join('---\n'));
      writeFileSync(join(pinApp, 'kustomization.yaml'), 'resources:\n- all.yaml\n');
      const input = refs.map((r) => `docker://${r}`).join('\n');
      const refsFile = join(work, 'refs.txt');
      writeFileSync(refsFile, `${refs.join('\n')}\n`);
      const raw = join(repoRoot, 'bench', 'raw-requests.mjs');
      // The fewest requests: one GET per index (its platforms are listed in it), two per single manifest (+ config blob).
      const rawRequests = Number(spawnSync(process.execPath, [raw, refsFile], { encoding: 'utf8' }).stdout.trim());
      if (rawRequests !== TAGS * 1.5) throw new Error(`raw requests: ${rawRequests}, expected ${TAGS * 1.5}`);
      const cold = [];
      const requests = [];
      const skopeo = [];
      const pin = [];
      // Where the pin process's time goes: Node start-up, the kustomize build, and a render without the
      // registry (start-up + build + every step); pin minus that render is the registry work and the lock write.
      const parts = { node: [], kustomize: [], renderOff: [], raw: [] };
      const kz = kustomizeCommand(pinApp);
      for (let r = -1; r < runs; r++) {
        const client = new RegistryClient({ cache: false, env: kustodianEnv() });
        let start = process.hrtime.bigint();
        const results = await Promise.all(refs.map((ref) => client.resolve(ref)));
        const clientMs = Number(process.hrtime.bigint() - start) / 1e6;
        if (results.length !== TAGS || results.some((x) => !/^sha256:[0-9a-f]{64}$/.test(x.digest)))
          throw new Error('a resolution came back without a digest');

        start = process.hrtime.bigint();
        const res = spawnSync('xargs', ['-P8', '-n1', 'skopeo', 'inspect', '--raw', '--tls-verify=false'], {
          input,
          stdio: ['pipe', 'ignore', 'pipe'],
        });
        const skopeoMs = Number(process.hrtime.bigint() - start) / 1e6;
        if (res.status !== 0) throw new Error(`skopeo via xargs failed: ${String(res.stderr).slice(0, 500)}`);

        const pinMs = timeRun(
          process.execPath,
          [cli, 'pin', pinApp],
          kustodianEnv({ KUSTODIAN_PIN: 'resolve', XDG_CACHE_HOME: join(work, `pin-cache-${r + 1}`) }),
        );
        const nodeMs = timeRun(process.execPath, ['-e', '0']);
        const kustomizeMs = timeRun(kz.file, kz.args);
        const renderOffMs = timeRun(process.execPath, [cli, 'render', pinApp], kustodianEnv({ KUSTODIAN_PIN: 'off' }));
        const rawMs = timeRun(process.execPath, [raw, refsFile]);
        if (r < 0) continue;
        parts.raw.push(rawMs);
        parts.node.push(nodeMs);
        parts.kustomize.push(kustomizeMs);
        parts.renderOff.push(renderOffMs);
        cold.push(clientMs);
        requests.push(client.stats.requests);
        skopeo.push(skopeoMs);
        pin.push(pinMs);
      }

      // Warm: an app of WARM_IMAGES deployments through the counting proxy; the second render asks nothing.
      const app = join(work, 'app');
      mkdirSync(app, { recursive: true });
      const files = [];
      for (let i = 0; i < WARM_IMAGES; i++) {
        files.push(`d${i}.yaml`);
        writeFileSync(join(app, `d${i}.yaml`), deployment(i, refs[i].replace(registry.host, proxy.host)));
      }
      writeFileSync(join(app, 'kustomization.yaml'), `resources:\n${files.map((f) => `- ${f}`).join('\n')}\n`);
      const env = kustodianEnv({ KUSTODIAN_PIN: 'resolve', XDG_CACHE_HOME: join(work, 'cache') });
      // Asynchronous on purpose: the counting proxy lives in this process and must keep answering.
      const render = async () => {
        const before = proxy.requests;
        const start = process.hrtime.bigint();
        const r = await execa(process.execPath, [cli, 'render', app], { env, extendEnv: false, stdout: 'ignore', reject: false });
        if (r.exitCode !== 0) throw new Error(`render failed: ${String(r.stderr).slice(0, 500)}`);
        return { ms: Number(process.hrtime.bigint() - start) / 1e6, requests: proxy.requests - before };
      };
      const first = await render();
      const second = await render();

      const k = median(cold);
      const s = median(skopeo);
      const p = median(pin);
      const [nodeMs, kustomizeMs, renderOffMs, rawMs] = [
        median(parts.node),
        median(parts.kustomize),
        median(parts.renderOff),
        median(parts.raw),
      ];
      const pinRatio = s / p;
      const floorMs = rawMs + kustomizeMs;
      const targetMs = s / PIN_GOAL;
      return {
        header: ['measurement', 'median ms', 'registry requests'],
        rows: [
          [`kustodian client, ${TAGS} tags, cold (no cache)`, k.toFixed(0), String(median(requests))],
          [`skopeo inspect --raw, xargs -P8`, s.toFixed(0), '-'],
          [`kustodian pin, app with the same ${TAGS} images (whole process)`, p.toFixed(0), '-'],
          [`  of which: node start-up (node -e 0)`, nodeMs.toFixed(0), '-'],
          [`  of which: kustomize build of that app`, kustomizeMs.toFixed(0), '-'],
          [
            `  of which: steps and the rest of render (render --pin off minus the two above)`,
            (renderOffMs - nodeMs - kustomizeMs).toFixed(0),
            '-',
          ],
          [`  of which: registry and lock write (pin minus render --pin off)`, (p - renderOffMs).toFixed(0), '-'],
          [
            `floor: fewest requests for the ${TAGS} tags, raw, from a fresh node process (start-up included)`,
            rawMs.toFixed(0),
            String(rawRequests),
          ],
          [`floor: that process plus the kustomize build (no YAML, steps, cache or lock)`, floorMs.toFixed(0), String(rawRequests)],
          [`target: skopeo -P8 / ${PIN_GOAL}`, targetMs.toFixed(0), '-'],
          [`kustodian render, ${WARM_IMAGES} images, cold cache`, first.ms.toFixed(0), String(first.requests)],
          [`kustodian render, same app again (warm)`, second.ms.toFixed(0), String(second.requests)],
        ],
        notes: [
          `cold ratio: the kustodian client is ${(s / k).toFixed(1)}x faster than skopeo -P8 (issue #4 goal >= 5x)`,
          `pin ratio: the whole \`kustodian pin\` process is ${pinRatio.toFixed(1)}x faster than skopeo -P8 (issue #12 goal >= ${PIN_GOAL}x: ${pinRatio >= PIN_GOAL ? 'PASS' : 'MISS'})`,
          `pin floor: node + raw requests + kustomize = ${floorMs.toFixed(0)} ms against the ${PIN_GOAL}x target of ${targetMs.toFixed(0)} ms: ${floorMs <= targetMs ? `reachable on this machine (pin is ${(p / floorMs).toFixed(1)}x the floor)` : `NOT reachable on this machine (the floor alone is ${(s / floorMs).toFixed(1)}x faster than skopeo -P8)`}`,
          `warm render registry requests: ${second.requests} (goal 0)`,
        ],
      };
    } finally {
      await proxy.stop();
      await registry.stop();
      await runner.close();
      await vite.close();
      cleanup();
    }
  },
};
