/**
 * `--changed-since REF` on a Git repository made here, counted by a recording kustomize in front of the
 * real one (KUSTODIAN_KUSTOMIZE): only the leaf overlays whose inputs changed are built, a change to a
 * shared base builds every overlay above it, a new Flyway migration builds the app whose locations hold
 * it, and the others are listed as unchanged without a build. `diff --all` selects the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kustodian } from '../helpers/cli.js';
import { git, gitEnv } from '../helpers/snapshot.js';

let tmp: string;
let wrapper: string;
let log: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-changed-'));
  const real = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((d) => path.join(d, 'kubectl'))
    .find((p) => existsSync(p))!;
  wrapper = path.join(tmp, 'kubectl');
  log = path.join(tmp, 'built.log');
  // One line per build: the directory kustomize was asked to build.
  await writeFile(
    wrapper,
    `#!${process.execPath}
require('node:fs').appendFileSync(${JSON.stringify(log)}, process.argv[process.argv.length - 1] + '\\n');
const r = require('node:child_process').spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: 'inherit' });
process.exit(r.status ?? 1);
`,
    { mode: 0o755 },
  );
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  k: v\n`;

/** apps/a and apps/b share base/common; apps/c stands alone; apps/d's kustodian.yaml names db/migrations. */
async function monorepo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmp, 'repo-'));
  const files: Record<string, string> = {
    'base/common/kustomization.yaml': 'resources:\n- cm.yaml\n',
    'base/common/cm.yaml': cm('common'),
    'apps/a/kustomization.yaml': 'resources:\n- ../../base/common\n- a.yaml\n',
    'apps/a/a.yaml': cm('a'),
    'apps/b/kustomization.yaml': 'resources:\n- ../../base/common\n- b.yaml\n',
    'apps/b/b.yaml': cm('b'),
    'apps/c/kustomization.yaml': 'resources:\n- c.yaml\n',
    'apps/c/c.yaml': cm('c'),
    'apps/d/kustomization.yaml': 'resources:\n- d.yaml\n',
    'apps/d/d.yaml': cm('d'),
    'apps/d/kustodian.yaml': 'apiVersion: kustodian.dev/v1alpha1\nkind: Config\nflyway:\n  locations:\n  - ../../db/migrations\n',
    'db/migrations/V1__init.sql': 'create table t (id int);\n',
    'README.md': 'docs\n',
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['add', '-A']);
  await git(dir, ['commit', '-q', '-m', 'base']);
  return dir;
}

async function run(dir: string, args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string; built: string[] }> {
  await rm(log, { force: true });
  const r = await kustodian(args, { cwd: dir, env: { KUSTODIAN_PIN: 'off', KUSTODIAN_KUSTOMIZE: wrapper, ...gitEnv } });
  const text = existsSync(log) ? await readFile(log, 'utf8') : '';
  const built = text
    .split('\n')
    .filter(Boolean)
    .map((d) => path.relative(dir, path.resolve(dir, d)) || '.')
    .sort();
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, built };
}

interface CheckJson {
  changedSince?: { ref: string; commit: string };
  summary: { apps: number; unchanged?: number };
  apps: { dir: string; status: string }[];
}

