/**
 * Which images the pgdata step may touch, and which Postgres major they run.
 *
 * The reference splitting here is deliberately minimal (name, tag, digest, Docker Hub
 * normalisation) and scoped to this step: the registry client gets its own full parser in
 * src/registry/reference.ts, written in parallel; the two are to be unified once both exist.
 */

/** An image reference split into the parts the pgdata step needs. */
export interface ImageName {
  /** Registry host (with port), Docker Hub normalised to `docker.io`. */
  registry: string;
  /** Repository path, lower-cased, Docker Hub official images prefixed with `library/`. */
  path: string;
  tag?: string;
  digest?: string;
  /** The name as written, without tag or digest. */
  written: string;
}

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/**
 * Splits `[host[:port]/]path[:tag][@digest]`. The first component is a registry host only when
 * it contains `.` or `:` or is `localhost`, the rule Docker's reference grammar uses.
 */
export function splitImage(reference: string): ImageName | undefined {
  let rest = reference.trim();
  if (!rest) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1) || undefined;
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1) || undefined;
    rest = rest.slice(0, colon);
  }
  if (!rest) return undefined;
  const written = rest;
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  let registry = 'docker.io';
  let path = rest;
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first.toLowerCase();
    path = rest.slice(slash + 1);
  }
  path = path.toLowerCase();
  if (DOCKER_HUB.has(registry)) {
    registry = 'docker.io';
    if (!path.includes('/')) path = `library/${path}`;
  }
  const out: ImageName = { registry, path, written };
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/** How the major version is written in a family's tags. */
type TagStyle = 'leading' | 'pg-suffix';

/** An image family the step knows, by the last segments of its repository path. */
interface Family {
  name: string;
  /** Trailing path segments, e.g. ['library', 'postgres']; mirrors keep them at the end. */
  tail: readonly string[];
  style: TagStyle;
}

/**
 * The official image and the images built `FROM` it with its entrypoint (reference §5.6). Matching
 * trailing segments covers mirrors (`public.ecr.aws/docker/library/postgres`,
 * `mirror.gcr.io/library/postgres`) and never matches `timescaledb-ha` or `postgres-exporter`.
 */
const families: readonly Family[] = [
  { name: 'postgres', tail: ['library', 'postgres'], style: 'leading' },
  { name: 'postgis', tail: ['postgis', 'postgis'], style: 'leading' },
  { name: 'pgvector', tail: ['pgvector', 'pgvector'], style: 'pg-suffix' },
  { name: 'timescaledb', tail: ['timescale', 'timescaledb'], style: 'pg-suffix' },
];

/**
 * Images whose data directory is managed differently (Bitnami's POSTGRESQL_DATA_DIR falls back to
 * PGDATA, Spilo and timescaledb-ha keep it under /home/postgres, operators build their own pods,
 * sclorg/RHEL use /var/lib/pgsql). They are never touched, not even when a configured glob matches.
 */
const neverTouch: readonly RegExp[] = [
  /(^|\/)bitnami[a-z0-9-]*\//,
  /timescaledb-ha/,
  /(^|\/)spilo(-\d+)?$/,
  /(^|\/)(cloudnative-pg|cnpg)\//,
  /crunchy/,
  /(^|\/)(sclorg|rhel\d*|rhscl|centos[0-9]*)\//,
];

/** Whether and why an image belongs to the family the step handles. */
export interface FamilyMatch {
  family: string;
  style: TagStyle | 'any';
}

/**
 * Matches an image against the built-in families and the configured globs (`pgdata.images`).
 * Returns undefined for anything else, including every image on the never-touch list.
 */
export function matchFamily(image: ImageName, extraGlobs: readonly string[] = []): FamilyMatch | undefined {
  const full = `${image.registry}/${image.path}`;
  if (neverTouch.some((re) => re.test(full))) return undefined;
  const segments = image.path.split('/');
  for (const f of families) {
    const tail = segments.slice(-f.tail.length);
    if (tail.length === f.tail.length && tail.every((s, i) => s === f.tail[i])) return { family: f.name, style: f.style };
  }
  const candidates = [image.written, image.written.toLowerCase(), full, image.path];
  for (const glob of extraGlobs) {
    const re = globToRegExp(glob);
    if (candidates.some((c) => re.test(c))) return { family: `pgdata.images ${glob}`, style: 'any' };
  }
  return undefined;
}

/**
 * `*` and `?` stay within one path segment, `**` crosses segments. Hand-written because this is
 * the whole grammar the config documents; a glob library would add options nobody can set here.
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'i');
}

/** Postgres majors the tag parser accepts; anything else (a date, an extension version) is unknown. */
const MIN_MAJOR = 9;
const MAX_MAJOR = 99;

function plausible(n: number): number | undefined {
  return Number.isInteger(n) && n >= MIN_MAJOR && n <= MAX_MAJOR ? n : undefined;
}

/**
 * The Postgres major a tag names, or undefined. `leading`: `16`, `16.4`, `16-alpine`,
 * `16.4-bookworm`, `16-3.4` (postgis). `pg-suffix`: `pg16`, `0.8.0-pg16`, `2.17.2-pg16`,
 * `latest-pg16`, where a leading number is the extension's version, not Postgres's.
 */
export function majorFromTag(tag: string | undefined, style: TagStyle | 'any'): number | undefined {
  if (!tag) return undefined;
  const pg = /(?:^|[-_.])pg(\d+)(?=$|[-_.])/i.exec(tag);
  if (pg) return plausible(Number(pg[1]));
  if (style === 'pg-suffix') return undefined;
  const lead = /^(\d+)(?=$|[.-])/.exec(tag);
  return lead ? plausible(Number(lead[1])) : undefined;
}

/** Reads `PG_MAJOR` from an image config's env (`16`, or `9.6` for old images). */
export function majorFromEnv(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(\d+)/.exec(value.trim());
  return m ? plausible(Number(m[1])) : undefined;
}
