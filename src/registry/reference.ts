/**
 * Image reference parsing and normalisation, following `distribution/reference` (normalize.go, regexp.go).
 * Hand-written rather than a dependency: the npm ports are unmaintained or pull in Docker clients, and the
 * grammar is a handful of regular expressions. The original spelling is kept, because the pin step must
 * emit the reference exactly as written plus `@sha256:…`.
 */
import { RegistryError } from './registry-error.js';
import { MAX_IMAGE_REFERENCE_LENGTH } from '../util/limits.js';

/** Docker Hub's canonical domain and the host that actually serves its /v2/ API. */
export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
/** The key Docker Hub credentials live under in config.json and that helpers are asked for. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

const pathComponent = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const pathRe = new RegExp(`^${pathComponent}(?:/${pathComponent})*$`);
const tagRe = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const digestRe = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const sha256Re = /^sha256:[0-9a-f]{64}$/;
const domainRe =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]+)?$/;

/** A parsed image reference. `registry`/`repository` are normalised; `original` is exactly what was written. */
export interface ImageReference {
  /** As written, e.g. `postgres:16.4`. */
  original: string;
  /** Normalised registry host[:port]: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string;
  /** Normalised repository path: `library/postgres`. */
  repository: string;
  /** The tag as written; undefined when none was written (see `effectiveTag`). */
  tag?: string;
  /** `sha256:…` when the reference carries a digest. */
  digest?: string;
}

/** Parses a reference; throws RegistryError('invalid') with a short reason. */
export function parseReference(original: string): ImageReference {
  const text = original.trim();
  const invalid = (why: string): never => {
    throw new RegistryError('invalid', `invalid image reference "${original}": ${why}`);
  };
  if (!text) invalid('empty');
  if (text.length > MAX_IMAGE_REFERENCE_LENGTH) invalid('too long');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestRe.test(digest)) invalid(`bad digest "${digest}"`);
    if (digest.startsWith('sha256:') && !sha256Re.test(digest)) invalid('a sha256 digest must be 64 lowercase hex characters');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tagRe.test(tag)) invalid(`bad tag "${tag}"`);
  }
  let domain: string | undefined;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first === 'localhost' || first.includes('.') || first.includes(':') || first.startsWith('[') || first !== first.toLowerCase()) {
      domain = first;
      path = rest.slice(slash + 1);
      if (!domainRe.test(domain)) invalid(`bad registry host "${domain}"`);
    }
  }
  if (/^[a-f0-9]{64}$/.test(path)) invalid('a repository cannot be a 64-character hex string (an image ID?)');
  let registry = (domain ?? DOCKER_HUB).toLowerCase();
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  if (!pathRe.test(path)) invalid(`bad repository "${path}" (lowercase letters, digits and separators only)`);
  if (registry.length + 1 + path.length > 255) invalid('name longer than 255 characters');
  const ref: ImageReference = { original, registry, repository: path };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** The tag a runtime would pull: the written one, else `latest`. Undefined for a digest-only reference. */
export function effectiveTag(ref: ImageReference): string | undefined {
  if (ref.tag !== undefined) return ref.tag;
  return ref.digest === undefined ? 'latest' : undefined;
}

/** Canonical `registry/repository[:tag][@digest]`: the dedupe and cache key for a reference. */
export function canonicalReference(ref: ImageReference): string {
  const tag = effectiveTag(ref);
  return `${ref.registry}/${ref.repository}${tag !== undefined ? `:${tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The reference as written with `@digest` appended (an existing digest is kept, never replaced). */
export function withDigest(ref: ImageReference, digest: string): string {
  if (ref.digest) return ref.original.trim();
  return `${ref.original.trim()}@${digest}`;
}

/** The host that serves `/v2/` for this registry (Docker Hub's API lives on registry-1.docker.io). */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}

/** Host name without port or brackets, lower-cased. */
export function hostname(hostPort: string): string {
  const h = hostPort.toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const i = h.lastIndexOf(':');
  return i >= 0 ? h.slice(0, i) : h;
}

/**
 * localhost, 127.0.0.0/8 and ::1: the only hosts reachable over plain HTTP (and given credentials over it) without
 * opt-in. `*.localhost` is deliberately not included: whether it resolves to loopback depends on the resolver.
 */
export function isLoopback(hostPort: string): boolean {
  const h = hostname(hostPort);
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
