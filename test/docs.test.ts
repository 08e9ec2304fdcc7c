/**
 * README.md stays true to the code: its generated tables (configuration, parameters, steps, finding
 * codes, failure codes with their exit codes) are exactly what `npm run docs` writes today.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './helpers/cli.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { generateDocs, renderReadme } from '../scripts/docs.mjs';

// The tables come from src/, as this run compiled it, never from a build that may be older.
const sources: Record<string, () => Promise<unknown>> = { 'index.js': () => import('../src/index.js'), 'errors.js': () => import('../src/util/errors.js') };
const fromSrc = (file: string): Promise<unknown> => sources[file]!();

describe('README.md', () => {
  it('holds every generated table, as npm run docs writes it from the schema and the code', async () => {
    const text = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    for (const name of Object.keys((await generateDocs(fromSrc)) as Record<string, string>)) {
      expect(text, `README.md lacks <!-- generated:${name} -->`).toContain(`<!-- generated:${name} -->`);
    }
    expect(await renderReadme(text, fromSrc), 'README.md drifted; run npm run docs').toBe(text);
  });
});
