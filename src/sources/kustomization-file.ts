/**
 * The one reader of kustomization files outside kustomize itself. Three callers need a kustomization's
 * fields without a build: the leaf-overlay finder (`check --all`), the walk of what an overlay loads
 * (repository root, finding locations) and the default-namespace lookup. One reader gives them one
 * rule for what is remote and one size bound.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../manifests/yaml.js';
import { readLayout } from '../manifests/layout-reader.js';
import { MAX_KUSTOMIZATION_BYTES, readTextFileSync } from '../util/limits.js';

/** The file names kustomize accepts for a kustomization, in the order it looks for them. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** Fields whose entries kustomize loads: a file, or a directory with a kustomization. */
const LOADING_FIELDS = ['resources', 'bases', 'components'] as const;

/** The fields of a kustomization that kustodian reads itself. */
export interface KustomizationFile {
  /** Absolute path of the kustomization file. */
  file: string;
  /** `kind: Component` (built only inside an overlay). */
  component: boolean;
  /** Its own `namespace:` field. */
  namespace?: string;
  /** The local entries of `resources`, `bases` and `components`, as written, in that order. */
  loads: string[];
}

/**
 * A remote target — a URL (`https://…`, `ssh://…`), `git@host:…`, `git::…`, a hosted repository path
 * (`github.com/…`) or a go-getter style `?ref=` / `.git//` — is kustomize's business, never read here.
 */
export function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^(git@|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(entry) ||
    entry.includes('?ref=') ||
    entry.includes('.git//')
  );
}

/**
 * The kustomization file name in `dir`, or undefined when there is none. Kustomizations are small files
 * read by the hundred in `--all` and `--changed-since` walks, so they are found and read without the
 * event loop's round trips (see readTextFileSync): each call is a few system calls on one directory.
 */
export function findKustomizationFile(dir: string): Promise<string | undefined> {
  return Promise.resolve(findKustomizationFileSync(dir));
}

function findKustomizationFileSync(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    try {
      if (statSync(path.join(dir, name), { throwIfNoEntry: false })?.isFile()) return name;
    } catch {
      // not a directory, or unreadable: try the next name
    }
  }
  return undefined;
}

/**
 * Reads the kustomization in `dir`. Undefined when there is none, or when it cannot be read, is too
 * large or is not a YAML mapping: kustomize reports those itself when it builds, and no caller can
 * say more than it.
 */
export function readKustomization(dir: string): Promise<KustomizationFile | undefined> {
  return Promise.resolve(readKustomizationSync(dir));
}

function readKustomizationSync(dir: string): KustomizationFile | undefined {
  const name = findKustomizationFileSync(dir);
  if (!name) return undefined;
  const file = path.join(dir, name);
  let doc: unknown;
  try {
    const text = readTextFileSync(file, MAX_KUSTOMIZATION_BYTES, 'IO');
    // kustomize's own layout (what `kustomize edit` writes) is read directly, at a fraction of the library's cost.
    doc = readLayout(text) ?? parseYaml(text);
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const k = doc as Record<string, unknown>;
  const loads: string[] = [];
  for (const field of LOADING_FIELDS) {
    const list = k[field];
    if (Array.isArray(list)) for (const e of list) if (typeof e === 'string' && e && !isRemote(e)) loads.push(e);
  }
  const out: KustomizationFile = { file: path.resolve(file), component: k.kind === 'Component', loads };
  if (typeof k.namespace === 'string') out.namespace = k.namespace;
  return out;
}

/** How a caller reads kustomizations: readKustomization, or one run's shared readings of it. */
export type KustomizationReader = (dir: string) => Promise<KustomizationFile | undefined>;

/**
 * A reader that reads each directory's kustomization once: for the commands that look at many overlays
 * over shared bases (`--all`, `--changed-since`), which would otherwise parse the same files again per
 * overlay and per question (is it a leaf, a component, what does it load).
 */
export function sharedKustomizationReader(): KustomizationReader {
  const read = new Map<string, Promise<KustomizationFile | undefined>>();
  return (dir) => {
    const key = path.resolve(dir);
    let found = read.get(key);
    if (!found) read.set(key, (found = readKustomization(key)));
    return found;
  };
}
