/** `kustodian check` as a process: exit codes, report on stdout even when findings fail the run, failures per dir. */
import { describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { kustodian, repoRoot } from '../helpers/cli.js';
import { sarifValidator } from '../helpers/sarif.js';

const monorepo = 'test/fixtures/check/monorepo';
// Registry lookups are the digest step's business; keep these runs offline.
const env = { KUSTODIAN_PIN: 'off' };

interface JsonReport {
  version: number;
  summary: { apps: number; failed: number; error: number };
  apps: {
    dir: string;
    status: string;
    durationMs: number;
    failure?: { code: string; file?: unknown };
    findings: { code: string; file: { path: string } }[];
  }[];
}

describe('kustodian check', () => {
  it('--all reports every leaf overlay and writes the report although it exits 1', async () => {
    const r = await kustodian(['check', '--all', monorepo, '--format', 'json'], { env });
    expect(r.exitCode, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.apps.map((a) => a.dir)).toEqual(
      ['apps/legacy', 'overlays/empty', 'overlays/prod', 'overlays/staging'].map((d) => `${monorepo}/${d}`),
    );
    const empty = report.apps.find((a) => a.dir.endsWith('overlays/empty'))!;
    expect(empty.status).toBe('error');
    expect(empty.findings.find((f) => f.code === 'EMPTY_RENDER')?.file.path).toBe(`${monorepo}/overlays/empty/kustomization.yaml`);
    // kustomize's deprecation warnings go to stderr, never into the report
    expect(r.stderr).toContain("'bases' is deprecated");
  });

  it('exits 0 with a clean overlay, text by default, no colour off a TTY', async () => {
    const r = await kustodian(['check', `${monorepo}/overlays/prod`], { env });
    // Later steps may add warnings or infos here, but the fixture has nothing that is an error.
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`${monorepo}/overlays/prod`);
    expect(r.stdout).toMatch(/1 app: 1 passed, 0 with errors, 0 could not be checked; findings: 0 errors/);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('checks DIR . by default', async () => {
    const r = await kustodian(['check', '--format', 'github'], { env, cwd: path.join(repoRoot, monorepo, 'overlays', 'empty') });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`::error file=${monorepo}/overlays/empty/kustomization.yaml,title=kustodian EMPTY_RENDER::`);
  });

  it('check DIR on a kind: Component checks the overlays that include it, with an info instead of EMPTY_RENDER', async () => {
    const r = await kustodian(['check', `${monorepo}/components/debug`, '--format', 'json'], { env });
    const report = JSON.parse(r.stdout) as { apps: { dir: string; findings: { severity: string; code: string; message: string }[] }[] };
    expect(report.apps.map((a) => a.dir)).toEqual([`${monorepo}/components/debug`, `${monorepo}/overlays/staging`]);
    const component = report.apps[0]!;
    expect(component.findings.map((f) => [f.severity, f.code])).toEqual([['info', 'COMPONENT_CHECKED_VIA_OVERLAYS']]);
    expect(component.findings[0]!.message).toContain(`checked those instead: ${monorepo}/overlays/staging`);
    expect(report.apps.flatMap((a) => a.findings.map((f) => f.code))).not.toContain('EMPTY_RENDER');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });

  it('a kind: Component that no overlay includes is an info and exit 0', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-check-'));
    try {
      await cp(path.join(repoRoot, monorepo, 'components'), path.join(tmp, 'components'), { recursive: true });
      const r = await kustodian(['check', 'components/debug'], { env, cwd: tmp });
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('info COMPONENT_CHECKED_VIA_OVERLAYS');
      expect(r.stdout).toContain('no overlay in the repository includes it; nothing was checked');
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('reports a directory kustomize cannot build, checks the others, and exits 3', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-check-'));
    try {
      await cp(path.join(repoRoot, monorepo), tmp, { recursive: true });
      await writeFile(path.join(tmp, 'overlays', 'empty', 'kustomization.yaml'), 'resources:\n- missing.yaml\n');
      const r = await kustodian(['check', '--all', '.', '--format', 'sarif'], { env, cwd: tmp });
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain('overlays/empty: RENDER_FAILED');
      const sarif = JSON.parse(r.stdout) as {
        runs: {
          invocations: { executionSuccessful: boolean }[];
          results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
        }[];
      };
      const validate = sarifValidator();
      expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
      expect(sarif.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
      const failed = sarif.runs[0]!.results.find((x) => x.ruleId === 'RENDER_FAILED')!;
      expect(failed.locations[0]!.physicalLocation.artifactLocation.uri).toBe('overlays/empty/kustomization.yaml');

      const json = JSON.parse((await kustodian(['check', '--all', '.', '--format', 'json'], { env, cwd: tmp })).stdout) as JsonReport;
      expect(json.summary.failed).toBe(1);
      expect(json.apps.filter((a) => a.status !== 'failed').map((a) => a.dir)).toEqual([
        'apps/legacy',
        'overlays/prod',
        'overlays/staging',
      ]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('a config error in one directory is exit 2, with the report', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-check-'));
    try {
      await cp(path.join(repoRoot, monorepo, 'bases'), path.join(tmp, 'bases'), { recursive: true });
      await writeFile(path.join(tmp, 'bases', 'api', 'kustodian.yaml'), 'apiVersion: kustodian.dev/v1alpha1\nkind: Config\ncolour: blue\n');
      const r = await kustodian(['check', 'bases/api', 'bases/worker', '--format', 'json'], { env, cwd: tmp });
      expect(r.exitCode).toBe(2);
      const json = JSON.parse(r.stdout) as JsonReport;
      expect(json.apps.map((a) => [a.dir, a.status])).toEqual([
        ['bases/api', 'failed'],
        ['bases/worker', 'ok'],
      ]);
      expect(json.apps[0]!.failure?.code).toBe('CONFIG_INVALID');
      // Located on the config file and the line of the unknown key, not on the kustomization, in every format.
      expect(json.apps[0]!.failure?.file).toEqual({ path: 'bases/api/kustodian.yaml', line: 3 });
      const run = (format: string) => kustodian(['check', 'bases/api', '--format', format], { env, cwd: tmp }).then((x) => x.stdout);
      const [text, github, sarif] = await Promise.all([run('text'), run('github'), run('sarif')]);
      expect(text).toContain(
        '\n  bases/api/kustodian.yaml:3\n    error CONFIG_INVALID bases/api/kustodian.yaml:3:1: colour: unknown field',
      );
      expect(github).toMatch(/^::error file=bases\/api\/kustodian\.yaml,line=3,title=kustodian CONFIG_INVALID::/m);
      const location = (
        JSON.parse(sarif) as {
          runs: {
            results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[];
          }[];
        }
      ).runs[0]!.results[0]!.locations[0]!.physicalLocation;
      expect(location).toMatchObject({ artifactLocation: { uri: 'bases/api/kustodian.yaml' }, region: { startLine: 3 } });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('--shard I/N splits the sorted leaf overlays round robin, 1-based; every overlay in exactly one shard', async () => {
    const leaves = ['apps/legacy', 'overlays/empty', 'overlays/prod', 'overlays/staging'].map((d) => `${monorepo}/${d}`);
    const shards = await Promise.all(
      [1, 2, 3].map(async (i) => {
        const r = await kustodian(['check', '--all', monorepo, '--format', 'json', '--shard', `${i}/3`], { env });
        return { exitCode: r.exitCode, dirs: (JSON.parse(r.stdout) as JsonReport).apps.map((a) => a.dir) };
      }),
    );
    expect(shards.map((s) => s.dirs)).toEqual([[leaves[0], leaves[3]], [leaves[1]], [leaves[2]]]);
    // Only shard 2 holds the empty overlay, the one error.
    expect(shards.map((s) => s.exitCode)).toEqual([0, 1, 0]);
    // A shard with nothing to do is a clean, empty report, not an error (more jobs than overlays).
    const idle = await kustodian(['check', '--all', `${monorepo}/overlays/prod`, '--format', 'json', '--shard', '2/2'], { env });
    expect(idle.exitCode, idle.stderr).toBe(0);
    expect((JSON.parse(idle.stdout) as JsonReport).summary.apps).toBe(0);
  });

  it('reports the same thing in the same order whatever --jobs is, with the time per overlay', async () => {
    const run = async (jobs: string) => {
      const r = await kustodian(['check', '--all', monorepo, '--format', 'json', '--jobs', jobs], { env });
      expect(r.exitCode, r.stderr).toBe(1);
      return JSON.parse(r.stdout) as JsonReport;
    };
    const [one, four] = [await run('1'), await run('4')];
    for (const app of [...one.apps, ...four.apps])
      expect(app.durationMs).toSatisfy((ms: unknown) => Number.isInteger(ms) && (ms as number) >= 0);
    const strip = (r: typeof one) => ({ ...r, apps: r.apps.map(({ durationMs: _ms, ...rest }) => rest) });
    expect(strip(four)).toEqual(strip(one));
  });

  it('usage errors print nothing on stdout and exit 2', async () => {
    const bad = [
      ['--shard', '0/3'],
      ['--shard', '4/3'],
      ['--shard', '1'],
      ['--shard', '1/0'],
      ['--jobs', '0'],
      ['--jobs', 'many'],
    ].map((flags) => ['check', '--all', monorepo, ...flags]);
    for (const args of [
      ...bad,
      ['check', '--format', 'xml', monorepo],
      ['check', 'no/such/dir'],
      ['check', '--all', 'no/such/root'],
      ['check', '--bogus'],
    ]) {
      const r = await kustodian(args, { env });
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});
