/**
 * The `offline` parameter as Argo CD sends it (ARGOCD_APP_PARAMETERS and PARAM_OFFLINE): a digest the lock has
 * no facts for is IMAGE_NOT_LOCKED without a registry being asked, where a locked render would ask the registry
 * for it by digest (here: a port nothing listens on).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deployment } from '../helpers/workloads.js';
import { freePort } from '../helpers/registry.js';
import { runCmp } from '../helpers/cmp-harness.js';

let repo: string;

beforeAll(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'kustodian-cmp-offline-'));
  const app = path.join(repo, 'apps', 'web');
  await mkdir(app, { recursive: true });
  const image = `127.0.0.1:${await freePort()}/acme/web:1.0@sha256:${'a'.repeat(64)}`;
  await writeFile(path.join(app, 'web.yaml'), deployment('web', image));
  await writeFile(path.join(app, 'kustomization.yaml'), 'resources:\n- web.yaml\n');
  await writeFile(
    path.join(app, 'kustodian.yaml'),
    'apiVersion: kustodian.dev/v1alpha1\nkind: Config\nimages: {pin: locked, retryBaseSeconds: 0.01}\n',
  );
});

afterAll(async () => {
  if (repo) await rm(repo, { recursive: true, force: true });
});

describe('the offline parameter', () => {
  it('turns the registry lookup by digest into IMAGE_NOT_LOCKED', async () => {
    const online = await runCmp({ repo, appPath: 'apps/web' });
    expect(online.exitCode).toBe(1);
    expect(online.stderr).toContain('IMAGE_RESOLVE_FAILED');
    const offline = await runCmp({ repo, appPath: 'apps/web', parameters: [{ name: 'offline', string: 'true' }] });
    expect(offline.exitCode).toBe(1);
    expect(offline.stdout).toBe('');
    expect(offline.stderr).toContain('IMAGE_NOT_LOCKED');
    expect(offline.stderr).not.toContain('IMAGE_RESOLVE_FAILED');
    expect(offline.stderr).toContain('kustodian pin');
  });
});
