/**
 * `check` with the repository root named by --repo-root or KUSTODIAN_REPO_ROOT, on a tree without git:
 * both ways must select the same directories and report the same paths, wherever the command runs.
 */
import { describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { kustodian, repoRoot } from '../helpers/cli.js';

const monorepo = path.join(repoRoot, 'test/fixtures/check/monorepo');
const env = { KUSTODIAN_PIN: 'off' };

interface JsonReport {
  apps: { dir: string; failure?: { code: string }; findings: { code: string; message: string }[] }[];
}

/** A copy of the monorepo fixture outside any git repository, and a sibling directory outside it. */
async function gitless(): Promise<{ root: string; outside: string; done: () => Promise<void> }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-root-naming-'));
  const root = path.join(tmp, 'repo');
  await cp(monorepo, root, { recursive: true });
  const outside = path.join(tmp, 'elsewhere');
  await cp(path.join(monorepo, 'bases'), outside, { recursive: true });
  return { root, outside, done: () => rm(tmp, { recursive: true, force: true }) };
}

describe('check: every way of naming the repository root behaves the same', () => {
  it('a kind: Component under --repo-root ROOT is checked through the overlays that include it, as with KUSTODIAN_REPO_ROOT', async () => {
    // Run from ROOT itself, so that only the component look-up is under test (the report root is the next test's).
    const { root, done } = await gitless();
    try {
      const byFlag = await kustodian(['check', '--repo-root', root, path.join(root, 'components/debug'), '--format', 'json'], {
        env,
        cwd: root,
      });
      const byEnv = await kustodian(['check', path.join(root, 'components/debug'), '--format', 'json'], {
        env: { ...env, KUSTODIAN_REPO_ROOT: root },
        cwd: root,
      });
      for (const r of [byFlag, byEnv]) {
        expect(r.exitCode, r.stdout + r.stderr).toBe(0);
        const report = JSON.parse(r.stdout) as JsonReport;
        expect(report.apps.map((a) => a.dir)).toEqual(['components/debug', 'overlays/staging']);
        expect(report.apps[0]!.findings[0]!.message).toContain('checked those instead: overlays/staging');
      }
      const strip = (stdout: string) => (JSON.parse(stdout) as JsonReport).apps.map(({ dir, findings }) => ({ dir, findings }));
      expect(strip(byFlag.stdout)).toEqual(strip(byEnv.stdout));
    } finally {
      await done();
    }
  });

  it('KUSTODIAN_REPO_ROOT=ROOT check ROOT/app from a directory outside ROOT checks the app, with paths relative to ROOT', async () => {
    const { root, outside, done } = await gitless();
    try {
      for (const how of [
        { args: ['--repo-root', root], extra: {} },
        { args: [], extra: { KUSTODIAN_REPO_ROOT: root } },
      ] as { args: string[]; extra: Record<string, string> }[]) {
        const r = await kustodian(
          ['check', ...how.args, path.join(root, 'overlays/prod'), path.join(root, 'overlays/empty'), '--format', 'json'],
          { env: { ...env, ...how.extra }, cwd: outside },
        );
        // overlays/empty renders nothing: an error finding (exit 1), not a usage error (exit 2).
        expect(r.exitCode, r.stdout + r.stderr).toBe(1);
        const report = JSON.parse(r.stdout) as JsonReport;
        expect(report.apps.map((a) => [a.dir, a.failure?.code])).toEqual([
          ['overlays/empty', undefined],
          ['overlays/prod', undefined],
        ]);
        expect(report.apps[0]!.findings.map((f) => f.code)).toContain('EMPTY_RENDER');
      }
    } finally {
      await done();
    }
  });
});
