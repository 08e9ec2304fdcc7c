#!/usr/bin/env node
// Rewrites the generated blocks of the docs (README.md and docs/*.md, wherever a block sits): the
// configuration reference and the ArgoCD parameter table from schemas/config.schema.json, and the step,
// finding-code and failure-code tables from the built code (the step registry with each step's `codes`,
// and errors.ts). Like plugin.yaml, the docs come from the one source, so they cannot describe a key or
// code that does not exist; test/docs/docs.test.ts fails when a page drifts. `npm run docs` builds first.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const envName = (p) => `KUSTODIAN_${p.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
const code = (v) => '`' + v + '`';
const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

function typeOf(s) {
  if (s.type === 'boolean') return '`true` \\| `false`';
  if (s.const !== undefined) return code(JSON.stringify(s.const));
  if (s.enum) return s.enum.map((v) => code(v)).join(' \\| ');
  if (s.type === 'array') return `list of ${s.items?.type === 'object' ? 'objects' : (s.items?.type ?? 'values')}`;
  return s.type ?? '';
}

function defaultOf(s) {
  if (s.default === undefined) return '';
  return code(Array.isArray(s.default) ? `[${s.default.join(', ')}]` : String(s.default));
}

function describe(s) {
  const parts = [s.description];
  if (s.minimum !== undefined || s.maximum !== undefined) parts.push(`Range ${s.minimum ?? '…'}–${s.maximum ?? '…'}.`);
  if (s.exclusiveMinimum !== undefined) parts.push(`Greater than ${s.exclusiveMinimum}.`);
  return parts.filter(Boolean).join(' ');
}

/** Every key, depth first, as [dotted path, schema]; list items appear as `key[].field`. */
function keys(node, prefix = '', out = []) {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const at = prefix ? `${prefix}.${name}` : name;
    out.push([at, child]);
    keys(child, at, out);
    if (child.type === 'array' && child.items?.properties) keys(child.items, `${at}[]`, out);
  }
  return out;
}

/** The generated Markdown blocks, by marker name. */
export async function generateDocs(load = fromDist) {
  const schema = JSON.parse(await readFile(path.join(root, 'schemas', 'config.schema.json'), 'utf8'));
  const all = keys(schema);
  const required = new Set(schema.required ?? []);

  const params = all
    .filter(([, s]) => s['x-kustodian-parameter'])
    .map(([at, s]) => ({ at, s, name: s['x-kustodian-parameter'] }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const parameters = [
    '| parameter | kind | default | sidecar env | config key | meaning |',
    '|---|---|---|---|---|---|',
    ...params.map(
      ({ at, s, name }) =>
        `| ${code(name)} | ${s.type === 'array' ? `array of ${s.items?.type ?? 'string'}` : `string: ${typeOf(s)}`} | ${defaultOf(s)} | ${code(envName(name))} | ${code(at)} | ${cell(describe(s))} |`,
    ),
  ].join('\n');

  const config = [
    '| key | type | default | parameter | meaning |',
    '|---|---|---|---|---|',
    ...all.map(([at, s]) => {
      const req = required.has(at) ? ' Required.' : '';
      const p = s['x-kustodian-parameter'] ? code(s['x-kustodian-parameter']) : '';
      return `| ${code(at)} | ${typeOf(s)} | ${defaultOf(s)} | ${p} | ${cell(describe(s) + req).trim()} |`;
    }),
  ].join('\n');

  // Argo CD's spec.source.kustomize fields beside the parameters that carry them (config kustomize.edit).
  const edit = schema.properties.kustomize.properties.edit.properties;
  const kind = (s) => (s.type === 'object' ? 'map' : s.type === 'array' ? 'array' : 'string');
  const argocdKustomize = [
    '| Argo CD field (`spec.source.kustomize.`) | parameter | kind | what kustodian does |',
    '|---|---|---|---|',
    ...Object.entries(edit).map(
      ([field, s]) => `| ${code(field)} | ${code(s['x-kustodian-parameter'])} | ${kind(s)} | ${cell(describe(s))} |`,
    ),
  ].join('\n');

  return { parameters, config, argocdKustomize, ...(await codeTables(load)) };
}

/**
 * Loads a module of the built code (`index.js`). The test passes its own loader that imports src/
 * instead, so it never checks the docs against a stale build.
 */
const fromDist = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);

/** Tables read from the code: the step registry, and every code from the catalog `kustodian explain` prints. */
async function codeTables(load) {
  const { steps, codeCatalog } = await load('index.js');
  const catalog = codeCatalog();
  const stepRows = steps.map((st) => `| ${code(st.id)} | ${st.kind} | ${cell(st.summary)} |`);
  const findingRows = catalog
    .filter((e) => e.kind === 'finding')
    .map((e) => `| ${code(e.code)} | ${code(e.step ?? `kustodian ${e.command}`)} | ${cell(e.help)} |`);
  const failureRows = catalog.filter((e) => e.kind === 'failure').map((e) => `| ${code(e.code)} | ${e.exit} | ${cell(e.help)} |`);
  return {
    steps: ['| step | kind | what it does |', '|---|---|---|', ...stepRows].join('\n'),
    findings: ['| code | step | meaning |', '|---|---|---|', ...findingRows].join('\n'),
    failures: ['| code | exit | meaning |', '|---|---|---|', ...failureRows].join('\n'),
  };
}

const BLOCK = /(<!-- generated:(\w+) -->\n)[\s\S]*?(<!-- \/generated:\2 -->)/g;

/** The pages that may hold generated blocks, relative to the repository root: README.md and docs/*.md. */
export async function docFiles() {
  const pages = (await readdir(path.join(root, 'docs'))).filter((f) => f.endsWith('.md')).sort();
  return ['README.md', ...pages.map((f) => `docs/${f}`)];
}

/** The names of the generated blocks a page holds, in order (a name the generator lacks included). */
export function blockNames(text) {
  return [...text.matchAll(BLOCK)].map((m) => m[2]);
}

/** A page with every `<!-- generated:NAME -->…<!-- /generated:NAME -->` block replaced. */
export async function renderDoc(text, load = fromDist, blocks) {
  blocks ??= await generateDocs(load);
  return text.replace(BLOCK, (whole, open, name, close) => (blocks[name] === undefined ? whole : `${open}${blocks[name]}\n${close}`));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const blocks = await generateDocs();
  for (const rel of await docFiles()) {
    const file = path.join(root, rel);
    const text = await readFile(file, 'utf8');
    if (blockNames(text).length === 0) continue;
    const next = await renderDoc(text, fromDist, blocks);
    if (next !== text) await writeFile(file, next);
    console.error(`${next === text ? 'unchanged' : 'wrote'} ${rel}`);
  }
}
