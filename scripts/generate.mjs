#!/usr/bin/env node
// Writes src/generated/*.ts and plugin.yaml from schemas/*.schema.json. The schemas are the
// single source of the config and lock types and of the plugin's parameter announcements;
// test/generated/generated.test.ts fails when the committed output drifts from what this script writes.
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { compile } from 'json-schema-to-typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Returns { 'config.ts': source, … } for every schema, without writing anything. */
export async function generateTypes() {
  const out = {};
  const files = (await readdir(path.join(root, 'schemas'))).filter((f) => f.endsWith('.schema.json')).sort();
  for (const file of files) {
    const schema = JSON.parse(await readFile(path.join(root, 'schemas', file), 'utf8'));
    const ts = await compile(schema, schema.title, {
      bannerComment: `/* Generated from schemas/${file} by scripts/generate.mjs. Do not edit: run \`npm run generate\`. */`,
      additionalProperties: false,
      unknownAny: true,
      format: true,
      style: { singleQuote: true, printWidth: 110 },
    });
    out[file.replace('.schema.json', '.ts')] = ts;
  }
  out['schemas.ts'] = await generateSchemaModule(files);
  out['validators.ts'] = await generateValidators();
  return out;
}

/** The schemas as TS constants, so that bundles need no JSON files at run time. */
async function generateSchemaModule(files) {
  const lines = ['/* Generated from schemas/*.schema.json by scripts/generate.mjs. Do not edit: run `npm run generate`. */', ''];
  for (const file of files) {
    const schema = JSON.parse(await readFile(path.join(root, 'schemas', file), 'utf8'));
    const name = `${file.replace('.schema.json', '')}Schema`;
    lines.push(`export const ${name} = ${JSON.stringify(schema, null, 2)} as const;`, '');
  }
  return lines.join('\n');
}

/**
 * ajv standalone validators, compiled here instead of at every start: compiling the config schema
 * cost ~50 ms of each render's CPU time, more than kustomize itself on a small overlay.
 */
async function generateValidators() {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv');
  const standalone = require('ajv/dist/standalone').default;
  const ajv = new Ajv({ allErrors: true, strict: true, code: { source: true, esm: true, lines: true } });
  ajv.addKeyword({ keyword: 'x-kustodian-parameter', schemaType: 'string' });
  ajv.addSchema(JSON.parse(await readFile(path.join(root, 'schemas', 'config.schema.json'), 'utf8')), 'config');
  ajv.addSchema(JSON.parse(await readFile(path.join(root, 'schemas', 'lock.schema.json'), 'utf8')), 'lock');
  let code = standalone(ajv, { validateConfig: 'config', validateLock: 'lock' });
  // Standalone ESM output still calls require() for ajv's runtime helpers; turn those into imports.
  const imports = [];
  code = code.replace(/require\("([^"]+)"\)/g, (_m, mod) => {
    const id = `runtime${imports.length}`;
    // Node's default import of these CommonJS modules is module.exports ({ default: fn }); vitest's
    // interop hands over exports.default (the fn itself) instead. Accept both shapes.
    imports.push(
      `import ${id}Import from '${mod}.js';`,
      `const ${id} = typeof ${id}Import === 'function' ? { default: ${id}Import } : ${id}Import;`,
    );
    return id;
  });
  return [
    '/* Generated from schemas/*.schema.json by scripts/generate.mjs (ajv standalone). Do not edit: run `npm run generate`. */',
    '// @ts-nocheck',
    '/* eslint-disable */',
    ...imports,
    code.replace(/^"use strict";/, ''),
    '',
  ].join('\n');
}

function parametersOf(node, out = []) {
  for (const child of Object.values(node.properties ?? {})) {
    const name = child['x-kustodian-parameter'];
    if (name) out.push({ name, schema: child });
    parametersOf(child, out);
  }
  return out;
}

/** plugin.yaml, with parameters.static derived from the x-kustodian-parameter properties. */
export async function generatePluginYaml() {
  const { Document } = await import('yaml');
  const schema = JSON.parse(await readFile(path.join(root, 'schemas', 'config.schema.json'), 'utf8'));
  const params = parametersOf(schema)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, schema: s }) => {
      const p = {
        name,
        title: s.title ?? name,
        tooltip: [s.description, s.enum ? `One of: ${s.enum.join(', ')}.` : undefined].filter(Boolean).join(' ') || name,
      };
      if (s.type === 'object') {
        // A map parameter (common-labels): Argo CD's UI and ARGOCD_APP_PARAMETERS carry it as a map.
        p.collectionType = 'map';
      } else if (s.type === 'array') {
        p.collectionType = 'array';
        if (Array.isArray(s.default)) p.array = s.default.map(String);
      } else if (s.default !== undefined) {
        p.string = String(s.default);
      }
      return p;
    });
  const spec = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ConfigManagementPlugin',
    metadata: { name: 'kustodian' },
    spec: {
      version: 'v1',
      generate: { command: ['kustodian', 'render'] },
      parameters: { static: params },
      provideGitCreds: true,
    },
  };
  return [
    '# Generated from schemas/config.schema.json by scripts/generate.mjs; do not edit (npm run generate).',
    '# ArgoCD config management plugin (CMP v2 sidecar). Applications select it by name: plugin: {name: kustodian-v1}.',
    '#',
    '# There is deliberately no `discover` block: the repo-server asks every sidecar before its native',
    '# kustomize/helm detection, so a discovery rule would take over every plain kustomize app in the cluster.',
    '# No init command either: kustodian render needs no preparation step.',
    '# provideGitCreds (Argo CD 2.14+): the repo-server passes its git credentials (an askpass socket), so',
    "# remote kustomize bases in private repositories resolve as they do with Argo CD's own kustomize.",
    '# Git only: Helm and OCI registries get no credentials this way (docs/argocd.md, "Private repositories").',
    // YAML 1.1 quoting: ArgoCD reads this file with go-yaml, where a bare `on` or `off` is a boolean.
    new Document(spec, { version: '1.1' }).toString({ lineWidth: 0, indentSeq: false, directives: false }).trimEnd(),
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const out = await generateTypes();
  for (const [name, src] of Object.entries(out)) {
    await writeFile(path.join(root, 'src', 'generated', name), src);
    console.error(`wrote src/generated/${name}`);
  }
  await writeFile(path.join(root, 'plugin.yaml'), await generatePluginYaml());
  console.error('wrote plugin.yaml');
}
