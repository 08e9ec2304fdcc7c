/**
 * The private copy Argo CD's kustomize options are applied to (src/sources/kustomize-edits.ts). Argo CD
 * edits its own checkout; kustodian on a laptop or in CI runs in the user's working tree, which it never
 * writes. So what the build can read is copied under $TMPDIR, with the same paths relative to the
 * repository root (`../base` still resolves), the overlay's kustomization is edited there, the copy is
 * built, and the copy is removed: after the build, after a failure, and when the process exits on a
 * signal.
 *
 * What the build can read: with kustomize's default load restrictor, each kustomization reads files only
 * in and below its own directory, so the directories of the kustomizations the overlay loads (and of the
 * components an option adds) are enough; with `load-restrictor: none` it may read anything, so the whole
 * repository root is copied. Directories a repository search skips (src/repo/searched-directories.ts:
 * hidden ones such as .git, vendored dependencies) are left out below those, and the copy is bounded in
 * files and bytes (src/util/limits.ts).
 */
import { copyFile, lstat, mkdir, mkdtemp, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KustodianError } from '../util/errors.js';
import { EDIT_COPY_LIMITS, MAX_KUSTOMIZATION_BYTES, formatBytes, readTextFile } from '../util/limits.js';
import { isSearchedDirectory } from '../repo/searched-directories.js';
import { parseYamlDocument, stringifyDocument } from '../manifests/yaml.js';
import { findKustomizationFile } from './kustomization-file.js';
import { walkKustomizations } from './kustomization-tree.js';
import { applyKustomizeEdits, resolveComponents, type KustomizeEdits } from './kustomize-edits.js';

export interface EditedCopyOptions {
  /** The overlay in the user's tree. */
  appDir: string;
  repoRoot: string;
  edits: KustomizeEdits;
  loadRestrictor?: 'root' | 'none';
  signal?: AbortSignal;
}

const inside = (p: string, root: string): boolean =>
  p === root || (!path.relative(root, p).startsWith('..') && !path.isAbsolute(path.relative(root, p)));

/** The directories (and single files) to copy, none inside another, all inside the repository root. */
async function copyRoots(options: EditedCopyOptions, components: string[]): Promise<string[]> {
  const root = path.resolve(options.repoRoot);
  if (options.loadRestrictor === 'none') return [root];
  const appDir = path.resolve(options.appDir);
  const wanted = new Set<string>();
  const add = async (dir: string) => {
    const tree = await walkKustomizations(dir);
    for (const k of tree.kustomizations) {
      wanted.add(path.dirname(k.file));
      // A resource file in a directory the copy leaves out (a hidden one) is still what kustomize reads.
      for (const file of k.resourceFiles) wanted.add(file);
    }
  };
  await add(appDir);
  for (const c of components) {
    const dir = path.resolve(appDir, c);
    if (inside(dir, root)) await add(dir);
  }
  const sorted = [...wanted].sort();
  const out: string[] = [];
  for (const p of sorted) {
    if (!inside(p, root)) {
      throw new KustodianError(
        'RENDER_FAILED',
        `${p} is outside the repository root ${root}: Argo CD's kustomize options are applied to a private copy of the repository, which cannot hold it`,
      );
    }
    if (!out.some((o) => inside(p, o))) out.push(p);
  }
  return out;
}

/** Copies `src` to `dest` (a directory tree, a file or a link), counting against the limits. */
async function copyTree(
  src: string,
  dest: string,
  budget: { files: number; bytes: number },
  signal: AbortSignal | undefined,
  top = true,
): Promise<void> {
  if (signal?.aborted) throw signal.reason as Error;
  const st = await lstat(src);
  if (st.isSymbolicLink()) {
    // As written: a relative link keeps pointing inside the copy; kustomize checks where it leads itself.
    await mkdir(path.dirname(dest), { recursive: true });
    await symlink(await readlink(src), dest);
  } else if (st.isDirectory()) {
    if (!top && !isSearchedDirectory(path.basename(src))) return;
    await mkdir(dest, { recursive: true });
    for (const name of (await readdir(src)).sort()) await copyTree(path.join(src, name), path.join(dest, name), budget, signal, false);
    return;
  } else if (st.isFile()) {
    budget.bytes += st.size;
    if (budget.bytes > EDIT_COPY_LIMITS.maxBytes) {
      throw new KustodianError(
        'INPUT_TOO_LARGE',
        `Argo CD's kustomize options: the files the overlay can read are more than ${formatBytes(EDIT_COPY_LIMITS.maxBytes)}, the limit for the private copy they are applied to`,
      );
    }
    await mkdir(path.dirname(dest), { recursive: true });
    await copyFile(src, dest);
  } else {
    return;
  }
  if (++budget.files > EDIT_COPY_LIMITS.maxFiles) {
    throw new KustodianError(
      'INPUT_TOO_LARGE',
      `Argo CD's kustomize options: the overlay can read more than ${EDIT_COPY_LIMITS.maxFiles} files, the limit for the private copy they are applied to`,
    );
  }
}

/**
 * Runs `build` on an edited private copy of the overlay and returns its result; the copy is gone when the
 * promise settles (and if the process exits first, an exit hook removes it).
 */
export async function withEditedCopy<T>(options: EditedCopyOptions, build: (dir: string) => Promise<T>): Promise<T> {
  const root = path.resolve(options.repoRoot);
  const appDir = path.resolve(options.appDir);
  if (!inside(appDir, root)) throw new KustodianError('RENDER_FAILED', `${appDir} is outside the repository root ${root}`);
  const name = await findKustomizationFile(appDir);
  if (!name) throw new KustodianError('USAGE', `${appDir}: no kustomization.yaml`);
  // Everything that can fail on the user's input fails before anything is written.
  const components = await resolveComponents(options.edits, appDir, root);
  const source = await readTextFile(path.join(appDir, name), MAX_KUSTOMIZATION_BYTES, 'RENDER_FAILED');
  let doc;
  try {
    doc = parseYamlDocument(source).doc;
  } catch (error) {
    throw new KustodianError(
      'RENDER_FAILED',
      `${path.join(appDir, name)}: not YAML kustomize can edit: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  applyKustomizeEdits(doc, options.edits, components, name);
  const roots = await copyRoots(options, components);

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-edit-'));
  // process.exit (the CLI's last resort after a signal) runs no finally: remove the copy on the way out.
  const onExit = () => rmSync(tmp, { recursive: true, force: true });
  process.on('exit', onExit);
  try {
    const budget = { files: 0, bytes: 0 };
    for (const r of roots) await copyTree(r, path.join(tmp, path.relative(root, r)), budget, options.signal);
    const copy = path.join(tmp, path.relative(root, appDir));
    await mkdir(copy, { recursive: true });
    // A kustomization that is a link in the tree is one in the copy too: replace the link, never write through it.
    await rm(path.join(copy, name), { force: true });
    await writeFile(path.join(copy, name), stringifyDocument(doc));
    return await build(copy);
  } finally {
    process.off('exit', onExit);
    await rm(tmp, { recursive: true, force: true });
  }
}
