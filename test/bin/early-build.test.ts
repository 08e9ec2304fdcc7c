/**
 * The early build (src/bin/early-build.ts): kustomize starts before the CLI loads, for the command lines
 * whose first build is certain, and the command claims it instead of building again. Counted by a
 * recording `kubectl` in front of the real one (KUSTODIAN_KUSTOMIZE, test/helpers/recording-kubectl.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { kustodian, repoRoot } from '../helpers/cli.js';
import { earlyBuildDir } from '../../src/bin/early-build.js';
import { recordingKubectl, type RecordingKubectl } from '../helpers/recording-kubectl.js';

const prod = path.join(repoRoot, 'examples', 'giftify', 'overlays', 'prod');
let tmp: string;
let kubectl: RecordingKubectl;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-early-'));
  kubectl = await recordingKubectl(tmp);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function builds(args: string[], env: Record<string, string> = {}) {
  await kubectl.reset();
  const r = await kustodian(args, { env: { KUSTODIAN_PIN: 'off', KUSTODIAN_API: 'off', KUSTODIAN_KUSTOMIZE: kubectl.file, ...env } });
  return { ...r, runs: await kubectl.runs() };
}

describe('which command lines start kustomize early', () => {
  const env = { PATH: '/usr/bin' };
  it('render, check DIR and diff DIR with flags it knows', () => {
    expect(earlyBuildDir(['render'], env)).toBe(process.cwd());
    expect(earlyBuildDir(['render', 'a', '--namespace', 'x', '--pin=off'], env)).toBe(path.resolve('a'));
    expect(earlyBuildDir(['check', '--format', 'json', 'a'], env)).toBe(path.resolve('a'));
    expect(earlyBuildDir(['diff', repoRoot, '--base', 'main'], env)).toBe(repoRoot);
  });
  it('nothing for other commands, --all, several or no directories, unknown flags, `--`, or kustomize flags from anywhere', () => {
    for (const argv of [
      [],
      ['fn'],
      ['pin', 'a'],
      ['check'],
      ['check', '--all', 'a'],
      ['check', 'a', 'b'],
      ['render', 'a', '--no-such-flag'],
      ['render', '--', 'a'],
      ['render', 'a', '--enable-helm'],
      ['render', 'a', '--load-restrictor', 'none'],
      ['render', '--help'],
      ['diff', '--all', 'a'],
    ]) {
      expect(earlyBuildDir(argv, env), argv.join(' ')).toBeUndefined();
    }
    expect(earlyBuildDir(['render', 'a'], { ...env, ARGOCD_ENV_KUSTODIAN_ENABLE_HELM: 'true' })).toBeUndefined();
    expect(earlyBuildDir(['render', 'a'], { ...env, PARAM_LOAD_RESTRICTOR: 'none' })).toBeUndefined();
    expect(earlyBuildDir(['render', 'a'], { ...env, ARGOCD_APP_PARAMETERS: '[{"name":"enable-helm","string":"true"}]' })).toBeUndefined();
  });
});

describe('the early build is the one build', () => {
  it('render DIR builds once, and prints what a build without the early start prints', async () => {
    const early = await builds(['render', prod]);
    const late = await builds(['render', '--repo-root', repoRoot, '--', prod]);
    expect(early.exitCode).toBe(0);
    expect(early.runs).toEqual([['kustomize', prod]]);
    expect(late.runs).toEqual([['kustomize', prod]]);
    expect(early.stdout).toBe(late.stdout);
    expect(early.stdout).toContain('kind: Deployment');
  });
  it('a kustodian.yaml that asks for other flags replaces it, and the run still succeeds', async () => {
    const dir = path.join(tmp, 'giftify');
    await cp(path.join(repoRoot, 'examples', 'giftify'), dir, { recursive: true });
    const overlay = path.join(dir, 'overlays', 'prod');
    const config = path.join(overlay, 'kustodian.yaml');
    await writeFile(config, `${await readFile(config, 'utf8')}\nkustomize:\n  loadRestrictor: none\n`);
    const r = await builds(['render', overlay]);
    expect(r.exitCode).toBe(0);
    expect(r.runs.at(-1)).toEqual(['kustomize', overlay, '--load-restrictor', 'LoadRestrictionsNone']);
    expect(r.runs.length).toBeLessThanOrEqual(2);
  });
  it('a directory that is not there is still a usage error (exit 2), and the run ends at once', async () => {
    const start = Date.now();
    const r = await builds(['render', path.join(tmp, 'missing')]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(Date.now() - start).toBeLessThan(20_000);
  });
});
