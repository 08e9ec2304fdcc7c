/** The integration files run what they say: the pre-commit entry and the Action's check command are valid CLI lines. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
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

  it('action.yml writes SARIF with kustodian check --all and uploads it', () => {
    const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as { runs: { using: string; steps: { uses?: string; run?: string }[] } };
    expect(action.runs.using).toBe('composite');
    const uses = action.runs.steps.map((s) => s.uses).filter(Boolean);
    expect(uses).toEqual(['actions/setup-node@v4', 'github/codeql-action/upload-sarif@v3']);
    expect(action.runs.steps.some((s) => s.run?.includes('kustodian check --all "$INPUT_PATH" --format sarif'))).toBe(true);
  });
});
