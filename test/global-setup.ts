/**
 * Vitest global setup: the contract tests run the bundled bins (dist/cli.js, dist/fn.js) as processes,
 * and library tests import src/ directly. Re-bundle here whenever any input of the bundle is newer than
 * the bundle, so `npx vitest run` after an edit in src/ never tests the previous build. `npm test` has
 * just built, so this finds the bundle fresh and does nothing (esbuild takes about a second otherwise).
 */
import { readdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script without type declarations
import { bundle, outputs } from '../scripts/bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function newestInput(): Promise<number> {
  let newest = 0;
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else newest = Math.max(newest, (await stat(full)).mtimeMs);
    }
  };
  await visit(path.join(root, 'src'));
  for (const file of ['package.json', 'package-lock.json', 'scripts/bundle.mjs']) {
    newest = Math.max(newest, (await stat(path.join(root, file)).catch(() => ({ mtimeMs: 0 }))).mtimeMs);
  }
  return newest;
}

async function oldestOutput(): Promise<number> {
  let oldest = Infinity;
  for (const file of outputs) {
    oldest = Math.min(oldest, (await stat(file).catch(() => ({ mtimeMs: 0 }))).mtimeMs);
  }
  return oldest;
}

export default async function setup(): Promise<void> {
  if ((await oldestOutput()) > (await newestInput())) return;
  await bundle();
  // esbuild may leave an unchanged file untouched; mark the bundle as made now so the next run skips.
  const now = new Date();
  for (const file of outputs) await utimes(file, now, now);
}
