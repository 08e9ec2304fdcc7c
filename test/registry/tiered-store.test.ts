/**
 * The tiered store (src/registry/tiered-store.ts): a read asks the tiers in order and stops at the first answer (a
 * fresh tag wins over an expired one in an earlier tier; an expired one anywhere beats absent), a malformed config
 * from an earlier tier is passed over, every write and flush reaches every tier, and a failing tier (a Redis that
 * refuses connections, a disk cache in a directory others can write) costs only its answers: the working tier
 * still serves and stores everything.
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestEntry, TagEntry } from '../../src/registry/cache-entries.js';
import { RegistryCache } from '../../src/registry/disk-cache.js';
import { RedisCache } from '../../src/registry/redis-cache.js';
import type { ResolutionStore, TagLookup } from '../../src/registry/resolution-store.js';
import { TieredStore } from '../../src/registry/tiered-store.js';
import { freePort } from '../helpers/registry.js';

const d = (c: string): string => `sha256:${c.repeat(64)}`;
const TAG = 'reg.example/team/app:1.0';
const manifest = (c: string): ManifestEntry => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  size: 100,
  platforms: ['linux/amd64'],
  config: d(c),
});
const config = (osName: string) => ({ env: { PATH: '/bin' }, os: osName, architecture: 'amd64' });

/** A tier in memory that answers what it is given and logs every call as `<name>.<method>`. */
class MemoryTier implements ResolutionStore {
  tag: TagLookup = { state: 'absent' };
  manifest: ManifestEntry | undefined;
  repo = false;
  config: unknown;
  readonly writes: string[] = [];
  constructor(
    private readonly name: string,
    private readonly log: string[],
  ) {}
  private note(method: string): void {
    this.log.push(`${this.name}.${method}`);
  }
  getTag(): Promise<TagEntry | undefined> {
    this.note('getTag');
    return Promise.resolve(this.tag.state === 'fresh' ? this.tag.entry : undefined);
  }
  lookupTag(): Promise<TagLookup> {
    this.note('lookupTag');
    return Promise.resolve(this.tag);
  }
  setTag(): Promise<void> {
    this.writes.push('setTag');
    return Promise.resolve();
  }
  getManifest(): Promise<ManifestEntry | undefined> {
    this.note('getManifest');
    return Promise.resolve(this.manifest);
  }
  setManifest(): Promise<void> {
    this.writes.push('setManifest');
    return Promise.resolve();
  }
  hasRepoDigest(): Promise<boolean> {
    this.note('hasRepoDigest');
    return Promise.resolve(this.repo);
  }
  setRepoDigest(): Promise<void> {
    this.writes.push('setRepoDigest');
    return Promise.resolve();
  }
  getConfig(): Promise<unknown> {
    this.note('getConfig');
    return Promise.resolve(this.config);
  }
  setConfig(): Promise<void> {
    this.writes.push('setConfig');
    return Promise.resolve();
  }
  flush(): Promise<void> {
    this.writes.push('flush');
    return Promise.resolve();
  }
}

function tiers(count: number): { log: string[]; stores: MemoryTier[]; tiered: TieredStore } {
  const log: string[] = [];
  const stores = Array.from({ length: count }, (_, i) => new MemoryTier(`t${i}`, log));
  return { log, stores, tiered: new TieredStore(stores) };
}

type State = 'fresh' | 'expired' | 'absent';
const lookup = (state: State, c: string): TagLookup =>
  state === 'fresh' ? { state, entry: { digest: d(c), mediaType: 'application/vnd.oci.image.index.v1+json', at: 1 } } : { state };

