/**
 * How the shared-cache settings are read from KUSTODIAN_REDIS_URL / KUSTODIAN_REDIS_PASSWORD and config
 * `cache.redis` (src/registry/redis-cache.ts sharedCacheSettings), without a server.
 */
import { describe, expect, it } from 'vitest';
import { KustodianError } from '../../src/util/errors.js';
import { sharedCacheSettings } from '../../src/registry/redis-cache.js';

function code(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(KustodianError);
    return `${(error as KustodianError).code}: ${(error as Error).message}`;
  }
  return 'no error';
}

describe('shared cache settings', () => {
  it('are absent (nothing to connect to) unless a URL is configured', () => {
    expect(sharedCacheSettings(undefined, {})).toBeUndefined();
    expect(sharedCacheSettings({ keyPrefix: 'x' }, { KUSTODIAN_REDIS_PASSWORD: 'p' })).toBeUndefined();
  });

  it("accept Argo CD's redis.server form host:port, and default port, db, prefix and timeout", () => {
    expect(sharedCacheSettings(undefined, { KUSTODIAN_REDIS_URL: 'argocd-redis:6379', KUSTODIAN_REDIS_PASSWORD: 'pw' })).toEqual({
      host: 'argocd-redis',
      port: 6379,
      db: 0,
      tls: false,
      password: 'pw',
      keyPrefix: 'kustodian',
      timeoutMs: 300,
    });
    expect(sharedCacheSettings({ url: 'redis.corp' }, {})).toMatchObject({ host: 'redis.corp', port: 6379, db: 0 });
  });

  it('read rediss:// as TLS, a database number, a user name, and IPv6 hosts', () => {
    expect(sharedCacheSettings({ url: 'rediss://cache@redis.corp:6380/3', keyPrefix: 'team-a', timeoutMilliseconds: 500 }, {})).toEqual({
      host: 'redis.corp',
      port: 6380,
      db: 3,
      tls: true,
      username: 'cache',
      keyPrefix: 'team-a',
      timeoutMs: 500,
    });
    expect(sharedCacheSettings(undefined, { KUSTODIAN_REDIS_URL: 'redis://[fd00::2]:6379' })).toMatchObject({ host: 'fd00::2' });
  });

  it('take KUSTODIAN_REDIS_URL over the file, and KUSTODIAN_REDIS_PASSWORD over a password in the env URL', () => {
    const s = sharedCacheSettings(
      { url: 'redis://elsewhere:1' },
      { KUSTODIAN_REDIS_URL: 'redis://:from-url@argocd-redis:6379', KUSTODIAN_REDIS_PASSWORD: 'from-env' },
    );
    expect(s).toMatchObject({ host: 'argocd-redis', password: 'from-env' });
    expect(sharedCacheSettings(undefined, { KUSTODIAN_REDIS_URL: 'redis://:p%40ss@argocd-redis:6379' })).toMatchObject({
      password: 'p@ss',
    });
  });

  it('reject a password in the file URL, other schemes and a path that is not a database number', () => {
    expect(code(() => sharedCacheSettings({ url: 'redis://:secret@redis.corp:6379' }, {}))).toMatch(
      /^CONFIG_INVALID: cache\.redis\.url: must not carry a password/,
    );
    expect(code(() => sharedCacheSettings(undefined, { KUSTODIAN_REDIS_URL: 'http://redis.corp' }))).toMatch(
      /^CONFIG_INVALID: KUSTODIAN_REDIS_URL: scheme http/,
    );
    expect(code(() => sharedCacheSettings({ url: 'redis://redis.corp/cache' }, {}))).toMatch(/database number/);
  });
});
