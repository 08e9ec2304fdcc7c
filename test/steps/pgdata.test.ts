/**
 * The pgdata step beyond the golden cases: image/tag parsing as a table through the pipeline, the
 * image-facts hook, the guard script run for real with sh, idempotence on every golden output, the
 * corpus, and the giftify example.
 */
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { corpusRoot, kustodian, repoRoot } from '../helpers/cli.js';
import {
  Resource,
  createContext,
  parseStream,
  render,
  runPipeline,
  steps,
  type Finding,
  type ImageFacts,
  type KubeObject,
} from '../../src/index.js';

const DATA = '/var/lib/postgresql/data';
const pgdataStep = steps.find((s) => s.id === 'pgdata')!;
const cleanEnv = { PATH: process.env.PATH ?? '', HOME: '/tmp', TMPDIR: process.env.TMPDIR ?? os.tmpdir() };

function deployment(image: string, mountPath = DATA): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'db', namespace: 'ns' },
    spec: {
      template: {
        spec: {
          containers: [{ name: 'postgres', image, volumeMounts: [{ name: 'data', mountPath }] }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'db' } }],
        },
      },
    },
  };
}

async function runStep(
  objects: KubeObject[],
  inspectImage?: (ref: string) => Promise<ImageFacts | undefined>,
): Promise<{ findings: Finding[]; resources: Resource[] }> {
  const resources = objects.map((o, i) => Resource.fromObject(structuredClone(o), i));
  const ctx = await createContext({
    resources,
    config: { apiVersion: 'kustodian.dev/v1alpha1', kind: 'Config', images: { pin: 'off' } },
    defaultNamespace: 'ns',
    mode: 'render',
    env: {},
    ...(inspectImage ? { inspectImage } : {}),
  });
  const { findings } = await runPipeline(ctx, [pgdataStep]);
  return { findings, resources };
}

/** What the step did to one workload: injected, pg18 (error), unknown (warning), or none. */
function outcome(findings: Finding[]): string {
  const codes = findings.map((f) => f.code);
  if (codes.includes('PGDATA_INJECTED')) return 'inject';
  if (codes.includes('PG18_DATA_MOUNT')) return 'pg18';
  if (codes.includes('PGDATA_VERSION_UNKNOWN')) return 'unknown';
  return codes.length ? codes.join(',') : 'none';
}

describe('pgdata image and tag parsing', () => {
  const table: [string, string][] = [
    ['postgres:16', 'inject'],
    ['postgres:16.4', 'inject'],
    ['postgres:16-alpine', 'inject'],
    ['postgres:16.4-bookworm', 'inject'],
    ['postgres:9.6', 'inject'],
    ['library/postgres:17', 'inject'],
    ['docker.io/library/postgres:17.2-trixie', 'inject'],
    ['index.docker.io/library/postgres:15', 'inject'],
    ['registry-1.docker.io/library/postgres:15', 'inject'],
    ['public.ecr.aws/docker/library/postgres:16.1', 'inject'],
    ['mirror.gcr.io/library/postgres:14', 'inject'],
    ['localhost:5000/library/postgres:16', 'inject'],
    ['harbor.example.com:8443/proxy/library/postgres:16.4@sha256:' + '0'.repeat(64), 'inject'],
    ['postgis/postgis:16-3.4', 'inject'],
    ['postgis/postgis:17-3.5-alpine', 'inject'],
    ['pgvector/pgvector:pg16', 'inject'],
    ['pgvector/pgvector:0.8.0-pg16', 'inject'],
    ['pgvector/pgvector:0.8.0-pg17-bookworm', 'inject'],
    ['timescale/timescaledb:2.17.2-pg16', 'inject'],
    ['timescale/timescaledb:latest-pg16', 'inject'],
    ['postgres:18', 'pg18'],
    ['postgres:18.1-alpine3.22', 'pg18'],
    ['postgis/postgis:18-3.6', 'pg18'],
    ['pgvector/pgvector:0.8.1-pg18', 'pg18'],
    ['timescale/timescaledb:2.22.0-pg18', 'pg18'],
    ['postgres', 'unknown'],
    ['postgres:latest', 'unknown'],
    ['postgres:alpine', 'unknown'],
    ['postgres@sha256:' + '1'.repeat(64), 'unknown'],
    // the leading number of these tags is the extension's version, not Postgres's
    ['pgvector/pgvector:0.8.0', 'unknown'],
    ['timescale/timescaledb:2.17.2', 'unknown'],
    ['timescale/timescaledb-ha:pg16', 'none'],
    ['bitnami/postgresql:16', 'none'],
    ['bitnamilegacy/postgresql:16.4.0', 'none'],
    ['ghcr.io/zalando/spilo-17:4.0-p2', 'none'],
    ['ghcr.io/cloudnative-pg/postgresql:16.4', 'none'],
    ['registry.developers.crunchydata.com/crunchydata/crunchy-postgres:ubi8-16.4-0', 'none'],
    ['quay.io/sclorg/postgresql-16-c9s', 'none'],
    ['registry.redhat.io/rhel9/postgresql-16', 'none'],
    ['quay.io/prometheuscommunity/postgres-exporter:v0.15.0', 'none'],
    ['myregistry.io/postgres:16', 'none'],
    ['postgres-custom:16', 'none'],
  ];
  it.each(table)('%s → %s', async (image, expected) => {
    const { findings } = await runStep([deployment(image)]);
    expect(outcome(findings)).toBe(expected);
  });
});

