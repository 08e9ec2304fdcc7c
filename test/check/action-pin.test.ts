/**
 * The GitHub Action's pin mode, run outside GitHub: scripts/action-pin.sh (what action.yml's pin step runs) on
 * a clone of a git repository holding a copy of the giftify prod overlay, after an Argo CD Image Updater-style
 * commit (tag strategy: a new `newTag` only), against a real loopback registry. The lock is refreshed, committed
 * and pushed; a second run changes nothing; a fresh clone then renders with `--pin locked`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { cliPath, kustodian, repoRoot } from '../helpers/cli.js';
import { git } from '../helpers/snapshot.js';
import { giftifyRepo, imageUpdaterTag, pushGiftifyImages } from '../helpers/image-updaters.js';
import { startRegistry, type RunningRegistry } from '../helpers/registry.js';

/** A GitHub Actions step, in action.yml or a workflow, as far as these tests read it. */
interface ActionStep {
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}

/** examples/github/kustodian-pin.yml, as far as these tests read it. */
interface PinWorkflow {
  on: { push: { paths: string[] } };
  permissions: { contents: string };
  jobs: { pin: { steps: ActionStep[] } };
}

let work: string;
let registry: RunningRegistry;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kustodian-action-pin-'));
  registry = await startRegistry();
  await pushGiftifyImages(registry.url);
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs the pin step's script as the runner would, in `cwd`; no git identity configured (the script brings the bot's). */
async function runPinStep(cwd: string, output: string) {
  await writeFile(output, '');
  const r = await execa('bash', [path.join(repoRoot, 'scripts', 'action-pin.sh')], {
    cwd,
    reject: false,
    extendEnv: false,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: work,
      TMPDIR: process.env.TMPDIR ?? '/tmp',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      XDG_CACHE_HOME: path.join(work, 'cache'),
      KUSTODIAN: `${process.execPath} ${cliPath}`,
      INPUT_PATH: '.',
      GITHUB_OUTPUT: output,
    },
  });
  const outputs = Object.fromEntries(
    (await readFile(output, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=', 2) as [string, string]),
  );
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr), outputs };
}

describe('action.yml mode pin', () => {
  it('locks the tag an Image Updater commit wrote, commits only the lock and pushes it; a second run changes nothing', async () => {
    const origin = path.join(work, 'origin.git');
    await execa('git', ['init', '-q', '--bare', '-b', 'main', origin]);
    const { root, prod } = await giftifyRepo(path.join(work, 'clone'), registry.host);
    const env = { XDG_CACHE_HOME: path.join(work, 'cache') };
    expect((await kustodian(['pin', prod], { env })).exitCode).toBe(0);
    await git(root, ['add', '-A']);
    await git(root, ['commit', '-q', '-m', 'lock']);
    await git(root, ['remote', 'add', 'origin', origin]);
    await git(root, ['push', '-q', 'origin', 'main']);

    // Image Updater, newest-build strategy, write-back-target kustomization: a new newTag, committed and pushed.
    await imageUpdaterTag(path.join(prod, 'kustomization.yaml'), {
      name: 'giftify/api-server',
      newName: `${registry.host}/giftify/api-server`,
      newTag: 'latest',
    });
    await git(root, ['commit', '-q', '-am', 'build: automatic update of giftify/api-server to latest']);
    await git(root, ['push', '-q', 'origin', 'main']);
    const locked = await kustodian(['render', prod, '--pin', 'locked'], { env });
    expect(locked.exitCode).toBe(1);
    expect(locked.stderr).toContain('IMAGE_NOT_LOCKED');
    expect(locked.stderr).toContain('examples/github/kustodian-pin.yml');

    const updaterCommit = (await git(origin, ['rev-parse', 'main'])).trim();
    const first = await runPinStep(root, path.join(work, 'out-1'));
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.outputs).toMatchObject({ 'exit-code': '0', changed: 'true' });
    const pushed = (await git(origin, ['rev-parse', 'main'])).trim();
    expect(pushed).toBe(first.outputs.commit);
    expect((await git(origin, ['rev-parse', 'main~1'])).trim()).toBe(updaterCommit);
    expect((await git(origin, ['show', '--name-only', '--format=', 'main'])).trim()).toBe('overlays/prod/kustodian.lock.yaml');
    expect((await git(origin, ['log', '-1', '--format=%an', 'main'])).trim()).toBe('github-actions[bot]');
    const lock = parse(await git(origin, ['show', 'main:overlays/prod/kustodian.lock.yaml'])) as { images: { reference: string }[] };
    expect(lock.images.map((e) => e.reference)).toContain(`${registry.host}/giftify/api-server:latest`);

    const second = await runPinStep(root, path.join(work, 'out-2'));
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.outputs).toMatchObject({ 'exit-code': '0', changed: 'false' });
    expect(second.outputs.commit).toBeUndefined();
    expect((await git(origin, ['rev-parse', 'main'])).trim()).toBe(pushed);

    // What Argo CD then sees: a fresh clone renders under pin: locked.
    const fresh = path.join(work, 'fresh');
    await execa('git', ['clone', '-q', origin, fresh]);
    const render = await kustodian(['render', path.join(fresh, 'overlays', 'prod'), '--pin', 'locked'], { env });
    expect(render.stderr).toBe('');
    expect(render.exitCode).toBe(0);
  });

  it('action.yml runs that script in mode pin only, and the example workflow uses it on kustomization pushes', () => {
    const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      runs: { steps: ActionStep[] };
    };
    const step = action.runs.steps.find((s) => s.id === 'pin')!;
    expect(step.if).toContain("inputs.mode == 'pin'");
    expect(step.run).toContain('scripts/action-pin.sh');
    expect(action.runs.steps.find((s) => s.id === 'check')!.if).toContain("inputs.mode != 'pin'");
    const workflow = parse(readFileSync(path.join(repoRoot, 'examples', 'github', 'kustodian-pin.yml'), 'utf8')) as PinWorkflow;
    expect(workflow.on.push.paths).toContain('**/kustomization.yaml');
    expect(workflow.permissions.contents).toBe('write');
    const uses = workflow.jobs.pin.steps.find((s) => String(s.uses).startsWith('kustodian/kustodian@'))!;
    expect(uses.with?.mode).toBe('pin');
    for (const input of Object.keys(uses.with ?? {})) expect(action.inputs).toHaveProperty(input);
  });
});
