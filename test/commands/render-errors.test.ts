/**
 * kustomize errors that quote generator input must not carry the value into stderr (and from there
 * into the Application status in etcd): the failure code and reason stay, the value goes.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { kustodian } from '../helpers/cli.js';

const SECRET = 'hunter2-do-not-print';

async function withTree(files: Record<string, string | Buffer>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kustodian-errors-'));
  try {
    for (const [name, body] of Object.entries(files)) await writeFile(path.join(dir, name), body);
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('RENDER_FAILED never echoes generator values', () => {
  it('a secretGenerator env line with invalid UTF-8', async () => {
    expect.hasAssertions();
    await withTree(
      {
        'kustomization.yaml': 'secretGenerator:\n- name: s\n  envs: [s.env]\n',
        's.env': Buffer.concat([Buffer.from('GOOD=ok\n'), Buffer.from([0xff, 0xfe]), Buffer.from(`TOKEN=${SECRET}\n`)]),
      },
      async (dir) => {
        const r = await kustodian(['render', dir, '--pin', 'off']);
        expect(r.exitCode).toBe(3);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain('RENDER_FAILED');
        expect(r.stderr).toContain('UTF-8');
        expect(r.stderr).not.toContain(SECRET);
        // Nor as the byte array kustomize also prints.
        expect(r.stderr).not.toContain([...Buffer.from(SECRET.slice(0, 6))].join(' '));
      },
    );
  });

  it('a secretGenerator literal that is not key=value', async () => {
    expect.hasAssertions();
    await withTree({ 'kustomization.yaml': `secretGenerator:\n- name: s\n  literals: ["${SECRET}"]\n` }, async (dir) => {
      const r = await kustodian(['render', dir, '--pin', 'off']);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toContain('RENDER_FAILED');
      expect(r.stderr).not.toContain(SECRET);
    });
  });
});
