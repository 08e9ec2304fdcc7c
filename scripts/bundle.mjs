#!/usr/bin/env node
// Bundles each entry package.json names (src/bin/kustodian.ts → dist/cli.js, src/bin/kustodian-fn.ts →
// dist/fn.js, src/index.ts → dist/index.js) into one ESM file. Why: loading execa, yaml and ajv as ~200
// separate ES modules cost ~170 ms of CPU per run; one pre-linked file costs a fraction of that, and
// ArgoCD runs kustodian once per app per refresh. And because nothing outside the bundles is imported
// at run time, the package has no runtime dependencies: `npm install -g kustodian-*.tgz` needs no
// registry (pre-commit's node hook install, the sidecar image, air-gapped CI). tsc's declarations
// (dist/**/*.d.ts) stay the API's types; the bundle overwrites tsc's dist/index.js.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = { cli: 'src/bin/kustodian.ts', fn: 'src/bin/kustodian-fn.ts', index: 'src/index.ts' };

/** The bundles this script writes; test/global-setup.ts checks them for staleness. */
export const outputs = Object.keys(entries).map((name) => path.join(root, 'dist', `${name}.js`));

/** Writes every bundle. Also run by vitest's global setup when src/ changed after the last bundle. */
export async function bundle() {
  // Chunk names carry a content hash: without this, every rebuild would leave the last one's chunks to be packed.
  await rm(path.join(root, 'dist', 'chunks'), { recursive: true, force: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, source]) => [name, path.join(root, source)])),
    outdir: path.join(root, 'dist'),
    entryNames: '[name]',
    // Code the entries share, and what they import only when configured (ioredis for a Redis URL in
    // src/registry/redis-cache.ts, the proxy agents for HTTP(S)_PROXY in src/registry/proxy-agents.ts),
    // goes into chunks: a run parses the ~500 kB of those only when it uses them, and yet they ship in
    // the package instead of being runtime dependencies.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Some bundled CommonJS dependencies call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __kustodianRequire } from 'node:module'; const require = __kustodianRequire(import.meta.url);",
    },
    // agent-base imports kerberos inside a try only for Negotiate proxy authentication, and says to install
    // it when it is missing: an optional peer, never shipped.
    external: ['kerberos'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const name of ['cli', 'fn']) await chmod(path.join(root, 'dist', `${name}.js`), 0o755);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await bundle();
