/**
 * Which images the pgdata step may touch, and which Postgres major they run. References are parsed
 * by the registry module's parser (src/registry/reference.ts), the one image grammar in kustodian.
 */
import { parseReference, type ImageReference } from '../../registry/reference.js';
import { globToRegExp } from '../../util/glob.js';

/** An image reference; undefined from splitImage when it is not a valid reference (the pin step reports those). */
export type ImageName = ImageReference;

/** Parses a reference, or returns undefined for one that is not valid. */
export function splitImage(reference: string): ImageName | undefined {
  try {
    return parseReference(reference);
  } catch {
    return undefined;
  }
}

/** The repository as written, without tag or digest: what users write in `pgdata.images`. */
function writtenName(image: ImageName): string {
  let name = image.original.trim();
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  if (image.tag !== undefined) name = name.slice(0, name.length - image.tag.length - 1);
  return name;
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
  const full = `${image.registry}/${image.repository}`;
  if (neverTouch.some((re) => re.test(full))) return undefined;
  const segments = image.repository.split('/');
  for (const f of families) {
    const tail = segments.slice(-f.tail.length);
    if (tail.length === f.tail.length && tail.every((s, i) => s === f.tail[i])) return { family: f.name, style: f.style };
  }
  const written = writtenName(image);
  const candidates = [written, written.toLowerCase(), full, image.repository];
  for (const glob of extraGlobs) {
    const re = globToRegExp(glob, { ignoreCase: true });
    if (candidates.some((c) => re.test(c))) return { family: `pgdata.images ${glob}`, style: 'any' };
  }
  return undefined;
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
