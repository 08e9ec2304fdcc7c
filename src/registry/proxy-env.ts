/**
 * Which proxy (if any) carries a registry request, from HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower-case
 * forms), decided exactly as Go's net/http does (golang.org/x/net/http/httpproxy), because that is what Docker,
 * containerd and skopeo (all Go) do with the same variables, and a corporate network is set up for them:
 *
 * - `https://` targets use HTTPS_PROXY, `http://` targets HTTP_PROXY; the upper-case name wins over the lower-case
 *   one; a value without a scheme (`proxy:3128`) means `http://proxy:3128`.
 * - `localhost` and loopback IPs never go through a proxy (a local registry is always reached directly).
 * - NO_PROXY is a comma list: `*` (no proxy at all), `example.com` (the host and every subdomain), `.example.com`
 *   (subdomains only), `*.example.com` (as `.example.com`), `host:port` (that port only), IP addresses
 *   (`10.0.0.1`, `10.0.0.1:5000`, `[::1]:5000`) and CIDR ranges (`10.0.0.0/8`). Matching is case-insensitive;
 *   domain entries never match an IP target and IP entries never match a name.
 *
 * Hand-written rather than `proxy-from-env`: that package reads only process.env (the client takes its env as an
 * option), prefers the lower-case names, has no CIDR entries and proxies loopback, so the same environment would
 * route differently from `docker pull`. The tunnelling itself is done by https-proxy-agent / http-proxy-agent.
 */
import net from 'node:net';
import { RegistryError } from './registry-error.js';

/** One parsed NO_PROXY entry. */
export type NoProxyEntry =
  | { kind: 'all' }
  | { kind: 'cidr'; family: 4 | 6; bits: bigint; prefix: number }
  | { kind: 'ip'; ip: string; port: string }
  | { kind: 'domain'; suffix: string; port: string; matchHost: boolean };

/** The proxy environment, parsed once per client. Absent when neither proxy variable is set (the fast path). */
export interface ProxySettings {
  http?: string;
  https?: string;
  noProxy: NoProxyEntry[];
}

function first(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v) return v;
  }
  return undefined;
}

/** Reads the proxy variables from `env`; undefined when no proxy is configured, so callers skip all proxy work. */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv): ProxySettings | undefined {
  const http = first(env, 'HTTP_PROXY', 'http_proxy');
  const https = first(env, 'HTTPS_PROXY', 'https_proxy');
  if (!http && !https) return undefined;
  return { http, https, noProxy: parseNoProxy(first(env, 'NO_PROXY', 'no_proxy') ?? '') };
}

/** Parses a NO_PROXY value into matchers; malformed entries are skipped (Go: "a best effort"). */
export function parseNoProxy(value: string): NoProxyEntry[] {
  const out: NoProxyEntry[] = [];
  for (const raw of value.split(',')) {
    const p = raw.trim().toLowerCase();
    if (!p) continue;
    if (p === '*') return [{ kind: 'all' }];
    const cidr = parseCidr(p);
    if (cidr) {
      out.push(cidr);
      continue;
    }
    let host = p;
    let port = '';
    const split = splitHostPort(p);
    if (split) {
      if (!split.host) continue;
      host = split.host;
      port = split.port;
    }
    if (net.isIP(host)) {
      out.push({ kind: 'ip', ip: canonicalIp(host), port });
      continue;
    }
    if (host.startsWith('*.')) host = host.slice(1);
    const matchHost = !host.startsWith('.');
    out.push({ kind: 'domain', suffix: matchHost ? `.${host}` : host, port, matchHost });
  }
  return out;
}

/**
 * The proxy URL for a request to `url`, or undefined to connect directly. Throws RegistryError('invalid') for a
 * proxy value that is not an http:// or https:// URL (SOCKS is not supported), rather than silently going direct.
 */
