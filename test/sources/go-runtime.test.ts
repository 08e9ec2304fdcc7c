/**
 * The Go runtime settings kustomize runs with (src/sources/go-runtime.ts): GOGC=200 under a GOMEMLIMIT
 * of 1 GiB or half the container's limit, unless the environment sets GOGC or GOMEMLIMIT itself. The
 * settings a real kustomize got are read by a recording `kubectl` in front of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { kustodian, repoRoot } from '../helpers/cli.js';
import { recordingKubectl, type RecordingKubectl } from '../helpers/recording-kubectl.js';
import { kustomizeRuntimeEnv, parseMemoryLimit } from '../../src/sources/go-runtime.js';

const GiB = 1024 ** 3;

describe('kustomizeRuntimeEnv', () => {
  it('adds GOGC=200 and a 1 GiB GOMEMLIMIT to an env that sets neither, and leaves the env it was given alone', () => {
    const env = { PATH: '/usr/bin' };
    expect(kustomizeRuntimeEnv(env, undefined)).toEqual({ PATH: '/usr/bin', GOGC: '200', GOMEMLIMIT: `${GiB}B` });
    expect(env).toEqual({ PATH: '/usr/bin' });
  });
  it.each([
    [512 * 1024 ** 2, `${256 * 1024 ** 2}B`],
    [4 * GiB, `${GiB}B`],
    [2 * GiB, `${GiB}B`],
    [3 * 1024 ** 2 + 1, `${Math.floor((3 * 1024 ** 2 + 1) / 2)}B`],
  ])('under a container limit of %d bytes: GOMEMLIMIT %s', (limit, expected) => {
    expect(kustomizeRuntimeEnv({}, limit).GOMEMLIMIT).toBe(expected);
  });
  it.each([{ GOGC: '100' }, { GOGC: 'off' }, { GOMEMLIMIT: '300MiB' }, { GOGC: '' }])('passes %o through unchanged', (set) => {
    const env = { PATH: '/usr/bin', ...set };
    expect(kustomizeRuntimeEnv(env, 2 * GiB)).toBe(env);
  });
});

describe('parseMemoryLimit', () => {
  it.each([
    ['max\n', undefined],
    ['536870912\n', 536870912],
    ['9223372036854771712\n', undefined],
    ['0\n', undefined],
    ['-1', undefined],
    ['12abc', undefined],
    ['', undefined],
  ])('%j → %s', (text, bytes) => {
    expect(parseMemoryLimit(text)).toBe(bytes);
  });
});

describe('the settings kustomize gets', () => {
  const prod = path.join(repoRoot, 'examples', 'giftify', 'overlays', 'prod');
  let tmp: string;
  let kubectl: RecordingKubectl;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-go-runtime-'));
    kubectl = await recordingKubectl(tmp);
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  async function goEnv(env: Record<string, string>) {
    await kubectl.reset();
    const r = await kustodian(['render', prod], { env: { KUSTODIAN_PIN: 'off', KUSTODIAN_KUSTOMIZE: kubectl.file, ...env } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('kind: Deployment');
    return kubectl.goEnv();
  }

  it('render runs kustomize with GOGC=200 and a GOMEMLIMIT', async () => {
    const [run, ...more] = await goEnv({});
    expect(more).toEqual([]);
    expect(run?.GOGC).toBe('200');
    expect(run?.GOMEMLIMIT).toMatch(/^\d+B$/);
    expect(Number(run?.GOMEMLIMIT?.slice(0, -1))).toBeLessThanOrEqual(GiB);
  });
  it('a GOGC or GOMEMLIMIT in kustodian’s env reaches kustomize as it is, with nothing added', async () => {
    expect(await goEnv({ GOGC: '100' })).toEqual([{ GOGC: '100' }]);
    expect(await goEnv({ GOMEMLIMIT: '300MiB' })).toEqual([{ GOMEMLIMIT: '300MiB' }]);
  });
});
