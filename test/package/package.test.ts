/**
 * The package as users get it: metadata, licence, no runtime dependencies (every entry is a bundle),
 * and the packed tarball installed into an empty prefix without a registry, rendering the giftify
 * example outside any git repository.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readFile, readdir, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { builtinModules } from 'node:module';
import { readLock } from '../../src/index.js';

const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown> & {
  bin: Record<string, string>;
  exports: Record<string, string>;
  files: string[];
};

/** Module specifiers a bundle loads at run time (static and dynamic imports, require calls in code). */
function importsOf(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/^import(?:[^'"]*?from)?\s*["']([^"']+)["']/gm)) found.add(m[1]!);
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.add(m[1]!);
  // require("x") as code, not inside a string such as ajv's `.code = 'require("…")'` annotation.
  for (const m of code.matchAll(/(?<!['"])\brequire\(\s*"([^"]+)"\s*\)/g)) found.add(m[1]!);
  return [...found];
}

describe('package metadata', () => {
  it('ships the Apache-2.0 licence text it declares', async () => {
    expect(pkg.license).toBe('Apache-2.0');
    const text = await readFile(path.join(repoRoot, 'LICENSE'), 'utf8');
    expect(text).toContain('Apache License');
    expect(text).toContain('Version 2.0, January 2004');
    expect(text).toContain('END OF TERMS AND CONDITIONS');
  });

  it('names its repository, home page and issue tracker', () => {
    expect(pkg.repository).toEqual({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\/github\.com\/[^/]+\/kustodian\.git$/) as unknown,
    });
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/[^/]+\/kustodian/);
    expect(pkg.bugs).toEqual({ url: expect.stringMatching(/^https:\/\/github\.com\/[^/]+\/kustodian\/issues$/) as unknown });
  });

  it('has no runtime dependencies because every entry it exposes loads only its own chunks and Node built-ins', async () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    const entries = [...Object.values(pkg.bin), ...Object.values(pkg.exports), pkg.main as string];
    // `require("fs")` from bundled CommonJS resolves to the built-in as well.
    const builtins = new Set(builtinModules);
    for (const entry of new Set(entries.map((e) => path.normalize(e)))) {
      // The entry and every chunk it loads, statically or lazily (ioredis, the proxy agents).
      const seen = new Set<string>();
      const queue = [path.join(repoRoot, entry)];
      const external: string[] = [];
      while (queue.length) {
        const file = queue.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const spec of importsOf(await readFile(file, 'utf8'))) {
          if (spec.startsWith('./') || spec.startsWith('../')) queue.push(path.resolve(path.dirname(file), spec));
          else if (!spec.startsWith('node:') && !builtins.has(spec)) external.push(spec);
        }
      }
      expect(seen.size, entry).toBeGreaterThan(1);
      // kerberos: agent-base's optional import for Negotiate proxy auth, inside a try (scripts/bundle.mjs).
      expect(
        external.filter((x) => x !== 'kerberos'),
        entry,
      ).toEqual([]);
    }
  });
});

describe('the packed tarball', () => {
  let tmp: string;
  let tarball: string;
  let prefix: string;

  beforeAll(async () => {
    tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), 'kustodian-tarball-')));
    // dist/ is already built (npm test builds first); --ignore-scripts keeps `prepare` from rebuilding
    // it under the other tests' feet. The clean-clone build is the pre-commit test's job.
    const packed = await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], { cwd: repoRoot });
    tarball = path.join(tmp, String(packed.stdout).trim());
    prefix = path.join(tmp, 'prefix');
    await mkdir(prefix);
    // --offline: nothing may come from a registry; an empty prefix: nothing else is installed.
    await execa('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: tmp });
  }, 300_000);

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('installs alone: no other package lands in the prefix', async () => {
    const modules = path.join(prefix, 'lib', 'node_modules');
    expect(await readdir(modules)).toEqual(['kustodian']);
    const installed = path.join(modules, 'kustodian');
    expect((await readdir(installed)).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json', 'plugin.yaml', 'schemas']);
  });

  // Outside git the repository root is the common ancestor of the directories kustomize loads (docs/cli.md, "The repository root"),
  // so flyway.locations ../../db/migration stays inside it.
  it('renders examples/giftify/overlays/prod with --pin locked outside any git repository', async () => {
    const app = path.join(tmp, 'giftify');
    const giftify = path.join(repoRoot, 'examples', 'giftify');
    for (const part of ['base', 'db', path.join('overlays', 'prod')])
      await cp(path.join(giftify, part), path.join(app, part), { recursive: true });
    expect((await execa('git', ['rev-parse', '--show-toplevel'], { cwd: app, reject: false })).exitCode).not.toBe(0);
    const r = await execa(path.join(prefix, 'bin', 'kustodian'), ['render', path.join(app, 'overlays', 'prod'), '--pin', 'locked'], {
      cwd: tmp,
      env: { PATH: process.env.PATH ?? '', HOME: tmp, TMPDIR: tmp },
      extendEnv: false,
      reject: false,
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    // Every image comes out pinned to the digest committed in the overlay's lock.
    const lock = await readLock(path.join(app, 'overlays', 'prod'));
    expect(lock?.images.length).toBeGreaterThan(0);
    for (const image of lock!.images) expect(r.stdout).toContain(`${image.reference}@${image.digest}`);
    expect(r.stdout).toContain('kind: Deployment');
  });
});
