/**
 * Which directories a search of the repository enters: the leaf-overlay finder (`check --all`) and the
 * search for where a missing object is defined both skip the same ones, so one rule serves them.
 */

/** Dependencies vendored into a repository: never an app's own kustomizations or manifests. */
const SKIPPED = new Set(['node_modules', 'vendor']);

/** True for a directory a repository search enters: not hidden (VCS data, tool caches) and not a dependency folder. */
export function isSearchedDirectory(name: string): boolean {
  return !name.startsWith('.') && !SKIPPED.has(name);
}
