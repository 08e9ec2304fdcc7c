import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RegistryCache, RegistryClient, RegistryError, type RegistryClientOptions } from '../../src/registry/index.js';
import { startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../helpers/fault-proxy.js';
import { pushStandardImages, standardImageEntries, type StandardImages } from '../helpers/registry-push.js';

let reg: RunningRegistry;
let proxy: FaultProxy;
let images: StandardImages;
let ref: string;

beforeAll(async () => {
  reg = await startRegistry();
  images = await pushStandardImages({ url: reg.url });
  proxy = await startFaultProxy(reg.url);
  // The single-arch image: GET manifest by tag, GET config blob (cold; see the HEAD fallback case for the warm flow).
  ref = `${proxy.host}/demo/armonly:1`;
});
afterAll(async () => {
  await proxy?.stop();
  await reg?.stop();
});
afterEach(() => proxy.clear());

function client(options: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient({ cache: false, env: {}, retryBaseMs: 5, requestTimeoutMs: 400, ...options });
}

async function outcome(
  rule: FaultRule,
  options: RegistryClientOptions = {},
): Promise<{ digest?: string; reason?: string; message?: string; c: RegistryClient }> {
  proxy.add(rule);
  const c = client(options);
  try {
    const r = await c.resolve(ref);
    return { digest: r.digest, c };
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    return { reason: (error as RegistryError).reason, message: (error as Error).message, c };
  }
}

const manifestGet: Pick<FaultRule, 'method' | 'path'> = { method: 'GET', path: /\/manifests\// };

describe('each fault ends in retry-then-success or a clean typed failure', () => {
  it.each<[string, FaultRule['fault']]>([
    ['500', { kind: 'status', status: 500 }],
    ['503', { kind: 'status', status: 503 }],
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: '0' }],
    ['a stall beyond the timeout', { kind: 'stall' }],
    ['a connection reset', { kind: 'reset' }],
    ['a truncated body', { kind: 'truncate' }],
  ])('%s once: retried, then the right digest', async (_name, fault) => {
    const r = await outcome({ ...manifestGet, fault, times: 1 });
    expect(r.reason).toBeUndefined();
    expect(r.digest).toBe(images.armSingle.digest);
    expect(r.c.stats.retries).toBe(1);
    expect(proxy.log.filter((l) => l.fault).length).toBe(1);
  });

  it.each<[string, FaultRule['fault'], string]>([
    ['500', { kind: 'status', status: 500 }, 'server'],
    ['429', { kind: 'status', status: 429, retryAfter: '0' }, 'server'],
    ['a stall', { kind: 'stall' }, 'timeout'],
    ['a reset', { kind: 'reset' }, 'network'],
    ['a truncated body', { kind: 'truncate' }, 'network'],
  ])('%s every time: gives up after 3 retries', async (_name, fault, reason) => {
    const r = await outcome({ ...manifestGet, fault });
    expect(r.reason).toBe(reason);
    expect(r.message).toContain(proxy.host);
    expect(proxy.log.filter((l) => l.fault).length).toBe(4);
  });

  it.each([405, 400, 501])('a HEAD answered %i falls back to GET, by tag and by digest', async (status) => {
    // A tag is HEADed only when a cache holds an expired entry for it (a cold tag is GET straight away).
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kustodian-faults-cache-'));
    try {
      await client({ cache: new RegistryCache({ dir }) }).resolve(ref);
      proxy.clear();
      const r = await outcome(
        { method: 'HEAD', fault: { kind: 'status', status } },
        { cache: new RegistryCache({ dir, now: () => Date.now() + 301_000 }) },
      );
      expect(r.reason).toBeUndefined();
      expect(r.digest).toBe(images.armSingle.digest);
      expect(
        proxy.log.map((l) => `${l.method} ${l.path.replace(/sha256:[0-9a-f]{64}/, '<digest>')}${l.fault ? ' (faulted)' : ''}`),
      ).toEqual(['HEAD /v2/demo/armonly/manifests/1 (faulted)', 'GET /v2/demo/armonly/manifests/1']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const byDigest = await client().resolve(`${proxy.host}/demo/armonly@${images.armSingle.digest}`);
    expect(byDigest.digest).toBe(images.armSingle.digest);
  });

  it('a wrong Docker-Content-Digest is a digest-mismatch, never a pin', async () => {
    const r = await outcome({ ...manifestGet, fault: { kind: 'wrong-digest' } });
    expect(r.reason).toBe('digest-mismatch');
    expect(r.message).toContain(images.armSingle.digest);
  });

  it('a config blob or manifest whose bytes do not hash to the digest asked for is a digest-mismatch', async () => {
    const blob = await outcome({ method: 'GET', path: /\/blobs\//, fault: { kind: 'corrupt' } });
    expect(blob.reason).toBe('digest-mismatch');
    proxy.clear();
    const manifest = await outcome({ ...manifestGet, fault: { kind: 'corrupt' } });
    expect(manifest.reason).toBe('digest-mismatch');
  });

  it('a 401 loop stops after one answer and is unauthorized', async () => {
    const r = await outcome({ path: /\/v2\//, fault: { kind: 'unauthorized-loop' } });
    expect(r.reason).toBe('unauthorized');
    const registryHits = proxy.log.filter((l) => l.path.startsWith('/v2/')).length;
    expect(registryHits).toBe(2);
    expect(proxy.log.filter((l) => l.path.startsWith('/token')).length).toBe(1);
  });

  it('a Retry-After longer than the remaining budget fails with reason budget instead of waiting', async () => {
    const r = await outcome({ ...manifestGet, fault: { kind: 'status', status: 429, retryAfter: '120' } }, { budgetMs: 5_000 });
    expect(r.reason).toBe('budget');
    expect(proxy.log.filter((l) => l.fault).length).toBe(1);
  });

  it('an exhausted budget stops every outstanding lookup with reason budget', async () => {
    proxy.add({ ...manifestGet, fault: { kind: 'stall' } });
    const c = client({ budgetMs: 600, requestTimeoutMs: 10_000 });
    const reasons = await Promise.all(
      [images.multiArchIndex, images.dockerList, images.armSingle].map((i) =>
        c.resolve(`${proxy.host}/${i.repository}:${i.tag}`).then(
          () => 'resolved',
          (e: unknown) => (e instanceof RegistryError ? e.reason : String(e)),
        ),
      ),
    );
    expect(reasons).toEqual(['budget', 'budget', 'budget']);
  });

  it('refuses a redirect to plain HTTP on a non-loopback host', async () => {
    const r = await outcome({ ...manifestGet, fault: { kind: 'redirect', to: 'http://registry.example.invalid' } });
    expect(r.reason).toBe('insecure');
  });

  it('refuses a plain-HTTP redirect to another host even when the registry itself is in insecureRegistries', async () => {
    const r = await outcome(
      { ...manifestGet, fault: { kind: 'redirect', to: 'http://registry.example.invalid' } },
      { insecureRegistries: [proxy.host] },
    );
    expect(r.reason).toBe('insecure');
  });

  it('follows a same-host redirect', async () => {
    const r = await outcome({ ...manifestGet, fault: { kind: 'redirect', to: reg.url }, times: 1 });
    expect(r.digest).toBe(images.armSingle.digest);
  });

  it('keeps to the per-registry concurrency limit', async () => {
    proxy.clear();
    const c = client({ concurrency: 2 });
    // Counted where it matters: requests the registry side has in flight at once.
    await Promise.all(standardImageEntries(images).map(([, i]) => c.resolve(`${proxy.host}/${i.repository}:${i.tag}`)));
    expect(proxy.peakInFlight).toBeLessThanOrEqual(2);
    expect(proxy.peakInFlight).toBe(2);
  });
});
