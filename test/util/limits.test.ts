/**
 * Every input is bounded (docs/limits.md): config and lock files, kustomize's output, fn's stdin,
 * YAML aliases and depth, and fn's memory for a large item. Each case asserts the coded error, the exit
 * code, an empty stdout and no stack trace; time and memory only as generous bounds that catch a
 * runaway (the numbers before the fix were 18 s and 1.1 GiB, or 2.3 GiB), never as benchmarks.
 */
// These manifests are minimal on purpose (no selectors, made-up fields): the api step, which would judge them, has tests of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { floodingKustomize } from '../helpers/fake-kustomize.js';
import { descendants } from '../helpers/cmp-harness.js';
import { parse } from 'yaml';

const MiB = 1024 * 1024;
let work: string;
let app: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kustodian-limits-'));
  app = path.join(work, 'app');
  await mkdir(app);
  await writeFile(path.join(app, 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
  await writeFile(path.join(app, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n');
});
afterAll(() => rm(work, { recursive: true, force: true }));

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** kustodian's own peak RSS in MiB. */
  rssMiB: number;
  ms: number;
}

/** Runs the CLI with its peak RSS recorded (bench/rss.mjs) and a clean env. */
async function run(
  args: string[],
  options: { env?: Record<string, string>; input?: string; inputFile?: string; cwd?: string } = {},
): Promise<Run> {
  const rssFile = path.join(work, `rss-${Math.random().toString(36).slice(2)}`);
  const started = Date.now();
  const r = await execa(process.execPath, ['--import', path.join(repoRoot, 'bench/rss.mjs'), cliPath, ...args], {
    cwd: options.cwd ?? work,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: work,
      TMPDIR: os.tmpdir(),
      KUSTODIAN_PIN: 'off',
      KUSTODIAN_API: 'off',
      BENCH_RSS_FILE: rssFile,
      ...options.env,
    },
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    ...(options.inputFile ? { inputFile: options.inputFile } : { input: options.input ?? '' }),
    maxBuffer: 512 * MiB,
    timeout: 120_000,
  });
  const ms = Date.now() - started;
  const rssMiB = Number(await readFile(rssFile, 'utf8').catch(() => '0')) / 1024;
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1, rssMiB, ms };
}

