/**
 * Where in the repository an object the render lacks is defined. A missing ConfigMap is most often
 * a file the overlay forgot to include; naming that file turns "declare it as external" (wrong
 * advice) into "include config/env.yaml" (the fix). Read only when a finding needs it, bounded by
 * the repository root and by a file and byte budget; symlinks are not followed, so nothing outside
 * the root is read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, type Document, type Node } from 'yaml';
import { parseOptions } from './manifests/yaml.js';

/** One place that defines an object: a manifest, or a kustomize generator entry. */
export interface Definition {
  kind: string;
  name: string;
  /** Repository-relative, `/`-separated. */
  path: string;
  line: number;
  /** `configMapGenerator`/`secretGenerator` when a kustomization generates it. */
  generator?: string;
}

/** Bounds on the search; a repository beyond them is searched in part (sorted order, so deterministic). */
export interface ScanLimits {
  maxFiles: number;
  maxBytes: number;
  maxFileBytes: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxFiles: 5000, maxBytes: 64 * 1024 * 1024, maxFileBytes: 2 * 1024 * 1024 };

/** Directories never searched besides hidden ones: dependencies. */
const SKIP = new Set(['node_modules', 'vendor']);
const GENERATORS: Readonly<Record<string, string>> = { configMapGenerator: 'ConfigMap', secretGenerator: 'Secret' };

/** Every definition of the wanted kind/name pairs under `root`, in path order. */
export async function findDefinitions(root: string, wanted: readonly { kind: string; name: string }[], limits: ScanLimits = DEFAULT_SCAN_LIMITS): Promise<Definition[]> {
  if (!wanted.length) return [];
  const want = new Set(wanted.map((w) => `${w.kind}\u0000${w.name}`));
  const names = [...new Set(wanted.map((w) => w.name))];
  const budget = { files: limits.maxFiles, bytes: limits.maxBytes };
  const out: Definition[] = [];
  const visit = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const e of entries) {
      if (budget.files <= 0 || budget.bytes <= 0) return;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP.has(e.name)) await visit(full);
        continue;
      }
      if (!e.isFile() || !/\.ya?ml$/i.test(e.name)) continue;
      budget.files--;
      const size = await stat(full).then((s) => s.size, () => Infinity);
      if (size > limits.maxFileBytes || size > budget.bytes) continue;
      budget.bytes -= size;
      const text = await readFile(full, 'utf8').catch(() => '');
      if (!names.some((n) => text.includes(n))) continue;
      const rel = path.relative(root, full).split(path.sep).join('/');
      out.push(...definitionsIn(text, rel, want));
    }
  };
  await visit(path.resolve(root));
  return out;
}

/** The wanted definitions in one file's text. */
function definitionsIn(text: string, rel: string, want: ReadonlySet<string>): Definition[] {
  const lineCounter = new LineCounter();
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { ...parseOptions, lineCounter }) as Document[];
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  const out: Definition[] = [];
  const line = (node: unknown): number => lineCounter.linePos((node as Node | null)?.range?.[0] ?? 0).line;
  for (const doc of docs) {
    if (doc.errors.length || !isMap(doc.contents)) continue;
    const kind = doc.get('kind');
    const name = doc.getIn(['metadata', 'name']);
    if (typeof kind === 'string' && typeof name === 'string' && want.has(`${kind}\u0000${name}`)) {
      out.push({ kind, name, path: rel, line: line(doc.contents) });
    }
    for (const [field, generated] of Object.entries(GENERATORS)) {
      const list = doc.get(field, true);
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        const entry = isMap(item) ? item.items.find((p) => isScalar(p.key) && p.key.value === 'name') : undefined;
        const value = entry && isScalar(entry.value) ? entry.value.value : undefined;
        if (typeof value === 'string' && want.has(`${generated}\u0000${value}`)) out.push({ kind: generated, name: value, path: rel, line: line(item), generator: field });
      }
    }
  }
  return out;
}
