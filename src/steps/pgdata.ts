/**
 * Puts Postgres data in a PGDATA subdirectory, version-aware, without ever hiding an existing
 * database (reference secrets-and-postgres.md §5).
 *
 * Up to 17, the official image keeps its data in the mount root /var/lib/postgresql/data, where
 * initdb refuses an ext4 volume's lost+found and crash-loops; PGDATA=<mount>/pgdata fixes that, and
 * an init container guards against the one way the fix loses data (an existing cluster at the
 * root). From 18 the image expects its volume at /var/lib/postgresql and exits when something is
 * mounted at /var/lib/postgresql/data. The image rules live in pgdata/image.ts, the guard in
 * pgdata/guard.ts; this file decides per container.
 */
import { type Container, type PodTemplateVisit } from '../manifests/pod-template-walker.js';
import { getPath, isRecord, type FieldPath } from '../manifests/field-path.js';
import type { Resource } from '../manifests/resource.js';
import { CONFIG_MAP, SECRET } from '../manifests/resource-index.js';
import type { Severity } from '../findings/finding.js';
import { defineStep, type ImageFacts, type Reporter, type StepContext } from './step.js';
import { majorFromEnv, majorFromTag, matchFamily, splitImage } from './pgdata/image.js';
import { GUARD_NAME, PGDATA_ANNOTATION, guardContainer } from './pgdata/guard.js';
import { skipsCheck } from './skip-checks.js';
import type { RefObjectKind } from '../refs/references.js';

const DATA = '/var/lib/postgresql/data';
const PARENT = '/var/lib/postgresql';
const INJECTED = `${DATA}/pgdata`;
/** PGDATA of the 18+ images, e.g. /var/lib/postgresql/18/docker. */
const VERSIONED_PGDATA = /^\/var\/lib\/postgresql\/\d+\/docker\/?$/;

/** Volume sources whose data outlives the pod and sit on a filesystem root (reference §5.2). */
const PERSISTENT = new Set(['persistentVolumeClaim', 'hostPath', 'volumeClaimTemplate']);

/** Where the image keeps its data: the ≤17 layout, the 18+ layout, its own PGDATA, or unknown. */
type Layout =
  { kind: 'legacy' | 'versioned'; major?: number; from: string } | { kind: 'custom'; pgdata: string } | { kind: 'unknown'; why: string };

interface Mount {
  index: number;
  mount: Record<string, unknown>;
}

const CODES = {
  PGDATA_INJECTED:
    'Info: PGDATA=/var/lib/postgresql/data/pgdata was set because a persistent volume is mounted on the data directory, where initdb fails on lost+found. Opt out with the annotation kustodian.dev/pgdata: "off" or keep, or pgdata.enabled: false.',
  PGDATA_GUARD_ADDED:
    'Info: an init container was added that refuses to start while a database sits at the volume root instead of in pgdata/. Move the data into pgdata/, or annotate the workload kustodian.dev/pgdata: keep; pgdata.guard: false disables the guard.',
  PG18_DATA_MOUNT:
    'Postgres 18 or later with a volume mounted at /var/lib/postgresql/data: the image exits at start-up. Mount the volume at /var/lib/postgresql instead.',
  PGDATA_PARENT_MOUNT:
    "Postgres 17 or older with its volume mounted at /var/lib/postgresql: the data lands in the image's anonymous VOLUME and is lost with the pod. Mount the volume at /var/lib/postgresql/data.",
  PGDATA_VERSION_UNKNOWN:
    'The Postgres major version cannot be told from the tag (and no image config was read), so PGDATA was left alone. Use a tag with the major version, such as 16.4 or 17-alpine, or enable pinning so the image config is read.',
  PGDATA_ENVFROM_UNKNOWN:
    'An envFrom ConfigMap or Secret is not in the render (or is created at run time, per the RBAC evidence the reference checks use), so kustodian cannot tell whether it sets PGDATA; nothing was changed. Set PGDATA in env, or add the object to the render.',
  PGDATA_ANNOTATION_INVALID:
    'The kustodian.dev/pgdata annotation has a value other than "off" or "keep" and is ignored. Use one of those two.',
} as const;

type Code = keyof typeof CODES;

export const pgdata = defineStep({
  id: 'pgdata',
  kind: 'transform',
  summary: 'Give official-family Postgres (≤17) a PGDATA subdirectory plus a guard; reject 18+ mounted at /var/lib/postgresql/data.',
  codes: CODES,
  async run(ctx, report) {
    const run = new PgdataRun(ctx, report);
    for (const visit of ctx.walker.podSpecs(ctx.resources)) if (!skipsCheck(visit.resource, 'pgdata')) await run.podSpec(visit);
  },
});

