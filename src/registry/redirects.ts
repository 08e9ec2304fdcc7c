/**
 * Where a registry request may go: the rules for following a redirect, and which hosts may be reached over plain
 * HTTP. Redirects are followed by hand (transport.ts) so that these rules hold on every hop: Authorization is
 * dropped whenever the origin changes (the distribution spec: MUST NOT forward it across host boundaries), a body
 * is never re-sent to another origin, and no hop goes in clear to a host that was not allowed plain HTTP. Pure
 * functions, table-tested in test/registry/redirects.test.ts.
 */
import { RegistryError } from './registry-error.js';
import { apiHost, isLoopback } from './reference.js';
import { MAX_REDIRECTS } from '../util/limits.js';

// Defined with the other limits; exported here too, beside the hops it bounds (its table test reads it here).
export { MAX_REDIRECTS };

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** One request on the way: what is sent where. */
export interface Hop {
  url: URL;
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * The request that follows an answer, or undefined when the answer is final (not a redirect, or a redirect without
 * Location). `hopsSoFar` counts the redirects already followed; `registry` words the errors. Throws RegistryError
 * for too many redirects, and for a 307/308 that would re-send a body to another origin (a token POST's body
 * carries the refresh token). A 303, and a 301/302 answering a POST, turn the request into a bodiless GET.
 */
export function nextHop(hop: Hop, status: number, location: string | null, hopsSoFar: number, registry: string): Hop | undefined {
  if (!location || !REDIRECT_STATUSES.has(status)) return undefined;
  if (hopsSoFar >= MAX_REDIRECTS) throw new RegistryError('server', `registry ${registry}: too many redirects`, { registry });
  const next = new URL(location, hop.url);
  const becomesGet = status === 303 || ((status === 301 || status === 302) && hop.method === 'POST');
  const crossOrigin = next.origin !== hop.url.origin;
  if (hop.body !== undefined && !becomesGet && crossOrigin) {
    throw new RegistryError(
      'insecure',
      `registry ${registry}: refusing to re-send a request body to another host on a ${status} redirect from ${hop.url.host} to ${next.host}`,
      { registry, status },
    );
  }
  let headers = hop.headers;
  if (crossOrigin) {
    const { authorization: _dropped, ...rest } = headers;
    void _dropped;
    headers = rest;
  }
  return becomesGet ? { url: next, method: 'GET', headers, body: undefined } : { url: next, method: hop.method, headers, body: hop.body };
}

/**
 * Whether `url` may be requested: HTTPS always; plain HTTP only to loopback or a host in `insecure`. Judged by the
 * host actually contacted, on every hop (a redirect, or a token realm, may name another host): an insecure
 * registry may not send us in clear to some other host. The registry's own API host counts as listed when its
 * registry name is (docker.io → registry-1.docker.io).
 */
export function plainHttpAllowed(url: URL, registry: string, insecure: ReadonlySet<string>): boolean {
  if (url.protocol === 'https:') return true;
  const host = url.host.toLowerCase();
  return url.protocol === 'http:' && (isLoopback(host) || insecure.has(host) || (host === apiHost(registry) && insecure.has(registry)));
}
