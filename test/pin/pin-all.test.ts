/**
 * `kustodian pin --all ROOT` against a real docker-registry on loopback: every leaf overlay gets its lock in one
 * process, one overlay failing leaves the others pinned, and overlays share the registry client (an image two
 * overlays use costs its requests once, counted by a proxy in front of the real registry).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { kustodian } from '../helpers/cli.js';
import { deployment, postgres } from '../helpers/workloads.js';
import { startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { pushImage, pushStandardImages } from '../helpers/registry-push.js';
import { skopeoRaw } from '../helpers/skopeo.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';

let work: string;
let registry: RunningRegistry;
let proxy: FaultProxy;

/** base (two images), overlays/a (the base), overlays/b (the base and one more image), a component, and a broken overlay. */
async function tree(root: string, h: string, withBroken: boolean): Promise<void> {
  const files: Record<string, string> = {
    'base/kustomization.yaml': 'resources:\n- api.yaml\n- db.yaml\n',
    'base/api.yaml': deployment('api', `${h}/demo/app:multi`),
    'base/db.yaml': deployment('db', `${h}/demo/postgres:16.4`),
    'components/extra/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- tools.yaml\n',
    'components/extra/tools.yaml': deployment('tools', `${h}/demo/list:1.0`),
    'overlays/a/kustomization.yaml': 'resources:\n- ../../base\nnamePrefix: a-\n',
    'overlays/b/kustomization.yaml': 'resources:\n- ../../base\ncomponents:\n- ../../components/extra\nnamePrefix: b-\n',
  };
  if (withBroken) {
    files['overlays/broken/kustomization.yaml'] = 'resources:\n- gone.yaml\n';
    files['overlays/broken/gone.yaml'] = deployment('gone', `${h}/demo/app:no-such-tag`);
  }
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}

const lockOf = (dir: string) => readFile(path.join(dir, 'kustodian.lock.yaml'), 'utf8');
let caches = 0;
/** A fresh, empty registry cache: requests counted are the client's own, not the disk cache's savings. */
const fresh = () => ({ XDG_CACHE_HOME: path.join(work, `cache-${++caches}`) });

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kustodian-pin-all-'));
  registry = await startRegistry();
  await pushStandardImages({ url: registry.url });
  await pushImage({ url: registry.url }, 'library/postgres', '16', {
    kind: 'oci-index',
    platforms: ['linux/amd64', 'linux/arm64'],
    env: { PG_MAJOR: '16', PGDATA: '/var/lib/postgresql/data' },
    seed: 'pg16',
  });
  proxy = await startFaultProxy(registry.url);
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('kustodian pin', () => {
  it('reads image configs only for the images the PGDATA step asks about, and records them in the lock', async () => {
    const dir = path.join(work, 'configs');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'api.yaml'), deployment('api', `${proxy.host}/demo/app:multi`));
    await writeFile(path.join(dir, 'db.yaml'), postgres('db', `${proxy.host}/library/postgres:16`));
    await writeFile(path.join(dir, 'kustomization.yaml'), 'resources:\n- api.yaml\n- db.yaml\n');
    proxy.clear();
    const r = await kustodian(['pin', dir], { env: fresh() });
    expect(r.exitCode, r.stderr).toBe(0);
    const seen = (repo: string) =>
      proxy.log.filter((e) => e.path.startsWith(`/v2/${repo}/`)).map((e) => `${e.method} ${e.path.replace(`/v2/${repo}/`, '')}`);
    // The multi-arch app image: its index by tag (a cold cache: no HEAD), nothing more (no child manifest, no config blob).
    expect(seen('demo/app')).toEqual(['GET manifests/multi']);
    // The Postgres image: also the amd64 child manifest and its config blob, for PG_MAJOR and PGDATA.
    expect(seen('library/postgres').filter((x) => x.startsWith('GET blobs/'))).toHaveLength(1);
    const lock = parse(await lockOf(dir)) as { images: { reference: string; env?: unknown }[] };
    expect(lock.images.map((e) => [e.reference, e.env])).toEqual([
      [`${proxy.host}/demo/app:multi`, undefined],
      [`${proxy.host}/library/postgres:16`, { 'linux/amd64': { PGDATA: '/var/lib/postgresql/data', PG_MAJOR: '16' } }],
    ]);
  });
});

