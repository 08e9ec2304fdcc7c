/**
 * README.md stays true to the code: its generated tables match the schema, every registered step has a
 * row, and every failure code has a row with the exit code the CLI really uses.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './helpers/cli.js';
import { steps, KustodianError, exitCodeFor, type ErrorCode } from '../dist/index.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { renderReadme } from '../scripts/docs.mjs';

const readme = () => readFile(path.join(repoRoot, 'README.md'), 'utf8');

/** The table rows under a heading, as arrays of trimmed cells. */
function rows(text: string, heading: string): string[][] {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no heading ${heading}`);
  const out: string[][] = [];
  let inTable = false;
  for (const line of text.slice(start + heading.length + 2).split('\n')) {
    if (line.startsWith('#')) break;
    if (line.startsWith('|')) {
      inTable = true;
      out.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
    } else if (inTable) break;
  }
  return out.slice(2); // header and separator
}

describe('README.md', () => {
  it('has the generated configuration and parameter tables the schema gives (npm run docs)', async () => {
    const text = await readme();
    expect(text).toContain('<!-- generated:config -->');
    expect(text).toContain('<!-- generated:parameters -->');
    expect(await renderReadme(text)).toBe(text);
  });

  it('lists every registered step', async () => {
    const documented = rows(await readme(), '## What kustodian checks').map((r) => r[0]);
    for (const step of steps) expect(documented).toContain(`\`${step.id}\``);
  });

  it('lists every failure code with its exit code', async () => {
    const source = await readFile(path.join(repoRoot, 'src', 'errors.ts'), 'utf8');
    const union = /export type ErrorCode =([^;]+);/.exec(source)?.[1] ?? '';
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] as ErrorCode);
    expect(codes.length).toBeGreaterThan(5);
    const table = new Map(rows(await readme(), '### Failures').map((r) => [r[0], r[1]]));
    for (const code of codes) {
      const exits = new Set(['SIGINT', 'SIGTERM'].map((signal) => exitCodeFor(new KustodianError(code, '', { signal: signal as 'SIGINT' | 'SIGTERM' }))));
      expect(table.get(`\`${code}\``), code).toBe([...exits].join(' / '));
    }
  });
});
