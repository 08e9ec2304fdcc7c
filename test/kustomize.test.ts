/** The kustomize seam, through the CLI: which binary runs, and how its failures and warnings surface. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { kustodian, repoRoot } from './helpers/cli.js';

const apps = path.join(repoRoot, 'test', 'cmp', 'repo', 'apps');
const env = { KUSTODIAN_PIN: 'off' };

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-seam-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('kustomize', () => {
  it('KUSTODIAN_KUSTOMIZE naming kubectl runs `kubectl kustomize`', async () => {
    const r = await kustodian(['render', path.join(apps, 'plain')], { env: { ...env, KUSTODIAN_KUSTOMIZE: '/usr/bin/kubectl' } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('kind: Deployment');
  });

  it('KUSTODIAN_KUSTOMIZE naming a missing or non-executable file is TOOL_NOT_FOUND (exit 3)', async () => {
    const notExecutable = path.join(tmp, 'kustomize');
    await writeFile(notExecutable, 'not a program\n', { mode: 0o644 });
    for (const bin of [path.join(tmp, 'missing'), notExecutable]) {
      const r = await kustodian(['render', path.join(apps, 'plain')], { env: { ...env, KUSTODIAN_KUSTOMIZE: bin } });
      expect(r.exitCode, bin).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('TOOL_NOT_FOUND');
      expect(r.stderr).toContain(bin);
    }
  });

  it("deprecation warnings on a successful build are passed on to stderr and don't fail the render", async () => {
    const r = await kustodian(['render', path.join(apps, 'deprecated')], { env, cwd: path.join(apps, 'deprecated') });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/commonLabels.*deprecated/);
    expect(r.stdout).toContain('app.kubernetes.io/part-of: giftify');
  });
});
