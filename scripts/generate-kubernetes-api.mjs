#!/usr/bin/env node
// Writes src/generated/kubernetes-api/*.ts from the upstream Kubernetes OpenAPI v3 documents (one
// directory per minor, one file per group-version) and pluto's deprecation table. The upstream data is
// not part of the repository: the source directory is the first argument, else KUSTODIAN_KUBERNETES_API,
// else ../shared/kubernetes-api beside the checkout. test/kubernetes-api/generated.test.ts regenerates
// from the same place and fails on drift.
//
// What it keeps: the schemas every top-level kind reaches, without descriptions, defaults or patch
// hints, and transformed to behave as the API server's decoder does under kubectl's Strict field
// validation (what Argo CD's sync asks for by default):
// - `additionalProperties: false` on every object with `properties` (an unknown field fails the apply);
// - null accepted wherever a field is optional and in map values (Go's decoder turns null into the
//   zero value; kustomize and controller-gen write `creationTimestamp: null`);
// - IntOrString as integer-or-string, Quantity as string-or-number with the quantity grammar;
// - a kind's own `status` accepted as anything: the API server ignores it on create and apply;
// - formats only where a bad value fails decoding (int32, int64, byte).
// Schemas are deduplicated across minors by (name, content).
import { readFile, readdir, writeFile, mkdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = path.join(root, 'src', 'generated', 'kubernetes-api');

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
// The Go quantity grammar (apimachinery resource.ParseQuantity): a signed decimal, then a binary or
// decimal SI suffix or an exponent.
const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$';
// Schemas that list dozens of GVKs without being those kinds, and kinds a render never applies.
const SKIP_SCHEMAS = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', 'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent']);
const SKIP_KINDS = new Set(['Status', 'APIGroup', 'APIGroupList', 'APIResourceList', 'APIVersions', 'List']);
const KEPT_FORMATS = new Set(['int32', 'int64', 'byte']);
const REF_PREFIX = '#/components/schemas/';

async function jsonFiles(dir) {
  const out = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await jsonFiles(full)));
    else if (entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}

function refName(node) {
  if (typeof node?.$ref === 'string' && node.$ref.startsWith(REF_PREFIX)) return node.$ref.slice(REF_PREFIX.length);
  if (Array.isArray(node?.allOf) && node.allOf.length === 1) return refName(node.allOf[0]);
  return undefined;
}

function gvkKey({ group, version, kind }) {
  return `${group ? `${group}/` : ''}${version}/${kind}`;
}

/** The reduced, transformed form of one upstream schema node. `optional`: the node is a property not listed in `required`. */
function reduce(node, optional) {
  const ref = refName(node);
  if (ref !== undefined) {
    const out = { $ref: `#/definitions/${ref}` };
    return optional ? { if: { type: 'null' }, else: out } : out;
  }
  const out = {};
  if (node.type !== undefined) out.type = node.type;
  if (node.format !== undefined && KEPT_FORMATS.has(node.format)) out.format = node.format;
  if (Array.isArray(node.enum)) out.enum = node.enum;
  if (node.properties) {
    const required = new Set(node.required ?? []);
    out.properties = {};
    for (const key of Object.keys(node.properties).sort()) out.properties[key] = reduce(node.properties[key], !required.has(key));
  }
  if (node.required?.length) out.required = [...node.required].sort();
  if (node.items) out.items = reduce(node.items, false);
  if (node.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof node.additionalProperties === 'object' ? reduce(node.additionalProperties, true) : node.additionalProperties;
  } else if (node.properties && !node['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  if (optional && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

function reduceDefinition(name, node, isKind) {
  if (name === INT_OR_STRING) return { type: ['integer', 'string'] };
  if (name === QUANTITY) return { type: ['string', 'number'], pattern: QUANTITY_PATTERN };
  const out = reduce(node, false);
  if (isKind && out.properties?.status) out.properties.status = {};
  return out;
}

function collectRefs(node, into) {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
    return;
  }
  if (typeof node.$ref === 'string' && node.$ref.startsWith(REF_PREFIX)) into.add(node.$ref.slice(REF_PREFIX.length));
  for (const [key, value] of Object.entries(node)) if (key !== 'description') collectRefs(value, into);
}

async function readMinor(dir) {
  const schemas = {};
  for (const file of await jsonFiles(dir)) {
    const doc = JSON.parse(await readFile(file, 'utf8'));
    Object.assign(schemas, doc.components?.schemas ?? {});
  }
  const kinds = {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (SKIP_SCHEMAS.has(name)) continue;
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      if (SKIP_KINDS.has(gvk.kind) || (gvk.kind.endsWith('List') && schema.properties?.items)) continue;
      kinds[gvkKey(gvk)] = name;
    }
  }
  // The closure of what the kinds reach.
  const reached = new Set();
  const queue = [...new Set(Object.values(kinds))];
  while (queue.length) {
    const name = queue.pop();
    if (reached.has(name)) continue;
    reached.add(name);
    const refs = new Set();
    collectRefs(schemas[name], refs);
    queue.push(...refs);
  }
  const kindSchemas = new Set(Object.values(kinds));
  const definitions = {};
  for (const name of [...reached].sort()) {
    if (!schemas[name]) throw new Error(`${dir}: $ref to missing schema ${name}`);
    definitions[name] = reduceDefinition(name, schemas[name], kindSchemas.has(name));
  }
  return { kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1))), definitions };
}

const minorNumber = (v) => Number(String(v).replace(/^v/, '').split('.')[1]);
const minorOf = (v) => {
  const [major, minor] = String(v).replace(/^v/, '').split('.');
  return `${Number(major)}.${Number(minor)}`;
};

