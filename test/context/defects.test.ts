/**
 * Four behaviours that hold because every command builds the step context in one place
 * (src/context/step-context.ts): fn gives pgdata the same image facts as render, flyway-versions resolves
 * mounts by previous names under fn, the SOPS check has its own switch, and locating findings never reads
 * outside the repository root. One test each; each failed while the commands built their contexts apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { krmFunction, render, type Finding } from '../../src/index.js';
import { startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { pushImage } from '../helpers/registry-push.js';
import { repoRoot } from '../helpers/cli.js';

const DATA = '/var/lib/postgresql/data';
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kustodian-defects-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

// The api step judges these hand-made manifests too; each test here is about another step.
const codes = (findings: readonly Finding[]) =>
  findings
    .filter((f) => f.step !== 'api')
    .map((f) => f.code)
    .sort();

function postgres(image: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: {
          containers: [{ name: 'postgres', image, volumeMounts: [{ name: 'data', mountPath: DATA }] }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'db' } }],
        },
      },
    },
  };
}

describe('fn gives pgdata the same image facts as render', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
    await pushImage({ url: registry.url }, 'library/postgres', 'latest', {
      kind: 'oci-index',
      platforms: ['linux/amd64'],
      env: { PG_MAJOR: '16', PGDATA: DATA },
      seed: 'pg16',
    });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('postgres:latest whose image config says PG_MAJOR=16: render and fn both inject PGDATA and the guard', async () => {
    const image = `${registry.host}/library/postgres:latest`;
    const env = { PATH: process.env.PATH ?? '', HOME: '/tmp', XDG_CACHE_HOME: path.join(work, 'cache-pg') };
    const dir = path.join(work, 'pg');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'kustomization.yaml'), 'resources: [db.yaml]\n');
    await writeFile(path.join(dir, 'db.yaml'), stringify(postgres(image)));
    const rendered = await render({ dir, env });
    expect(codes(rendered.findings)).toEqual(['PGDATA_GUARD_ADDED', 'PGDATA_INJECTED']);

    const list = stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [postgres(image)] });
    const fn = await krmFunction(list, { env });
    expect(codes(fn.findings)).toEqual(['PGDATA_GUARD_ADDED', 'PGDATA_INJECTED']);
    expect(fn.output).toContain('kustodian-pgdata-guard');
    expect(fn.output).toContain(`${DATA}/pgdata`);
  });
});

describe('flyway-versions resolves mounts by previous names under fn', () => {
  const configMap = (name: string, file: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `prod-${name}`,
      namespace: 'shop',
      annotations: {
        'internal.config.kubernetes.io/previousNames': `${name},${name}`,
        'internal.config.kubernetes.io/needsHashSuffix': 'enabled',
      },
    },
    data: { [file]: 'select 1;' },
  });
  const deployment = (a: string, b: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'prod-api', namespace: 'shop' },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'flyway',
              image: 'flyway/flyway:10',
              volumeMounts: [
                { name: 'a', mountPath: '/flyway/sql/a' },
                { name: 'b', mountPath: '/flyway/sql/b' },
              ],
            },
          ],
          volumes: [
            { name: 'a', configMap: { name: a } },
            { name: 'b', configMap: { name: b } },
          ],
        },
      },
    },
  });
  const run = (a: string, b: string) =>
    krmFunction(
      stringify({
        apiVersion: 'config.kubernetes.io/v1',
        kind: 'ResourceList',
        items: [configMap('mig-a', 'V1__a.sql'), configMap('mig-b', 'V1__b.sql'), deployment(a, b)],
        functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', data: { pin: 'off' } },
      }),
      { env: { PATH: process.env.PATH ?? '' } },
    );

  it('two ConfigMaps mounted together by their pre-hash names give one FLYWAY_DUPLICATE_VERSION naming both, as with final names', async () => {
    const final = await run('prod-mig-a', 'prod-mig-b');
    expect(codes(final.findings)).toEqual(['FLYWAY_DUPLICATE_VERSION']);
    const previous = await run('mig-a', 'mig-b');
    expect(codes(previous.findings)).toEqual(['FLYWAY_DUPLICATE_VERSION']);
    expect(previous.findings[0]!.message).toContain('mounted together by container flyway');
    for (const { findings } of [final, previous]) expect(findings[0]!.related?.map((r) => r.resourceRef?.name)).toEqual(['prod-mig-b']);
  });
});

describe('the SOPS check has its own switch', () => {
  it('checks.secretRefs: off leaves SOPS ciphertext refused', async () => {
    const dir = path.join(work, 'sops');
    await cp(path.join(repoRoot, 'test/fixtures/secret-refs/sops-encrypted/input'), dir, { recursive: true });
    await writeFile(path.join(dir, 'kustodian.yaml'), 'apiVersion: kustodian.dev/v1alpha1\nkind: Config\nchecks:\n  secretRefs: "off"\n');
    const env = { PATH: process.env.PATH ?? '', HOME: '/tmp' };
    const result = await render({ dir, env, flags: { pin: 'off' } });
    expect(result.yaml).toBeUndefined();
    expect(codes(result.findings)).toEqual(['SOPS_ENCRYPTED']);
  });
});

describe('locating findings never reads outside the repository root', () => {
  it('a manifest symlinked from outside the repository is not read, so the finding names no file', async () => {
    const repo = path.join(work, 'repo');
    const outside = path.join(work, 'outside');
    await mkdir(path.join(repo, '.git'), { recursive: true });
    await mkdir(path.join(repo, 'app'), { recursive: true });
    await mkdir(outside, { recursive: true });
    // The finding is about the Deployment, defined in a file that really lives outside the repository.
    await writeFile(
      path.join(outside, 'deploy.yaml'),
      stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'shop' },
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'api', image: 'nginx:1', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'x' } } }] },
              ],
            },
          },
        },
      }),
    );
    await symlink(path.join(outside, 'deploy.yaml'), path.join(repo, 'app', 'deploy.yaml'));
    await writeFile(path.join(repo, 'app', 'kustomization.yaml'), 'resources: [deploy.yaml]\n');
    const env = { PATH: process.env.PATH ?? '', HOME: '/tmp' };
    const result = await render({ dir: path.join(repo, 'app'), env, flags: { pin: 'off', 'load-restrictor': 'none' } });
    const missing = result.findings.find((f) => f.code === 'SECRET_NOT_FOUND');
    expect(missing).toBeDefined();
    expect(missing?.file).toBeUndefined();

    // The same file really inside the repository does get its line: the test can tell the two apart.
    await rm(path.join(repo, 'app', 'deploy.yaml'));
    await cp(path.join(outside, 'deploy.yaml'), path.join(repo, 'app', 'deploy.yaml'));
    const inside = await render({ dir: path.join(repo, 'app'), env, flags: { pin: 'off', 'load-restrictor': 'none' } });
    expect(inside.findings.find((f) => f.code === 'SECRET_NOT_FOUND')?.file).toEqual({
      path: 'app/deploy.yaml',
      line: expect.any(Number) as unknown,
    });
  });
});
