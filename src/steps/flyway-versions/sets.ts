/**
 * The sets of migrations one Flyway instance sees, for the flyway-versions step: each migration
 * ConfigMap, the ConfigMaps one container mounts together (found through the resource index, so a
 * mount by a pre-hash name under fn finds its ConfigMap), and the scanned `flyway.locations`.
 */
import path from 'node:path';
import { describeRef } from '../../findings/finding.js';
import { formatPath, isRecord } from '../../manifests/field-path.js';
import type { Resource } from '../../manifests/resource.js';
import { CONFIG_MAP } from '../../manifests/resource-index.js';
import { parseMigrationName, type FlywayNaming, type MigrationName } from '../../flyway/migration-names.js';
import type { StepContext } from '../step.js';

/** A migration name Flyway would run (versioned, undo, baseline or repeatable): the names whose versions can collide. */
export type CheckedMigrationName = Exclude<MigrationName, { kind: 'invalid' | 'other' | 'callback' }>;

/** MigrationSite one migration lives: a file (repo-relative path) or a ConfigMap key. */
export type MigrationSite = { file: string } | { resource: Resource; field: 'data' | 'binaryData'; key: string; mountedAs?: string };

/** One migration of a set: its parsed name and where it lives. */
export interface LocatedMigration {
  name: CheckedMigrationName;
  where: MigrationSite;
}

export interface LocationSet {
  entries: LocatedMigration[];
  /** Appended to duplicate messages, e.g. "in flyway.locations db/migration, db/extra". */
  context: string;
}

/** A name Flyway would skip silently, and where it is. */
export interface Misnamed {
  where: MigrationSite;
  message: string;
}

export function isValid(name: MigrationName): name is CheckedMigrationName {
  return name.kind === 'versioned' || name.kind === 'undo' || name.kind === 'baseline' || name.kind === 'repeatable';
}

export function misnamed(fileName: string, name: Extract<MigrationName, { kind: 'invalid' }>, where: MigrationSite): Misnamed {
  return {
    message: `${fileName} is not a valid Flyway migration name, so Flyway skips it without an error: ${name.reason}; expected ${name.expected}`,
    where,
  };
}

interface MigrationConfigMap {
  resource: Resource;
  entries: LocatedMigration[];
}

/** ConfigMaps with at least one migration-named key; warns about misnamed SQL keys in them. */
export function migrationConfigMaps(ctx: StepContext, naming: FlywayNaming, misnamedOut: Misnamed[]): Map<Resource, MigrationConfigMap> {
  const out = new Map<Resource, MigrationConfigMap>();
  const suffixes = naming.sqlMigrationSuffixes.map((s) => s.toUpperCase());
  for (const resource of ctx.index.ofKind(CONFIG_MAP)) {
    // A migration key ends in a SQL suffix (compared upper-cased, as parseMigrationName does), and
    // kustomize writes keys literally: text without any suffix has no migration, so skip the parse.
    const upper = resource.isChanged ? undefined : resource.text?.toUpperCase();
    if (upper !== undefined && !suffixes.includes('') && !suffixes.some((s) => upper.includes(s))) continue;
    const entries: LocatedMigration[] = [];
    const invalid: Misnamed[] = [];
    for (const field of ['data', 'binaryData'] as const) {
      const data = resource.object[field];
      if (!isRecord(data)) continue;
      for (const key of Object.keys(data)) {
        const name = parseMigrationName(key, naming);
        const where: MigrationSite = { resource, field, key };
        if (isValid(name)) entries.push({ name, where });
        else if (name.kind === 'invalid') invalid.push(misnamed(key, name, where));
      }
    }
    if (entries.length === 0) continue; // SQL keys alone do not make a ConfigMap a Flyway location
    misnamedOut.push(...invalid);
    out.set(resource, { resource, entries });
  }
  return out;
}

/**
 * The Flyway files a ConfigMap reference (a volume's or a projected source's `configMap`) puts in the
 * container. Without `items` every key is a file of that name; with `items` only the listed keys are,
 * each under the file name of its `path` (Flyway scans the mount recursively and parses file names).
 */