/** The coded failure; stdout empty, or for `fn` a ResourceList with no items and the failure as its one result. */
function expectCoded(r: Run, code: string, exitCode: number, fn = false): void {
  expect(r.stderr, r.stderr).toMatch(new RegExp(`^kustodian: ${code}: `));
  expect(r.exitCode, r.stderr).toBe(exitCode);
  if (fn) {
    const list = parse(r.stdout) as { kind: string; items: unknown[]; results: { tags: { code: string } }[] };
    expect(list.kind).toBe('ResourceList');
    expect(list.items).toEqual([]);
    expect(list.results.map((x) => x.tags.code)).toEqual([code]);
  } else {
    expect(r.stdout).toBe('');
  }
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

/** Six levels of nine aliases each: 9^6 = 531441 strings if expanded. */
const aliasBomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`;

describe('config and lock files are read bounded', () => {
  it('--config /dev/urandom fails at once with CONFIG_INVALID, small and fast', async () => {
    const r = await run(['render', '--config', '/dev/urandom', app]);
    expectCoded(r, 'CONFIG_INVALID', 2);
    expect(r.stderr).not.toMatch(/[^\x20-\x7e\n]/);
    expect(r.rssMiB).toBeLessThan(300);
    expect(r.ms).toBeLessThan(20_000);
  });

  it('a config file larger than 16 MiB is refused without being parsed', async () => {
    const big = path.join(work, 'big.yaml');
    await writeFile(big, `# ${'x'.repeat(17 * MiB)}\n`);
    const r = await run(['render', '--config', big, app]);
    expectCoded(r, 'CONFIG_INVALID', 2);
    expect(r.stderr).toContain('larger than 16 MiB');
    expect(r.rssMiB).toBeLessThan(400);
  });

  it('an alias bomb in kustodian.yaml is CONFIG_INVALID, exit 2', async () => {
    const dir = path.join(work, 'bomb-config');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'kustomization.yaml'), 'resources: []\n');
    await writeFile(path.join(dir, 'kustodian.yaml'), aliasBomb);
    const r = await run(['render', dir]);
    expectCoded(r, 'CONFIG_INVALID', 2);
    expect(r.stderr).toContain('alias');
    expect(r.rssMiB).toBeLessThan(400);
  });

  it('nesting a hundred thousand levels deep in kustodian.yaml is CONFIG_INVALID, exit 2', async () => {
    const deep = path.join(work, 'deep.yaml');
    await writeFile(deep, `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const r = await run(['render', '--config', deep, app]);
    expectCoded(r, 'CONFIG_INVALID', 2);
    expect(r.ms).toBeLessThan(30_000);
  });

  for (const args of [
    ['pin', '--check'],
    ['render', '--pin', 'locked'],
  ]) {
    it(`an alias bomb in kustodian.lock.yaml (${args.join(' ')}) is LOCK_INVALID, exit 2`, async () => {
      const dir = await mkdtemp(path.join(work, 'bomb-lock-'));
      await execa('git', ['init', '-q', dir]);
      await writeFile(path.join(dir, 'kustomization.yaml'), 'resources:\n- pod.yaml\n');
      await writeFile(
        path.join(dir, 'pod.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n',
      );
      await writeFile(path.join(dir, 'kustodian.lock.yaml'), aliasBomb);
      const r = await run([...args, dir], { env: { KUSTODIAN_PIN: args[0] === 'pin' ? 'locked' : 'locked' } });
      expectCoded(r, 'LOCK_INVALID', 2);
      expect(r.stderr).toContain('alias');
    });
  }
});

describe("kustomize's output is capped while it streams", () => {
  for (const ignoreTerm of [false, true]) {
    it(`a kustomize that writes without end${ignoreTerm ? ' and ignores SIGTERM' : ''} is stopped: INPUT_TOO_LARGE, exit 3`, async () => {
      const dir = await mkdtemp(path.join(work, 'flood-'));
      const fake = await floodingKustomize(dir, { ignoreTerm });
      const r = await run(['render', app], { env: { KUSTODIAN_KUSTOMIZE: fake, KUSTODIAN_MAX_INPUT_BYTES: '8Mi' } });
      expectCoded(r, 'INPUT_TOO_LARGE', 3);
      expect(r.stderr).toContain('8 MiB');
      expect(r.stderr).toContain('KUSTODIAN_MAX_INPUT_BYTES');
      expect(r.rssMiB).toBeLessThan(400);
      expect(r.ms).toBeLessThan(30_000);
      // The writer and its `yes` are gone, not left writing into a closed pipe.
      expect(descendants(process.pid).filter((d) => d.comm === 'yes' && d.state !== 'Z')).toEqual([]);
    });
  }

  it('at the default 256 MiB cap, kustodian holds no more than the cap plus 128 MiB while it reads', async () => {
    const dir = await mkdtemp(path.join(work, 'flood-default-'));
    const fake = await floodingKustomize(dir);
    const r = await run(['render', app], { env: { KUSTODIAN_KUSTOMIZE: fake } });
    expectCoded(r, 'INPUT_TOO_LARGE', 3);
    expect(r.stderr).toContain('256 MiB');
    // Collected as strings and buffers at once, the output cost 1.3 GiB before it reached the cap.
    expect(r.rssMiB).toBeGreaterThan(0);
    expect(r.rssMiB).toBeLessThan(256 + 128);
  });

  it('a KUSTODIAN_MAX_INPUT_BYTES that is not a size is CONFIG_INVALID, exit 2', async () => {
    const r = await run(['render', app], { env: { KUSTODIAN_MAX_INPUT_BYTES: 'lots' } });
    expectCoded(r, 'CONFIG_INVALID', 2);
  });

  it('a render under the limit is unchanged by it', async () => {
    const r = await run(['render', app], { env: { KUSTODIAN_MAX_INPUT_BYTES: '1Mi' } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('name: settings');
  });
});

describe('fn input', () => {
  it('a ResourceList larger than KUSTODIAN_MAX_INPUT_BYTES is INPUT_TOO_LARGE, exit 3', async () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${'- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: x\n'.repeat(60_000)}`;
    const r = await run(['fn'], { input, env: { KUSTODIAN_MAX_INPUT_BYTES: '1Mi' } });
    expectCoded(r, 'INPUT_TOO_LARGE', 3, true);
  });

  it('an alias bomb in the ResourceList is INPUT_INVALID, exit 3', async () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  x:\n${aliasBomb.replace(/^/gm, '    ')}`;
    const r = await run(['fn'], { input });
    expectCoded(r, 'INPUT_INVALID', 3, true);
  });

  it('one 7 MiB item (under the 8 MiB object limit) costs memory in proportion to it, and comes back byte for byte', async () => {
    const file = path.join(work, 'big-list.yaml');
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: big # kept\n  data:\n    big: "${'v'.repeat(7 * MiB)}"\n`;
    await writeFile(file, input);
    const r = await run(['fn'], { inputFile: file });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout === input).toBe(true);
    // Composing the whole list took ~45x its size (over 300 MiB here); cut into items it takes ~8x.
    expect(r.rssMiB).toBeLessThan(250);
  });
});

