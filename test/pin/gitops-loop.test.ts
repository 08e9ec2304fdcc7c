/**
 * The incident's GitOps loop against a real docker-registry on loopback: Image Updater's and Renovate's writes
 * (exactly as the tools write them) into a copy of examples/giftify/overlays/prod in a git repository, rendered
 * with `--pin locked` and `--offline`, and a tag re-pushed in the registry caught by `pin --check --remote`.
 * Digests are cross-checked with skopeo; nothing mocks the registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { kustodian } from '../helpers/cli.js';
import { git } from '../helpers/snapshot.js';
import { giftifyRepo, imageUpdaterDigest, imageUpdaterTag, pushGiftifyImages, renovatePinDigest } from '../helpers/image-updaters.js';
import { freePort, startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { pushImage, type PushedImage } from '../helpers/registry-push.js';
import { skopeoRaw } from '../helpers/skopeo.js';
import { readLock } from '../../src/index.js';
import { parseManifestStream } from '../helpers/manifests.js';

let work: string;
let storage: string;
let port: number;
let registry: RunningRegistry | undefined;
/** The example's images, by `repository:tag`. */
let pushed: Map<string, PushedImage>;
let host: string;

async function registryUp(): Promise<void> {
  registry ??= await startRegistry({ port, storageDir: storage });
}
async function registryDown(): Promise<void> {
  await registry?.stop();
  registry = undefined;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kustodian-gitops-loop-'));
  storage = path.join(work, 'registry-data');
  await mkdir(storage);
  port = await freePort();
  host = `127.0.0.1:${port}`;
  await registryUp();
  pushed = await pushGiftifyImages(registry!.url);
});

afterAll(async () => {
  await registryDown();
  if (work) await rm(work, { recursive: true, force: true });
});

let counter = 0;
/** A fresh copy of the prod overlay in its own git repository, its lock written by `kustodian pin` and committed. */
async function repo(): Promise<{ root: string; prod: string; kustomization: string; env: Record<string, string> }> {
  const { root, prod } = await giftifyRepo(path.join(work, `repo-${++counter}`), host);
  const env = { XDG_CACHE_HOME: path.join(work, `cache-${counter}`) };
  const pinned = await kustodian(['pin', prod], { env });
  expect(pinned.exitCode, pinned.stderr).toBe(0);
  await git(root, ['add', '-A']);
  await git(root, ['commit', '-q', '-m', 'lock']);
  return { root, prod, kustomization: path.join(prod, 'kustomization.yaml'), env };
}

async function commit(root: string, message: string): Promise<void> {
  await git(root, ['commit', '-q', '-am', message]);
}

function images(stream: string): (string | undefined)[] {
  return parseManifestStream(stream).flatMap((d) =>
    [...(d.spec?.template?.spec?.initContainers ?? []), ...(d.spec?.template?.spec?.containers ?? [])].map((c) => c.image),
  );
}

function codes(stderr: string): string[] {
  return [...new Set([...stderr.matchAll(/^(?:error|warning) ([A-Z_]+)/gm)].map((m) => m[1]!))].sort();
}

const image = (key: string) => pushed.get(key)!;

/** A repository where Image Updater's digest strategy, following `latest` of the api-server, has committed its write. */
async function imageUpdaterFollowsLatest() {
  const r = await repo();
  const latest = image('giftify/api-server:latest');
  await imageUpdaterDigest(r.kustomization, {
    name: 'giftify/api-server',
    newName: `${host}/giftify/api-server`,
    newTag: 'latest',
    digest: latest.digest,
  });
  await commit(r.root, 'build: automatic update of giftify/api-server');
  return { r, latest };
}

