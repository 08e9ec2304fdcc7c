#!/usr/bin/env node
// `npm run bench`: runs every section in bench/sections/*.mjs (alphabetical) and prints one compact
// table per section. Goals are reported, never asserted: the exit code is 0 unless a section crashes.
//
// Adding a benchmark (the registry client, say) is one new file, bench/sections/<name>.mjs:
//   export default { title: '…', run({ runs, log }) { return { header: [...], rows: [[...]], notes: [...] } } }
// (`async run` where the section awaits something: the runner awaits what run returns either way).
// Helpers for timing processes, medians and peak RSS are in bench/lib.mjs.
// BENCH_RUNS=N sets the runs per measurement (default 7); BENCH_ONLY=name runs the named sections only.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { repoRoot, runs } from './lib.mjs';

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const dir = join(repoRoot, 'bench', 'sections');
const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => !only || only.includes(f.replace(/\.mjs$/, '')))
  .sort();

console.log(`kustodian bench: node ${process.version}, ${os.cpus().length} CPUs, ${runs} runs per measurement`);
let failed = false;
for (const file of files) {
  const section = (await import(pathToFileURL(join(dir, file)).href)).default;
  console.log(`\n## ${section.title}`);
  try {
    const result = await section.run({ runs, log: (msg) => process.stderr.write(`  … ${msg}\n`) });
    console.log(table(result.header, result.rows));
    for (const note of result.notes ?? []) console.log(`- ${note}`);
    // Timings on a shared machine mean little without its load: printed after each section.
    console.log(
      `- load average after this section: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`,
    );
  } catch (error) {
    failed = true;
    console.log(`section failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