/** A ResourceList of one ConfigMap holding `bytes` of data, in the given layout. */
function bigList(layout: 'block' | 'flow' | 'json', bytes: number, name = 'big'): string {
  const value = 'v'.repeat(bytes);
  if (layout === 'json') {
    return JSON.stringify({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { big: value } }],
    });
  }
  const item =
    layout === 'flow'
      ? `- {apiVersion: v1, kind: ConfigMap, metadata: {name: ${name}}, data: {big: "${value}"}}\n`
      : `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n  data:\n    big: "${value}"\n`;
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${item}`;
}

describe('one object larger than any API server stores is refused before it is parsed', () => {
  for (const [layout, mb] of [
    ['flow', 50],
    ['json', 50],
    ['block', 50],
    ['block', 9],
  ] as const) {
    it(`fn: one ${mb} MB item in ${layout} layout is OBJECT_TOO_LARGE, exit 3, fast and small`, async () => {
      const file = path.join(work, `object-${layout}-${mb}.yaml`);
      await writeFile(file, bigList(layout, mb * MiB));
      const r = await run(['fn'], { inputFile: file });
      expectCoded(r, 'OBJECT_TOO_LARGE', 3, true);
      expect(r.stderr).toContain('8 MiB');
      // The flow item took 2.3 GiB and half a minute to parse.
      expect(r.rssMiB).toBeGreaterThan(0);
      expect(r.rssMiB).toBeLessThan(600);
      expect(r.ms).toBeLessThan(20_000);
    });
  }

  it('fn: a functionConfig larger than the limit is refused the same way', async () => {
    const file = path.join(work, 'object-function-config.yaml');
    await writeFile(
      file,
      `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig: {apiVersion: v1, kind: ConfigMap, data: {x: "${'v'.repeat(9 * MiB)}"}}\n`,
    );
    const r = await run(['fn'], { inputFile: file });
    expectCoded(r, 'OBJECT_TOO_LARGE', 3, true);
  });

  it('fn: many small items that add up to more than the limit are not refused', async () => {
    const file = path.join(work, 'many-items.json');
    const items = Array.from({ length: 9 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}` },
      data: { big: 'v'.repeat(MiB) },
    }));
    await writeFile(file, JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items }));
    const r = await run(['fn'], { inputFile: file });
    expect(r.exitCode, r.stderr).toBe(0);
    expect((parse(r.stdout) as { items: unknown[] }).items).toHaveLength(9);
  });

  it('render: a 9 MiB ConfigMap that real kustomize prints is OBJECT_TOO_LARGE, exit 3, nothing on stdout', async () => {
    const dir = path.join(work, 'big-object');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
    await writeFile(
      path.join(dir, 'cm.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  big: "${'v'.repeat(9 * MiB)}"\n`,
    );
    const r = await run(['render', dir]);
    expectCoded(r, 'OBJECT_TOO_LARGE', 3);
    expect(r.stderr).toContain('ConfigMap huge');
  });
});
