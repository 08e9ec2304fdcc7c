/** The kustomize seam, through the CLI: which binary runs, and how its failures and warnings surface. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kustodian, repoRoot } from '../helpers/cli.js';

const apps = path.join(repoRoot, 'test', 'cmp', 'repo', 'apps');
const env = { KUSTODIAN_PIN: 'off' };

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-seam-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('kustomize', () => {
  it('KUSTODIAN_KUSTOMIZE naming kubectl runs `kubectl kustomize DIR` through that very binary', async () => {
    // A recording wrapper named kubectl in front of the real one: the PATH fallback would also find
    // kubectl, so only the recorded argv proves the variable was used.
    const real = (process.env.PATH ?? '')
      .split(path.delimiter)
      .map((d) => path.join(d, 'kubectl'))
      .find((p) => existsSync(p))!;
    const dir = path.join(tmp, 'wrapper');
    await mkdir(dir, { recursive: true });
    const wrapper = path.join(dir, 'kubectl');
    const record = path.join(tmp, 'argv.json');
    await writeFile(
      wrapper,
      `#!${process.execPath}\nconst { writeFileSync } = require('node:fs');\nwriteFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\nconst r = require('node:child_process').spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: 'inherit' });\nprocess.exit(r.status ?? 1);\n`,
      { mode: 0o755 },
    );
    const app = path.join(apps, 'plain');
    const r = await kustodian(['render', app], { env: { ...env, KUSTODIAN_KUSTOMIZE: wrapper } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('kind: Deployment');
    expect(JSON.parse(await readFile(record, 'utf8'))).toEqual(['kustomize', app]);
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