describe('a digest in Git renders under --pin locked without a lock entry', () => {
  it("Image Updater's digest strategy (newTag plus digest): passes and pins that digest", async () => {
    const { r, latest } = await imageUpdaterFollowsLatest();
    const text = await readFile(r.kustomization, 'utf8');
    expect(text).toContain(`  newTag: latest\n  digest: ${latest.digest}\n`);

    const out = await kustodian(['render', r.prod, '--pin', 'locked'], { env: r.env });
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    const ref = `${host}/giftify/api-server:latest@${latest.digest}`;
    expect(images(out.stdout)).toContain(ref);
    // skopeo takes a tag or a digest, not both: the tag must serve the digest Image Updater wrote.
    expect((await skopeoRaw(`${host}/giftify/api-server:latest`)).digest).toBe(latest.digest);
    // The lock lacks the reference: the facts came from the registry by digest, not from an entry for the tag.
    expect((await readLock(r.prod))!.images.map((e) => e.reference)).not.toContain(ref);
  });

  it("Renovate's pinDigests (newTag: tag@sha256:…): passes and pins that digest, the tag's lock entry supplying the facts", async () => {
    const r = await repo();
    const api = image('giftify/api-server:1.4.2');
    await renovatePinDigest(r.kustomization, 'giftify/api-server', api.digest);
    await commit(r.root, 'chore(deps): pin giftify/api-server');
    expect(await readFile(r.kustomization, 'utf8')).toContain(`newTag: 1.4.2@${api.digest}\n`);
    // The registry is not needed: the lock records this digest for the same repository (its 1.4.2 entry).
    const out = await kustodian(['render', r.prod, '--pin', 'locked'], {
      env: { XDG_CACHE_HOME: path.join(work, 'empty-cache-renovate') },
    });
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    expect(images(out.stdout)).toContain(`${host}/giftify/api-server:1.4.2@${api.digest}`);
  });

  it('a written digest whose image is arm64 only fails the amd64 platform check, as a locked tag would', async () => {
    const r = await repo();
    const arm = image('giftify/elasticsearch:8.15.0-arm64');
    await renovatePinDigest(r.kustomization, 'giftify/elasticsearch', arm.digest, '8.15.0-arm64');
    await commit(r.root, 'chore(deps): update giftify/elasticsearch');
    const out = await kustodian(['render', r.prod, '--pin', 'locked'], { env: r.env });
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    expect(codes(out.stderr)).toEqual(['IMAGE_PLATFORM_MISSING']);
    expect(out.stderr).toContain(`${host}/giftify/elasticsearch:8.15.0-arm64@${arm.digest}`);
    expect(out.stderr).toMatch(/lacks linux\/amd64/);
  });

  it('a tag strategy write (newTag only) stays IMAGE_NOT_LOCKED until `kustodian pin`, which then also records digest-written references', async () => {
    const r = await repo();
    await imageUpdaterTag(r.kustomization, { name: 'giftify/api-server', newName: `${host}/giftify/api-server`, newTag: 'latest' });
    const pg = image('library/postgres:16.4');
    await renovatePinDigest(r.kustomization, 'postgres', pg.digest);
    await commit(r.root, 'automatic updates');
    const before = await kustodian(['render', r.prod, '--pin', 'locked'], { env: r.env });
    expect(before.exitCode).toBe(1);
    expect(codes(before.stderr)).toEqual(['IMAGE_NOT_LOCKED']);
    expect(before.stderr).toContain(`${host}/giftify/api-server:latest`);

    const pinned = await kustodian(['pin', r.prod], { env: r.env });
    expect(pinned.exitCode, pinned.stderr).toBe(0);
    const lock = (await readLock(r.prod))!;
    const digestRef = lock.images.find((e) => e.reference === `${host}/library/postgres:16.4@${pg.digest}`);
    expect(digestRef?.digest).toBe(pg.digest);
    // The pgdata step asked for its config, so the lock records it for the digest-written reference as well.
    expect(digestRef?.env?.['linux/amd64']?.PG_MAJOR).toBe('16');
    expect(lock.images.find((e) => e.reference === `${host}/giftify/api-server:latest`)?.digest).toBe(
      image('giftify/api-server:latest').digest,
    );
    const after = await kustodian(['render', r.prod, '--pin', 'locked'], { env: r.env });
    expect(after.stderr).toBe('');
    expect(after.exitCode).toBe(0);
  });
});

describe('--offline: only the lock and the manifests', () => {
  it('fails IMAGE_NOT_LOCKED on a digest the lock has no facts for with the registry stopped (cache or not), and passes after `kustodian pin`', async () => {
    const { r, latest } = await imageUpdaterFollowsLatest();
    // Online, the digest's facts are read once and cached without expiry.
    const warm = await kustodian(['render', r.prod, '--pin', 'locked'], { env: r.env });
    expect(warm.exitCode, warm.stderr).toBe(0);
    try {
      await registryDown();
      const cached = await kustodian(['render', r.prod, '--pin', 'locked'], { env: r.env });
      expect(cached.stderr).toBe('');
      expect(cached.stdout).toBe(warm.stdout);

      // Offline reads no cache either, though this one holds the facts: the lock alone must be enough.
      const offline = await kustodian(['render', r.prod, '--pin', 'locked', '--offline'], { env: r.env });
      expect(offline.exitCode).toBe(1);
      expect(offline.stdout).toBe('');
      expect(codes(offline.stderr)).toEqual(['IMAGE_NOT_LOCKED']);
      expect(offline.stderr).toContain(latest.digest);
      expect(offline.stderr).toContain('kustodian pin');
      // The config parameter and its env var say the same as the flag.
      const byEnv = await kustodian(['render', r.prod, '--pin', 'locked'], { env: { ...r.env, KUSTODIAN_OFFLINE: 'true' } });
      expect(byEnv.exitCode).toBe(1);
      expect(codes(byEnv.stderr)).toEqual(['IMAGE_NOT_LOCKED']);
      // pin --check is offline too, and names the reference the lock lacks.
      const check = await kustodian(['pin', '--check', r.prod], { env: r.env });
      expect(check.exitCode).toBe(1);
      expect(check.stderr).toContain(`missing ${host}/giftify/api-server:latest@${latest.digest}`);

      await registryUp();
      const pinned = await kustodian(['pin', r.prod], { env: r.env });
      expect(pinned.exitCode, pinned.stderr).toBe(0);
      await registryDown();
      const after = await kustodian(['render', r.prod, '--offline'], { env: { XDG_CACHE_HOME: path.join(work, 'empty-cache-offline') } });
      expect(after.stderr).toBe('');
      expect(after.exitCode).toBe(0);
      expect(after.stdout).toBe(warm.stdout);
      expect(images(after.stdout)).toContain(`${host}/giftify/api-server:latest@${latest.digest}`);
    } finally {
      await registryUp();
    }
  });

  it('a tag the lock lacks is IMAGE_NOT_LOCKED offline even in resolve mode', async () => {
    const r = await repo();
    await imageUpdaterTag(r.kustomization, { name: 'giftify/api-server', newName: `${host}/giftify/api-server`, newTag: 'latest' });
    await commit(r.root, 'build: automatic update of giftify/api-server');
    const out = await kustodian(['render', r.prod, '--offline'], { env: r.env });
    expect(out.exitCode).toBe(1);
    expect(codes(out.stderr)).toEqual(['IMAGE_NOT_LOCKED']);
  });
});

