#!/usr/bin/env node
// Starts Debian's docker-registry on 127.0.0.1:5055, pushes the giftify example's synthetic images
// (images.json) through the registry HTTP API, and optionally runs `kustodian pin` on both overlays so
// that their kustodian.lock.yaml files hold digests a real registry served. See README.md here.
//
//   node examples/giftify/registry/push-example-images.mjs          push, then keep serving until Ctrl-C
//   node examples/giftify/registry/push-example-images.mjs --pin    push, pin both overlays, stop
//
// The push helpers are the test suite's (test/helpers/registry.ts, registry-push.ts); vite's module runner loads them as
// TypeScript, so this script needs `npm ci` (for vite) and `npm run build` (for --pin) first.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { createServer, createServerModuleRunner } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const PORT = 5055;

// The runner stays open until the end: the fixture imports modules lazily.
const vite = await createServer({ root, logLevel: 'silent', configFile: false, appType: 'custom', server: { middlewareMode: true, hmr: false, ws: false } });
const runner = createServerModuleRunner(vite.environments.ssr, { hmr: false });
const { startRegistry } = await runner.import('/test/helpers/registry.ts');
const { pushImage } = await runner.import('/test/helpers/registry-push.ts');

const { images } = JSON.parse(await readFile(path.join(here, 'images.json'), 'utf8'));
const registry = await startRegistry({ port: PORT });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await registry.stop();
  await runner.close();
  await vite.close();
};
try {
  for (const image of images) {
    const pushed = await pushImage({ url: registry.url }, image.repository, image.tag, image.spec);
    console.error(`pushed ${pushed.reference} ${pushed.digest} (${pushed.mediaType}; ${pushed.platforms.join(', ')})`);
  }
  if (process.argv.includes('--pin')) {
    for (const overlay of ['prod', 'broken']) {
      const dir = path.join('examples', 'giftify', 'overlays', overlay);
      // A clean cache, so every digest comes from this registry and not from an earlier run.
      const env = { ...process.env, XDG_CACHE_HOME: path.join(registry.storageDir, '..', 'cache') };
      execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'pin', dir], { cwd: root, env, stdio: 'inherit' });
    }
    await stop();
  } else {
    console.error(`serving ${registry.url} (storage ${registry.storageDir}); Ctrl-C stops it and deletes the storage`);
    for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => void stop().then(() => process.exit(0)));
  }
} catch (error) {
  await stop();
  throw error;
}