describe('pgdata image facts hook', () => {
  it('PG_MAJOR from the image config wins over the tag', async () => {
    const facts = (): Promise<ImageFacts> => Promise.resolve({ env: { PG_MAJOR: '18', PGDATA: '/var/lib/postgresql/18/docker' } });
    expect(outcome((await runStep([deployment('postgres:16')], facts)).findings)).toBe('pg18');
  });
  it('a known major in the image config resolves an unknown tag', async () => {
    const calls: string[] = [];
    const facts = (ref: string): Promise<ImageFacts> => {
      calls.push(ref);
      return Promise.resolve({ env: { PG_MAJOR: '16', PGDATA: DATA } });
    };
    expect(outcome((await runStep([deployment('postgres:latest')], facts)).findings)).toBe('inject');
    expect(calls).toEqual(['postgres:latest']);
  });
  it('an image whose own PGDATA is already a subdirectory is left alone', async () => {
    const facts = (): Promise<ImageFacts> => Promise.resolve({ env: { PG_MAJOR: '16', PGDATA: `${DATA}/pgdata` } });
    const { findings, resources } = await runStep([deployment('postgres:16')], facts);
    expect(findings).toEqual([]);
    expect(resources[0]!.isChanged).toBe(false);
  });
  it('no facts (pinning off) falls back to the tag', async () => {
    expect(outcome((await runStep([deployment('postgres:16')], () => Promise.resolve(undefined))).findings)).toBe('inject');
  });
});

describe('pgdata mounts and guards', () => {
  it('a trailing slash on the mount path is the same data directory', async () => {
    const { resources } = await runStep([deployment('postgres:16', `${DATA}/`)]);
    const pod = (resources[0]!.object.spec as { template: { spec: { initContainers: { volumeMounts: { mountPath: string }[] }[] } } })
      .template.spec;
    expect(pod.initContainers[0]!.volumeMounts[0]!.mountPath).toBe(DATA);
  });

  it('two postgres containers in one pod get one guard each, with distinct names', async () => {
    const pod = deployment('postgres:16');
    const spec = (pod.spec as { template: { spec: { containers: unknown[]; volumes: unknown[] } } }).template.spec;
    spec.containers.push({ name: 'replica', image: 'postgres:16', volumeMounts: [{ name: 'data2', mountPath: DATA }] });
    spec.volumes.push({ name: 'data2', persistentVolumeClaim: { claimName: 'db2' } });
    const { findings, resources } = await runStep([pod]);
    expect(findings.filter((f) => f.code === 'PGDATA_INJECTED')).toHaveLength(2);
    const inits = (
      resources[0]!.object.spec as { template: { spec: { initContainers: { name: string; volumeMounts: { name: string }[] }[] } } }
    ).template.spec.initContainers;
    expect(inits.map((c) => [c.name, c.volumeMounts[0]!.name]).sort()).toEqual([
      ['kustodian-pgdata-guard', 'data'],
      ['kustodian-pgdata-guard-replica', 'data2'],
    ]);
  });
});

/** The guard's command, exactly as the step renders it, taken from a golden case. */
async function renderedGuardCommand(): Promise<string[]> {
  const result = await render({
    dir: path.join(repoRoot, 'test/fixtures/pgdata/statefulset-vct/input'),
    flags: { pin: 'off' },
    env: cleanEnv,
  });
  const sts = parseAllDocuments(result.yaml!)
    .map((d) => d.toJS() as KubeObject)
    .find((o) => o.kind === 'StatefulSet')!;
  const guard = (sts.spec as { template: { spec: { initContainers: { name: string; command: string[] }[] } } }).template.spec
    .initContainers[0]!;
  expect(guard.name).toBe('kustodian-pgdata-guard');
  expect(guard.command.slice(0, 2)).toEqual(['sh', '-c']);
  expect(guard.command.slice(4)).toEqual([DATA, `${DATA}/pgdata`]);
  return guard.command;
}

