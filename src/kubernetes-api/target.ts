/**
 * Which Kubernetes the render is checked against: the version and, when known, the list of APIs the
 * destination serves. Argo CD passes both to a plugin (KUBE_VERSION, KUBE_API_VERSIONS); the CLI takes
 * them as flags, and kustodian.yaml as `kubernetes.version` and `kubernetes.apiVersions`. The config
 * loader (src/config/kubernetes.ts) merges those sources; this module reads the merged values.
 */
import { minors } from '../generated/kubernetes-api/schemas.js';

/**
 * `1.30.2`, `v1.31`, `1.29.3-eks-1234` → { major, minor }; undefined for anything that is not a
 * version. The config schema (kubernetes.version) has already refused malformed values.
 */
export function parseVersion(text: string): { major: number; minor: number } | undefined {
  const m = /^v?(\d+)\.(\d+)(?:[.+-]|$)/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** Minor number of a bundled or table minor such as "1.25". */
export function minorNumber(minor: string): number {
  return Number(minor.split('.')[1]);
}

/** The API list of the destination: every group/version it serves and, where listed, each kind. */
export class ApiList {
  readonly #versions = new Set<string>();
  readonly #kinds = new Set<string>();
  /** apiVersions listed with at least one kind: those are decided kind by kind. */
  readonly #byKind = new Set<string>();

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim();
      if (!entry) continue;
      const parts = entry.split('/');
      // `v1/Pod` is core's group-version plus a kind; `apps/v1` is a group-version.
      const coreKind = parts.length === 2 && /^v[0-9]+[a-z0-9]*$/.test(parts[0]!) && /^[A-Z]/.test(parts[1]!);
      if (parts.length === 3 || coreKind) {
        const apiVersion = parts.slice(0, -1).join('/');
        this.#kinds.add(`${apiVersion}/${parts[parts.length - 1]}`);
        this.#byKind.add(apiVersion);
        this.#versions.add(apiVersion);
      } else {
        this.#versions.add(entry);
      }
    }
  }

  /** Whether the destination serves `kind` in `apiVersion`. */
  serves(apiVersion: string, kind: string): boolean {
    if (this.#byKind.has(apiVersion)) return this.#kinds.has(`${apiVersion}/${kind}`);
    return this.#versions.has(apiVersion);
  }

  get size(): number {
    return this.#versions.size;
  }
}

/** What the api step validates against. */
export interface Target {
  /** The minor the deprecation table is read for, e.g. "1.31". */
  minor: string;
  /** The bundled minor whose schemas are used. */
  schemaMinor: string;
  /** Whether a version was given at all. */
  given: boolean;
  /** The destination's API list, when known. */
  apis?: ApiList;
}

/** Newest bundled minor. */
export const newestMinor = minors[minors.length - 1]!;

/**
 * The target from the merged settings. `version` has passed the config schema's pattern; a version
 * outside the bundled minors uses the nearest bundled schemas.
 */
export function resolveTarget(version: string | undefined, apiVersions: readonly string[] | undefined): Target {
  const apis = apiVersions && apiVersions.length ? new ApiList(apiVersions) : undefined;
  const parsed = version === undefined ? undefined : parseVersion(version);
  if (!parsed) return { minor: newestMinor, schemaMinor: newestMinor, given: false, ...(apis ? { apis } : {}) };
  const minor = `${parsed.major}.${parsed.minor}`;
  let schemaMinor = minors.includes(minor) ? minor : undefined;
  if (!schemaMinor) {
    const oldest = minors[0]!;
    schemaMinor = parsed.major < 1 || (parsed.major === 1 && parsed.minor < minorNumber(oldest)) ? oldest : newestMinor;
  }
  return { minor, schemaMinor, given: true, ...(apis ? { apis } : {}) };
}
