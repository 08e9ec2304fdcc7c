/**
 * The incident's first fault: two parallel pull requests both added V0.0.12, and the app crash-looped
 * on "Found more than one migration with version 0.0.12". Flyway raises that while resolving, before it
 * touches the database, so the whole location set can be checked offline with Flyway's own rules
 * (src/flyway/names.ts).
 *
 * Location sets (what one Flyway instance sees; only duplicates inside a set are errors):
 * - `flyway.locations`: the directories listed directly form one set, like Flyway's own `locations`;
 *   a nested list is a set of its own (an overlay deploying several apps with their own migrations).
 * - Each ConfigMap with at least one migration-named key (e.g. from a configMapGenerator) is a set.
 * - The migration files one container mounts from ConfigMaps (volumes or projected sources; with `items`,
 *   only the listed keys, under the file name of their `path`) form a set.
 * Locations and ConfigMaps never share a set: a ConfigMap is usually generated *from* the location's
 * files, and combining them would report every migration as its own duplicate.
 *
 * The locations are resolved and scanned when the context is built (src/flyway/locations.ts: a bad
 * location is a CONFIG_INVALID there); this step parses the names it found and the ConfigMaps' keys.
 * ConfigMaps are looked up through the resource index, so a mount by a pre-hash name (a KRM function
 * in `transformers:`) finds its ConfigMap as a mount by the final name does.
 */
import path from 'node:path';
import { describeRef } from '../findings.js';
import { formatPath, isRecord, type FieldPath } from '../manifests/pod-templates.js';
import type { Resource } from '../manifests/resource.js';
import { CONFIG_MAP } from '../manifests/resource-index.js';
import { parseMigrationName, type FlywayNaming, type MigrationName } from '../flyway/names.js';
import { defineStep, type Reporter, type StepContext } from './types.js';

type Valid = Exclude<MigrationName, { kind: 'invalid' | 'other' | 'callback' }>;

/** Where one migration lives: a file (repo-relative path) or a ConfigMap key. */
type Where = { file: string } | { resource: Resource; field: 'data' | 'binaryData'; key: string; mountedAs?: string };

interface Entry {
  name: Valid;
  where: Where;
}

interface LocationSet {
  entries: Entry[];
  /** Appended to duplicate messages, e.g. "in flyway.locations db/migration, db/extra". */
  context: string;
}

/** A finding before it is reported: where, what, and the message. */
interface Pending {
  code: Code;
  where: Where;
  message: string;
}

const CODES = {
  FLYWAY_DUPLICATE_VERSION:
    'Two or more migrations of one kind (V, U or B) have the same version by Flyway\'s rules (_ equals ., 0.0.12 = 0.0.012, 1 = 1.0), so Flyway refuses to start. Give all but one of them a new version.',
  FLYWAY_DUPLICATE_REPEATABLE:
    'Two or more repeatable (R__) migrations have the same description, so Flyway refuses to start. Give all but one of them a new description.',
  FLYWAY_MISNAMED:
    'A .sql file in a Flyway location (or a migration ConfigMap) does not follow Flyway\'s naming, so Flyway skips it silently. Rename it, e.g. V1.2__add_index.sql (the message gives the expected form).',
  FLYWAY_LOCATIONS_SKIPPED:
    'flyway.locations is set but the run has no config directory to resolve it against (a KRM function reading stdin); only ConfigMaps were checked. Run kustodian render or check on the directory to check the locations.',
} as const;

type Code = keyof typeof CODES;