describe('pgdata guard script, run with sh', async () => {
  const command = await renderedGuardCommand();
  const shells = ['sh', 'dash', 'bash'].filter((s) => existsSync(`/bin/${s}`) || existsSync(`/usr/bin/${s}`));

  function volume(layout: { root?: boolean; migrated?: boolean }): string {
    const root = mkdtempSync(path.join(os.tmpdir(), 'pgdata-guard-'));
    mkdirSync(path.join(root, 'lost+found'));
    if (layout.root) {
      writeFileSync(path.join(root, 'PG_VERSION'), '16\n');
      mkdirSync(path.join(root, 'base'));
    }
    if (layout.migrated) {
      mkdirSync(path.join(root, 'pgdata', 'base'), { recursive: true });
      writeFileSync(path.join(root, 'pgdata', 'PG_VERSION'), '16\n');
    }
    return root;
  }

  async function guard(shell: string, root: string, user?: number) {
    // The rendered command with the container paths swapped for a temp volume.
    const args = [command[1]!, command[2]!, command[3]!, root, path.join(root, 'pgdata')];
    const r =
      user === undefined
        ? await execa(shell, args, { reject: false })
        : await execa('setpriv', [`--reuid=${user}`, `--regid=${user}`, '--clear-groups', shell, ...args], { reject: false });
    return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
  }

  async function withVolume(layout: { root?: boolean; migrated?: boolean }, fn: (root: string) => Promise<void>): Promise<void> {
    const root = volume(layout);
    try {
      await fn(root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  const layouts: {
    name: string;
    layout: { root?: boolean; migrated?: boolean };
    check: (r: Awaited<ReturnType<typeof guard>>, root: string) => void;
  }[] = [
    {
      name: 'a fresh volume (only lost+found) passes',
      layout: {},
      check: (r) => {
        expect(r.exitCode).toBe(0);
        expect(r.stderr).toBe('');
      },
    },
    {
      name: 'a database at the volume root refuses to start and says how to move it or keep it',
      layout: { root: true },
      check: (r, root) => {
        expect(r.exitCode).not.toBe(0);
        expect(r.stderr).toContain(`${root} holds a PostgreSQL 16 database at the volume root`);
        expect(r.stderr).toContain('mv {} pgdata/');
        expect(r.stderr).toContain('kustodian.dev/pgdata: keep');
        // the data is left exactly where it was
        expect(readdirSync(root).sort()).toEqual(['PG_VERSION', 'base', 'lost+found']);
      },
    },
    {
      name: 'an already-migrated volume passes',
      layout: { migrated: true },
      check: (r) => {
        expect(r.exitCode).toBe(0);
        expect(r.stderr).toBe('');
      },
    },
    {
      name: 'data at the root and in PGDATA passes with a note about the old copy',
      layout: { root: true, migrated: true },
      check: (r) => {
        expect(r.exitCode).toBe(0);
        expect(r.stderr).toContain('older database is still at the volume root');
      },
    },
  ];
  for (const shell of shells) {
    for (const { name, layout, check } of layouts) {
      it(`${shell}: ${name}`, async () => {
        expect.hasAssertions();
        await withVolume(layout, async (root) => check(await guard(shell, root), root));
      });
    }
  }

  it.runIf(process.getuid?.() === 0 && existsSync('/usr/bin/setpriv'))(
    'a volume root it cannot read refuses instead of guessing',
    async () => {
      await withVolume({ root: true }, async (root) => {
        await execa('chmod', ['700', root]);
        const r = await guard('sh', root, 65534);
        expect(r.exitCode).not.toBe(0);
        expect(r.stderr).toContain('cannot read');
      });
    },
  );
});

describe('pgdata idempotence', () => {
  const fixtures = path.join(repoRoot, 'test/fixtures/pgdata');
  const changed = readdirSync(fixtures)
    .filter((c) => existsSync(path.join(fixtures, c, 'expected.yaml')))
    .filter((c) =>
      (JSON.parse(readFileSync(path.join(fixtures, c, 'expected-findings.json'), 'utf8')) as { code: string }[]).some(
        (f) => f.code === 'PGDATA_INJECTED',
      ),
    );

  it('has cases that inject', () => {
    expect(changed.length).toBeGreaterThan(3);
  });

  it.each(changed)('rendering the output of %s again changes nothing', async (name) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgdata-again-'));
    try {
      const output = readFileSync(path.join(fixtures, name, 'expected.yaml'), 'utf8');
      writeFileSync(path.join(dir, 'resources.yaml'), output);
      writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n  - resources.yaml\n');
      const config = path.join(fixtures, name, 'input', 'kustodian.yaml');
      if (existsSync(config)) writeFileSync(path.join(dir, 'kustodian.yaml'), readFileSync(config));
      const spec = existsSync(path.join(fixtures, name, 'case.json'))
        ? (JSON.parse(readFileSync(path.join(fixtures, name, 'case.json'), 'utf8')) as { flags?: Record<string, unknown> })
        : {};
      const again = await render({ dir, flags: { pin: 'off', ...spec.flags }, env: cleanEnv });
      // a second pass reports no change (warnings about the input, like a misspelt annotation, stay)
      expect(again.findings.filter((f) => f.step === 'pgdata' && f.severity === 'info')).toEqual([]);
      const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as KubeObject);
      expect(docs(again.yaml!)).toEqual(docs(output));
      for (const o of docs(again.yaml!)) {
        const inits = (
          (o.spec as { template?: { spec?: { initContainers?: { name: string }[] } } } | undefined)?.template?.spec?.initContainers ?? []
        ).map((c) => c.name);
        expect(inits.filter((n) => n.startsWith('kustodian-pgdata-guard'))).toHaveLength(inits.includes('kustodian-pgdata-guard') ? 1 : 0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pgdata on the corpus', () => {
  // The only official-family Postgres in the corpus is eks-workshop's orders-postgresql, which sets
  // PGDATA=/data/pgdata itself (on an emptyDir at /data); the operator trees run Spilo and CNPG.
  const overlays = [
    'aws-samples/eks-workshop-v2/manifests/base-application',
    'zalando/postgres-operator/manifests',
    'cloudnative-pg/cloudnative-pg/config/default',
  ];
  it.each(overlays)('%s: postgres workloads come out exactly as kustomize built them', async (overlay) => {
    const dir = path.join(corpusRoot, overlay);
    const r = await kustodian(['render', dir], { env: { KUSTODIAN_PIN: 'off' } });
    expect(r.stderr).not.toMatch(/PGDATA_|PG18_DATA_MOUNT/);
    expect(r.exitCode).toBe(0);
    const built = await execa('kubectl', ['kustomize', dir], { reject: false });
    const postgresDocs = (text: string) =>
      parseStream(text)
        .filter((res) => /image: .*(postgres|postgis|pgvector|timescale)/.test(res.text ?? ''))
        .map((res) => res.text);
    const expected = postgresDocs(String(built.stdout));
    expect(postgresDocs(r.stdout)).toEqual(expected);
    if (overlay.includes('eks-workshop')) expect(expected.join('')).toContain('name: orders-postgresql');
  });
});

describe('giftify example', () => {
  const dir = path.join(repoRoot, 'examples/giftify/overlays/prod');
  it('examples/giftify/overlays/prod gets PGDATA and the guard on its postgres StatefulSet', async () => {
    const built = await execa('kubectl', ['kustomize', dir]);
    const { findings, resources } = await runStep(parseStream(String(built.stdout)).map((r) => r.object));
    const sts = resources.find((r) => r.kind === 'StatefulSet' && r.name === 'postgres')!;
    expect(sts).toBeDefined();
    const pod = (
      sts.object.spec as {
        template: {
          spec: {
            containers: { env?: { name: string; value?: string }[]; image: string }[];
            initContainers?: { name: string; image: string }[];
          };
        };
      }
    ).template.spec;
    expect(pod.containers[0]!.env?.find((e) => e.name === 'PGDATA')?.value).toBe(`${DATA}/pgdata`);
    expect(pod.initContainers?.[0]?.name).toBe('kustodian-pgdata-guard');
    expect(pod.initContainers?.[0]?.image).toBe(pod.containers[0]!.image);
    expect(
      findings
        .filter((f) => f.resourceRef?.name === 'postgres')
        .map((f) => f.code)
        .sort(),
    ).toEqual(['PGDATA_GUARD_ADDED', 'PGDATA_INJECTED']);
    // and through the public render: the same two changes are reported
    const rendered = await render({ dir, flags: { pin: 'off' }, env: cleanEnv });
    const reported = rendered.findings.filter(
      (f) => f.step === 'pgdata' && f.resourceRef?.kind === 'StatefulSet' && f.resourceRef.name === 'postgres',
    );
    expect(reported.map((f) => `${f.severity} ${f.code}`).sort()).toEqual(['info PGDATA_GUARD_ADDED', 'info PGDATA_INJECTED']);
  });
});