describe('--changed-since', () => {
  it('check --all builds only the overlay a change touches and lists the others as unchanged', async () => {
    const dir = await monorepo();
    await appendFile(path.join(dir, 'apps/a/a.yaml'), '  more: x\n');
    const r = await run(dir, ['check', '--all', 'apps', '--changed-since', 'HEAD', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.built).toEqual(['apps/a']);
    const report = JSON.parse(r.stdout) as CheckJson;
    expect(report.changedSince?.ref).toBe('HEAD');
    expect(report.apps.map((a) => [a.dir, a.status])).toEqual([
      ['apps/a', 'ok'],
      ['apps/b', 'unchanged'],
      ['apps/c', 'unchanged'],
      ['apps/d', 'unchanged'],
    ]);
    expect(report.summary).toMatchObject({ apps: 4, unchanged: 3 });
    const text = await run(dir, ['check', '--all', 'apps', '--changed-since', 'HEAD']);
    expect(text.stdout).toContain('apps/b: unchanged since HEAD, not built');
    expect(text.stdout).toContain('1 app (3 unchanged since HEAD, not built): 1 passed, 0 with errors, 0 could not be checked');
  });

  it('a change to a shared base builds every overlay above it', async () => {
    const dir = await monorepo();
    await writeFile(path.join(dir, 'base/common/cm.yaml'), cm('common2'));
    const r = await run(dir, ['check', '--all', 'apps', '--changed-since', 'HEAD']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.built).toEqual(['apps/a', 'apps/b']);
  });

  it('a new file in the Flyway locations builds the app that names them; a file no app reads builds nothing', async () => {
    const dir = await monorepo();
    await writeFile(path.join(dir, 'db/migrations/V2__more.sql'), 'alter table t add column x int;\n');
    const r = await run(dir, ['check', '--all', 'apps', '--changed-since', 'HEAD']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.built).toEqual(['apps/d']);
    await rm(path.join(dir, 'db/migrations/V2__more.sql'));
    await writeFile(path.join(dir, 'README.md'), 'other docs\n');
    const none = await run(dir, ['check', '--all', 'apps', '--changed-since', 'HEAD']);
    expect(none.exitCode, none.stderr).toBe(0);
    expect(none.built).toEqual([]);
  });

  it('an older ref: every overlay a commit since then touched', async () => {
    const dir = await monorepo();
    const first = (await git(dir, ['rev-parse', 'HEAD'])).trim();
    await writeFile(path.join(dir, 'apps/c/c.yaml'), cm('c2'));
    await git(dir, ['commit', '-q', '-am', 'c']);
    await rm(path.join(dir, 'apps/b/b.yaml'));
    await writeFile(path.join(dir, 'apps/b/kustomization.yaml'), 'resources:\n- ../../base/common\n');
    const r = await run(dir, ['check', '--all', 'apps', '--changed-since', first]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.built).toEqual(['apps/b', 'apps/c']);
  });

  it('diff --all compares only the touched apps (both sides built), the others unchanged and not built', async () => {
    const dir = await monorepo();
    await writeFile(path.join(dir, 'apps/c/c.yaml'), cm('c2'));
    const r = await run(dir, ['diff', '--all', 'apps', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    // Once at the base (in the temporary tree), once in the working tree.
    expect(r.built.filter((d) => d === 'apps/c')).toEqual(['apps/c']);
    expect(r.built.map((d) => path.basename(d))).toEqual(['c', 'c']);
    const report = JSON.parse(r.stdout) as {
      apps: { dir: string; status: string; built?: boolean; objects: { added: unknown[]; removed: unknown[] } }[];
    };
    expect(report.apps.map((a) => [a.dir, a.status, a.built ?? true])).toEqual([
      ['apps/a', 'unchanged', false],
      ['apps/b', 'unchanged', false],
      ['apps/c', 'changed', true],
      ['apps/d', 'unchanged', false],
    ]);
  });

  it('pin --all --check --changed-since works on the touched overlays only', async () => {
    const dir = await monorepo();
    await writeFile(path.join(dir, 'apps/b/b.yaml'), cm('b2'));
    const r = await run(dir, ['pin', '--all', 'apps', '--check', '--changed-since', 'HEAD']);
    expect(r.built).toEqual(['apps/b']);
    expect(r.stderr).toContain('apps/a: unchanged since HEAD, not built');
  });

  it('is a usage error without --all, with a ref beginning with -, and with a ref that names no commit', async () => {
    const dir = await monorepo();
    for (const args of [
      ['check', 'apps/a', '--changed-since', 'HEAD'],
      ['check', '--all', 'apps', '--changed-since=-x'],
      ['check', '--all', 'apps', '--changed-since', 'nope'],
      ['pin', '--all', 'apps', '--check', '--changed-since', 'nope'],
    ]) {
      const r = await run(dir, args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^kustodian: USAGE: .*(--all|cannot begin with "-"|"nope" does not name a commit)/);
      expect(r.built).toEqual([]);
    }
  });
});

describe('diff --all unpacks the base in part when it can', () => {
  let listing: string;
  let lister: string;
  beforeAll(async () => {
    // A kubectl that, when asked to build inside a base snapshot (…/kustodian-diff-*/base/…), logs the files that snapshot holds.
    const real = (process.env.PATH ?? '')
      .split(path.delimiter)
      .map((d) => path.join(d, 'kubectl'))
      .find((p) => existsSync(p))!;
    // Named kubectl, so that kustodian gives it the `kustomize` subcommand.
    await mkdir(path.join(tmp, 'listing'));
    lister = path.join(tmp, 'listing', 'kubectl');
    listing = path.join(tmp, 'listing.log');
    await writeFile(
      lister,
      `#!${process.execPath}
const fs = require('node:fs'), path = require('node:path');
// The directory is the argument after \`kustomize\`; flags such as --load-restrictor may follow it.
const dir = process.argv[process.argv.indexOf('kustomize') + 1] ?? '';
const m = /^(.*\\/kustodian-diff-[^/]+\\/base)(\\/|$)/.exec(dir);
if (m) {
  const files = [];
  const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.relative(m[1], path.join(d, e.name))); };
  walk(m[1]);
  fs.appendFileSync(${JSON.stringify(listing)}, JSON.stringify({ app: path.relative(m[1], dir), files: files.sort() }) + '\\n');
}
const r = require('node:child_process').spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: 'inherit' });
process.exit(r.status ?? 1);
`,
      { mode: 0o755 },
    );
  });

  async function diffAll(dir: string) {
    await rm(listing, { force: true });
    const r = await kustodian(['diff', '--all', 'apps', '--format', 'json'], {
      cwd: dir,
      env: { KUSTODIAN_PIN: 'off', KUSTODIAN_KUSTOMIZE: lister, ...gitEnv },
    });
    const bases = (existsSync(listing) ? await readFile(listing, 'utf8') : '')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { app: string; files: string[] });
    const report = JSON.parse(r.stdout || '{"apps":[]}') as { apps: { dir: string; status: string; base: { status: string } }[] };
    return { ...r, bases, status: Object.fromEntries(report.apps.map((a) => [a.dir, `${a.status}, base ${a.base.status}`])) };
  }

  it('no kustomization changed: only the touched app’s inputs are unpacked, and the diff is the same', async () => {
    const dir = await monorepo();
    await writeFile(path.join(dir, 'apps/a/a.yaml'), cm('a2'));
    const r = await diffAll(dir);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.bases).toEqual([
      { app: 'apps/a', files: ['apps/a/a.yaml', 'apps/a/kustomization.yaml', 'base/common/cm.yaml', 'base/common/kustomization.yaml'] },
    ]);
    expect(r.status).toMatchObject({ 'apps/a': 'changed, base ok', 'apps/b': 'unchanged, base ok' });
  });

  it('a kustomization changed (an app added): the whole base is unpacked', async () => {
    const dir = await monorepo();
    await writeFile(path.join(dir, 'apps/c/c.yaml'), cm('c2'));
    await mkdir(path.join(dir, 'apps/e'));
    await writeFile(path.join(dir, 'apps/e/kustomization.yaml'), 'resources:\n- e.yaml\n');
    await writeFile(path.join(dir, 'apps/e/e.yaml'), cm('e'));
    const r = await diffAll(dir);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.bases.map((b) => b.app)).toEqual(['apps/c']);
    expect(r.bases[0]!.files).toContain('README.md');
    expect(r.bases[0]!.files).toContain('apps/d/kustodian.yaml');
    expect(r.status).toMatchObject({ 'apps/c': 'changed, base ok', 'apps/e': 'new, base missing' });
  });

  it('a base that reads a file outside its inputs (load-restrictor none) is rendered again from the whole tree', async () => {
    const dir = await monorepo();
    const files: Record<string, string> = {
      'apps/p/kustomization.yaml': 'resources:\n- p.yaml\npatches:\n- path: ../../patches/p.yaml\n',
      'apps/p/p.yaml': cm('p'),
      'apps/p/kustodian.yaml': 'apiVersion: kustodian.dev/v1alpha1\nkind: Config\nkustomize:\n  loadRestrictor: none\n',
      'patches/p.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n  namespace: shop\ndata:\n  patched: "yes"\n',
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    await git(dir, ['add', '-A']);
    await git(dir, ['commit', '-q', '-m', 'p']);
    await writeFile(path.join(dir, 'apps/p/p.yaml'), cm('p').replace('k: v', 'k: w'));
    const r = await diffAll(dir);
    expect(r.exitCode, r.stderr).toBe(0);
    // First from the partial tree (no patches/), then from the whole one. (A build with kustomize's default
    // flags may start first and be replaced once the app's kustodian.yaml is read: the same tree, logged twice.)
    expect(new Set(r.bases.map((b) => b.app))).toEqual(new Set(['apps/p']));
    expect([...new Set(r.bases.map((b) => b.files.includes('patches/p.yaml')))]).toEqual([false, true]);
    expect(r.status).toMatchObject({ 'apps/p': 'changed, base ok' });
    // The patch applies on both sides: the one changed line is the edit.
    const diffed = JSON.parse(r.stdout) as { apps: { dir: string; objects: { changed: { diff: string }[] } }[] };
    const changed = diffed.apps.find((a) => a.dir === 'apps/p')!.objects.changed;
    expect(changed).toHaveLength(1);
    expect(changed[0]!.diff.split('\n').filter((l) => /^[-+] /.test(l))).toEqual(['-  k: v', '+  k: w']);
    expect(changed[0]!.diff).toContain('   patched: "yes"');
  });
});