class PgdataRun {
  readonly #enabled: boolean;
  readonly #guard: boolean;
  readonly #globs: readonly string[];
  readonly #facts = new Map<string, Promise<ImageFacts | undefined>>();

  constructor(
    readonly ctx: StepContext,
    readonly report: Reporter<Code>,
  ) {
    this.#enabled = ctx.config.pgdata.enabled;
    this.#guard = ctx.config.pgdata.guard;
    this.#globs = ctx.config.pgdata.images ?? [];
  }

  #finding(resource: Resource, severity: Severity, code: Code, path: FieldPath, message: string): void {
    this.report.report(severity, code, resource, path, message);
  }

  async podSpec(visit: PodTemplateVisit): Promise<void> {
    const containers = visit.podSpec.containers;
    if (!Array.isArray(containers)) return;
    let optOut: 'off' | 'keep' | undefined;
    let optOutRead = false;
    let guards = 0;
    for (let i = 0; i < containers.length; i++) {
      const container = containers[i];
      if (!isRecord(container) || typeof container.image !== 'string') continue;
      const image = splitImage(container.image);
      if (!image || !matchFamily(image, this.#globs)) continue;
      if (!optOutRead) {
        optOut = this.#optOut(visit);
        optOutRead = true;
      }
      if (optOut === 'off') return;
      const containerPath: FieldPath = [...visit.podSpecPath, 'containers', i];
      const added = await this.#container(visit, container, containerPath, optOut === 'keep', guards);
      if (added) guards++;
    }
  }

  /** The workload's (or its pod template's) `kustodian.dev/pgdata` annotation. */
  #optOut(visit: PodTemplateVisit): 'off' | 'keep' | undefined {
    const places: FieldPath[] = [
      ['metadata', 'annotations'],
      [...visit.podSpecPath.slice(0, -1), 'metadata', 'annotations'],
    ];
    for (const place of places) {
      const annotations = getPath(visit.resource.object, place);
      if (!isRecord(annotations) || !(PGDATA_ANNOTATION in annotations)) continue;
      const raw = annotations[PGDATA_ANNOTATION];
      const value = typeof raw === 'string' ? raw.trim().toLowerCase() : raw === false ? 'off' : String(raw);
      if (value === 'off' || value === 'keep') return value;
      this.#finding(
        visit.resource,
        'warning',
        'PGDATA_ANNOTATION_INVALID',
        [...place, PGDATA_ANNOTATION],
        `annotation ${PGDATA_ANNOTATION} is ${JSON.stringify(raw)}; only "off" (leave the workload alone) and "keep" (keep the current data layout) are understood, so it is ignored`,
      );
    }
    return undefined;
  }

  /** Handles one postgres container; true when it added a guard. */
  async #container(
    visit: PodTemplateVisit,
    container: Container,
    containerPath: FieldPath,
    keep: boolean,
    guards: number,
  ): Promise<boolean> {
    const { resource } = visit;
    const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
    let data: Mount | undefined;
    let parent: Mount | undefined;
    mounts.forEach((mount, index) => {
      if (!isRecord(mount) || typeof mount.mountPath !== 'string') return;
      const at = mount.mountPath.replace(/\/+$/, '');
      if (at === DATA) data = { index, mount };
      else if (at === PARENT) parent = { index, mount };
    });
    if (!data && !parent) return false;
    // An explicit data directory is the user's decision; nothing here can second-guess it.
    if (setsPgdata(container) || passesDataDirectory(container)) return false;
    const envFrom = this.#envFrom(visit, container);
    if (envFrom.sets) return false;

    const layout = await this.#layout(container.image!);
    const where = (m: Mount): FieldPath => [...containerPath, 'volumeMounts', m.index, 'mountPath'];
    const unseen = (): void => {
      for (const u of envFrom.unseen) {
        // The RBAC evidence the reference checks use: an object created at run time has keys no render can show.
        const evidence = this.ctx.refs.rbac.find(u.kind, this.ctx.index.namespaceOf(resource), u.name);
        const creator = evidence.strong[0] ?? evidence.weak[0];
        const why = evidence.strong.length
          ? `is created at run time by ${creator!.describe} (${creator!.evidence})`
          : creator
            ? `is not in the render (${creator.describe} may create it at run time)`
            : 'is not in the render';
        const remedy = creator ? 'Set PGDATA in env' : `Set PGDATA in env, or add the ${u.kind} to the render`;
        this.#finding(
          resource,
          'warning',
          'PGDATA_ENVFROM_UNKNOWN',
          [...containerPath, 'envFrom', u.index],
          `envFrom ${u.kind} "${u.name}" ${why}, so kustodian cannot tell whether it sets PGDATA for container "${container.name}"; nothing was changed. ${remedy}`,
        );
      }
    };

    if (layout.kind === 'custom') return false;
    if (layout.kind === 'unknown') {
      this.#finding(
        resource,
        'warning',
        'PGDATA_VERSION_UNKNOWN',
        [...containerPath, 'image'],
        `cannot tell the Postgres major version of image "${container.image}" (${layout.why}): 17 and older keep data in ${DATA}, 18 and later in ${PARENT}/<major>/docker, so PGDATA was not checked or changed. Use a tag with the major version, such as 16.4 or 17-alpine`,
      );
      return false;
    }
    if (layout.kind === 'versioned') {
      if (!data) return false;
      if (envFrom.unseen.length) {
        unseen();
        return false;
      }
      this.#finding(
        resource,
        'error',
        'PG18_DATA_MOUNT',
        where(data),
        `container "${container.name}" runs Postgres ${layout.major ?? '18+'} (${layout.from}) with volume "${String(data.mount.name)}" mounted at ${DATA}; from 18 the image keeps its data in ${PARENT}/<major>/docker and exits at start-up when ${DATA} is a mount. Mount the volume at ${PARENT} instead`,
      );
      return false;
    }

    // The ≤17 layout.
    if (!data) {
      const kind = volumeSource(resource, visit.podSpec, parent!.mount.name);
      if (!kind || !PERSISTENT.has(kind)) return false;
      if (envFrom.unseen.length) {
        unseen();
        return false;
      }
      this.#finding(
        resource,
        'warning',
        'PGDATA_PARENT_MOUNT',
        where(parent!),
        `container "${container.name}" runs Postgres ${layout.major ?? '≤17'} (${layout.from}) with ${kind} "${String(parent!.mount.name)}" mounted at ${PARENT}; up to 17 the image keeps its data in ${DATA}, its own anonymous VOLUME, so the database is not persisted. Mount the volume at ${DATA}`,
      );
      return false;
    }
    const kind = volumeSource(resource, visit.podSpec, data.mount.name);
    if (!kind || !PERSISTENT.has(kind)) return false;
    if (data.mount.subPath !== undefined || data.mount.subPathExpr !== undefined) return false;
    if (keep || !this.#enabled) return false;
    if (envFrom.unseen.length) {
      unseen();
      return false;
    }

    const env = Array.isArray(container.env) ? container.env : (container.env = []);
    env.push({ name: 'PGDATA', value: INJECTED });
    const guardWanted = this.#guard;
    this.#finding(
      resource,
      'info',
      'PGDATA_INJECTED',
      [...containerPath, 'env', env.length - 1],
      `set PGDATA=${INJECTED} in container "${container.name}" (Postgres ${layout.major ?? '≤17'}, ${layout.from}): ${kind} "${String(data.mount.name)}" is mounted on the data directory ${DATA}, where initdb fails on lost+found` +
        (guardWanted
          ? ''
          : `; no guard (pgdata.guard is false): a database already at the volume root would be hidden by a new, empty one`),
    );
    resource.changed();
    if (!guardWanted) return false;

    const name = guards === 0 ? GUARD_NAME : `${GUARD_NAME}-${String(container.name)}`;
    const inits = Array.isArray(visit.podSpec.initContainers) ? visit.podSpec.initContainers : (visit.podSpec.initContainers = []);
    if (inits.some((c) => isRecord(c) && c.name === name)) return false;
    // First, so it looks at the volume before any other init container (a chown, a restore) touches it.
    inits.unshift(guardContainer(container, data.mount, name, DATA, INJECTED));
    this.#finding(
      resource,
      'info',
      'PGDATA_GUARD_ADDED',
      [...visit.podSpecPath, 'initContainers', 0],
      `added init container "${name}" before the others: it refuses to start while a database sits at the root of ${kind} "${String(data.mount.name)}" instead of in ${INJECTED}. To keep such a database where it is, annotate the workload ${PGDATA_ANNOTATION}: keep`,
    );
    return true;
  }

  /** Image facts (when the digest step provides them) win over the tag. */
  async #layout(reference: string): Promise<Layout> {
    let facts = this.#facts.get(reference);
    if (!facts) {
      facts = this.ctx.inspectImage ? this.ctx.inspectImage(reference) : Promise.resolve(undefined);
      this.#facts.set(reference, facts);
    }
    const env = (await facts)?.env;
    const imagePgdata = env?.PGDATA;
    const envMajor = majorFromEnv(env?.PG_MAJOR);
    if (imagePgdata !== undefined) {
      if (VERSIONED_PGDATA.test(imagePgdata)) return { kind: 'versioned', major: envMajor, from: `image PGDATA ${imagePgdata}` };
      if (imagePgdata.replace(/\/+$/, '') !== DATA) return { kind: 'custom', pgdata: imagePgdata };
    }
    if (envMajor !== undefined)
      return { kind: envMajor >= 18 ? 'versioned' : 'legacy', major: envMajor, from: `image PG_MAJOR ${envMajor}` };
    const image = splitImage(reference)!;
    const family = matchFamily(image, this.#globs)!;
    const major = majorFromTag(image.tag, family.style);
    if (major !== undefined) return { kind: major >= 18 ? 'versioned' : 'legacy', major, from: `tag ${image.tag}` };
    if (imagePgdata !== undefined) return { kind: 'legacy', from: `image PGDATA ${imagePgdata}` };
    const why = image.tag ? `tag "${image.tag}" names no major version` : image.digest ? 'digest only, no tag' : 'no tag';
    return { kind: 'unknown', why };
  }

  /** Whether a visible envFrom source sets PGDATA, and which sources the render does not contain. */
  #envFrom(
    visit: PodTemplateVisit,
    container: Container,
  ): { sets: boolean; unseen: { index: number; kind: RefObjectKind; name: string }[] } {
    const unseen: { index: number; kind: RefObjectKind; name: string }[] = [];
    const sources = Array.isArray(container.envFrom) ? container.envFrom : [];
    const ns = this.ctx.index.namespaceOf(visit.resource);
    for (const [index, source] of sources.entries()) {
      if (!isRecord(source)) continue;
      const prefix = typeof source.prefix === 'string' ? source.prefix : '';
      for (const kind of ['ConfigMap', 'Secret'] as const) {
        const ref = source[kind === 'ConfigMap' ? 'configMapRef' : 'secretRef'];
        if (!isRecord(ref) || typeof ref.name !== 'string') continue;
        const found = this.ctx.index.find(kind === 'ConfigMap' ? CONFIG_MAP : SECRET, ns, ref.name);
        if (!found.length) unseen.push({ index, kind, name: ref.name });
        else if (found.some((r) => envKeys(r).some((k) => prefix + k === 'PGDATA'))) return { sets: true, unseen: [] };
      }
    }
    return { sets: false, unseen };
  }
}

