/**
 * The pin step, the lock file and `kustodian pin` against a real docker-registry on loopback, through the
 * built CLI. Every digest is cross-checked with `skopeo inspect --raw`; nothing here mocks the registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { kustodian } from '../helpers/cli.js';
import { deployment, postgres } from '../helpers/workloads.js';
import { startRegistry, freePort, type RunningRegistry } from '../helpers/registry.js';
import { pushImage, pushStandardImages, type StandardImages } from '../helpers/registry-push.js';
import { skopeoRaw } from '../helpers/skopeo.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { parseManifestStream as docs, podSpecOf, type PodSpec } from '../helpers/manifests.js';
import type { Lock } from '../../src/index.js';

let work: string;
let registry: RunningRegistry;
let images: StandardImages;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kustodian-pin-test-'));
  registry = await startRegistry();
  images = await pushStandardImages({ url: registry.url });
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

let counter = 0;
/** A kustomize app dir from file contents; each gets its own (empty) registry cache dir. */
async function app(files: Record<string, string>): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = path.join(work, `app-${++counter}`);
  await mkdir(dir, { recursive: true });
  const resources = Object.keys(files).filter((f) => f.endsWith('.yaml') && f !== 'kustodian.yaml');
  await writeFile(path.join(dir, 'kustomization.yaml'), `resources:\n${resources.map((r) => `- ${r}`).join('\n')}\n`);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return { dir, env: { XDG_CACHE_HOME: path.join(dir, '.cache') } };
}

function codes(stderr: string): string[] {
  return [...stderr.matchAll(/^(?:error|warning) ([A-Z_]+)/gm)].map((m) => m[1]!).sort();
}

