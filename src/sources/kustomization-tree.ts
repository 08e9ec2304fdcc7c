/**
 * The kustomizations an overlay loads and the local files they name, read without running kustomize.
 * Two callers need this walk: the repository root of a checkout without `.git` is the common ancestor
 * of what the overlay loads (src/repo/root.ts), and a finding's file is looked up among the files the
 * overlay names (src/sources/source-locator.ts), which is what kustomize's origin annotations would say at the
 * price of a second, slower build.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseYaml } from '../manifests/yaml.js';
import { findKustomizationFile } from './kustomize.js';

/** One kustomization the overlay loads. */
export interface LoadedKustomization {
  /** Absolute path of the kustomization file. */
  file: string;
  /** Absolute paths of the local files its `resources`, `bases` and `components` name, in their order. */
  resourceFiles: string[];
}

export interface KustomizationTree {
  /** The overlay first, then what each kustomization names, depth first, as kustomize accumulates them. */
  kustomizations: LoadedKustomization[];
  /** Every local directory loaded besides the overlay's own: named directories and the directories of named files. */
  directories: string[];
}

/** Bounds on the walk: it reads small files only, and not without end. */
const MAX_KUSTOMIZATIONS = 256;
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/** Fields whose entries kustomize loads as resources: a file, or a directory with a kustomization. */
const LOADING_FIELDS = ['resources', 'bases', 'components'] as const;

/** A remote entry (URL, `git@…`, `github.com/…`) is kustomize's business, never read here. */
function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(git@|github\.com\/)/.test(entry);
}

/**
 * Walks the kustomizations of `appDir`, spelled as kustomize resolves them (relative to the naming
 * kustomization). Each is visited once by real path, so a cycle ends; an unreadable, oversized or
 * malformed kustomization ends the walk there, since kustomize reports it itself.
 */
export async function walkKustomizations(appDir: string): Promise<KustomizationTree> {
  const top = path.resolve(appDir);
  const kustomizations: LoadedKustomization[] = [];
  const directories: string[] = [];
  const walked = new Set<string>();
  const listed = new Set<string>([await realKey(top)]);
  const addDirectory = async (dir: string): Promise<void> => {
    const key = await realKey(dir);
    if (listed.has(key)) return;
    listed.add(key);
    directories.push(dir);
  };
  const visit = async (dir: string): Promise<void> => {
    const key = await realKey(dir);
    if (walked.has(key) || walked.size >= MAX_KUSTOMIZATIONS) return;
    walked.add(key);
    const loaded = await readKustomization(dir);
    if (!loaded) return;
    const node: LoadedKustomization = { file: loaded.file, resourceFiles: [] };
    kustomizations.push(node);
    for (const entry of loaded.entries) {
      const target = path.resolve(dir, entry);
      const st = await stat(target).catch(() => undefined);
      if (st?.isDirectory()) {
        await addDirectory(target);
        await visit(target);
      } else if (st?.isFile()) {
        node.resourceFiles.push(target);
        await addDirectory(path.dirname(target));
      }
    }
  };
  await visit(top);
  return { kustomizations, directories };
}

function realKey(p: string): Promise<string> {
  return realpath(p).catch(() => p);
}

async function readKustomization(dir: string): Promise<{ file: string; entries: string[] } | undefined> {
  const name = await findKustomizationFile(dir);
  if (!name) return undefined;
  const file = path.join(dir, name);
  try {
    if ((await stat(file)).size > MAX_KUSTOMIZATION_BYTES) return undefined;
    const text = await readFile(file, 'utf8');
    const k = parseYaml(text) as Record<string, unknown> | null;
    if (k === null || typeof k !== 'object') return undefined;
    const entries: string[] = [];
    for (const field of LOADING_FIELDS) {
      const list = k[field];
      if (Array.isArray(list)) for (const e of list) if (typeof e === 'string' && e && !isRemote(e)) entries.push(e);
    }
    return { file, entries };
  } catch {
    return undefined;
  }
}