export const flywayVersions = defineStep({
  id: 'flyway-versions',
  kind: 'validate',
  summary: 'Find Flyway migrations that share a version or repeatable description, and misnamed ones Flyway would skip.',
  codes: CODES,
  run(ctx, report) {
    const naming: FlywayNaming = ctx.config.flyway;
    const misnamed: Pending[] = [];
    const sets: LocationSet[] = [];

    const configMaps = migrationConfigMaps(ctx, naming, misnamed);
    // Mounted-together sets first: their messages name every file, and later repeats are dropped.
    sets.push(...mountedTogether(ctx, configMaps, naming));
    for (const cm of configMaps.values()) sets.push({ entries: cm.entries, context: '' });
    sets.push(...locationSets(ctx, naming, misnamed, report));
    for (const f of misnamed) emit(report, 'warning', f);

    const reported = new Set<string>();
    for (const set of sets) {
      for (const finding of duplicates(set, ctx)) {
        const key = `${finding.code}\u0000${'file' in finding.where ? finding.where.file : `${describeRef(finding.where.resource.ref(ctx.defaultNamespace))}\u0000${formatPath(fieldOf(finding.where))}`}`;
        if (reported.has(key)) continue;
        reported.add(key);
        emit(report, 'error', finding);
      }
    }
  },
});

function fieldOf(where: Extract<Where, { resource: Resource }>): FieldPath {
  return [where.field, where.key];
}

/** A finding about a file (a location's migration) or a ConfigMap key. */
function emit(report: Reporter<Code>, severity: 'error' | 'warning', f: Pending): void {
  if ('file' in f.where) report.report(severity, f.code, undefined, undefined, f.message, { file: { path: f.where.file } });
  else report.report(severity, f.code, f.where.resource, fieldOf(f.where), f.message);
}

function isValid(name: MigrationName): name is Valid {
  return name.kind === 'versioned' || name.kind === 'undo' || name.kind === 'baseline' || name.kind === 'repeatable';
}

/** The conflict class: Flyway compares versioned with versioned, undo with undo, baseline with baseline. */
function conflictKey(name: Valid): string {
  return name.kind === 'repeatable' ? `repeatable\u0000${name.description}` : `${name.kind}\u0000${name.versionKey}`;
}

function shown(where: Where, ctx: StepContext): string {
  if ('file' in where) return where.file;
  return `${describeRef(where.resource.ref(ctx.defaultNamespace))} key ${where.key}${where.mountedAs === undefined ? '' : ` (mounted as ${where.mountedAs})`}`;
}