function mountedEntries(
  ref: Record<string, unknown>,
  cm: MigrationConfigMap,
  naming: FlywayNaming,
): { entries: LocatedMigration[]; renamed: boolean } {
  if (!Array.isArray(ref.items)) return { entries: cm.entries, renamed: false };
  const resource = cm.resource;
  const entries: LocatedMigration[] = [];
  let renamed = false;
  for (const item of ref.items as unknown[]) {
    if (!isRecord(item) || typeof item.key !== 'string' || typeof item.path !== 'string') continue;
    const key = item.key;
    const fileName = path.posix.basename(item.path);
    // A key the ConfigMap does not hold fails the mount itself; nothing of it reaches Flyway.
    const field = (['data', 'binaryData'] as const).find((f) => isRecord(resource.object[f]) && Object.hasOwn(resource.object[f], key));
    if (!field) continue;
    const name = parseMigrationName(fileName, naming);
    if (!isValid(name)) continue; // mounted under a name Flyway does not read as a migration
    if (fileName !== key) renamed = true;
    entries.push({ name, where: { resource, field, key, ...(fileName === key ? {} : { mountedAs: item.path }) } });
  }
  return { entries, renamed };
}

/**
 * The migrations each container mounts from ConfigMaps, as the files one Flyway sees: a set when they
 * come from more than one ConfigMap, or when `items` renamed a key (each ConfigMap's own keys are a set already).
 */
export function mountedTogether(ctx: StepContext, configMaps: Map<Resource, MigrationConfigMap>, naming: FlywayNaming): LocationSet[] {
  if (configMaps.size === 0) return [];
  const sets: LocationSet[] = [];
  for (const visit of ctx.walker.containers(ctx.resources)) {
    const namespace = ctx.index.namespaceOf(visit.resource);
    const volumes = new Map<string, Record<string, unknown>>();
    for (const v of visit.podSpec.volumes ?? []) if (isRecord(v) && typeof v.name === 'string') volumes.set(v.name, v);
    const entries: LocatedMigration[] = [];
    const sources = new Set<Resource>();
    let renamed = false;
    for (const mount of visit.container.volumeMounts ?? []) {
      const volume = isRecord(mount) && typeof mount.name === 'string' ? volumes.get(mount.name) : undefined;
      if (!volume) continue;
      const refs: Record<string, unknown>[] = [];
      if (isRecord(volume.configMap)) refs.push(volume.configMap);
      if (isRecord(volume.projected) && Array.isArray(volume.projected.sources)) {
        for (const source of volume.projected.sources) if (isRecord(source) && isRecord(source.configMap)) refs.push(source.configMap);
      }
      for (const ref of refs) {
        if (typeof ref.name !== 'string') continue;
        // The first migration ConfigMap the name reaches (final or previous name), as kustomize resolves one.
        const cm = ctx.index
          .find(CONFIG_MAP, namespace, ref.name)
          .map((r) => configMaps.get(r))
          .find((c) => c !== undefined);
        if (!cm) continue;
        const mounted = mountedEntries(ref, cm, naming);
        if (mounted.entries.length === 0) continue;
        sources.add(cm.resource);
        renamed ||= mounted.renamed;
        entries.push(...mounted.entries);
      }
    }
    if (sources.size < 2 && !renamed) continue;
    const container = typeof visit.container.name === 'string' ? visit.container.name : formatPath(visit.containerPath);
    sets.push({
      entries,
      context: ` in the ConfigMaps mounted together by container ${container} of ${describeRef(visit.resource.ref(ctx.defaultNamespace))}`,
    });
  }
  return sets;
}

/**
 * The location sets the context scanned, each file's name parsed; misnamed ones go to `misnamedOut`.
 * Undefined when locations are configured but the run had no directory to resolve them against (fn).
 */
export function locationSets(ctx: StepContext, naming: FlywayNaming, misnamedOut: Misnamed[]): LocationSet[] | undefined {
  if (!ctx.config.flyway.locations?.length) return [];
  if (ctx.flywayLocations === undefined) return undefined;
  return ctx.flywayLocations.map(({ dirs, files }) => {
    const entries: LocatedMigration[] = [];
    for (const file of files) {
      const fileName = path.posix.basename(file);
      const name = parseMigrationName(fileName, naming);
      if (isValid(name)) entries.push({ name, where: { file } });
      else if (name.kind === 'invalid') misnamedOut.push(misnamed(fileName, name, { file }));
    }
    return { entries, context: dirs.length > 1 ? ` across flyway.locations ${dirs.join(', ')}` : '' };
  });
}
