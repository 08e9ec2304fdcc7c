/**
 * `kustodian diff` as a process, on Git repositories made here (real git, real kubectl kustomize): what
 * a change adds, removes and changes, the findings it adds and fixes, new and broken-before apps, Secret
 * values that never show, moves that are no change, each format, and the untrusted --base ref.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kustodian } from '../helpers/cli.js';
import { git, gitEnv } from '../helpers/snapshot.js';
import { diff } from '../../src/commands/diff.js';
import { formatDiffText } from '../../src/sinks/diff-report.js';

// Registry look-ups are the digest step's business; keep these runs offline.
const env = { KUSTODIAN_PIN: 'off', ...gitEnv };

interface JsonId {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}
interface JsonDiff {
  version: number;
  base: { ref: string; commit: string };
  summary: {
    apps: number;
    changed: number;
    unchanged: number;
    new: number;
    failed: number;
    findings: { added: { error: number }; fixed: number };
  };
  apps: {
    dir: string;
    status: string;
    base: { status: string; failure?: { code: string } };
    head: { status: string };
    objects: { added: JsonId[]; removed: JsonId[]; changed: (JsonId & { diff: string })[]; unchanged: number };
    findings: {
      added: { code: string; severity: string; resource?: { name: string }; file?: { path: string; line?: number } }[];
      fixed: { code: string; resource?: { name: string }; file?: { path: string; line?: number } }[];
    };
  }[];
}

const tmps: string[] = [];
afterEach(async () => {
  for (const t of tmps.splice(0)) await rm(t, { recursive: true, force: true });
});

async function write(root: string, files: Record<string, string | null>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    const abs = path.join(root, file);
    if (text === null) {
      await rm(abs, { force: true });
      continue;
    }
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, text);
  }
}

/** A repository whose one commit holds `base`, with `head` then written over the working tree. */
async function repo(base: Record<string, string>, head: Record<string, string | null> = {}): Promise<string> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-diff-test-'));
  tmps.push(tmp);
  const dir = path.join(tmp, 'repo');
  await mkdir(dir);
  await git(dir, ['init', '-q', '-b', 'main']);
  await write(dir, base);
  await git(dir, ['add', '-A']);
  await git(dir, ['commit', '-q', '-m', 'base']);
  await write(dir, head);
  return dir;
}

const deployment = (name: string, image: string, secretKey = 'password', secret = 'db') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: ${name}
        image: ${image}
        env:
        - name: PW
          valueFrom:
            secretKeyRef: {name: ${secret}, key: ${secretKey}}
`;
const configMap = (name: string, value = 'x') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: shop
data:
  k: ${value}
`;
const secret = (name: string, data: Record<string, string>, stringData: Record<string, string> = {}) => `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: shop
data:
${Object.entries(data)
  .map(([k, v]) => `  ${k}: ${Buffer.from(v).toString('base64')}\n`)
  .join('')}${
  Object.keys(stringData).length
    ? `stringData:\n${Object.entries(stringData)
        .map(([k, v]) => `  ${k}: ${v}\n`)
        .join('')}`
    : ''
}`;
const kustomization = (...resources: string[]) => `resources:\n${resources.map((r) => `- ${r}\n`).join('')}`;

async function diffJson(cwd: string, args: string[] = []): Promise<{ report: JsonDiff; exitCode: number; stderr: string }> {
  const r = await kustodian(['diff', ...args, '--format', 'json'], { cwd, env });
  expect(r.stdout, r.stderr).not.toBe('');
  return { report: JSON.parse(r.stdout) as JsonDiff, exitCode: r.exitCode, stderr: r.stderr };
}

const names = (ids: JsonId[]) => ids.map((i) => `${i.kind}.${i.group} ${i.namespace}/${i.name}`);

