/**
 * Where in the repository an object the render lacks is defined. A missing ConfigMap is most often
 * a file the overlay forgot to include; naming that file turns "declare it as external" (wrong
 * advice) into "include config/env.yaml" (the fix). Read only when a finding needs it, bounded by
 * the repository root and by a file and byte budget; symlinks are not followed, so nothing outside
 * the root is read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sourceDocuments } from '../manifests/source-documents.js';
import { isSearchedDirectory } from './searched-directories.js';
import { DEFINITION_SEARCH_LIMITS } from '../util/limits.js';

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

export const DEFAULT_SCAN_LIMITS: ScanLimits = DEFINITION_SEARCH_LIMITS;

/** Every definition of the wanted kind/name pairs under `root`, in path order. */
export async function findDefinitions(
  root: string,
  wanted: readonly { kind: string; name: string }[],
  limits: ScanLimits = DEFAULT_SCAN_LIMITS,
): Promise<Definition[]> {
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
        if (isSearchedDirectory(e.name)) await visit(full);
        continue;
      }
      if (!e.isFile() || !/\.ya?ml$/i.test(e.name)) continue;
      budget.files--;
      const size = await stat(full).then(
        (s) => s.size,
        () => Infinity,
      );
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
  const out: Definition[] = [];
  for (const doc of sourceDocuments(text)) {
    const { kind, name } = doc;
    if (kind !== undefined && name !== undefined && want.has(`${kind}\u0000${name}`))
      out.push({ kind, name, path: rel, line: doc.line() ?? 1 });
    // A kustomization need not say `kind: Kustomization`; a resource does say its kind.
    if (kind !== undefined && kind !== 'Kustomization' && kind !== 'Component') continue;
    for (const entry of doc.generators()) {
      if (want.has(`${entry.kind}\u0000${entry.name}`))
        out.push({ kind: entry.kind, name: entry.name, path: rel, line: entry.line, generator: entry.generator });
    }
  }
  return out;
}
