/**
 * readTextFile and readTextFileSync (src/util/limits.ts) bound a read the same way: a file at the limit
 * is read whole, one byte more or a NUL byte is the caller's code, and a device that never ends is read
 * no further than the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readTextFile, readTextFileSync } from '../../src/util/limits.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kustodian-read-'));
  await writeFile(path.join(dir, 'at-limit'), 'a: 1\n'.repeat(20)); // 100 bytes
  await writeFile(path.join(dir, 'over-limit'), 'a: 1\n'.repeat(20) + 'b');
  await writeFile(path.join(dir, 'nul'), 'a: 1\n\0b: 2\n');
  await writeFile(path.join(dir, 'utf8'), 'name: Zürich — ✓\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Both readers, the sync one's throw as a rejection. */
const readers: Record<string, (file: string, max: number, shown?: string) => Promise<string>> = {
  readTextFile: (file, max, shown) => readTextFile(file, max, 'IO', shown),
  readTextFileSync: (file, max, shown) => new Promise((resolve) => resolve(readTextFileSync(file, max, 'IO', shown))),
};

describe.each(Object.entries(readers))('%s', (_name, read) => {
  const call = (file: string, max: number, shown?: string) => read(path.join(dir, file), max, shown);
  it('reads a file of exactly the limit whole, and UTF-8 as text', async () => {
    expect(await call('at-limit', 100)).toBe('a: 1\n'.repeat(20));
    expect(await call('utf8', 100)).toBe('name: Zürich — ✓\n');
  });
  it('refuses one byte over the limit, naming the file as shown and the limit', async () => {
    await expect(call('over-limit', 100, 'app/kustomization.yaml')).rejects.toMatchObject({
      code: 'IO',
      message: 'app/kustomization.yaml is larger than 100 bytes, the limit for this file',
    });
  });
  it('refuses a NUL byte as not YAML', async () => {
    await expect(call('nul', 100)).rejects.toMatchObject({ code: 'IO' });
    await expect(call('nul', 100)).rejects.toThrow(/holds NUL bytes/);
  });
  it('stops reading an endless device at the limit', async () => {
    await expect(read('/dev/zero', 4096)).rejects.toThrow(/holds NUL bytes/);
    await expect(read('/dev/urandom', 4096)).rejects.toThrow(/NUL bytes|larger than 4 KiB/);
  });
});
