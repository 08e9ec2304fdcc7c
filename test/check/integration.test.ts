/** The integration files run what they say: the pre-commit entry and the Action's check command are valid CLI lines. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { execa } from 'execa';
import { sarifValidator } from '../helpers/sarif.js';
import path from 'node:path';
import { parse } from 'yaml';
import { kustodian, repoRoot } from '../helpers/cli.js';

const env = { KUSTODIAN_PIN: 'off' };

describe('integration files', () => {
  it('.pre-commit-hooks.yaml entries run kustodian check and work on a clean overlay', async () => {
    const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; pass_filenames: boolean }[];
    expect(hooks.map((h) => h.id)).toEqual(['kustodian-check', 'kustodian-check-system']);
    for (const hook of hooks) {
      const [bin, ...args] = hook.entry.split(' ');
      expect(bin).toBe('kustodian');
      expect(hook.pass_filenames).toBe(false);
      const r = await kustodian(args, { env, cwd: path.join(repoRoot, 'test/fixtures/check/monorepo/overlays/prod') });
      expect(r.exitCode, r.stderr).toBe(0);
    }
  });

  it('action.yml: its check step, run as a runner runs it, writes valid SARIF and the exit code; the report is uploaded', async () => {
    const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
      runs: { using: string; steps: { id?: string; uses?: string; run?: string; env?: Record<string, string> }[] };
    };
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((s) => s.uses).filter(Boolean)).toEqual(['actions/setup-node@v4', 'github/codeql-action/upload-sarif@v3']);
    // No package is installed by name: kustodian is built from the action's own checkout.
    expect(action.runs.steps.some((s) => /npm (install|i) -g/.test(s.run ?? ''))).toBe(false);
    const step = action.runs.steps.find((s) => s.id === 'check')!;
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
          INPUT_FORMAT: 'sarif',
          INPUT_ARGS: '--pin off',
          SARIF_FILE: sarifFile,
        },
      });
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(readFileSync(output, 'utf8')).toBe('exit-code=1\n');
      const log = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
      const validate = sarifValidator();
      expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
      expect(log.runs[0]!.results.map((x) => x.ruleId)).toContain('SECRET_KEY_MISSING');
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
