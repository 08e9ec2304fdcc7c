/**
 * A `kubectl` in front of the real one (for KUSTODIAN_KUSTOMIZE) that records the argv of every run and
 * the Go runtime settings it got (GOGC, GOMEMLIMIT), one JSON line each.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface RecordingKubectl {
  /** The wrapper's path. */
  file: string;
  /** The argv (after `kubectl`) of every run since the last `reset`. */
  runs: () => Promise<string[][]>;
  /** GOGC and GOMEMLIMIT as each of those runs saw them. */
  goEnv: () => Promise<{ GOGC?: string; GOMEMLIMIT?: string }[]>;
  reset: () => Promise<void>;
}

/** Writes the wrapper into `dir`. */
export async function recordingKubectl(dir: string): Promise<RecordingKubectl> {
  const real = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((d) => path.join(d, 'kubectl'))
    .find((p) => existsSync(p))!;
  const file = path.join(dir, 'kubectl');
  const log = path.join(dir, 'kubectl-argv.log');
  await writeFile(
    file,
    `#!${process.execPath}
const { GOGC, GOMEMLIMIT } = process.env;
require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), GOGC, GOMEMLIMIT }) + '\\n');
const r = require('node:child_process').spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: 'inherit' });
process.exit(r.status ?? 1);
`,
    { mode: 0o755 },
  );
  const lines = async (): Promise<{ argv: string[]; GOGC?: string; GOMEMLIMIT?: string }[]> =>
    (existsSync(log) ? await readFile(log, 'utf8') : '')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { argv: string[]; GOGC?: string; GOMEMLIMIT?: string });
  return {
    file,
    runs: async () => (await lines()).map((l) => l.argv),
    goEnv: async () => (await lines()).map(({ GOGC, GOMEMLIMIT }) => ({ GOGC, GOMEMLIMIT })),
    reset: () => rm(log, { force: true }),
  };
}
