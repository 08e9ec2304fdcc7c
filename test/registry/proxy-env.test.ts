/**
 * The proxy decision (src/registry/proxy-env.ts) against the rules of Go's httpproxy, which Docker, containerd and
 * skopeo use: a table of environments and URLs. The traffic itself goes through a real tinyproxy in proxy.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../src/registry/registry-error.js';
import { proxyFor, proxySettingsFromEnv } from '../../src/registry/proxy-env.js';

function via(env: NodeJS.ProcessEnv, url: string): string | undefined {
  const settings = proxySettingsFromEnv(env);
  return settings ? proxyFor(settings, new URL(url))?.href : undefined;
}

const P = 'http://proxy.corp:3128/';

describe('which proxy a registry request uses', () => {
  it('uses nothing (and parses nothing) when no proxy variable is set', () => {
    expect(proxySettingsFromEnv({})).toBeUndefined();
    expect(proxySettingsFromEnv({ NO_PROXY: '*' })).toBeUndefined();
  });

  it('HTTPS_PROXY for https:// targets and HTTP_PROXY for http:// targets, each alone', () => {
    expect(via({ HTTPS_PROXY: P }, 'https://ghcr.io/v2/')).toBe(P);
    expect(via({ HTTPS_PROXY: P }, 'http://registry.corp:5000/v2/')).toBeUndefined();
    expect(via({ HTTP_PROXY: P }, 'http://registry.corp:5000/v2/')).toBe(P);
    expect(via({ HTTP_PROXY: P }, 'https://ghcr.io/v2/')).toBeUndefined();
  });

  it('reads the lower-case names too, the upper-case one winning as in Go', () => {
    expect(via({ https_proxy: P }, 'https://ghcr.io/v2/')).toBe(P);
    expect(via({ http_proxy: P }, 'http://registry.corp/v2/')).toBe(P);
    expect(via({ HTTPS_PROXY: 'http://upper:1/', https_proxy: 'http://lower:2/' }, 'https://ghcr.io/')).toBe('http://upper:1/');
    expect(via({ HTTPS_PROXY: P, no_proxy: 'ghcr.io' }, 'https://ghcr.io/')).toBeUndefined();
  });

  it('takes host:port without a scheme as http://', () => {
    expect(via({ HTTPS_PROXY: 'proxy.corp:3128' }, 'https://ghcr.io/')).toBe(P);
  });

  it('keeps userinfo in the proxy URL (it becomes Proxy-Authorization)', () => {
    expect(via({ HTTPS_PROXY: 'http://u:p%40ss@proxy.corp:3128' }, 'https://ghcr.io/')).toBe('http://u:p%40ss@proxy.corp:3128/');
  });

  it('never proxies localhost or loopback addresses, whatever NO_PROXY says (as docker and skopeo)', () => {
    for (const url of [
      'https://localhost:5000/',
      'http://localhost/',
      'http://127.0.0.1:5000/',
      'http://127.1.2.3:80/',
      'http://[::1]:5000/',
    ]) {
      expect(via({ HTTPS_PROXY: P, HTTP_PROXY: P }, url), url).toBeUndefined();
    }
  });

  it.each<[string, string, boolean]>([
    // [NO_PROXY, target, proxied?]
    ['*', 'https://ghcr.io/', false],
    ['corp.example', 'https://corp.example/', false],
    ['corp.example', 'https://registry.corp.example/', false],
    ['corp.example', 'https://notcorp.example/', true],
    ['.corp.example', 'https://registry.corp.example/', false],
    ['.corp.example', 'https://corp.example/', true],
    ['*.corp.example', 'https://registry.corp.example/', false],
    ['*.corp.example', 'https://corp.example/', true],
    ['CORP.example', 'https://Registry.corp.EXAMPLE/', false],
    [' ghcr.io , quay.io ', 'https://quay.io/', false],
    ['registry.corp:5000', 'https://registry.corp:5000/', false],
    ['registry.corp:5000', 'https://registry.corp/', true],
    ['registry.corp:443', 'https://registry.corp/', false],
    ['10.1.2.3', 'https://10.1.2.3:5000/', false],
    ['10.1.2.3:5000', 'https://10.1.2.3:5001/', true],
    ['10.0.0.0/8', 'https://10.200.0.1/', false],
    ['10.0.0.0/8', 'https://11.0.0.1/', true],
    ['fd00::/8', 'https://[fd00::2]:5000/', false],
    ['[fd00::2]:5000', 'https://[fd00::2]:5000/', false],
    ['fd00::2', 'https://[fd00:0::0002]/', false],
    // A domain entry never matches an IP target, nor an IP entry a name.
    ['10.1.2.3', 'https://ten.corp/', true],
    ['corp.example', 'https://10.1.2.3/', true],
    ['', 'https://ghcr.io/', true],
    [',,', 'https://ghcr.io/', true],
  ])('NO_PROXY=%j → %s proxied: %s', (noProxy, url, proxied) => {
    expect(via({ HTTPS_PROXY: P, NO_PROXY: noProxy }, url) === P).toBe(proxied);
  });

  it('refuses a SOCKS proxy instead of silently connecting directly', () => {
    const settings = proxySettingsFromEnv({ HTTPS_PROXY: 'socks5://proxy.corp:1080' })!;
    expect(() => proxyFor(settings, new URL('https://ghcr.io/'))).toThrow(RegistryError);
    expect(() => proxyFor(settings, new URL('https://ghcr.io/'))).toThrow(/socks5.*only http/);
  });
});