/**
 * The env keys an envFrom source gives: a ConfigMap's `data` only (binaryData never becomes env,
 * reference §2), a Secret's `data` and `stringData`. Keys only, read from the text where kustomize's
 * layout allows: never parse a dashboard to learn its keys.
 */
function envKeys(r: Resource): string[] {
  return (r.kind === 'ConfigMap' ? ['data'] : ['data', 'stringData']).flatMap((f) => r.topLevelKeys(f));
}

function setsPgdata(container: Container): boolean {
  return Array.isArray(container.env) && container.env.some((e) => isRecord(e) && e.name === 'PGDATA');
}

/** `-D dir`, `-Ddir`, `--pgdata`, or `data_directory` anywhere in command or args (also inside an `sh -c` string). */
function passesDataDirectory(container: Container): boolean {
  const words = [...(Array.isArray(container.command) ? container.command : []), ...(Array.isArray(container.args) ? container.args : [])]
    .filter((w): w is string => typeof w === 'string')
    .flatMap((w) => w.split(/\s+/));
  return words.some((w) => w.startsWith('-D') || w.startsWith('--pgdata') || w.includes('data_directory'));
}

/**
 * What backs a mounted volume: the pod volume's source key (persistentVolumeClaim, hostPath,
 * emptyDir, …), or `volumeClaimTemplate` for a StatefulSet claim of that name.
 */
function volumeSource(resource: Resource, podSpec: PodTemplateVisit['podSpec'], name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const volume = (Array.isArray(podSpec.volumes) ? podSpec.volumes : []).find((v) => isRecord(v) && v.name === name);
  if (volume) return Object.keys(volume).find((k) => k !== 'name');
  if (resource.kind !== 'StatefulSet') return undefined;
  const claims = getPath(resource.object, ['spec', 'volumeClaimTemplates']);
  if (Array.isArray(claims) && claims.some((c) => getPath(c, ['metadata', 'name']) === name)) return 'volumeClaimTemplate';
  return undefined;
}
