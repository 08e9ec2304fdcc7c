/**
 * Registry authentication: the WWW-Authenticate challenge, Docker's Bearer token flow (anonymous, Basic
 * credentials, identity/refresh tokens, ready registry tokens) and plain Basic. Tokens are cached per
 * (registry, scope) until shortly before they expire. Credentials leave the process only towards the registry
 * they belong to and the token realm that registry names, and only over HTTPS or to a loopback address; a
 * realm that would receive them in clear gets an anonymous request instead.
 */
import { RegistryError } from './registry-error.js';
import type { Credentials } from './docker-config.js';
import { isLoopback } from './reference.js';

/** One parsed challenge from a WWW-Authenticate header. */
export interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

/** Parses a WWW-Authenticate value, which may hold several challenges; unknown schemes are skipped. */
export function parseChallenges(header: string | null): Challenge[] {
  if (!header) return [];
  const all: { scheme: string; params: Record<string, string> }[] = [];
  let i = 0;
  const n = header.length;
  const skip = (chars: RegExp): void => {
    while (i < n && chars.test(header[i] ?? '')) i++;
  };
  while (i < n) {
    skip(/[\s,]/);
    const start = i;
    while (i < n && !/[\s,=]/.test(header[i] ?? '')) i++;
    const token = header.slice(start, i);
    if (!token) break;
    skip(/[ \t]/);
    if (header[i] === '=') {
      i++;
      skip(/[ \t]/);
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\') i++;
          value += header[i] ?? '';
          i++;
        }
        i++;
      } else {
        const v = i;
        while (i < n && !/[\s,]/.test(header[i] ?? '')) i++;
        value = header.slice(v, i);
      }
      const current = all[all.length - 1];
      if (current) current.params[token.toLowerCase()] = value;
    } else {
      all.push({ scheme: token.toLowerCase(), params: {} });
    }
  }
  return all.filter((c): c is Challenge => c.scheme === 'basic' || c.scheme === 'bearer');
}

/** The minimal HTTP the authenticator needs; the client supplies it with its retries, limits and counters. */
export type TokenHttp = (
  url: URL,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; body: Buffer }>;

/** Whether a secret may be sent to this URL at all: HTTPS, or plain HTTP to loopback. */
export function mayCarrySecret(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.host));
}

interface CachedToken {
  header: string;
  expires: number;
}

/** Per-client auth state: known challenges per registry, tokens per scope, credentials per registry. */
export class Authenticator {
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<string | undefined>>();
  private readonly creds = new Map<string, Promise<Credentials | undefined>>();

