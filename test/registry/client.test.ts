import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RegistryCache, RegistryClient, RegistryError, defaultCacheDir, type RegistryClientOptions } from '../../src/registry/index.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { pushImage, pushStandardImages, pushTags, standardImageEntries, type StandardImages } from '../helpers/registry-push.js';
import { skopeoConfig, skopeoInspect, skopeoRaw } from '../helpers/skopeo.js';

let reg: RunningRegistry;
let images: StandardImages;
let cacheRoot: string;

beforeAll(async () => {
  reg = await startRegistry();
  images = await pushStandardImages({ url: reg.url });
  cacheRoot = await mkdtemp(path.join(os.tmpdir(), 'kustodian-cache-test-'));
});
afterAll(async () => {
  await reg?.stop();
  if (cacheRoot) await rm(cacheRoot, { recursive: true, force: true });
});

function client(options: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient({ cache: false, env: {}, ...options });
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return (error as RegistryError).reason;
  }
  return 'resolved';
}

describe('resolve against a real registry', () => {
  it('gives every fixture image the digest skopeo computes from the raw bytes', async () => {
    const c = client();
    for (const [role, img] of standardImageEntries(images)) {
      const [ours, raw] = await Promise.all([c.resolve(img.reference), skopeoRaw(img.reference)]);
      expect(ours.digest, role).toBe(raw.digest);
      expect(ours.digest, role).toBe(img.digest);
      expect(ours.mediaType, role).toBe(img.mediaType);
      expect(ours.size, role).toBe(raw.bytes.length);
      expect(ours.reference).toBe(img.reference);
    }
  });

  it('lists index platforms normalised, without attestations', async () => {
    const c = client();
    expect((await c.resolve(images.multiArchIndex.reference)).platforms).toEqual(['linux/amd64', 'linux/arm/v7', 'linux/arm64']);
    expect((await c.resolve(images.dockerList.reference)).platforms).toEqual(['linux/amd64', 'linux/arm64']);
    // What buildx pushes from a Mac: an index whose only runnable entry is arm64.
    expect((await c.resolve(images.armOnlyIndex.reference)).platforms).toEqual(['linux/arm64']);
    // skopeo picks the same children for each arch, and finds no amd64 image in the arm64-only index.
    const arm = await skopeoInspect(images.multiArchIndex.reference, { arch: 'arm64', os: 'linux' });
    expect(arm.Architecture).toBe('arm64');
    await expect(skopeoInspect(images.armOnlyIndex.reference, { arch: 'amd64', os: 'linux' })).rejects.toThrow(
      /no image found|choosing image/i,
    );
  });

  it('reads a single manifest platform from its config blob (aarch64 → arm64)', async () => {
    const c = client();
    expect((await c.resolve(images.armSingle.reference)).platforms).toEqual(['linux/arm64']);
    expect((await c.resolve(images.amd64Single.reference)).platforms).toEqual(['linux/amd64']);
    const cfg = await skopeoConfig(images.armSingle.reference);
    expect(cfg.architecture).toBe('aarch64');
  });

  it('reads image config env, for an index through the child of the platform', async () => {
    const c = client();
    const pg = await c.resolve(images.amd64Single.reference);
    const cfg = await c.imageConfig(images.amd64Single.reference, pg.digest, 'linux/amd64');
    expect(cfg).toMatchObject({ os: 'linux', architecture: 'amd64', env: { PG_MAJOR: '16', PGDATA: '/var/lib/postgresql/data' } });
    const sk = await skopeoConfig(images.amd64Single.reference);
    expect(sk.config?.Env).toContain('PG_MAJOR=16');

    const multi = await c.resolve(images.multiArchIndex.reference);
    const armCfg = await c.imageConfig(images.multiArchIndex.reference, multi.digest, 'linux/arm64/v8');
    expect(armCfg).toMatchObject({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(
      await reason(c.imageConfig(images.armOnlyIndex.reference, (await c.resolve(images.armOnlyIndex.reference)).digest, 'linux/amd64')),
    ).toBe('not-found');
  });

  it('verifies a reference that already carries a digest, and keeps its spelling', async () => {
    const c = client();
    const ref = `${images.dockerList.reference}@${images.dockerList.digest}`;
    const r = await c.resolve(ref);
    expect(r).toMatchObject({ reference: ref, digest: images.dockerList.digest });
    // A digest the repository does not hold is not found, even when the tag exists.
    const child = images.dockerList.children[0]!.digest.replace(/.$/, (ch) => (ch === '0' ? '1' : '0'));
    expect(await reason(c.resolve(`${images.dockerList.reference}@${child}`))).toBe('not-found');
  });

  it('does not accept a digest for a repository that does not hold it, however warm the cache', async () => {
    const dir = path.join(cacheRoot, 'repo-digest');
    const img = images.multiArchIndex;
    const warm = client({ cache: new RegistryCache({ dir }) });
    await warm.resolve(img.reference);
    // Same client (memory) and a new one (disk): the digest is known, the repository is not.
    expect(await reason(warm.resolve(`${reg.host}/does/not-exist@${img.digest}`))).toBe('not-found');
    const fresh = client({ cache: new RegistryCache({ dir }) });
    expect(await reason(fresh.resolve(`${reg.host}/does/not-exist@${img.digest}`))).toBe('not-found');
    expect(fresh.stats.requests).toBeGreaterThan(0);
    // The repository that did answer for that digest is served from the cache with zero requests.
    const again = client({ cache: new RegistryCache({ dir }) });
    expect((await again.resolve(`${reg.host}/${img.repository}@${img.digest}`)).digest).toBe(img.digest);
    expect(again.stats.requests).toBe(0);
  });

  it('reports missing tags and repositories as not-found', async () => {
    const c = client();
    expect(await reason(c.resolve(`${reg.host}/demo/app:nope`))).toBe('not-found');
    expect(await reason(c.resolve(`${reg.host}/no/such:1`))).toBe('not-found');
    expect(await reason(c.resolve('Not A Reference'))).toBe('invalid');
  });

  it('shares one lookup between concurrent identical requests', async () => {
    const single = client();
    await single.resolve(images.multiArchIndex.reference);
    const many = client();
    const results = await Promise.all(Array.from({ length: 20 }, () => many.resolve(images.multiArchIndex.reference)));
    expect(new Set(results.map((r) => r.digest)).size).toBe(1);
    expect(many.stats.requests).toBe(single.stats.requests);
  });
});

describe('disk cache', () => {
  it('makes a warm run send zero requests, and a stale tag only a HEAD', async () => {
    const dir = path.join(cacheRoot, 'warm');
    const refs = standardImageEntries(images).map(([, i]) => i.reference);
    const cold = client({ cache: new RegistryCache({ dir }) });
    const first = await Promise.all(refs.map((r) => cold.resolve(r)));
    expect(cold.stats.requests).toBeGreaterThan(0);

    const warm = client({ cache: new RegistryCache({ dir }) });
    const second = await Promise.all(refs.map((r) => warm.resolve(r)));
    expect(second.map((r) => r.digest)).toEqual(first.map((r) => r.digest));
    expect(second.every((r) => r.cached)).toBe(true);
    expect(warm.stats.requests).toBe(0);
    // Image configs of cached digests come from the cache too.
    await warm.imageConfig(images.amd64Single.reference, images.amd64Single.digest, 'linux/amd64');
    expect(warm.stats.requests).toBe(0);

    // Past the TTL the tag is asked again (one HEAD each); the digest facts never expire.
    const later = client({ cache: new RegistryCache({ dir, now: () => Date.now() + 301_000 }) });
    await Promise.all(refs.map((r) => later.resolve(r)));
    expect(later.stats.requests).toBe(refs.length);
  });

  it('GETs a tag no cache has seen without a HEAD, and HEADs first a tag whose entry expired', async () => {
    // Counted at a proxy in front of the real registry: which requests, in which order, for each repository.
    const front = await startFaultProxy(reg.url);
    try {
      const dir = path.join(cacheRoot, 'head-or-get');
      const index = images.multiArchIndex;
      const single = images.amd64Single;
      const moving = await pushImage({ url: reg.url }, 'demo/head-or-get', 'v1', {
        kind: 'docker-manifest',
        platforms: ['linux/amd64'],
        seed: 'one',
      });
      const via = (img: { reference: string }): string => img.reference.replace(reg.host, front.host);
      const calls = (repository: string): string[] =>
        front.log
          .filter((l) => l.path.startsWith(`/v2/${repository}/`))
          .map((l) => `${l.method} ${l.path.replace(`/v2/${repository}/`, '').replace(/sha256:[0-9a-f]{64}/, '<digest>')}`);
      const expectResolved = (r: { digest: string }, img: { digest: string }): void => {
        expect(r.digest).toBe(img.digest);
      };

      // Cold (empty disk cache): an index is one GET by tag; a single manifest that GET plus its config blob.
      const cold = client({ cache: new RegistryCache({ dir }) });
      expectResolved(await cold.resolve(via(index)), index);
      expectResolved(await cold.resolve(via(single)), single);
      expectResolved(await cold.resolve(via(moving)), moving);
      expect(calls(index.repository)).toEqual([`GET manifests/${index.tag}`]);
      expect(calls(single.repository)).toEqual([`GET manifests/${single.tag}`, 'GET blobs/<digest>']);
      expect(cold.stats.requests).toBe(5);

      // No cache at all is cold too.
      front.clear();
      const none = client();
      expectResolved(await none.resolve(via(index)), index);
      expect(calls(index.repository)).toEqual([`GET manifests/${index.tag}`]);

      // Expired entries: a HEAD each confirms the digest, whose facts the cache still has.
      front.clear();
      const later = () => client({ cache: new RegistryCache({ dir, now: () => Date.now() + 301_000 }) });
      const expired = later();
      expectResolved(await expired.resolve(via(index)), index);
      expectResolved(await expired.resolve(via(single)), single);
      expect(calls(index.repository)).toEqual([`HEAD manifests/${index.tag}`]);
      expect(calls(single.repository)).toEqual([`HEAD manifests/${single.tag}`]);
      expect(expired.stats.requests).toBe(2);

      // An expired tag that moved: HEAD, then GET by the new digest (never by tag) and the new config.
      const moved = await pushImage({ url: reg.url }, 'demo/head-or-get', 'v1', {
        kind: 'docker-manifest',
        platforms: ['linux/arm64'],
        seed: 'two',
      });
      front.clear();
      const after = later();
      expect(await after.resolve(via(moved))).toMatchObject({ digest: moved.digest, platforms: ['linux/arm64'] });
      expect(calls('demo/head-or-get')).toEqual(['HEAD manifests/v1', 'GET manifests/<digest>', 'GET blobs/<digest>']);

      // Tag caching off (TTL 0): nothing tells a new tag from a known one, so every tag is HEADed first.
      front.clear();
      const ttl0 = client({ cache: new RegistryCache({ dir, tagTtlSeconds: 0 }) });
      expectResolved(await ttl0.resolve(via(index)), index);
      expect(calls(index.repository)).toEqual([`HEAD manifests/${index.tag}`]);
    } finally {
      await front.stop();
    }
  });

  it('sees a moved tag once the TTL passes', async () => {
    const dir = path.join(cacheRoot, 'moved');
    await pushImage({ url: reg.url }, 'demo/moving', 'v1', { kind: 'oci-manifest', platforms: ['linux/arm64'], seed: 'a' });
    const a = await client({ cache: new RegistryCache({ dir }) }).resolve(`${reg.host}/demo/moving:v1`);
    const moved = await pushImage({ url: reg.url }, 'demo/moving', 'v1', { kind: 'oci-manifest', platforms: ['linux/amd64'], seed: 'b' });
    const fresh = await client({ cache: new RegistryCache({ dir }) }).resolve(`${reg.host}/demo/moving:v1`);
    expect(fresh.digest).toBe(a.digest);
    const expired = await client({ cache: new RegistryCache({ dir, now: () => Date.now() + 301_000 }) }).resolve(
      `${reg.host}/demo/moving:v1`,
    );
    expect(expired).toMatchObject({ digest: moved.digest, platforms: ['linux/amd64'] });
    expect(expired.digest).toBe((await skopeoRaw(`${reg.host}/demo/moving:v1`)).digest);
  });

  it('never leaves a torn or temporary file under concurrent writers', async () => {
    const dir = path.join(cacheRoot, 'race');
    const digest = `sha256:${'c'.repeat(64)}`;
    const entry = { mediaType: 'x', size: 1, platforms: Array.from({ length: 2000 }, (_, i) => `linux/p${i}`) };
    // Eight writers flush at once while fresh readers load the packs: a reader finds the whole entry or none.
    const reads: Promise<unknown>[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const c = new RegistryCache({ dir });
        await c.setManifest(digest, { ...entry, size: i });
        const flushed = c.flush();
        for (let k = 0; k < 5; k++) reads.push(new RegistryCache({ dir }).getManifest(digest));
        await flushed;
      }),
    );
    for (const r of await Promise.all(reads)) if (r !== undefined) expect((r as { platforms: string[] }).platforms).toHaveLength(2000);
    const files = await readdir(path.join(dir, 'v2', 'packs'));
    expect(files.filter((f) => !f.endsWith('.json'))).toEqual([]);
    expect(files).toHaveLength(8);
    for (const f of files)
      expect(
        (JSON.parse(await readFile(path.join(dir, 'v2', 'packs', f), 'utf8')) as { manifests: Record<string, { platforms: string[] }> })
          .manifests[digest]?.platforms,
      ).toHaveLength(2000);
    expect((await new RegistryCache({ dir }).getManifest(digest))?.platforms).toHaveLength(2000);
  });

  it('writes one pack per burst of lookups, merges many packs into one, and skips a pack that does not parse', async () => {
    const dir = path.join(cacheRoot, 'packs');
    const packs = path.join(dir, 'v2', 'packs');
    const refs = standardImageEntries(images).map(([, i]) => i.reference);
    const cold = client({ cache: new RegistryCache({ dir }) });
    await Promise.all(refs.map((r) => cold.resolve(r)));
    expect(await readdir(packs)).toHaveLength(1);
    // A garbage pack (not JSON) and a pack whose entries have the wrong shape cost nothing but a miss.
    await writeFile(path.join(packs, '0-garbage.json'), '{"tags": {"x": ');
    const tagKey = `${reg.host}/${images.amd64Single.repository}:${images.amd64Single.tag}`;
    await writeFile(path.join(packs, '1-wrong.json'), JSON.stringify({ tags: { [tagKey]: { digest: 'sha256:nope', at: Date.now() } } }));
    const warm = client({ cache: new RegistryCache({ dir }) });
    expect((await Promise.all(refs.map((r) => warm.resolve(r)))).map((r) => r.digest)).toEqual(
      standardImageEntries(images).map(([, i]) => i.digest),
    );
    expect(warm.stats.requests).toBe(0);
    // Sixteen packs (the cold one, the two above, thirteen written one after another), then a flush merges them all.
    const many = new RegistryCache({ dir });
    for (let i = 0; i < 13; i++) {
      const c = new RegistryCache({ dir });
      await c.setRepoDigest(`r/x@sha256:${String(i).padStart(64, '0')}`);
      await c.flush();
    }
    expect(await readdir(packs)).toHaveLength(16);
    await many.setRepoDigest(`r/x@sha256:${'f'.repeat(64)}`);
    await many.flush();
    expect(await readdir(packs)).toHaveLength(1);
    const merged = new RegistryCache({ dir });
    expect(await merged.hasRepoDigest(`r/x@sha256:${'0'.repeat(63)}9`)).toBe(true);
    expect(await merged.hasRepoDigest(`r/x@sha256:${'f'.repeat(64)}`)).toBe(true);
    expect((await merged.getTag(tagKey))?.digest).toBe(images.amd64Single.digest);
  });

  it('a merge forgets tag answers a month old and removes temp files a crashed writer left, and keeps digest facts', async () => {
    const dir = path.join(cacheRoot, 'forget');
    const packs = path.join(dir, 'v2', 'packs');
    await mkdir(packs, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const day = 24 * 3600 * 1000;
    const now = Date.now();
    const digest = `sha256:${'a'.repeat(64)}`;
    const tag = (age: number) => ({ digest, mediaType: 'application/vnd.oci.image.index.v1+json', at: now - age * day });
    await writeFile(
      path.join(packs, '0-old.json'),
      JSON.stringify({
        tags: { 'r.example/old:1': tag(31), 'r.example/recent:1': tag(29) },
        repos: { [`r.example/old@${digest}`]: { at: now - 400 * day } },
      }),
    );
    for (let i = 1; i < 16; i++)
      await writeFile(
        path.join(packs, `${i}-filler.json`),
        JSON.stringify({ repos: { [`r/x@sha256:${String(i).padStart(64, '0')}`]: { at: now } } }),
      );
    const hourAgo = new Date(now - 2 * 3600 * 1000);
    await writeFile(path.join(packs, '9-crashed.tmp'), '{"tags": {');
    await utimes(path.join(packs, '9-crashed.tmp'), hourAgo, hourAgo);
    await writeFile(path.join(packs, '9-writing.tmp'), '{"tags": {');
    const cache = new RegistryCache({ dir, tagTtlSeconds: 1 });
    // Both still count as seen (expired: HEAD first) before the merge.
    expect(await cache.lookupTag('r.example/old:1')).toEqual({ state: 'expired' });
    await cache.setRepoDigest(`r/x@sha256:${'f'.repeat(64)}`);
    await cache.flush();
    expect((await readdir(packs)).sort()).toEqual([expect.stringMatching(/\.json$/), '9-writing.tmp']);
    const merged = new RegistryCache({ dir, tagTtlSeconds: 1 });
    expect(await merged.lookupTag('r.example/old:1')).toEqual({ state: 'absent' });
    expect(await merged.lookupTag('r.example/recent:1')).toEqual({ state: 'expired' });
    expect(await merged.hasRepoDigest(`r.example/old@${digest}`)).toBe(true);
  });

  it('skips a pack over the size limit, or one that is not text', async () => {
    const dir = path.join(cacheRoot, 'bounded');
    const packs = path.join(dir, 'v2', 'packs');
    await mkdir(packs, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const marker = (n: number) => `r/x@sha256:${String(n).padStart(64, '0')}`;
    const pack = (n: number, pad = '') => JSON.stringify({ repos: { [marker(n)]: { at: 1, pad } } });
    await writeFile(path.join(packs, '1.json'), pack(1));
    await writeFile(path.join(packs, '2.json'), pack(2, 'x'.repeat(2000)));
    await writeFile(path.join(packs, '4.json'), Buffer.concat([Buffer.from(pack(4)), Buffer.from([0])]));
    const cache = new RegistryCache({ dir, maxPackBytes: 1000 });
    expect(await cache.hasRepoDigest(marker(1))).toBe(true);
    expect(await cache.hasRepoDigest(marker(2))).toBe(false);
    expect(await cache.hasRepoDigest(marker(4))).toBe(false);
    expect(await new RegistryCache({ dir }).hasRepoDigest(marker(2))).toBe(true);
  });

  it('lives in XDG_CACHE_HOME, else TMPDIR', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(path.join('/x', 'kustodian'));
    expect(defaultCacheDir({ TMPDIR: '/t' })).toBe(path.join('/t', `kustodian-cache-${process.getuid!()}`));
    expect(defaultCacheDir({ KUSTODIAN_CACHE_DIR: '/k', XDG_CACHE_HOME: '/x' })).toBe('/k');
  });
});

describe('a cache directory someone else could write is never used', () => {
  // Another local user who can write the cache chooses what gets pinned: pre-seed a tag entry, then show it is ignored.
  async function seededAndIgnored(dir: string): Promise<void> {
    const img = images.amd64Single;
    const key = `${reg.host}/${img.repository}:${img.tag}`;
    const planted = `sha256:${'e'.repeat(64)}`;
    const planter = new RegistryCache({ dir: path.join(cacheRoot, 'planter') });
    await planter.setTag(key, { digest: planted, mediaType: img.mediaType });
    await planter.flush();
    await mkdir(path.join(dir, 'v2'), { recursive: true });
    await rm(path.join(dir, 'v2', 'packs'), { recursive: true, force: true });
    const { cp } = await import('node:fs/promises');
    await cp(path.join(cacheRoot, 'planter', 'v2', 'packs'), path.join(dir, 'v2', 'packs'), { recursive: true });
    expect(await new RegistryCache({ dir: path.join(cacheRoot, 'planter') }).getTag(key)).toMatchObject({ digest: planted });
    const cache = new RegistryCache({ dir });
    expect(await cache.usable()).toBe(false);
    expect(await cache.getTag(key)).toBeUndefined();
    const c = client({ cache });
    expect((await c.resolve(img.reference)).digest).toBe(img.digest);
    expect(c.stats.requests).toBeGreaterThan(0);
    // Nothing was written there either.
    expect(await readdir(path.join(dir, 'v2'))).toEqual(['packs']);
    expect(await readdir(path.join(dir, 'v2', 'packs'))).toEqual(await readdir(path.join(cacheRoot, 'planter', 'v2', 'packs')));
  }

  it('ignores a world-writable directory', async () => {
    const dir = path.join(cacheRoot, 'world');
    await mkdir(dir);
    await chmod(dir, 0o777);
    await seededAndIgnored(dir);
    // The same directory, made private, is used.
    await chmod(dir, 0o700);
    expect(await new RegistryCache({ dir }).usable()).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)('ignores a directory owned by another user (run as root)', async () => {
    const dir = path.join(cacheRoot, 'theirs');
    await mkdir(dir, { mode: 0o755 });
    await chown(dir, 65534, 65534);
    await seededAndIgnored(dir);
    expect((await stat(dir)).uid).toBe(65534);
  });

  it('ignores a symlink, and creates a missing directory 0700', async () => {
    const real = path.join(cacheRoot, 'real');
    await mkdir(real, { mode: 0o700 });
    const link = path.join(cacheRoot, 'link');
    await symlink(real, link);
    expect(await new RegistryCache({ dir: link }).usable()).toBe(false);
    const fresh = path.join(cacheRoot, 'fresh');
    expect(await new RegistryCache({ dir: fresh }).usable()).toBe(true);
    expect((await stat(fresh)).mode & 0o777).toBe(0o700);
  });
});

describe('many tags', () => {
  it('resolves 16 distinct tags concurrently, each to the digest skopeo sees', async () => {
    const pushed = await pushTags({ url: reg.url }, 'demo/many', 16);
    const c = client();
    const resolved = await Promise.all(pushed.map((p) => c.resolve(p.reference)));
    expect(resolved.map((r) => r.digest)).toEqual(pushed.map((p) => p.digest));
    expect(new Set(resolved.map((r) => r.digest)).size).toBe(16);
    for (let i = 0; i < pushed.length; i += 8) {
      const batch = pushed.slice(i, i + 8);
      const theirs = await Promise.all(batch.map((p) => skopeoRaw(p.reference)));
      expect(theirs.map((t) => t.digest)).toEqual(resolved.slice(i, i + 8).map((r) => r.digest));
    }
  });
});
