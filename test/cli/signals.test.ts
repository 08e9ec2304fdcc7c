/**
 * SIGTERM and SIGINT while kustomize runs, or while `fn` waits for stdin. The fake
 * kustomize ignores SIGTERM and has a grandchild: neither may outlive kustodian, whether the signal went
 * to kustodian alone or to its whole group, and kustodian always exits 143/130 saying INTERRUPTED. Every
 * wait is on a condition (a ready file written by the fake kustomize, or once kustodian handles signals), never on a guessed delay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { READY_ENV, blockingKustomize, waitReady } from '../helpers/fake-kustomize.js';
import { isGone } from '../helpers/cmp-harness.js';

let work: string;
let app: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kustodian-signals-'));
  app = path.join(work, 'app');
  await mkdir(app);
  await writeFile(path.join(app, 'kustomization.yaml'), 'resources: []\n');
});
afterAll(() => rm(work, { recursive: true, force: true }));

function env(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: work, TMPDIR: os.tmpdir(), KUSTODIAN_PIN: 'off', ...extra };
}

const cases = [
  { signal: 'SIGTERM', target: 'kustodian alone', exitCode: 143, ignoreTerm: true },
  { signal: 'SIGTERM', target: 'its process group', exitCode: 143, ignoreTerm: true },
  { signal: 'SIGINT', target: 'kustodian alone', exitCode: 130, ignoreTerm: true },
  { signal: 'SIGTERM', target: 'kustodian alone', exitCode: 143, ignoreTerm: false },
] as const;

describe('a signal while kustomize runs', () => {
  for (const { signal, target, exitCode, ignoreTerm } of cases) {
    const what = ignoreTerm ? 'a kustomize that ignores SIGTERM' : 'a kustomize whose grandchild ignores SIGTERM';
    it(`${signal} to ${target} with ${what}: exit ${exitCode}, INTERRUPTED, nothing left running`, async () => {
      const dir = await mkdtemp(path.join(work, 'fake-'));
      const ready = path.join(dir, 'ready');
      const fake = await blockingKustomize(dir, { ignoreTerm });
      const child = execa(process.execPath, [cliPath, 'render', app], {
        cwd: repoRoot,
        env: env({ KUSTODIAN_KUSTOMIZE: fake, [READY_ENV]: ready }),
        extendEnv: false,
        reject: false,
        detached: true,
      });
      const { pid, grandchild } = await waitReady(ready, () => child.exitCode === null);
      const sent = Date.now();
      process.kill(target === 'kustodian alone' ? child.pid! : -child.pid!, signal);
      const r = await child;
      expect(r.signal, 'kustodian must exit by itself, not die by the signal').toBeUndefined();
      expect(r.exitCode).toBe(exitCode);
      expect(String(r.stderr)).toMatch(/^kustodian: INTERRUPTED: /m);
      expect(String(r.stderr)).not.toMatch(/internal error|\n\s+at /);
      expect(r.stdout).toBe('');
      // Generous: the group gets SIGKILL 2 s after SIGTERM; this only catches a kustodian that hangs.
      expect(Date.now() - sent).toBeLessThan(15_000);
      expect(isGone(pid), `fake kustomize ${pid} still running`).toBe(true);
      expect(isGone(grandchild), `its grandchild ${grandchild} still running`).toBe(true);
    });
  }
});

describe('a signal while fn waits for stdin', () => {
  for (const [signal, exitCode] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal}: exit ${exitCode} and INTERRUPTED, with stdin still open`, async () => {
      const ready = path.join(await mkdtemp(path.join(work, 'fn-')), 'ready');
      const child = execa(process.execPath, ['--import', path.join(repoRoot, 'test/helpers/signal-ready.mjs'), cliPath, 'fn'], {
        cwd: repoRoot,
        env: env({ SIGNAL_READY_FILE: ready }),
        extendEnv: false,
        reject: false,
        stdin: 'pipe',
      });
      await waitReady(ready, () => child.exitCode === null);
      child.kill(signal);
      const r = await child;
      expect(r.signal).toBeUndefined();
      expect(r.exitCode).toBe(exitCode);
      expect(String(r.stderr)).toMatch(/^kustodian: INTERRUPTED: /m);
      // The KRM contract: a ResourceList whatever happened, here with the failure as its one result.
      expect(String(r.stdout)).toMatch(/^kind: ResourceList$/m);
      expect(String(r.stdout)).toContain('code: INTERRUPTED');
    });
  }
});