describe('pin --check --remote: moved tags', () => {
  it('a re-pushed tag is IMAGE_TAG_MOVED with both digests and the platform change, and pin --check without --remote says nothing of it', async () => {
    const r = await repo();
    // The incident: an arm64-only image under a tag, then a fixed multi-arch image pushed under the same tag.
    const before = await pushImage({ url: registry!.url }, 'giftify/elasticsearch', '9.2.4-custom', {
      kind: 'oci-index',
      platforms: ['linux/arm64'],
      seed: 'es-mac',
    });
    await imageUpdaterTag(r.kustomization, {
      name: 'giftify/elasticsearch',
      newName: `${host}/giftify/elasticsearch`,
      newTag: '9.2.4-custom',
    });
    await commit(r.root, 'build: automatic update of giftify/elasticsearch');
    const pinned = await kustodian(['pin', r.prod], { env: r.env });
    expect(pinned.exitCode, pinned.stderr).toBe(0);
    expect(codes(pinned.stderr)).toEqual(['IMAGE_PLATFORM_MISSING']); // a warning from pin; render would fail on it
    const unmoved = await kustodian(['pin', '--check', '--remote', r.prod], { env: r.env });
    expect(unmoved.stderr).not.toContain('IMAGE_TAG_MOVED');
    expect(unmoved.exitCode).toBe(0);

    const after = await pushImage({ url: registry!.url }, 'giftify/elasticsearch', '9.2.4-custom', {
      kind: 'oci-index',
      platforms: ['linux/amd64', 'linux/arm64'],
      seed: 'es-fixed',
    });
    const ref = `${host}/giftify/elasticsearch:9.2.4-custom`;
    expect((await skopeoRaw(ref)).digest).toBe(after.digest);
    expect(after.digest).not.toBe(before.digest);

    const offline = await kustodian(['pin', '--check', r.prod], { env: r.env });
    expect(offline.exitCode).toBe(0);
    expect(offline.stderr).not.toContain('IMAGE_TAG_MOVED');

    // The tag answer pin cached a moment ago is still fresh (TTL 300 s): --remote must ask the registry anyway.
    const moved = await kustodian(['pin', '--check', '--remote', r.prod], { env: r.env });
    expect(moved.exitCode).toBe(1);
    expect(moved.stdout).toBe('');
    expect(codes(moved.stderr)).toEqual(['IMAGE_TAG_MOVED']);
    const line = moved.stderr.split('\n').find((l) => l.includes('IMAGE_TAG_MOVED'))!;
    expect(line).toContain(ref);
    expect(line).toContain(before.digest);
    expect(line).toContain(after.digest);
    expect(line).toContain('was linux/arm64 only, now linux/amd64, linux/arm64');

    const all = await kustodian(['pin', '--check', '--remote', '--all', r.root], { env: r.env });
    expect(all.exitCode).toBe(1);
    expect(codes(all.stderr)).toEqual(['IMAGE_TAG_MOVED']);

    // Locked renders keep the locked digest until the lock is refreshed.
    const render = await kustodian(['render', r.prod, '--pin', 'locked'], { env: r.env });
    expect(codes(render.stderr)).toEqual(['IMAGE_PLATFORM_MISSING']);
    expect(render.stderr).toContain(`${ref}" (${before.digest})`);
    const repinned = await kustodian(['pin', r.prod], { env: r.env });
    expect(repinned.exitCode, repinned.stderr).toBe(0);
    const clean = await kustodian(['pin', '--check', '--remote', r.prod], { env: r.env });
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.stderr).not.toContain('IMAGE_TAG_MOVED');
  });

  it('--remote without --check is a usage error', async () => {
    const r = await kustodian(['pin', '--remote', '.']);
    expect(r.exitCode).toBe(2);
  });
});