export function proxyFor(settings: ProxySettings, url: URL): URL | undefined {
  const raw = url.protocol === 'https:' ? settings.https : url.protocol === 'http:' ? settings.http : undefined;
  if (!raw) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (!useProxy(settings.noProxy, host, port)) return undefined;
  return parseProxyUrl(raw, url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
}

function parseProxyUrl(raw: string, variable: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  // Go: a value without a scheme (or that does not parse) is retried as http://<value>.
  if (!parsed || !parsed.host) {
    try {
      parsed = new URL(`http://${raw}`);
    } catch {
      throw new RegistryError('invalid', `${variable} is not a valid proxy URL`);
    }
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RegistryError(
      'invalid',
      `${variable} uses ${parsed.protocol.replace(/:$/, '')}://, but only http:// and https:// proxies are supported`,
    );
  }
  return parsed;
}

function useProxy(matchers: readonly NoProxyEntry[], host: string, port: string): boolean {
  if (host === 'localhost') return false;
  const family = net.isIP(host);
  const ip = family ? canonicalIp(host) : undefined;
  if (ip && isLoopbackIp(ip)) return false;
  for (const m of matchers) {
    switch (m.kind) {
      case 'all':
        return false;
      case 'cidr':
        if (ip && inCidr(ip, m)) return false;
        break;
      case 'ip':
        if (ip === m.ip && (m.port === '' || m.port === port)) return false;
        break;
      case 'domain':
        if (!ip && (host.endsWith(m.suffix) || (m.matchHost && host === m.suffix.slice(1))) && (m.port === '' || m.port === port))
          return false;
        break;
    }
  }
  return true;
}

/** `host:port` or `[v6]:port` → parts; undefined when there is no port (a bare IPv6 address has colons but no port). */
function splitHostPort(value: string): { host: string; port: string } | undefined {
  const v6 = /^\[([^\]]*)\]:(\d*)$/.exec(value);
  if (v6) return { host: v6[1] ?? '', port: v6[2] ?? '' };
  const i = value.lastIndexOf(':');
  if (i < 0 || value.indexOf(':') !== i) return undefined;
  return { host: value.slice(0, i), port: value.slice(i + 1) };
}

/** An IP in one spelling, so `::0001` and `::1` (or an IPv4-mapped v6) compare equal. */
function canonicalIp(ip: string): string {
  const bytes = ipBytes(ip);
  if (!bytes) return ip;
  if (bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12).join('.');
  }
  return bytes.length === 4
    ? bytes.join('.')
    : [...Array(8).keys()].map((i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16)).join(':');
}

function ipBytes(ip: string): number[] | undefined {
  if (net.isIPv4(ip)) return ip.split('.').map(Number);
  if (!net.isIPv6(ip)) return undefined;
  const [head = '', tail = ''] = ip.includes('::') ? ip.split('::') : [ip, ''];
  const parts = (s: string): number[] => {
    if (!s) return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (net.isIPv4(g)) {
        const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  const h = parts(head);
  const t = parts(tail);
  const groups = ip.includes('::') ? [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t] : h;
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

function isLoopbackIp(ip: string): boolean {
  return /^127\./.test(ip) || ip === '0:0:0:0:0:0:0:1';
}

function parseCidr(value: string): NoProxyEntry | undefined {
  const m = /^(.+)\/(\d{1,3})$/.exec(value);
  if (!m) return undefined;
  const bytes = ipBytes(m[1]!);
  const prefix = Number(m[2]);
  if (!bytes || prefix > bytes.length * 8) return undefined;
  return { kind: 'cidr', family: bytes.length === 4 ? 4 : 6, bits: toBig(bytes), prefix };
}

function toBig(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function inCidr(ip: string, m: Extract<NoProxyEntry, { kind: 'cidr' }>): boolean {
  const bytes = ipBytes(ip);
  if (!bytes || (bytes.length === 4 ? 4 : 6) !== m.family) return false;
  const width = BigInt(bytes.length * 8);
  const shift = width - BigInt(m.prefix);
  return toBig(bytes) >> shift === m.bits >> shift;
}