// pluto's table is a community table: entries the upstream specs contradict are corrected here.
// resource.k8s.io/v1beta1 is listed as removed in 1.36, yet the 1.36 API still serves it.
const PLUTO_CORRECTIONS = { 'resource.k8s.io/v1beta1': { removedIn: '' } };

/** Kubernetes' own deprecations and removals: pluto's k8s entries, plus removals the specs show (present in N, gone in N+1). */
function deprecationTable(pluto, minors) {
  const rows = new Map();
  for (const e of pluto['deprecated-versions'] ?? []) {
    if (e.component !== 'k8s') continue; // cert-manager and istio versions are not Kubernetes releases
    const row = {
      apiVersion: e.version,
      kind: e.kind,
      deprecatedIn: e['deprecated-in'] ? minorOf(e['deprecated-in']) : '',
      removedIn: e['removed-in'] ? minorOf(e['removed-in']) : '',
      replacement: e['replacement-api'] ?? '',
      ...(PLUTO_CORRECTIONS[e.version] ?? {}),
    };
    rows.set(`${row.apiVersion}/${row.kind}`, row);
  }
  const names = Object.keys(minors).sort((a, b) => minorNumber(a) - minorNumber(b));
  for (let i = 0; i + 1 < names.length; i++) {
    const next = minors[names[i + 1]].kinds;
    for (const gvk of Object.keys(minors[names[i]].kinds)) {
      if (next[gvk]) continue;
      const slash = gvk.lastIndexOf('/');
      const key = gvk;
      const known = rows.get(key);
      if (known?.removedIn) continue;
      rows.set(key, {
        apiVersion: gvk.slice(0, slash),
        kind: gvk.slice(slash + 1),
        deprecatedIn: known?.deprecatedIn ?? '',
        removedIn: names[i + 1],
        replacement: known?.replacement ?? '',
      });
    }
  }
  return [...rows.values()].sort((a, b) => (`${a.apiVersion}/${a.kind}` < `${b.apiVersion}/${b.kind}` ? -1 : 1));
}

/** Returns { 'schemas.ts': source, 'deprecations.ts': source } without writing anything. */
export async function generateKubernetesApi(source) {
  const specDir = path.join(source, 'openapi-v3');
  const names = (await readdir(specDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && /^\d+\.\d+$/.test(d.name))
    .map((d) => d.name)
    .sort((a, b) => minorNumber(a) - minorNumber(b));
  const minors = {};
  for (const name of names) minors[name] = await readMinor(path.join(specDir, name));

  const pool = [];
  const poolIndex = new Map();
  const index = {};
  for (const name of names) {
    const defs = {};
    for (const [def, schema] of Object.entries(minors[name].definitions)) {
      const key = `${def}\n${JSON.stringify(schema)}`;
      if (!poolIndex.has(key)) {
        poolIndex.set(key, pool.length);
        pool.push(JSON.stringify(schema));
      }
      defs[def] = poolIndex.get(key);
    }
    index[name] = { kinds: minors[name].kinds, definitions: defs };
  }

  const banner =
    "/* Generated from the Kubernetes OpenAPI v3 documents and pluto's versions.yaml by scripts/generate-kubernetes-api.mjs. Do not edit: run `npm run generate:kubernetes-api`. */";
  const schemasTs = [
    banner,
    '/* eslint-disable */',
    '',
    '/** The bundled minors, oldest first. */',
    `export const minors: readonly string[] = ${JSON.stringify(names)};`,
    '',
    '/**',
    ' * Per minor: apiVersion/kind → definition name, and definition name → index into `pool`. Each pool',
    ' * entry is one reduced schema as JSON text, parsed only when a validator needs it.',
    ' */',
    'export const index: Readonly<Record<string, { kinds: Record<string, string>; definitions: Record<string, number> }>> = {',
    ...names.map((n) => `  ${JSON.stringify(n)}: ${JSON.stringify(index[n])},`),
    '};',
    '',
    'export const pool: readonly string[] = [',
    ...pool.map((s) => `  ${JSON.stringify(s)},`),
    '];',
    '',
  ].join('\n');

  const pluto = parseYaml(await readFile(path.join(source, 'pluto', 'versions.yaml'), 'utf8'));
  const table = deprecationTable(pluto, minors);
  const deprecationsTs = [
    banner,
    '/* eslint-disable */',
    '',
    '/** One apiVersion/kind that Kubernetes deprecated or removed; minors as "1.25", "" for none. */',
    'export interface Deprecation {',
    '  apiVersion: string;',
    '  kind: string;',
    '  deprecatedIn: string;',
    '  removedIn: string;',
    '  replacement: string;',
    '}',
    '',
    'export const deprecations: readonly Deprecation[] = [',
    ...table.map((row) => `  ${JSON.stringify(row)},`),
    '];',
    '',
  ].join('\n');
  return { 'schemas.ts': schemasTs, 'deprecations.ts': deprecationsTs };
}

/** Where the upstream data is read from. */
export function defaultSource() {
  return path.resolve(process.argv[2] ?? process.env.KUSTODIAN_KUBERNETES_API ?? path.join(root, '..', 'shared', 'kubernetes-api'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const source = defaultSource();
  if (!(await stat(source).catch(() => undefined))?.isDirectory()) {
    console.error(`${source}: no such directory; pass the directory that holds openapi-v3/ and pluto/`);
    process.exit(2);
  }
  await mkdir(outDir, { recursive: true });
  for (const [name, text] of Object.entries(await generateKubernetesApi(source))) {
    await writeFile(path.join(outDir, name), text);
    console.error(`wrote src/generated/kubernetes-api/${name} (${(text.length / 1024).toFixed(0)} KiB)`);
  }
}
