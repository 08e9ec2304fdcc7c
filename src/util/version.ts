/** kustodian's own version, for --version, reports and SARIF. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Walks up from this module to the package root: the same code runs from dist/ (bundled CLI),
 * dist/<dir>/ (library modules) and src/ (tests), so a fixed relative path would break one of them.
 */
function readVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kustodian' && pkg.version) return pkg.version;
    } catch {
      // not here
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '0.0.0-unknown';
    dir = parent;
  }
}

export const version = readVersion();
