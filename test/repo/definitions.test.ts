/** The bounded search for an object's definition elsewhere in the repository. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SCAN_LIMITS, findDefinitions } from '../../src/repo/definitions.js';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata: {a: b}\n`;

describe('findDefinitions', () => {
  let tmp: string;
  let root: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-scan-'));
    root = path.join(tmp, 'repo');
    const outside = path.join(tmp, 'outside');
    for (const dir of ['config', 'node_modules/pkg', '.hidden', 'apps/gen', 'big']) await mkdir(path.join(root, dir), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(root, 'config', 'env.yaml'), `# shared\n---\n${configMap('env-config')}---\n${configMap('other')}`);
    await writeFile(path.join(root, 'node_modules', 'pkg', 'env.yaml'), configMap('env-config'));
    await writeFile(path.join(root, '.hidden', 'env.yaml'), configMap('env-config'));
    await writeFile(
      path.join(root, 'apps', 'gen', 'kustomization.yaml'),
      'configMapGenerator:\n- name: other\n  literals: [a=b]\n- name: env-config\n  literals: [a=b]\n',
    );
    await writeFile(path.join(root, 'big', 'huge.yaml'), configMap('env-config') + `# ${'x'.repeat(4096)}\n`);
    await writeFile(path.join(outside, 'env.yaml'), configMap('env-config'));
    await symlink(outside, path.join(root, 'linked'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('finds manifests and generator entries with file:line, never in node_modules, hidden directories or through symlinks', async () => {
    const found = await findDefinitions(root, [{ kind: 'ConfigMap', name: 'env-config' }], { ...DEFAULT_SCAN_LIMITS, maxFileBytes: 1024 });
    expect(found).toEqual([
      { kind: 'ConfigMap', name: 'env-config', path: 'apps/gen/kustomization.yaml', line: 4, generator: 'configMapGenerator' },
      { kind: 'ConfigMap', name: 'env-config', path: 'config/env.yaml', line: 3 },
    ]);
  });

  it('stops at the file budget', async () => {
    const found = await findDefinitions(root, [{ kind: 'ConfigMap', name: 'env-config' }], { ...DEFAULT_SCAN_LIMITS, maxFiles: 1 });
    expect(found.map((d) => d.path)).toEqual(['apps/gen/kustomization.yaml']);
  });

  it('looks for nothing when nothing is wanted', async () => {
    expect(await findDefinitions(root, [])).toEqual([]);
  });
});