  constructor(
    private readonly lookup: (registry: string) => Promise<Credentials | undefined>,
    private readonly http: TokenHttp,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The Authorization header to send up front for (registry, scope), if one is known or can be had without a
   * 401 round trip (a fresh cached token, or the registry's challenge seen earlier on another repository).
   */
  async headerFor(registry: string, registryUrl: URL, scope: string): Promise<string | undefined> {
    const cached = this.tokens.get(`${registry} ${scope}`);
    if (cached && cached.expires > this.now()) return cached.header;
    const challenge = this.challenges.get(registry);
    if (!challenge) return undefined;
    return this.obtain(registry, registryUrl, challenge, scope);
  }

  /**
   * Answers a 401: remembers the challenge, drops any cached token for the scope and obtains a fresh header.
   * Throws RegistryError('unauthorized') when no usable credentials or token can be had.
   */
  async answer(registry: string, registryUrl: URL, wwwAuthenticate: string | null, scope: string, repository: string): Promise<string> {
    const challenges = parseChallenges(wwwAuthenticate);
    const challenge = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
    if (!challenge)
      throw new RegistryError('unauthorized', `registry ${registry} refused access to ${repository} (401, no usable challenge)`, {
        registry,
        repository,
        status: 401,
      });
    this.challenges.set(registry, challenge);
    this.tokens.delete(`${registry} ${scope}`);
    const header = await this.obtain(registry, registryUrl, challenge, scope);
    if (!header)
      throw new RegistryError('unauthorized', `registry ${registry} requires credentials for ${repository} and none are configured`, {
        registry,
        repository,
        status: 401,
      });
    return header;
  }

  private credentials(registry: string): Promise<Credentials | undefined> {
    let p = this.creds.get(registry);
    if (!p) {
      p = this.lookup(registry);
      this.creds.set(registry, p);
    }
    return p;
  }

  private obtain(registry: string, registryUrl: URL, challenge: Challenge, scope: string): Promise<string | undefined> {
    const key = `${registry} ${scope}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.obtainUncached(registry, registryUrl, challenge, scope).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async obtainUncached(registry: string, registryUrl: URL, challenge: Challenge, scope: string): Promise<string | undefined> {
    const creds = await this.credentials(registry);
    const key = `${registry} ${scope}`;
    if (challenge.scheme === 'basic') {
      if (creds?.kind !== 'basic') return undefined;
      if (!mayCarrySecret(registryUrl)) {
        throw new RegistryError('insecure', `refusing to send credentials for ${registry} over plain HTTP`, { registry });
      }
      const header = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
      this.tokens.set(key, { header, expires: Number.POSITIVE_INFINITY });
      return header;
    }
    if (creds?.kind === 'registry') {
      if (!mayCarrySecret(registryUrl))
        throw new RegistryError('insecure', `refusing to send credentials for ${registry} over plain HTTP`, { registry });
      const header = `Bearer ${creds.token}`;
      this.tokens.set(key, { header, expires: Number.POSITIVE_INFINITY });
      return header;
    }
    const realmText = challenge.params.realm;
    let realm: URL;
    try {
      realm = new URL(realmText ?? '');
    } catch {
      throw new RegistryError('unauthorized', `registry ${registry} sent a Bearer challenge without a valid realm`, {
        registry,
        status: 401,
      });
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
      throw new RegistryError('unauthorized', `registry ${registry} sent a token realm that is not HTTP(S)`, { registry, status: 401 });
    }
    // Secrets go to the realm only over HTTPS or loopback; otherwise ask anonymously.
    const secret = creds && mayCarrySecret(realm) ? creds : undefined;
    const service = challenge.params.service;
    const scopes = [scope];
    let status: number;
    let body: Buffer;
    if (secret?.kind === 'identity') {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: secret.token, client_id: 'kustodian' });
      if (service) form.set('service', service);
      for (const s of scopes) form.append('scope', s);
      ({ status, body } = await this.http(realm, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      }));
    } else {
      const url = new URL(realm);
      if (service) url.searchParams.set('service', service);
      for (const s of scopes) url.searchParams.append('scope', s);
      const headers: Record<string, string> = {};
      if (secret?.kind === 'basic')
        headers.authorization = `Basic ${Buffer.from(`${secret.username}:${secret.password}`).toString('base64')}`;
      ({ status, body } = await this.http(url, { method: 'GET', headers }));
    }
    if (status === 401 || status === 403) {
      throw new RegistryError(
        'unauthorized',
        `token service for ${registry} refused ${secret ? 'the configured credentials' : 'anonymous access'} (${status})`,
        { registry, status },
      );
    }
    if (status < 200 || status >= 300) {
      throw new RegistryError('server', `token service for ${registry} answered ${status}`, { registry, status });
    }
    let token: unknown;
    let expiresIn: unknown;
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { token?: unknown; access_token?: unknown; expires_in?: unknown };
      token = parsed.token || parsed.access_token;
      expiresIn = parsed.expires_in;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || !token)
      throw new RegistryError('server', `token service for ${registry} returned no token`, { registry, status });
    const seconds = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 60;
    const header = `Bearer ${token}`;
    // Refresh a little early so a token never expires between check and use.
    this.tokens.set(key, { header, expires: this.now() + Math.max(seconds - 10, seconds / 2) * 1000 });
    return header;
  }
}