describe('reads go through the tiers in order', () => {
  it.each<{ states: State[]; expected: State; from?: number; asked: number }>([
    { states: ['fresh', 'fresh'], expected: 'fresh', from: 0, asked: 1 },
    { states: ['fresh', 'absent'], expected: 'fresh', from: 0, asked: 1 },
    { states: ['absent', 'fresh'], expected: 'fresh', from: 1, asked: 2 },
    { states: ['expired', 'fresh'], expected: 'fresh', from: 1, asked: 2 },
    { states: ['expired', 'absent'], expected: 'expired', asked: 2 },
    { states: ['absent', 'expired'], expected: 'expired', asked: 2 },
    { states: ['absent', 'absent'], expected: 'absent', asked: 2 },
    { states: ['absent', 'expired', 'fresh'], expected: 'fresh', from: 2, asked: 3 },
  ])('tag lookup over $states: $expected (tier $from), asking $asked tier(s)', async ({ states, expected, from, asked }) => {
    const { log, stores, tiered } = tiers(states.length);
    states.forEach((state, i) => (stores[i]!.tag = lookup(state, String(i))));
    const found = await tiered.lookupTag(TAG);
    expect(found.state).toBe(expected);
    if (found.state === 'fresh') expect(found.entry.digest).toBe(d(String(from)));
    expect(log).toEqual(states.slice(0, asked).map((_, i) => `t${i}.lookupTag`));
    log.length = 0;
    expect((await tiered.getTag(TAG))?.digest).toBe(expected === 'fresh' ? d(String(from)) : undefined);
  });

  it.each<{ answers: (string | undefined)[]; expected: string | undefined; asked: number }>([
    { answers: ['a', 'b'], expected: 'a', asked: 1 },
    { answers: [undefined, 'b'], expected: 'b', asked: 2 },
    { answers: [undefined, undefined], expected: undefined, asked: 2 },
  ])('manifest by digest over $answers: $expected', async ({ answers, expected, asked }) => {
    const { log, stores, tiered } = tiers(answers.length);
    answers.forEach((c, i) => (stores[i]!.manifest = c === undefined ? undefined : manifest(c)));
    expect((await tiered.getManifest(d('f')))?.config).toBe(expected === undefined ? undefined : d(expected));
    expect(log).toEqual(answers.slice(0, asked).map((_, i) => `t${i}.getManifest`));
  });

  it.each<{ answers: boolean[]; expected: boolean; asked: number }>([
    { answers: [true, false], expected: true, asked: 1 },
    { answers: [false, true], expected: true, asked: 2 },
    { answers: [false, false], expected: false, asked: 2 },
  ])('repository marker over $answers: $expected', async ({ answers, expected, asked }) => {
    const { log, stores, tiered } = tiers(answers.length);
    answers.forEach((a, i) => (stores[i]!.repo = a));
    expect(await tiered.hasRepoDigest(`reg.example/team/app@${d('f')}`)).toBe(expected);
    expect(log).toEqual(answers.slice(0, asked).map((_, i) => `t${i}.hasRepoDigest`));
  });

  it.each<{ name: string; first: unknown; expected: string | undefined }>([
    { name: 'a well-formed config from the first tier wins', first: config('linux'), expected: 'linux' },
    { name: 'a config without env is passed over', first: { os: 'windows', architecture: 'amd64' }, expected: 'plan9' },
    {
      name: 'a config with a non-string env value is passed over',
      first: { env: { A: 1 }, os: 'windows', architecture: 'amd64' },
      expected: 'plan9',
    },
    { name: 'a miss falls through', first: undefined, expected: 'plan9' },
  ])('image config: $name', async ({ first, expected }) => {
    const { stores, tiered } = tiers(2);
    stores[0]!.config = first;
    stores[1]!.config = config('plan9');
    expect(((await tiered.getConfig(d('c'))) as { os?: string } | undefined)?.os).toBe(expected);
  });
});

describe('writes go to every tier', () => {
  it.each<{ method: string; write: (s: TieredStore) => Promise<void> }>([
    { method: 'setTag', write: (s) => s.setTag(TAG, { digest: d('a'), mediaType: 'm' }) },
    { method: 'setManifest', write: (s) => s.setManifest(d('a'), manifest('b')) },
    { method: 'setRepoDigest', write: (s) => s.setRepoDigest(`reg.example/team/app@${d('a')}`) },
    { method: 'setConfig', write: (s) => s.setConfig(d('c'), config('linux')) },
    { method: 'flush', write: (s) => s.flush() },
  ])('$method reaches all three tiers', async ({ method, write }) => {
    const { stores, tiered } = tiers(3);
    await write(tiered);
    expect(stores.map((s) => s.writes)).toEqual([[method], [method], [method]]);
  });
});

describe('a failing tier costs only its own answers', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'kustodian-tiered-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each<{ name: string; failing: () => Promise<ResolutionStore> }>([
    {
      name: 'a Redis that refuses connections',
      failing: async () =>
        new RedisCache({
          host: '127.0.0.1',
          port: await freePort(),
          db: 0,
          tls: false,
          keyPrefix: 'kustodian',
          timeoutMs: 300,
          warn: () => undefined,
        }),
    },
    {
      name: 'a disk cache in a directory others can write',
      failing: async () => {
        const dir = path.join(root, `open-${Math.random().toString(36).slice(2)}`);
        await mkdir(dir);
        await chmod(dir, 0o777);
        return new RegistryCache({ dir });
      },
    },
  ])('$name in front of a working disk cache', async ({ failing }) => {
    const broken = await failing();
    const workingDir = path.join(root, `ok-${Math.random().toString(36).slice(2)}`);
    const working = new RegistryCache({ dir: workingDir });
    const tiered = new TieredStore([broken, working]);
    const repo = `reg.example/team/app@${d('a')}`;

    await tiered.setTag(TAG, { digest: d('a'), mediaType: 'application/vnd.oci.image.index.v1+json' });
    await tiered.setManifest(d('a'), manifest('b'));
    await tiered.setRepoDigest(repo);
    await tiered.setConfig(d('b'), config('linux'));
    await tiered.flush();

    expect((await tiered.getTag(TAG))?.digest).toBe(d('a'));
    expect((await tiered.getManifest(d('a')))?.config).toBe(d('b'));
    expect(await tiered.hasRepoDigest(repo)).toBe(true);
    expect(await tiered.getConfig(d('b'))).toEqual(config('linux'));
    // The failing tier itself kept nothing, so every answer above came from the working one.
    expect(await broken.lookupTag(TAG)).toEqual({ state: 'absent' });
    expect(await broken.getManifest(d('a'))).toBeUndefined();
    // And the working tier holds it on disk: a new cache object on the same directory reads it back.
    const reread = new RegistryCache({ dir: workingDir });
    expect((await reread.getTag(TAG))?.digest).toBe(d('a'));
  });
});
