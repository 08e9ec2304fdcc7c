/**
 * The docs stay true to the code: their generated tables (configuration, parameters, steps, finding
 * codes, failure codes with their exit codes) are exactly what `npm run docs` writes today, wherever
 * in README.md and docs/*.md each block sits; every table has a place and every marker names a table.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { blockNames, docFiles, generateDocs, renderDoc } from '../../scripts/docs.mjs';
import { steps } from '../../src/index.js';

// The tables come from src/, as this run compiled it, never from a build that may be older.
const sources: Record<string, () => Promise<unknown>> = {
  'index.js': () => import('../../src/index.js'),
  'errors.js': () => import('../../src/util/errors.js'),
};
const fromSrc = (file: string): Promise<unknown> => sources[file]!();

type Blocks = Record<string, string>;
const render = renderDoc as (text: string, load: typeof fromSrc, blocks?: Blocks) => Promise<string>;
const namesIn = blockNames as (text: string) => string[];

async function pages(): Promise<[string, string][]> {
  const files: string[] = await docFiles();
  return Promise.all(files.map(async (rel): Promise<[string, string]> => [rel, await readFile(path.join(repoRoot, rel), 'utf8')]));
}

describe('the generated tables of README.md and docs/', () => {
  it('each page holds its blocks as npm run docs writes them from the schema and the code', async () => {
    const blocks = (await generateDocs(fromSrc)) as Blocks;
    for (const [rel, text] of await pages()) {
      expect(await render(text, fromSrc, blocks), `${rel} drifted; run npm run docs`).toBe(text);
    }
  });

  it('every table appears exactly once, and every marker names a table', async () => {
    const blocks = (await generateDocs(fromSrc)) as Blocks;
    const seen = (await pages()).flatMap(([rel, text]) => namesIn(text).map((name) => ({ rel, name })));
    for (const { rel, name } of seen) expect(Object.keys(blocks), `${rel}: <!-- generated:${name} --> names no table`).toContain(name);
    expect(seen.map((s) => s.name).sort()).toEqual(Object.keys(blocks).sort());
  });

  it('an edited table is drift', async () => {
    const blocks = (await generateDocs(fromSrc)) as Blocks;
    for (const [rel, text] of await pages()) {
      for (const name of namesIn(text)) {
        const open = `<!-- generated:${name} -->\n`;
        const edited = text.replace(open, `${open}| a hand-written row |\n`);
        expect(await render(edited, fromSrc, blocks), `${rel} ${name}`).toBe(text);
      }
    }
  });
});

describe('README.md', () => {
  it('names every step of the registry in "What kustodian catches"', async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const section = readme.split('\n## What kustodian catches\n')[1]?.split('\n## ')[0] ?? '';
    for (const step of steps) expect(section, `README lacks a line for step ${step.id}`).toContain(`\`${step.id}\``);
  });
});
