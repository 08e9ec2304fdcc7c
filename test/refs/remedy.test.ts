/**
 * The remedy matches the cause: "declare it under external:" only when nothing in the render could
 * create the object and the repository does not define it elsewhere. The golden cases hold the
 * findings; this holds what their messages must not say.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { render } from '../../src/index.js';

const env = { PATH: process.env.PATH ?? '', HOME: '/tmp', TMPDIR: process.env.TMPDIR ?? '/tmp', KUSTODIAN_PIN: 'off' };
const messages = async (fixture: string, code: string) => {
  const r = await render({ dir: path.join(repoRoot, 'test', 'fixtures', fixture, 'input'), env });
  const found = r.findings.filter((f) => f.code === code).map((f) => f.message);
  expect(found.length, `${fixture} reports ${code}`).toBeGreaterThan(0);
  return found;
};

describe('the remedy matches the cause', () => {
  it('nothing could create it: declare it under external:', async () => {
    for (const m of await messages('secret-refs/missing-object', 'SECRET_NOT_FOUND'))
      expect(m).toContain('declare it in kustodian.yaml under external:');
  });

  it('a workload may create it: name it in the Role, no external declaration', async () => {
    for (const m of await messages('secret-refs/rbac-permission-only', 'POSSIBLE_RUNTIME_OBJECT')) {
      expect(m).toContain('resourceNames');
      expect(m).not.toContain('external:');
    }
  });

  it('defined in a file the overlay does not include: include it, no external declaration', async () => {
    for (const m of await messages('configmap-refs/defined-elsewhere', 'CONFIGMAP_NOT_FOUND')) {
      expect(m).toContain('add that file');
      expect(m).not.toContain('external:');
    }
  });

  it('in another namespace or none: say where, no external declaration', async () => {
    for (const m of await messages('secret-refs/other-namespace-or-none', 'SECRET_NOT_FOUND')) {
      expect(m).toContain('give it namespace front');
      expect(m).not.toContain('external:');
    }
    for (const m of await messages('secret-refs/namespaces', 'SECRET_NOT_FOUND')) expect(m).not.toContain('external:');
  });

  it('created at run time with strong evidence: an info that names the workload, Role and evidence', async () => {
    const [m] = await messages('secret-refs/rbac-resource-names', 'RUNTIME_OBJECT');
    expect(m).toContain('Deployment tokens/token-maker');
    expect(m).toContain('Role token-maker (RoleBinding token-maker)');
    expect(m).toContain('names it in resourceNames');
  });
});
