#!/usr/bin/env node
// Bundles each entry package.json names (src/bin/kustodian.ts → dist/cli.js, src/bin/kustodian-fn.ts →
// dist/fn.js, src/index.ts → dist/index.js) into one ESM file. Why: loading execa, yaml and ajv as ~200
// separate ES modules cost ~170 ms of CPU per run; one pre-linked file costs a fraction of that, and
// ArgoCD runs kustodian once per app per refresh. And because nothing outside the bundles is imported
// at run time, the package has no runtime dependencies: `npm install -g kustodian-*.tgz` needs no
// registry (pre-commit's node hook install, the sidecar image, air-gapped CI). tsc's declarations
// (dist/**/*.d.ts) stay the API's types; the bundle overwrites tsc's dist/index.js.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = { cli: 'src/bin/kustodian.ts', fn: 'src/bin/kustodian-fn.ts', index: 'src/index.ts' };

for (const [name, source] of Object.entries(entries)) {
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
    legalComments: 'none',
    logLevel: 'warning',
  });
  if (name !== 'index') await chmod(outfile, 0o755);
}