describe('kustodian pin --all', () => {
  it('locks every leaf overlay (not the base, not the component), matching skopeo; a broken overlay fails alone', async () => {
    const root = path.join(work, 'mono');
    await tree(root, proxy.host, true);
    const r = await kustodian(['pin', '--all', root], { env: fresh() });
    expect(r.stdout).toBe('');
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/IMAGE_RESOLVE_FAILED|IMAGE_NOT_FOUND/);
    expect(r.stderr).toContain(`pin failed; ${path.join(root, 'overlays', 'broken', 'kustodian.lock.yaml')} was not written`);
    expect(existsSync(path.join(root, 'overlays', 'broken', 'kustodian.lock.yaml'))).toBe(false);
    expect(existsSync(path.join(root, 'base', 'kustodian.lock.yaml'))).toBe(false);
    expect(existsSync(path.join(root, 'components', 'extra', 'kustodian.lock.yaml'))).toBe(false);
    const a = parse(await lockOf(path.join(root, 'overlays', 'a'))) as { images: { reference: string; digest: string }[] };
    const b = parse(await lockOf(path.join(root, 'overlays', 'b'))) as { images: { reference: string; digest: string }[] };
    expect(a.images.map((e) => e.reference)).toEqual([`${proxy.host}/demo/app:multi`, `${proxy.host}/demo/postgres:16.4`]);
    expect(b.images.map((e) => e.reference)).toEqual([
      `${proxy.host}/demo/app:multi`,
      `${proxy.host}/demo/list:1.0`,
      `${proxy.host}/demo/postgres:16.4`,
    ]);
    for (const e of b.images) expect((await skopeoRaw(e.reference.replace(proxy.host, registry.host))).digest).toBe(e.digest);
    expect(r.stderr).toContain(`wrote ${path.join(root, 'overlays', 'a', 'kustodian.lock.yaml')}: 2 images (2 added, 0 changed, 0 pruned)`);

    // --check --all: offline over the same tree; the broken overlay lacks a lock, the others are up to date.
    const check = await kustodian(['pin', '--check', '--all', root], { env: fresh() });
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain(`missing ${proxy.host}/demo/app:no-such-tag`);
    expect(check.stderr).toContain(`${path.join(root, 'overlays', 'a', 'kustodian.lock.yaml')} is up to date (2 images)`);
    expect(check.stderr).toContain(`${path.join(root, 'overlays', 'b', 'kustodian.lock.yaml')} is up to date (3 images)`);
  });

  it('shares the registry client: two overlays cost the requests of the larger alone, and give the same locks as pinning each', async () => {
    const root = path.join(work, 'shared');
    await tree(root, proxy.host, false);
    const single = path.join(work, 'single');
    await cp(root, single, { recursive: true });

    // No tag answers on disk (TTL 0), and one overlay at a time: only a shared client can spare b the tags a resolved.
    // The separate pins even share one disk cache (manifests, configs); --all starts from an empty one.
    const config = path.join(work, 'no-tag-cache.yaml');
    await writeFile(config, 'apiVersion: kustodian.dev/v1alpha1\nkind: Config\nimages:\n  tagTTLSeconds: 0\n');
    const env = fresh();
    let before = proxy.requests;
    for (const leaf of ['a', 'b'])
      expect((await kustodian(['pin', path.join(single, 'overlays', leaf), '--config', config], { env })).exitCode).toBe(0);
    const separate = proxy.requests - before;
    before = proxy.requests;
    expect((await kustodian(['pin', path.join(single, 'overlays', 'b'), '--config', config], { env: fresh() })).exitCode).toBe(0);
    const largest = proxy.requests - before;

    before = proxy.requests;
    const r = await kustodian(['pin', '--all', root, '--jobs', '1', '--config', config], { env: fresh() });
    expect(r.exitCode, r.stderr).toBe(0);
    const together = proxy.requests - before;
    expect(together).toBe(largest);
    expect(together).toBeLessThan(separate);
    for (const leaf of ['a', 'b'])
      expect(await lockOf(path.join(root, 'overlays', leaf))).toBe(await lockOf(path.join(single, 'overlays', leaf)));
  });

  it('usage: a directory and --all together, --jobs without --all, a root without kustomizations', async () => {
    const empty = path.join(work, 'empty');
    await mkdir(empty, { recursive: true });
    for (const args of [
      ['pin', '--all', empty],
      ['pin', '--all', work, 'x'],
      ['pin', '--jobs', '2', '.'],
      ['pin', '--all', work, '--jobs', '0'],
    ]) {
      const r = await kustodian(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});