describe('pinning in resolve mode', () => {
  it('pins containers, init and ephemeral containers, image volumes and config paths as written + @digest, matching skopeo', async () => {
    const h = registry.host;
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: tools, namespace: shop}
spec:
  initContainers:
  - {name: init, image: "${h}/demo/list:1.0"}
  containers:
  - {name: main, image: "${h}/demo/app:multi"}
  ephemeralContainers:
  - {name: debug, image: "${h}/demo/postgres:16.4"}
  volumes:
  - name: models
    image: {reference: "${h}/demo/list:1.0", pullPolicy: IfNotPresent}
`;
    const crd = `apiVersion: example.com/v1
kind: Pipeline
metadata: {name: nightly, namespace: shop}
spec:
  steps:
  - {image: "${h}/demo/app:multi"}
  - {image: "${h}/demo/list:1.0"}
`;
    const config = `apiVersion: kustodian.dev/v1alpha1
kind: Config
images:
  paths:
  - {kind: Pipeline, path: "spec.steps[].image"}
`;
    const { dir, env } = await app({ 'pod.yaml': pod, 'crd.yaml': crd, 'kustodian.yaml': config });
    const r = await kustodian(['render', dir], { env });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    // A Pod keeps its PodSpec at spec; the Pipeline is the custom kind of images.paths.
    const p = docs(r.stdout).find((d) => d.kind === 'Pod') as
      { spec: PodSpec & { volumes: { image: { reference: string } }[] } } | undefined;
    const c = docs(r.stdout).find((d) => d.kind === 'Pipeline') as { spec: { steps: { image: string }[] } } | undefined;
    const found = [
      p!.spec.initContainers![0]!.image!,
      p!.spec.containers[0]!.image!,
      p!.spec.ephemeralContainers![0]!.image!,
      p!.spec.volumes[0]!.image.reference,
      c!.spec.steps[0]!.image,
      c!.spec.steps[1]!.image,
    ];
    for (const pinned of found) {
      const [written, digest] = pinned.split('@');
      expect(written!.startsWith(`${h}/demo/`)).toBe(true);
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      // Independent check: skopeo's exact bytes hash to the digest we pinned.
      expect((await skopeoRaw(written!)).digest).toBe(digest);
    }
    expect(found[1]).toBe(`${h}/demo/app:multi@${images.multiArchIndex.digest}`);
    expect(found[0]).toBe(`${h}/demo/list:1.0@${images.dockerList.digest}`);
  });

  it('keeps a reference that already has a digest, and fails one whose digest the repository does not have', async () => {
    const h = registry.host;
    const good = `${h}/demo/app:multi@${images.multiArchIndex.digest}`;
    const { dir, env } = await app({ 'a.yaml': deployment('a', good) });
    const ok = await kustodian(['render', dir], { env });
    expect(ok.exitCode).toBe(0);
    expect(podSpecOf(docs(ok.stdout)[0]!).containers[0]?.image).toBe(good);

    // A real digest, but of another repository's image: the registry cannot verify it for this one.
    const wrong = `${h}/demo/app:multi@${images.dockerList.digest}`;
    const bad = await app({ 'a.yaml': deployment('a', wrong) });
    const r = await kustodian(['render', bad.dir], { env: bad.env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(codes(r.stderr)).toEqual(['IMAGE_RESOLVE_FAILED']);
    expect(r.stderr).toContain(wrong);
  });

  it('fails closed on an unreachable registry: an error naming the image, nothing on stdout', async () => {
    const port = await freePort(); // nothing listens there
    const image = `127.0.0.1:${port}/demo/app:1`;
    // Each connection refusal is retried 3 times; a short retry base keeps the test from sleeping 3.5 s of backoff.
    const config = 'apiVersion: kustodian.dev/v1alpha1\nkind: Config\nimages: {retryBaseSeconds: 0.01}\n';
    const { dir, env } = await app({ 'a.yaml': deployment('a', image), 'kustodian.yaml': config });
    const r = await kustodian(['render', dir], { env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(codes(r.stderr)).toEqual(['IMAGE_RESOLVE_FAILED']);
    expect(r.stderr).toContain(image);
    expect(r.stderr).toMatch(/unreachable|refused/);
  });

  it('a missing docker-credential helper fails only the images that need credentials, with a finding naming each', async () => {
    const proxy = await startFaultProxy(registry.url);
    try {
      // The proxy challenges for a token, so credentials are looked up; config.json names a helper that is not installed.
      proxy.add({ path: /\/v2\//, fault: { kind: 'unauthorized-loop' } });
      const image = `${proxy.host}/demo/app:1`;
      const { dir, env } = await app({ 'a.yaml': deployment('a', image) });
      const dockerDir = path.join(dir, '.docker');
      await mkdir(dockerDir);
      await writeFile(path.join(dockerDir, 'config.json'), JSON.stringify({ credsStore: 'nonexistent-xyz' }));
      const r = await kustodian(['render', dir], { env: { ...env, DOCKER_CONFIG: dockerDir } });
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe('');
      expect(codes(r.stderr)).toEqual(['IMAGE_RESOLVE_FAILED']);
      expect(r.stderr).toContain(image);
    } finally {
      await proxy.stop();
    }
  });

  it('an index entry without os is dropped like unknown/unknown, so pin writes a lock that renders', async () => {
    const img = await pushImage({ url: registry.url }, 'demo/noos', '1', { kind: 'oci-index', platforms: ['linux/arm64', '/amd64'] });
    const { dir, env } = await app({ 'a.yaml': deployment('a', img.reference) });
    const pinned = await kustodian(['pin', '--platform', 'linux/arm64', dir], { env });
    expect(pinned.exitCode).toBe(0);
    const lock = parse(await readFile(path.join(dir, 'kustodian.lock.yaml'), 'utf8')) as Lock;
    expect(lock.images[0]?.platforms).toEqual(['linux/arm64']);
    const r = await kustodian(['render', '--pin', 'locked', '--platform', 'linux/arm64', dir], { env });
    expect(r.exitCode).toBe(0);
    // The amd64 entry without os does not count as linux/amd64.
    expect(codes((await kustodian(['render', dir], { env })).stderr)).toEqual(['IMAGE_PLATFORM_MISSING']);
  });

  it('reports a missing tag as not found, and --pin off leaves images alone', async () => {
    const image = `${registry.host}/demo/app:no-such-tag`;
    const { dir, env } = await app({ 'a.yaml': deployment('a', image) });
    const r = await kustodian(['render', dir], { env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/IMAGE_RESOLVE_FAILED.*not found/);
    const off = await kustodian(['render', dir, '--pin', 'off'], { env });
    expect(off.exitCode).toBe(0);
    expect(podSpecOf(docs(off.stdout)[0]!).containers[0]?.image).toBe(image);
  });
});

describe('platform rules', () => {
  const arm64Selector = '      nodeSelector: {kubernetes.io/arch: arm64}\n';
  const affinity = (values: string[]) => `      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/arch, operator: In, values: [${values.join(', ')}]}
`;

  it('the arm64-only buildx index fails the default linux/amd64 requirement, naming workload, container and platforms', async () => {
    const image = images.armOnlyIndex.reference;
    const { dir, env } = await app({ 'es.yaml': deployment('es', image) });
    const r = await kustodian(['render', dir], { env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(codes(r.stderr)).toEqual(['IMAGE_PLATFORM_MISSING']);
    const line = r.stderr.split('\n').find((l) => l.includes('IMAGE_PLATFORM_MISSING'))!;
    for (const part of ['Deployment shop/es', 'container "main"', image, 'linux/amd64', 'linux/arm64']) expect(line).toContain(part);
    expect(line).not.toContain('unknown');
  });

  it('a nodeSelector or required affinity on kubernetes.io/arch=arm64 lets arm64-only images pass', async () => {
    // The buildx index with a nodeSelector; the single Docker manifest (config says aarch64) with affinity.
    const { dir, env } = await app({
      'es.yaml': deployment('es', images.armOnlyIndex.reference, arm64Selector),
      'arm.yaml': deployment('arm', images.armSingle.reference, affinity(['arm64'])),
    });
    const r = await kustodian(['render', dir], { env });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('affinity that allows amd64 and arm64 needs both; --platform replaces the default', async () => {
    const image = images.armOnlyIndex.reference;
    const both = await app({ 'es.yaml': deployment('es', image, affinity(['amd64', 'arm64'])) });
    const r = await kustodian(['render', both.dir], { env: both.env });
    expect(r.exitCode).toBe(1);
    expect(codes(r.stderr)).toEqual(['IMAGE_PLATFORM_MISSING']);

    const plain = await app({ 'es.yaml': deployment('es', image) });
    expect((await kustodian(['render', plain.dir, '--platform', 'linux/arm64'], { env: plain.env })).exitCode).toBe(0);
    const multi = await kustodian(['render', plain.dir, '--platform', 'linux/amd64,linux/arm64/v8'], { env: plain.env });
    expect(multi.exitCode).toBe(1);
    // The multi-arch index (amd64, arm64/v8, arm/v7) satisfies both, arm64/v8 normalised to arm64.
    const idx = await app({ 'app.yaml': deployment('app', images.multiArchIndex.reference) });
    expect((await kustodian(['render', idx.dir, '--platform', 'linux/amd64,linux/arm64/v8'], { env: idx.env })).exitCode).toBe(0);
  });
});

describe('the lock file', () => {
  let own: RunningRegistry;
  let h: string;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    // A registry of its own: this suite stops it to prove renders are offline.
    own = await startRegistry();
    h = own.host;
    await pushImage({ url: own.url }, 'shop/api', '1.0', { kind: 'oci-manifest', platforms: ['linux/amd64'], seed: 'api' });
    // A tag without the major version: only the image config (PG_MAJOR) tells the PGDATA step it is Postgres 16.
    await pushImage({ url: own.url }, 'library/postgres', 'db', {
      kind: 'oci-index',
      platforms: ['linux/amd64', 'linux/arm64'],
      env: { PG_MAJOR: '16', PGDATA: '/var/lib/postgresql/data' },
      seed: 'db',
    });
    await pushImage({ url: own.url }, 'shop/extra', '2', { kind: 'oci-manifest', platforms: ['linux/amd64'], seed: 'extra' });
    ({ dir, env } = await app({
      'api.yaml': deployment('api', `${h}/shop/api:1.0`),
      'db.yaml': postgres('db', `${h}/library/postgres:db`),
      // The offline test below meets connection refusals; a short retry base spares it seconds of real backoff.
      'kustodian.yaml': 'apiVersion: kustodian.dev/v1alpha1\nkind: Config\nimages: {retryBaseSeconds: 0.01}\n',
    }));
  });

  afterAll(async () => {
    await own?.stop();
  });

  it('pin writes a sorted, schema-valid lock whose digests skopeo confirms; render never writes it', async () => {
    const r = await kustodian(['pin', dir], { env });
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(0);
    const lock = parse(await readFile(path.join(dir, 'kustodian.lock.yaml'), 'utf8')) as Lock;
    expect(lock.kind).toBe('Lock');
    const refs = lock.images.map((e) => e.reference);
    expect(refs).toEqual([`${h}/library/postgres:db`, `${h}/shop/api:1.0`]);
    for (const e of lock.images) expect((await skopeoRaw(e.reference)).digest).toBe(e.digest);
    const db = lock.images[0]!;
    expect(db.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(db.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    // The PGDATA step asked for the Postgres image's config, so the lock records it; nobody asked for api's.
    expect(db.env).toEqual({ 'linux/amd64': { PGDATA: '/var/lib/postgresql/data', PG_MAJOR: '16' } });
    expect(lock.images[1]?.env).toBeUndefined();
    expect((await kustodian(['pin', '--check', dir], { env })).exitCode).toBe(0);
  });

  it('with the registry stopped, locked and resolve renders work from the lock; a new image fails; --check fails on missing and stale', async () => {
    const before = await readFile(path.join(dir, 'kustodian.lock.yaml'), 'utf8');
    await own.stop();
    const fresh = { XDG_CACHE_HOME: path.join(dir, '.cache-offline') }; // no warm cache to lean on
    for (const mode of ['locked', 'resolve']) {
      const r = await kustodian(['render', dir, '--pin', mode], { env: fresh });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      const imgs = docs(r.stdout).map((d) => podSpecOf(d).containers.at(-1)?.image ?? '');
      expect(imgs.every((i) => /@sha256:[0-9a-f]{64}$/.test(i))).toBe(true);
      // The PGDATA step got PG_MAJOR 16 from the lock (the tag says nothing), so it moved PGDATA into a subdirectory.
      const db = docs(r.stdout).find((d) => d.kind === 'StatefulSet')!;
      expect(podSpecOf(db).containers[0]?.env).toContainEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
    }

    // A lock entry that does not record the config the PGDATA step reads: --check says the lock is incomplete.
    const lockFile = path.join(dir, 'kustodian.lock.yaml');
    const withoutEnv = parse(before) as Lock;
    for (const e of withoutEnv.images) delete e.env;
    await writeFile(lockFile, stringify(withoutEnv));
    const incomplete = await kustodian(['pin', '--check', dir], { env: fresh });
    expect(incomplete.exitCode).toBe(1);
    expect(incomplete.stderr).toContain(`incomplete ${h}/library/postgres:db`);
    await writeFile(lockFile, before);

    // An image the lock does not know: locked mode fails with IMAGE_NOT_LOCKED, --check reports it missing.
    await writeFile(path.join(dir, 'extra.yaml'), deployment('extra', `${h}/shop/extra:2`));
    await writeFile(path.join(dir, 'kustomization.yaml'), 'resources:\n- api.yaml\n- db.yaml\n- extra.yaml\n');
    const locked = await kustodian(['render', dir, '--pin', 'locked'], { env: fresh });
    expect(locked.exitCode).toBe(1);
    expect(locked.stdout).toBe('');
    expect(codes(locked.stderr)).toEqual(['IMAGE_NOT_LOCKED']);
    const missing = await kustodian(['pin', '--check', dir], { env: fresh });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(`missing ${h}/shop/extra:2`);

    // An image the render dropped: --check reports the entry stale. Neither check wrote anything.
    await writeFile(path.join(dir, 'kustomization.yaml'), 'resources:\n- api.yaml\n');
    const stale = await kustodian(['pin', '--check', dir], { env: fresh });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain(`stale ${h}/library/postgres:db`);
    expect(await readFile(path.join(dir, 'kustodian.lock.yaml'), 'utf8')).toBe(before);

    // pin itself needs the registry: it fails and leaves the lock alone.
    const pinned = await kustodian(['pin', dir], { env: fresh });
    expect(pinned.exitCode).toBe(1);
    expect(await readFile(path.join(dir, 'kustodian.lock.yaml'), 'utf8')).toBe(before);
  });

  it('a lock that fails its schema is a LOCK_INVALID usage error with a line number', async () => {
    const bad = await app({ 'api.yaml': deployment('api', 'example.invalid/x:1') });
    await writeFile(
      path.join(bad.dir, 'kustodian.lock.yaml'),
      'apiVersion: kustodian.dev/v1alpha1\nkind: Lock\nimages:\n- reference: example.invalid/x:1\n  digest: sha256:nothex\n  mediaType: x\n  platforms: []\n',
    );
    const r = await kustodian(['render', bad.dir, '--pin', 'locked'], { env: bad.env });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/kustodian\.lock\.yaml:5:\d+: .*digest/);
  });
});

describe('warm renders', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(registry.url);
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('a second render within the tag TTL makes zero registry requests (counted by a proxy)', async () => {
    const { dir, env } = await app({
      'a.yaml': deployment('a', `${proxy.host}/demo/app:multi`),
      'b.yaml': deployment('b', `${proxy.host}/demo/postgres:16.4`),
    });
    const cold = await kustodian(['render', dir], { env });
    expect(cold.exitCode).toBe(0);
    expect(proxy.requests).toBeGreaterThan(0);
    const seen = proxy.requests;
    const warm = await kustodian(['render', dir], { env });
    expect(warm.exitCode).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);
    expect(proxy.requests - seen).toBe(0);
  });
});
