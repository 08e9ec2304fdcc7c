/**
 * As the sidecar runs it: uid 999 with no supplementary groups, HOME=/tmp-like, a read-only app dir, and a
 * TMPDIR of its own. Switching user needs root, so the test runs as root and drops privileges with setpriv.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, chown, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { cliPath, corpusRoot, repoRoot } from '../helpers/cli.js';
import { copyRepo } from '../helpers/cmp-harness.js';

const SIDECAR_UID = 999;
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
const skipReason =
  process.getuid?.() !== 0
    ? 'needs root to switch to uid 999 (run the suite as root, as CI does)'
    : !setpriv
      ? 'setpriv (util-linux) is not installed'
      : undefined;

const overlay = {
  repo: path.join(corpusRoot, 'GoogleCloudPlatform', 'microservices-demo'),
  app: 'kustomize/tests/spanner-with-all-components',
};

/** Every file and directory under `dir`, made read-only for everyone. */
async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeReadOnly(p);
    else if (entry.isFile()) await chmod(p, 0o444);
  }
  await chmod(dir, 0o555);
}

async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    out.push(`${prefix}${entry.name}`);
    if (entry.isDirectory()) out.push(...(await listTree(path.join(dir, entry.name), `${prefix}${entry.name}/`)));
  }
  return out;
}

const toJson = (text: string) =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null);

describe.skipIf(skipReason !== undefined)(
  `render as the sidecar user (uid ${SIDECAR_UID})${skipReason ? `: skipped, ${skipReason}` : ''}`,
  () => {
    let root: string;
    let home: string;
    let tmp: string;
    let repo: string;

    beforeAll(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'kustodian-sidecar-'));
      await chmod(root, 0o755);
      home = path.join(root, 'home');
      tmp = path.join(root, 'tmp');
      for (const d of [home, tmp]) {
        await mkdir(d, { mode: 0o700 });
        await chown(d, SIDECAR_UID, SIDECAR_UID);
      }
      repo = path.join(root, 'repo');
      await copyRepo(overlay.repo, repo);
      await makeReadOnly(repo);
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    const asSidecar = (args: string[], cwd: string) =>
      execa(setpriv!, [`--reuid=${SIDECAR_UID}`, `--regid=${SIDECAR_UID}`, '--clear-groups', process.execPath, cliPath, ...args], {
        cwd,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: tmp, KUSTODIAN_PIN: 'off' },
        extendEnv: false,
        reject: false,
        stripFinalNewline: false,
      });

    it('really runs as uid 999 without root groups', async () => {
      const id = (flag: string) => execa(setpriv!, [`--reuid=${SIDECAR_UID}`, `--regid=${SIDECAR_UID}`, '--clear-groups', 'id', flag]);
      expect(String((await id('-u')).stdout).trim()).toBe(String(SIDECAR_UID));
      expect(String((await id('-G')).stdout).trim()).toBe(String(SIDECAR_UID));
    });

    it('renders what kubectl kustomize renders, from a read-only app dir', async () => {
      const appDir = path.join(repo, overlay.app);
      const r = await asSidecar(['render'], appDir);
      expect(String(r.stderr)).toBe('');
      expect(r.exitCode).toBe(0);
      const expected = await execa('kubectl', ['kustomize', appDir], { stripFinalNewline: false });
      expect(toJson(String(r.stdout))).toEqual(toJson(String(expected.stdout)));
      expect(toJson(String(r.stdout)).length).toBeGreaterThan(10);
    });

    it('fails the same way as root does, and writes nothing outside TMPDIR or the cache', async () => {
      // A component built on its own: its patches have no target, so kustomize fails.
      const broken = path.join(repo, 'kustomize', 'components', 'alloydb');
      const r = await asSidecar(['render', '.'], broken);
      expect(r.exitCode).toBe(3);
      expect(String(r.stdout)).toBe('');
      expect(String(r.stderr)).toContain('RENDER_FAILED');
      expect(String(r.stderr)).toContain('cartservice');
      expect(String(r.stderr)).not.toMatch(/EACCES|permission denied/i);
      expect(await listTree(home)).toEqual([]);
    });

    it('a render with findings (second, origin-annotated build) and digests from the lock writes nothing but under TMPDIR, and cleans up', async () => {
      const giftify = path.join(repoRoot, 'examples', 'giftify', 'overlays');
      const ok = await execa(
        setpriv!,
        [`--reuid=${SIDECAR_UID}`, `--regid=${SIDECAR_UID}`, '--clear-groups', process.execPath, cliPath, 'render', '--pin', 'locked'],
        {
          cwd: path.join(giftify, 'prod'),
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: tmp },
          extendEnv: false,
          reject: false,
        },
      );
      expect(ok.exitCode, String(ok.stderr)).toBe(0);
      const failed = await asSidecar(['render'], path.join(giftify, 'broken'));
      expect(failed.exitCode).toBe(1);
      // The file names in the findings came from the second build, through a wrapper under TMPDIR.
      expect(String(failed.stderr)).toContain('examples/giftify/base/api-server.yaml');
      expect(await listTree(home)).toEqual([]);
      expect(await listTree(tmp)).toEqual([]);
    });
  },
);
