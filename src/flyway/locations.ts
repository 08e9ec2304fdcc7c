/**
 * `flyway.locations`, resolved and scanned when the run's context is built: a location outside the
 * repository root (lexically, or through a symlink anywhere under it), a missing directory or a
 * non-filesystem location stops the run with CONFIG_INVALID, like any other bad kustodian.yaml value.
 * It is a configuration mistake, not a manifest defect, and kustodian must not read files outside the
 * repository, even to report them. The flyway-versions step only parses the file names found here.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { KustodianError } from '../util/errors.js';
import { HOW_TO_SET_ROOT, inside } from '../repo/root.js';

/** One location set (what one Flyway instance sees): the files of its directories, repo-relative. */
export interface LocationFiles {
  /** The set's directories, repo-relative ('.' for the root), for messages. */
  dirs: string[];
  /** Every file under them, repo-relative, each once, in scan order. */
  files: string[];
}

/**
 * Resolves and scans the configured locations. The directly listed locations form one set, like
 * Flyway's own `locations`; a nested list is a set of its own (an overlay deploying several apps).
 * `base` resolves relative locations (the config file's directory); `repoRoot` bounds them.
 */
export async function scanFlywayLocations(
  configured: readonly (string | readonly string[])[],
  base: string,
  repoRoot: string,
): Promise<LocationFiles[]> {
  if (configured.length === 0) return [];
  const root = path.resolve(repoRoot);
  const realRoot = await realpath(root).catch((error: unknown) => {
    throw new KustodianError(
      'IO',
      `cannot resolve the repository root ${root}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  });
  const groups: { label: string; raw: string }[][] = [];
  const flat: { label: string; raw: string }[] = [];
  configured.forEach((item, i) => {
    if (typeof item === 'string') flat.push({ label: `flyway.locations[${i}]`, raw: item });
    else groups.push(item.map((raw, j) => ({ label: `flyway.locations[${i}][${j}]`, raw })));
  });
  if (flat.length) groups.unshift(flat);

  const sets: LocationFiles[] = [];
  for (const group of groups) {
    const files: string[] = [];
    const seen = new Set<string>();
    const dirs: string[] = [];
    for (const { label, raw } of group) {
      const dir = await resolveLocation(label, raw, base, root, realRoot);
      dirs.push(repoRelative(root, dir) || '.');
      for (const file of await scan(dir, { label, root, realRoot, visited: new Set() })) {
        const rel = repoRelative(root, file);
        if (seen.has(rel)) continue; // overlapping locations list a file once
        seen.add(rel);
        files.push(rel);
      }
    }
    sets.push({ dirs, files });
  }
  return sets;
}

function repoRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

async function resolveLocation(label: string, raw: string, base: string, root: string, realRoot: string): Promise<string> {
  const configError = (why: string) => new KustodianError('CONFIG_INVALID', `${label} "${raw}": ${why}`);
  let rel = raw;
  if (rel.startsWith('filesystem:')) rel = rel.slice('filesystem:'.length);
  else if (/^[a-z][a-z0-9+.-]+:/i.test(rel))
    throw configError('only filesystem locations can be checked; give the directory in the repository');
  const dir = path.resolve(base, rel);
  if (!inside(root, dir))
    throw configError(`points outside the repository root ${root}; kustodian reads no files there (${HOW_TO_SET_ROOT})`);
  let real: string;
  try {
    real = await realpath(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw configError(
      code === 'ENOENT' ? `no such directory (${repoRelative(root, dir)} in the repository)` : `cannot be read (${code ?? String(error)})`,
    );
  }
  if (!inside(realRoot, real))
    throw configError(
      `leads through a symlink to ${real}, outside the repository root ${root}; kustodian reads no files there (${HOW_TO_SET_ROOT})`,
    );
  if (!(await stat(real)).isDirectory()) throw configError(`${repoRelative(root, dir)} is not a directory`);
  return dir;
}

/**
 * Every file under `dir`, as Flyway's FileSystemScanner finds them: recursive, following symlinks,
 * skipping hidden directories (not hidden files). Symlinks that lead outside the repository stop the run;
 * directory cycles are visited once.
 */
async function scan(dir: string, walk: { label: string; root: string; realRoot: string; visited: Set<string> }): Promise<string[]> {
  const { label, root, realRoot, visited } = walk;
  const realDir = await realpath(dir);
  if (visited.has(realDir)) return [];
  visited.add(realDir);
  const files: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      let real: string;
      try {
        real = await realpath(full);
      } catch {
        continue; // a dangling link: Flyway cannot read it either
      }
      if (!inside(realRoot, real)) {
        throw new KustodianError(
          'CONFIG_INVALID',
          `${label}: ${repoRelative(root, full)} is a symlink to ${real}, outside the repository root ${root}; kustodian reads no files there (${HOW_TO_SET_ROOT})`,
        );
      }
      const st = await stat(real);
      isDir = st.isDirectory();
      isFile = st.isFile();
    }
    if (isDir && !entry.name.startsWith('.')) files.push(...(await scan(full, walk)));
    else if (isFile) files.push(full);
  }
  return files;
}