describe('kustodian diff', () => {
  it('shows a changed image, an added and a removed object, a finding added and one fixed; exit 1; the tree, index and stash untouched', async () => {
    const dir = await repo(
      {
        'apps/web/kustomization.yaml': kustomization('deploy.yaml', 'old.yaml', 'secret.yaml'),
        // The base reads a key the Secret lacks: SECRET_KEY_MISSING, which the change fixes.
        'apps/web/deploy.yaml': deployment('web', 'nginx:1.25', 'passwd'),
        'apps/web/old.yaml': configMap('old'),
        'apps/web/secret.yaml': secret('db', { password: 'pw' }),
      },
      {
        'apps/web/kustomization.yaml': kustomization('deploy.yaml', 'new.yaml', 'secret.yaml', 'worker.yaml'),
        'apps/web/deploy.yaml': deployment('web', 'nginx:1.27', 'password'),
        'apps/web/old.yaml': null,
        'apps/web/new.yaml': configMap('new'),
        // An added Deployment that reads a Secret nobody defines: a finding the change adds.
        'apps/web/worker.yaml': deployment('worker', 'busybox:1.36', 'password', 'absent'),
      },
    );
    await git(dir, ['add', 'apps/web/new.yaml']);
    await git(dir, ['stash', 'list']);
    const before = [await git(dir, ['status', '--porcelain']), await git(dir, ['stash', 'list']), await git(dir, ['diff', '--cached'])];
    const { report, exitCode, stderr } = await diffJson(dir, ['apps/web']);
    expect(exitCode, stderr).toBe(1);
    expect(report.version).toBe(1);
    expect(report.base.ref).toBe('HEAD');
    expect(report.base.commit).toBe((await git(dir, ['rev-parse', 'HEAD'])).trim());
    const [app] = report.apps;
    expect(app!.dir).toBe('apps/web');
    expect(app!.status).toBe('changed');
    expect(names(app!.objects.added)).toEqual(['ConfigMap. shop/new', 'Deployment.apps shop/worker']);
    expect(names(app!.objects.removed)).toEqual(['ConfigMap. shop/old']);
    expect(names(app!.objects.changed)).toEqual(['Deployment.apps shop/web']);
    expect(app!.objects.unchanged).toBe(1);
    const hunk = app!.objects.changed[0]!.diff;
    expect(hunk).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    expect(hunk).toContain('\n-        image: nginx:1.25\n');
    expect(hunk).toContain('\n+        image: nginx:1.27\n');
    expect(hunk).toContain('\n-              key: passwd\n');
    expect(app!.findings.added.map((f) => [f.severity, f.code, f.resource?.name])).toEqual([['error', 'SECRET_NOT_FOUND', 'worker']]);
    expect(app!.findings.fixed.map((f) => [f.code, f.resource?.name])).toEqual([['SECRET_KEY_MISSING', 'web']]);
    // Located in the file that defines the object, at the secretKeyRef's line: the head's file for an
    // added finding, the base's (named as in the tree) for a fixed one.
    expect(app!.findings.added[0]!.file).toEqual({ path: 'apps/web/worker.yaml', line: 19 });
    expect(app!.findings.fixed[0]!.file).toEqual({ path: 'apps/web/deploy.yaml', line: 19 });
    expect(report.summary.findings).toEqual({ added: { error: 1, warning: 0, info: 0 }, fixed: 1 });
    const after = [await git(dir, ['status', '--porcelain']), await git(dir, ['stash', 'list']), await git(dir, ['diff', '--cached'])];
    expect(after).toEqual(before);
  });

  it('exits 0 when the change fixes a finding and adds none; --base names an older commit', async () => {
    const dir = await repo({
      'app/kustomization.yaml': kustomization('deploy.yaml', 'secret.yaml'),
      'app/deploy.yaml': deployment('web', 'nginx:1.25', 'passwd'),
      'app/secret.yaml': secret('db', { password: 'pw' }),
    });
    const first = (await git(dir, ['rev-parse', 'HEAD'])).trim();
    await write(dir, { 'app/deploy.yaml': deployment('web', 'nginx:1.25', 'password') });
    await git(dir, ['commit', '-q', '-am', 'fix']);
    // Against HEAD the working tree is the commit: nothing changed.
    const same = await diffJson(dir, ['app']);
    expect(same.exitCode, same.stderr).toBe(0);
    expect(same.report.apps[0]!.status).toBe('unchanged');
    const older = await diffJson(dir, ['app', '--base', first.slice(0, 10)]);
    expect(older.exitCode, older.stderr).toBe(0);
    expect(older.report.base.commit).toBe(first);
    expect(older.report.apps[0]!.findings.fixed.map((f) => f.code)).toEqual(['SECRET_KEY_MISSING']);
    expect(older.report.apps[0]!.findings.added).toEqual([]);
  });

  it('a move of an object between files, and a new order, is no change', async () => {
    const dir = await repo(
      {
        'app/kustomization.yaml': kustomization('a.yaml', 'b.yaml'),
        'app/a.yaml': `${configMap('one')}---\n${configMap('two')}`,
        'app/b.yaml': configMap('three'),
      },
      {
        'app/kustomization.yaml': kustomization('b.yaml', 'c.yaml'),
        'app/a.yaml': null,
        'app/b.yaml': `${configMap('three')}---\n${configMap('two')}`,
        'app/c.yaml': configMap('one'),
      },
    );
    const { report, exitCode } = await diffJson(dir, ['app']);
    expect(exitCode).toBe(0);
    const app = report.apps[0]!;
    expect(app.status).toBe('unchanged');
    expect(app.objects).toEqual({ added: [], removed: [], changed: [], unchanged: 3 });
    const text = await kustodian(['diff', 'app'], { cwd: dir, env });
    expect(text.stdout).not.toContain('@@');
    expect(text.stdout).toMatch(/^app: unchanged: 0 added, 0 removed, 0 changed objects \(3 unchanged\)/m);
  });

  it('a new app has no base (every object added); an app broken at the base is reported, not fatal; a removed app under --all', async () => {
    const dir = await repo(
      {
        'apps/broken/kustomization.yaml': kustomization('missing.yaml'),
        'apps/gone/kustomization.yaml': kustomization('cm.yaml'),
        'apps/gone/cm.yaml': configMap('gone'),
      },
      {
        'apps/broken/cm.yaml': configMap('fixed'),
        'apps/broken/kustomization.yaml': kustomization('cm.yaml'),
        'apps/gone/kustomization.yaml': null,
        'apps/gone/cm.yaml': null,
        'apps/new/kustomization.yaml': kustomization('cm.yaml'),
        'apps/new/cm.yaml': configMap('fresh'),
      },
    );
    const { report, exitCode, stderr } = await diffJson(dir, ['--all', 'apps']);
    expect(exitCode, stderr).toBe(0);
    const by = Object.fromEntries(report.apps.map((a) => [a.dir, a]));
    expect(Object.keys(by)).toEqual(['apps/broken', 'apps/gone', 'apps/new']);
    expect(by['apps/new']!.status).toBe('new');
    expect(by['apps/new']!.base.status).toBe('missing');
    expect(names(by['apps/new']!.objects.added)).toEqual(['ConfigMap. shop/fresh']);
    expect(by['apps/broken']!.base).toMatchObject({ status: 'failed', failure: { code: 'RENDER_FAILED' } });
    expect(by['apps/broken']!.status).toBe('changed');
    expect(names(by['apps/broken']!.objects.added)).toEqual(['ConfigMap. shop/fixed']);
    expect(by['apps/gone']!.status).toBe('removed');
    expect(names(by['apps/gone']!.objects.removed)).toEqual(['ConfigMap. shop/gone']);
    // The base's temporary tree is no path a reader can use: messages name the repository's paths.
    expect(JSON.stringify(report)).not.toContain('kustodian-diff-');
  });

  it('a working tree that does not render exits 3, after the other apps', async () => {
    const dir = await repo(
      {
        'a/kustomization.yaml': kustomization('cm.yaml'),
        'a/cm.yaml': configMap('a'),
        'b/kustomization.yaml': kustomization('cm.yaml'),
        'b/cm.yaml': configMap('b'),
      },
      { 'a/kustomization.yaml': kustomization('nope.yaml'), 'b/cm.yaml': configMap('b', 'y') },
    );
    const { report, exitCode, stderr } = await diffJson(dir, ['a', 'b']);
    expect(exitCode).toBe(3);
    expect(stderr).toContain('a: RENDER_FAILED');
    expect(report.apps.map((a) => a.status)).toEqual(['failed', 'changed']);
  });

  describe('Secret values', () => {
    const OLD = 'old-hunter2-value';
    const NEW = 'new-correct-horse';
    const KEPT = 'kept-battery-staple';
    const ADDED = 'added-secret-token';
    const forbidden = [OLD, NEW, KEPT, ADDED].flatMap((v) => [v, Buffer.from(v).toString('base64')]);

    it('a rotated value shows as changed, an unchanged one as unchanged, and no value is printed in any format', async () => {
      const dir = await repo(
        {
          'app/kustomization.yaml': kustomization('secret.yaml', 'gone.yaml'),
          'app/secret.yaml': secret('db', { password: OLD, user: KEPT }, { token: OLD }),
          'app/gone.yaml': secret('gone', { key: KEPT }),
        },
        {
          'app/kustomization.yaml': kustomization('secret.yaml', 'added.yaml'),
          'app/secret.yaml': secret('db', { password: NEW, user: KEPT }, { token: NEW }),
          'app/gone.yaml': null,
          'app/added.yaml': secret('added', { key: ADDED }),
        },
      );
      const { report, exitCode } = await diffJson(dir, ['app']);
      expect(exitCode).toBe(0);
      const app = report.apps[0]!;
      expect(names(app.objects.changed)).toEqual(['Secret. shop/db']);
      expect(names(app.objects.added)).toEqual(['Secret. shop/added']);
      expect(names(app.objects.removed)).toEqual(['Secret. shop/gone']);
      const hunk = app.objects.changed[0]!.diff;
      // The rotated keys differ (one mask per side); the kept key has one mask, unchanged.
      const removed = hunk
        .split('\n')
        .filter((l) => l.startsWith('-'))
        .sort();
      const added = hunk
        .split('\n')
        .filter((l) => l.startsWith('+'))
        .sort();
      expect(removed.map((l) => l.replace(/:.*/, ''))).toEqual(['-  password', '-  token']);
      expect(added.map((l) => l.replace(/:.*/, ''))).toEqual(['+  password', '+  token']);
      for (let i = 0; i < removed.length; i++) expect(removed[i]!.slice(1)).not.toBe(added[i]!.slice(1));
      expect(hunk).toMatch(/^ {3}user: \S+$/m);
      for (const format of ['text', 'markdown', 'json']) {
        const r = await kustodian(['diff', 'app', '--format', format], { cwd: dir, env });
        expect(r.exitCode, r.stderr).toBe(0);
        expect(r.stdout).toContain('password');
        for (const value of forbidden) {
          expect(r.stdout, `${format} stdout`).not.toContain(value);
          expect(r.stderr, `${format} stderr`).not.toContain(value);
        }
      }
    });

    it('a Secret whose values are all the same is unchanged', async () => {
      const dir = await repo(
        { 'app/kustomization.yaml': kustomization('secret.yaml'), 'app/secret.yaml': secret('db', { password: OLD }) },
        // Same values, another layout of the file: no change.
        { 'app/secret.yaml': `${secret('db', { password: OLD })}\n# a comment\n` },
      );
      const { report } = await diffJson(dir, ['app']);
      expect(report.apps[0]!.status).toBe('unchanged');
    });
  });

  describe('formats', () => {
    async function changed(): Promise<string> {
      return repo(
        {
          'one/kustomization.yaml': kustomization('deploy.yaml', 'secret.yaml'),
          'one/deploy.yaml': deployment('web', 'nginx:1.25'),
          'one/secret.yaml': secret('db', { password: 'pw' }),
          'two/kustomization.yaml': kustomization('cm.yaml'),
          'two/cm.yaml': configMap('two'),
        },
        { 'one/deploy.yaml': deployment('web', 'nginx:1.27', 'missing-key') },
      );
    }

    it('text: findings, objects, diff, a summary line per app and in total; no colour off a TTY', async () => {
      const dir = await changed();
      const r = await kustodian(['diff', 'one', 'two'], { cwd: dir, env });
      expect(r.exitCode).toBe(1);
      expect(r.stdout).not.toContain('\x1b[');
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('== one');
      expect(r.stdout.indexOf('findings added:')).toBeLessThan(r.stdout.indexOf('~ Deployment.apps shop/web'));
      expect(r.stdout).toContain('    error SECRET_KEY_MISSING one/deploy.yaml:');
      expect(r.stdout).toContain('    +        image: nginx:1.27');
      expect(lines).toContain('one: changed: 0 added, 0 removed, 1 changed object (1 unchanged); findings: 1 added (1 error), 0 fixed');
      expect(lines).toContain('two: unchanged: 0 added, 0 removed, 0 changed objects (1 unchanged); findings: 0 added, 0 fixed');
      expect(lines.at(-1)).toMatch(
        /^2 apps against HEAD \([0-9a-f]{12}\): 1 changed, 1 unchanged, 0 new, 0 removed, 0 failed; objects: 0 added, 0 removed, 1 changed; findings: 1 added \(1 error\), 0 fixed$/,
      );
    });

    it('markdown: one folded section per app, findings before objects, the diff in a diff block', async () => {
      const dir = await changed();
      const r = await kustodian(['diff', 'one', 'two', '--format', 'markdown'], { cwd: dir, env });
      expect(r.exitCode).toBe(1);
      const sections = r.stdout.split('<details>').slice(1);
      expect(sections).toHaveLength(2);
      expect(sections[0]).toMatch(/^<summary><b>one<\/b>: changed: /);
      expect(sections[0]!.indexOf('**Findings added**')).toBeLessThan(sections[0]!.indexOf('**Objects**'));
      expect(sections[0]).toContain('```diff\n@@ ');
      expect(sections[0]).toContain('\n+        image: nginx:1.27\n');
      expect(sections[1]).toMatch(/^<summary><b>two<\/b>: unchanged: .*<\/summary><\/details>/);
      for (const s of sections) expect(s).toContain('</details>');
    });

    it('markdown stays within GitHub 65,536-character comment limit and says what was cut', async () => {
      const big = (v: string) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: shop\ndata:\n${Array.from({ length: 3000 }, (_, i) => `  key${i}: ${v}-${i}-padding-padding\n`).join('')}`;
      const dir = await repo(
        {
          'app/kustomization.yaml': kustomization('big.yaml', 'deploy.yaml', 'secret.yaml'),
          'app/big.yaml': big('a'),
          'app/deploy.yaml': deployment('web', 'nginx:1'),
          'app/secret.yaml': secret('db', { password: 'x' }),
        },
        { 'app/big.yaml': big('b'), 'app/deploy.yaml': deployment('web', 'nginx:2', 'nokey') },
      );
      const json = await diffJson(dir, ['app']);
      // The diff alone is well beyond the limit.
      expect(json.report.apps[0]!.objects.changed.map((c) => c.diff).join('').length).toBeGreaterThan(65_536);
      const r = await kustodian(['diff', 'app', '--format', 'markdown'], { cwd: dir, env });
      expect(r.exitCode).toBe(1);
      expect(r.stdout.length).toBeLessThanOrEqual(65_536);
      expect(r.stdout).toContain('1 app is shown without its object diffs');
      // What is cut is the diffs: the findings and the list of objects remain.
      expect(r.stdout).toContain('`SECRET_KEY_MISSING`');
      expect(r.stdout).toContain('- changed `ConfigMap shop/big`');
      expect(r.stdout).not.toContain('```diff');
    });

    it('text is coloured when asked (a TTY): added lines green, removed red, hunks cyan', async () => {
      const dir = await changed();
      const report = await diff({ dirs: [path.join(dir, 'one')], env: { ...process.env, ...env } });
      const coloured = formatDiffText(report, { color: true });
      expect(coloured).toContain('\x1b[32m+        image: nginx:1.27\x1b[0m');
      expect(coloured).toContain('\x1b[31m-        image: nginx:1.25\x1b[0m');
      expect(coloured).toMatch(/\x1b\[36m@@ -\d+,\d+ \+\d+,\d+ @@\x1b\[0m/);
      expect(formatDiffText(report)).not.toContain('\x1b[');
    });

    it('--format must be one of text, markdown, json', async () => {
      const dir = await changed();
      const r = await kustodian(['diff', 'one', '--format', 'sarif'], { cwd: dir, env });
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
    });
  });

  describe('--base REF is untrusted', () => {
    it('a ref beginning with - is a usage error and reaches no git command', async () => {
      const dir = await repo({ 'app/kustomization.yaml': kustomization('cm.yaml'), 'app/cm.yaml': configMap('a') });
      const out = path.join(dir, 'written-by-git');
      for (const ref of ['-x', `--output=${out}`, '--help']) {
        const r = await kustodian(['diff', 'app', `--base=${ref}`], { cwd: dir, env });
        expect(r.exitCode, ref).toBe(2);
        expect(r.stderr).toMatch(/^kustodian: USAGE: --base .*cannot begin with "-"/);
        expect(r.stdout).toBe('');
      }
      expect(existsSync(out)).toBe(false);
    });

    it('a ref that does not resolve is a usage error naming it', async () => {
      const dir = await repo({ 'app/kustomization.yaml': kustomization('cm.yaml'), 'app/cm.yaml': configMap('a') });
      for (const ref of ['no-such-branch', 'HEAD~5', 'main:app']) {
        const r = await kustodian(['diff', 'app', '--base', ref], { cwd: dir, env });
        expect(r.exitCode, ref).toBe(2);
        expect(r.stderr).toContain(`kustodian: USAGE: --base "${ref}" does not name a commit`);
      }
    });

    it('outside a Git work tree is a usage error; the temporary tree is removed afterwards', async () => {
      const plain = await mkdtemp(path.join(os.tmpdir(), 'kustodian-diff-plain-'));
      tmps.push(plain);
      await write(plain, { 'kustomization.yaml': kustomization('cm.yaml'), 'cm.yaml': configMap('a') });
      const r = await kustodian(['diff', '.'], { cwd: plain, env: { ...env, GIT_CEILING_DIRECTORIES: path.dirname(plain) } });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('not inside a Git work tree');
      const dir = await repo({ 'app/kustomization.yaml': kustomization('cm.yaml'), 'app/cm.yaml': configMap('a') });
      const tmpdir = path.join(path.dirname(dir), 'tmpdir');
      await mkdir(tmpdir);
      const ok = await kustodian(['diff', 'app'], { cwd: dir, env: { ...env, TMPDIR: tmpdir } });
      expect(ok.exitCode, ok.stderr).toBe(0);
      expect(await readdir(tmpdir)).toEqual([]);
    });
  });
});