function duplicates(set: LocationSet, ctx: StepContext): Pending[] {
  const groups = new Map<string, Entry[]>();
  for (const entry of set.entries) {
    const key = conflictKey(entry.name);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const findings: Pending[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const names = group.map((e) => shown(e.where, ctx)).sort();
    const first = group[0]!.name;
    const what =
      first.kind === 'repeatable'
        ? `repeatable migration description "${first.description}" is used by ${group.length} migrations`
        : `Flyway ${first.kind === 'versioned' ? '' : `${first.kind} `}version ${first.versionKey} is used by ${group.length} migrations`;
    const flywaySays =
      first.kind === 'repeatable'
        ? `Found more than one repeatable migration with description ${first.description}`
        : `Found more than one migration with version ${first.versionKey}`;
    for (const entry of group) {
      findings.push({
        code: first.kind === 'repeatable' ? 'FLYWAY_DUPLICATE_REPEATABLE' : 'FLYWAY_DUPLICATE_VERSION',
        message: `${what}${set.context}: ${names.join(', ')}; Flyway refuses to start ("${flywaySays}"). Give all but one of them a new ${first.kind === 'repeatable' ? 'description' : 'version'}`,
        where: entry.where,
      });
    }
  }
  return findings;
}

function misnamed(fileName: string, name: Extract<MigrationName, { kind: 'invalid' }>, where: Where): Pending {
  return {
    code: 'FLYWAY_MISNAMED',
    message: `${fileName} is not a valid Flyway migration name, so Flyway skips it without an error: ${name.reason}; expected ${name.expected}`,
    where,
  };
}

interface MigrationConfigMap {
  resource: Resource;
  entries: Entry[];
}

/** ConfigMaps with at least one migration-named key; warns about misnamed SQL keys in them. */
function migrationConfigMaps(ctx: StepContext, naming: FlywayNaming, findings: Pending[]): Map<Resource, MigrationConfigMap> {
  const out = new Map<Resource, MigrationConfigMap>();
  const suffixes = naming.sqlMigrationSuffixes.map((s) => s.toUpperCase());
  for (const resource of ctx.index.ofKind(CONFIG_MAP)) {
    // A migration key ends in a SQL suffix (compared upper-cased, as parseMigrationName does), and
    // kustomize writes keys literally: text without any suffix has no migration, so skip the parse.
    const upper = resource.isChanged ? undefined : resource.text?.toUpperCase();
    if (upper !== undefined && !suffixes.includes('') && !suffixes.some((s) => upper.includes(s))) continue;
    const entries: Entry[] = [];
    const invalid: Pending[] = [];
    for (const field of ['data', 'binaryData'] as const) {
      const data = resource.object[field];
      if (!isRecord(data)) continue;
      for (const key of Object.keys(data)) {
        const name = parseMigrationName(key, naming);
        const where: Where = { resource, field, key };
        if (isValid(name)) entries.push({ name, where });
        else if (name.kind === 'invalid') invalid.push(misnamed(key, name, where));
      }
    }
    if (entries.length === 0) continue; // SQL keys alone do not make a ConfigMap a Flyway location
    findings.push(...invalid);
    out.set(resource, { resource, entries });
  }
  return out;
}

/**
 * The Flyway files a ConfigMap reference (a volume's or a projected source's `configMap`) puts in the
 * container. Without `items` every key is a file of that name; with `items` only the listed keys are,
 * each under the file name of its `path` (Flyway scans the mount recursively and parses file names).
 */
function mountedEntries(ref: Record<string, unknown>, cm: MigrationConfigMap, naming: FlywayNaming): { entries: Entry[]; renamed: boolean } {
  if (!Array.isArray(ref.items)) return { entries: cm.entries, renamed: false };
  const resource = cm.resource;
  const entries: Entry[] = [];
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
function mountedTogether(ctx: StepContext, configMaps: Map<Resource, MigrationConfigMap>, naming: FlywayNaming): LocationSet[] {
  if (configMaps.size === 0) return [];
  const sets: LocationSet[] = [];
  for (const visit of ctx.walker.containers(ctx.resources)) {
    const namespace = ctx.index.namespaceOf(visit.resource);
    const volumes = new Map<string, Record<string, unknown>>();
    for (const v of visit.podSpec.volumes ?? []) if (isRecord(v) && typeof v.name === 'string') volumes.set(v.name, v);
    const entries: Entry[] = [];
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
        const cm = ctx.index.find(CONFIG_MAP, namespace, ref.name).map((r) => configMaps.get(r)).find((c) => c !== undefined);
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

/** The location sets the context scanned, each file's name parsed; misnamed ones become warnings. */
function locationSets(ctx: StepContext, naming: FlywayNaming, findings: Pending[], report: Reporter<Code>): LocationSet[] {
  if (!ctx.config.flyway.locations?.length) return [];
  if (ctx.flywayLocations === undefined) {
    report.warning('FLYWAY_LOCATIONS_SKIPPED', undefined, undefined,
      'flyway.locations is set, but this run has no config directory to resolve it against (a KRM function reading stdin); only ConfigMaps were checked for duplicate migrations');
    return [];
  }
  return ctx.flywayLocations.map(({ dirs, files }) => {
    const entries: Entry[] = [];
    for (const file of files) {
      const fileName = path.posix.basename(file);
      const name = parseMigrationName(fileName, naming);
      if (isValid(name)) entries.push({ name, where: { file } });
      else if (name.kind === 'invalid') findings.push(misnamed(fileName, name, { file }));
    }
    return { entries, context: dirs.length > 1 ? ` across flyway.locations ${dirs.join(', ')}` : '' };
  });
}
