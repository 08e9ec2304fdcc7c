/** The integration files run what they say: the pre-commit entry and the Action's steps, run as a runner runs them. */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { execa } from 'execa';
import { sarifValidator } from '../helpers/sarif.js';
import path from 'node:path';
import { parse } from 'yaml';
import { kustodian, repoRoot } from '../helpers/cli.js';

const env = { KUSTODIAN_PIN: 'off' };

describe('integration files', () => {
  it('.pre-commit-hooks.yaml entries run kustodian check and work on a clean overlay', async () => {
    const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as {
      id: string;
      entry: string;
      pass_filenames: boolean;
    }[];
    expect(hooks.map((h) => h.id)).toEqual(['kustodian-check', 'kustodian-check-system']);
    for (const hook of hooks) {
      const [bin, ...args] = hook.entry.split(' ');
      expect(bin).toBe('kustodian');
      expect(hook.pass_filenames).toBe(false);
      const r = await kustodian(args, { env, cwd: path.join(repoRoot, 'test/fixtures/check/monorepo/overlays/prod') });
      expect(r.exitCode, r.stderr).toBe(0);
    }
  });

  interface ActionStep {
    id?: string;
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, string>;
  }
  const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default: string }>;
    runs: { using: string; steps: ActionStep[] };
  };

  it('action.yml: a current Node and current action majors, annotations by default, SARIF upload opt-in', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((s) => s.uses).filter(Boolean)).toEqual(['actions/setup-node@v6', 'github/codeql-action/upload-sarif@v4']);
    expect(action.runs.steps[0]!.with?.['node-version']).toBe('${{ inputs.node-version }}');
    // Node 20 reached end of life in April 2026; the default is a maintained LTS line.
    expect(Number(action.inputs['node-version']!.default)).toBeGreaterThanOrEqual(22);
    expect(action.inputs.format!.default).toBe('github');
    expect(action.inputs['upload-sarif']!.default).toBe('false');
    expect(action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/'))?.if).toContain("inputs.upload-sarif == 'true'");
    // No package is installed by name: kustodian comes from the action's own checkout.
    expect(action.runs.steps.some((s) => /npm (install|i) -g|npx /.test(s.run ?? ''))).toBe(false);
  });

  it('action.yml: with the bundle in the checkout, nothing is installed', async () => {
    const build = action.runs.steps.find((s) => s.name?.startsWith('Build kustodian'))!;
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-action-'));
    try {
      // An action checkout as a release ref has it: the bundle and nothing else.
      await mkdir(path.join(tmp, 'dist'));
      await copyFile(path.join(repoRoot, 'dist', 'cli.js'), path.join(tmp, 'dist', 'cli.js'));
      await cp(path.join(repoRoot, 'dist', 'chunks'), path.join(tmp, 'dist', 'chunks'), { recursive: true });
      await writeFile(path.join(tmp, 'package.json'), readFileSync(path.join(repoRoot, 'package.json')));
      const r = await execa('bash', ['-e', '-c', build.run!], {
        cwd: tmp,
        env: { GITHUB_ACTION_PATH: tmp, PATH: process.env.PATH ?? '' },
        extendEnv: false,
      });
      expect(r.stdout).toContain('using the bundled');
      expect(existsSync(path.join(tmp, 'node_modules'))).toBe(false);
      // The bundle runs alone: no node_modules next to it.
      const v = await execa(process.execPath, [path.join(tmp, 'dist', 'cli.js'), '--version']);
      expect(v.stdout).toBe((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  describe('action.yml: the check step, run as a runner runs it', () => {
    const step = action.runs.steps.find((s) => s.id === 'check')!;

    async function runStep(
      inputs: Record<string, string>,
    ): Promise<{ stdout: string; output: string; sarif?: { runs: { results: { ruleId: string; level: string }[] }[] } }> {
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-action-'));
      try {
        const sarifFile = path.join(tmp, 'kustodian.sarif');
        const output = path.join(tmp, 'output');
        // GitHub runs composite `run:` steps with bash; the inputs arrive through env, as the step declares.
        const r = await execa('bash', ['-e', '-c', step.run!], {
          cwd: repoRoot,
          reject: false,
          env: {
            ...env,
            GITHUB_ACTION_PATH: repoRoot,
            GITHUB_OUTPUT: output,
            INPUT_PATH: 'examples/giftify/overlays',
            INPUT_FORMAT: action.inputs.format!.default,
            INPUT_ARGS: '--pin off',
            UPLOAD_SARIF: action.inputs['upload-sarif']!.default,
            SARIF_FILE: sarifFile,
            ...inputs,
          },
        });
        expect(r.exitCode, String(r.stderr)).toBe(0);
        const sarif = existsSync(sarifFile)
          ? (JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { ruleId: string; level: string }[] }[] })
          : undefined;
        return { stdout: String(r.stdout), output: readFileSync(output, 'utf8'), sarif };
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    }

    it('by default prints annotations to the log and writes no SARIF', async () => {
      const r = await runStep({});
      expect(r.output).toBe('exit-code=1\n');
      expect(r.stdout).toMatch(/^::error file=examples\/giftify\/base\/api-server\.yaml,line=\d+,title=kustodian SECRET_KEY_MISSING::/m);
      expect(r.sarif).toBeUndefined();
    });

    it.each([
      ['upload-sarif: true', { UPLOAD_SARIF: 'true' }],
      ['format: sarif', { INPUT_FORMAT: 'sarif' }],
    ])('with %s still prints the findings to the log, and writes valid SARIF without infos', async (_name, inputs) => {
      const r = await runStep(inputs);
      expect(r.output).toBe('exit-code=1\n');
      expect(r.stdout).toContain('title=kustodian SECRET_KEY_MISSING::');
      const validate = sarifValidator();
      expect(validate(r.sarif), JSON.stringify(validate.errors)).toBe(true);
      const results = r.sarif!.runs[0]!.results;
      expect(results.map((x) => x.ruleId)).toContain('SECRET_KEY_MISSING');
      expect(results.map((x) => x.level)).not.toContain('note');
    });

    it('prints text when asked, with the summary', async () => {
      const r = await runStep({ INPUT_FORMAT: 'text' });
      expect(r.stdout).toContain('SECRET_KEY_MISSING');
      expect(r.stdout).toMatch(/apps: \d+ passed, [1-9]\d* with errors, 0 could not be checked; findings: \d+ errors/);
    });
  });
});
