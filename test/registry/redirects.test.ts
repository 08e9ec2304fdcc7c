/**
 * The redirect rules (src/registry/redirects.ts): which answers are followed, how the method and body change
 * (303, and 301/302 after a POST, become a bodiless GET; 307/308 keep both), that Authorization never crosses an
 * origin and a body is never re-sent to another one, the redirect limit, and which hosts may be reached over plain
 * HTTP on any hop.
 */
import { describe, expect, it } from 'vitest';
import { MAX_REDIRECTS, nextHop, plainHttpAllowed, type Hop } from '../../src/registry/redirects.js';
import { registryErrorOf as refusal } from '../helpers/registry-error.js';

const REGISTRY = 'reg.example';
const hop = (method: Hop['method'], body?: string): Hop => ({
  url: new URL('https://reg.example/v2/team/app/manifests/1.0'),
  method,
  headers: { accept: 'application/json', authorization: 'Bearer t' },
  body,
});

describe('nextHop', () => {
  it.each<{ status: number; location: string | null }>([
    { status: 200, location: null },
    { status: 200, location: 'https://elsewhere.example/' },
    { status: 304, location: 'https://elsewhere.example/' },
    { status: 300, location: 'https://elsewhere.example/' },
    { status: 305, location: 'https://elsewhere.example/' },
    { status: 302, location: null },
    { status: 302, location: '' },
  ])('$status with Location $location is the final answer', ({ status, location }) => {
    expect(nextHop(hop('GET'), status, location, 0, REGISTRY)).toBeUndefined();
  });

  it.each<{ status: number; from: Hop; method: string; body: string | undefined }>([
    { status: 301, from: hop('GET'), method: 'GET', body: undefined },
    { status: 302, from: hop('HEAD'), method: 'HEAD', body: undefined },
    { status: 303, from: hop('HEAD'), method: 'GET', body: undefined },
    { status: 307, from: hop('GET'), method: 'GET', body: undefined },
    { status: 308, from: hop('HEAD'), method: 'HEAD', body: undefined },
    { status: 301, from: hop('POST', 'grant_type=refresh_token'), method: 'GET', body: undefined },
    { status: 302, from: hop('POST', 'grant_type=refresh_token'), method: 'GET', body: undefined },
    { status: 303, from: hop('POST', 'grant_type=refresh_token'), method: 'GET', body: undefined },
    { status: 307, from: hop('POST', 'grant_type=refresh_token'), method: 'POST', body: 'grant_type=refresh_token' },
    { status: 308, from: hop('POST', 'grant_type=refresh_token'), method: 'POST', body: 'grant_type=refresh_token' },
  ])('$status after $from.method on the same origin: $method, Authorization kept', ({ status, from, method, body }) => {
    const next = nextHop(from, status, '/v2/team/app/blobs/x', 0, REGISTRY);
    expect(next?.url.href).toBe('https://reg.example/v2/team/app/blobs/x');
    expect(next?.method).toBe(method);
    expect(next?.body).toBe(body);
    expect(next?.headers).toEqual({ accept: 'application/json', authorization: 'Bearer t' });
  });

  it.each([
    { location: 'https://cdn.example/blob', why: 'another host' },
    { location: 'https://reg.example:8443/blob', why: 'another port' },
    { location: 'http://reg.example/blob', why: 'another scheme' },
  ])('drops Authorization, keeping the other headers, on a redirect to $why', ({ location }) => {
    const next = nextHop(hop('GET'), 307, location, 0, REGISTRY);
    expect(next?.url.href).toBe(location);
    expect(next?.headers).toEqual({ accept: 'application/json' });
  });

  it.each([307, 308])('refuses to re-send a body to another origin on a %i', (status) => {
    const e = refusal(() => nextHop(hop('POST', 'refresh_token=secret'), status, 'https://other.example/token', 0, REGISTRY));
    expect(e.reason).toBe('insecure');
    expect(e.details.status).toBe(status);
    expect(e.message).not.toContain('secret');
  });

  it.each([301, 302, 303])('lets a %i after a POST go to another origin, as a bodiless GET without Authorization', (status) => {
    const next = nextHop(hop('POST', 'refresh_token=secret'), status, 'https://other.example/token', 0, REGISTRY);
    expect(next).toMatchObject({ method: 'GET', body: undefined, headers: { accept: 'application/json' } });
  });

  it.each([
    { hops: MAX_REDIRECTS - 1, followed: true },
    { hops: MAX_REDIRECTS, followed: false },
  ])('after $hops redirects, another is followed: $followed', ({ hops, followed }) => {
    if (followed) expect(nextHop(hop('GET'), 302, '/again', hops, REGISTRY)).toBeDefined();
    else expect(refusal(() => nextHop(hop('GET'), 302, '/again', hops, REGISTRY)).reason).toBe('server');
  });
});

describe('plainHttpAllowed', () => {
  const insecure = new Set(['insecure.example:5000', 'docker.io']);
  it.each([
    { url: 'https://anything.example/v2/', registry: 'anything.example', allowed: true },
    { url: 'http://127.0.0.1:5000/v2/', registry: '127.0.0.1:5000', allowed: true },
    { url: 'http://localhost:5000/v2/', registry: 'reg.example', allowed: true },
    { url: 'http://[::1]:5000/v2/', registry: 'reg.example', allowed: true },
    { url: 'http://insecure.example:5000/v2/', registry: 'insecure.example:5000', allowed: true },
    { url: 'http://INSECURE.example:5000/v2/', registry: 'insecure.example:5000', allowed: true },
    { url: 'http://insecure.example/v2/', registry: 'insecure.example:5000', allowed: false },
    { url: 'http://elsewhere.example/v2/', registry: 'insecure.example:5000', allowed: false },
    { url: 'http://registry-1.docker.io/v2/', registry: 'docker.io', allowed: true },
    { url: 'http://registry-1.docker.io/v2/', registry: 'quay.io', allowed: false },
    { url: 'http://reg.example/v2/', registry: 'reg.example', allowed: false },
    { url: 'ftp://127.0.0.1/v2/', registry: '127.0.0.1', allowed: false },
  ])('$url for $registry: $allowed', ({ url, registry, allowed }) => {
    expect(plainHttpAllowed(new URL(url), registry, insecure)).toBe(allowed);
  });
});
