#!/usr/bin/env node
// Bundles each executable entry (src/bin/kustodian.ts → dist/cli.js, src/bin/kustodian-fn.ts →
// dist/fn.js; the paths package.json's `bin` names) into one ESM file. Why: loading execa, yaml and ajv as ~200 separate ES
// modules cost ~170 ms of CPU per run; one pre-linked file costs a fraction of that, and ArgoCD runs
// kustodian once per app per refresh. The library API (dist/index.js) stays tsc's unbundled output.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = { cli: 'src/bin/kustodian.ts', fn: 'src/bin/kustodian-fn.ts' };

/** The bundles this script writes; test/global-setup.ts checks them for staleness. */
export const outputs = Object.keys(entries).map((name) => path.join(root, 'dist', `${name}.js`));

/** Writes every bundle. Also run by vitest's global setup when src/ changed after the last bundle. */
export async function bundle() {
  for (const [name, source] of Object.entries(entries)) {
    await bundleOne(name, source);
  }
}

async function bundleOne(name, source) {
  const outfile = path.join(root, 'dist', `${name}.js`);
  await build({
    entryPoints: [path.join(root, source)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Some bundled CommonJS dependencies call require() for Node built-ins.
    banner: { js: "import { createRequire as __kustodianRequire } from 'node:module'; const require = __kustodianRequire(import.meta.url);" },
    // Imported only when configured: ioredis for a Redis URL (src/registry/redis-cache.ts), the proxy agents for
    // HTTP(S)_PROXY (src/registry/transport.ts). Bundled, their ~500 kB would be parsed on every run; external, they
    // are loaded from node_modules (they are dependencies) only by the runs that use them.
    external: ['ioredis', 'https-proxy-agent', 'http-proxy-agent'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  await chmod(outfile, 0o755);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await bundle();
