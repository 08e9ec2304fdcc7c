/**
 * How many kustomize builds each command costs, counted by a recording `kubectl` in front of the real one
 * (KUSTODIAN_KUSTOMIZE): every command builds the overlay itself once, plainly (no origin annotations,
 * which make kustomize slower), whether or not there are findings; findings still get file and line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kustodian, repoRoot } from '../helpers/cli.js';

const monorepo = path.join(repoRoot, 'test', 'fixtures', 'check', 'monorepo');
const broken = path.join(repoRoot, 'examples', 'giftify', 'overlays', 'broken');
let tmp: string;
let wrapper: string;
let log: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-builds-'));
  const real = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((d) => path.join(d, 'kubectl'))
    .find((p) => existsSync(p))!;
  wrapper = path.join(tmp, 'kubectl');
  log = path.join(tmp, 'argv.log');
  // Appends one JSON line per run: the argv, and the kustomization it built (the wrapper's, when there is one).
  await writeFile(
    wrapper,
    `#!${process.execPath}
const fs = require('node:fs'), path = require('node:path');
const dir = process.argv[3];
let kustomization = '';
try { kustomization = fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'); } catch {}
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv: process.argv.slice(2), origins: kustomization.includes('originAnnotations') }) + '\\n');
const r = require('node:child_process').spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: 'inherit' });
process.exit(r.status ?? 1);
`,
    { mode: 0o755 },
  );
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function builds(args: string[]): Promise<{ exitCode: number; stdout: string; runs: { argv: string[]; origins: boolean }[] }> {
  await rm(log, { force: true });
  const r = await kustodian(args, { env: { KUSTODIAN_PIN: 'off', KUSTODIAN_KUSTOMIZE: wrapper } });
  const text = existsSync(log) ? await readFile(log, 'utf8') : '';
  return {
    exitCode: r.exitCode,
    stdout: r.stdout,
    runs: text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { argv: string[]; origins: boolean }),
  };
}

describe('kustomize builds per command', () => {
  it('check: one plain build, and the findings still have file and line', async () => {
    const r = await builds(['check', broken, '--format', 'json']);
    expect(r.exitCode).toBe(1);
    expect(r.runs).toEqual([{ argv: ['kustomize', broken], origins: false }]);
    const report = JSON.parse(r.stdout) as { apps: { findings: { code: string; file: { path: string; line?: number } }[] }[] };
    const located = report.apps[0]!.findings.filter((f) => f.file.line !== undefined);
    expect(located.length).toBeGreaterThan(0);
    expect(located.every((f) => f.file.path.startsWith('examples/giftify/'))).toBe(true);
  });

  it('check --all: one build per overlay', async () => {
    const r = await builds(['check', '--all', monorepo, '--format', 'json']);
    expect(r.runs).toHaveLength(4);
    expect(r.runs.some((x) => x.origins)).toBe(false);
  });

  it('render: one plain build of the overlay itself, whether it passes or fails', async () => {
    const ok = await builds(['render', path.join(monorepo, 'overlays', 'prod')]);
    expect(ok.exitCode).toBe(0);
    expect(ok.runs).toEqual([{ argv: ['kustomize', path.join(monorepo, 'overlays', 'prod')], origins: false }]);
    const failed = await builds(['render', broken]);
    expect(failed.exitCode).toBe(1);
    expect(failed.runs).toEqual([{ argv: ['kustomize', broken], origins: false }]);
  });

  it('kustodian.yaml asking for other kustomize flags: the build started before it was read is replaced by one with them', async () => {
    const app = await mkdtemp(path.join(tmp, 'flags-'));
    await writeFile(path.join(app, 'kustomization.yaml'), 'resources: [cm.yaml]\n');
    await writeFile(path.join(app, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n');
    await writeFile(
      path.join(app, 'kustodian.yaml'),
      'apiVersion: kustodian.dev/v1alpha1\nkind: Config\nkustomize: {loadRestrictor: none}\n',
    );
    const r = await builds(['render', app]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('name: cm');
    // The early build may be stopped before it starts; the one whose output was used is the last.
    expect(r.runs.at(-1)).toEqual({ argv: ['kustomize', app, '--load-restrictor', 'LoadRestrictionsNone'], origins: false });
    expect(r.runs.length).toBeLessThanOrEqual(2);
    // The same flag from the command line is known before kustodian.yaml is read: one build.
    await writeFile(path.join(app, 'kustodian.yaml'), 'apiVersion: kustodian.dev/v1alpha1\nkind: Config\n');
    const flagged = await builds(['render', app, '--load-restrictor', 'none']);
    expect(flagged.runs).toEqual([{ argv: ['kustomize', app, '--load-restrictor', 'LoadRestrictionsNone'], origins: false }]);
  });
});
