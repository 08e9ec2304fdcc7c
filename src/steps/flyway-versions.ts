/**
 * The incident's first fault: two parallel pull requests both added V0.0.12, and the app crash-looped
 * on "Found more than one migration with version 0.0.12". Flyway raises that while resolving, before it
 * touches the database, so the whole location set can be checked offline with Flyway's own rules
 * (src/flyway/migration-names.ts).
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
import { describeRef } from '../findings/finding.js';
import { formatPath, type FieldPath } from '../manifests/field-path.js';
import type { Resource } from '../manifests/resource.js';
import type { FlywayNaming } from '../flyway/migration-names.js';
import { defineStep, type Reporter, type StepContext } from './step.js';
import {
  locationSets,
  migrationConfigMaps,
  mountedTogether,
  type LocatedMigration,
  type LocationSet,
  type Misnamed,
  type CheckedMigrationName,
  type MigrationSite,
} from './flyway-versions/sets.js';

/** A finding before it is reported: where, what, and the message; `also` are the other places (duplicates). */
interface FlywayFindingDraft {
  code: Code;
  where: MigrationSite;
  message: string;
  also?: MigrationSite[];
}

const CODES = {
  FLYWAY_DUPLICATE_VERSION:
    "Two or more migrations of one kind (V, U or B) have the same version by Flyway's rules (_ equals ., 0.0.12 = 0.0.012, 1 = 1.0), so Flyway refuses to start. Give all but one of them a new version.",
  FLYWAY_DUPLICATE_REPEATABLE:
    'Two or more repeatable (R__) migrations have the same description, so Flyway refuses to start. Give all but one of them a new description.',
  FLYWAY_MISNAMED:
    "A .sql file in a Flyway location (or a migration ConfigMap) does not follow Flyway's naming, so Flyway skips it silently. Rename it, e.g. V1.2__add_index.sql (the message gives the expected form).",
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
    const misnamed: Misnamed[] = [];
    const sets: LocationSet[] = [];

    const configMaps = migrationConfigMaps(ctx, naming, misnamed);
    // Mounted-together sets first: their messages name every file, and later repeats are dropped.
    sets.push(...mountedTogether(ctx, configMaps, naming));
    for (const cm of configMaps.values()) sets.push({ entries: cm.entries, context: '' });
    const locations = locationSets(ctx, naming, misnamed);
    if (locations) sets.push(...locations);
    else {
      report.warning(
        'FLYWAY_LOCATIONS_SKIPPED',
        undefined,
        undefined,
        'flyway.locations is set, but this run has no config directory to resolve it against (a KRM function reading stdin); only ConfigMaps were checked for duplicate migrations',
      );
    }
    for (const f of misnamed) emit(report, 'warning', { code: 'FLYWAY_MISNAMED', ...f });

    const reported = new Set<string>();
    const whereKey = (where: MigrationSite) =>
      'file' in where ? where.file : `${describeRef(where.resource.ref(ctx.defaultNamespace))}\u0000${formatPath(fieldOf(where))}`;
    for (const set of sets) {
      for (const finding of duplicates(set, ctx)) {
        // A group already reported from an earlier set (a mount of the same ConfigMaps) is not repeated.
        const keys = [finding.where, ...(finding.also ?? [])].map((w) => `${finding.code}\u0000${whereKey(w)}`);
        if (keys.every((k) => reported.has(k))) continue;
        for (const k of keys) reported.add(k);
        emit(report, 'error', finding, ctx);
      }
    }
  },
});

function fieldOf(where: Extract<MigrationSite, { resource: Resource }>): FieldPath {
  return [where.field, where.key];
}

/**
 * A finding about a file (a location's migration) or a ConfigMap key; the other places of a duplicate
 * become related locations (SARIF relatedLocations), so one conflict is one finding.
 */
function emit(report: Reporter<Code>, severity: 'error' | 'warning', f: FlywayFindingDraft, ctx?: StepContext): void {
  const related = (f.also ?? []).map((w) =>
    'file' in w ? { file: { path: w.file } } : { resourceRef: w.resource.ref(ctx?.defaultNamespace) },
  );
  const extra = related.length ? { related } : {};
  if ('file' in f.where) report.report(severity, f.code, undefined, undefined, f.message, { file: { path: f.where.file }, ...extra });
  else report.report(severity, f.code, f.where.resource, fieldOf(f.where), f.message, extra);
}

/** The conflict class: Flyway compares versioned with versioned, undo with undo, baseline with baseline. */
function conflictKey(name: CheckedMigrationName): string {
  return name.kind === 'repeatable' ? `repeatable\u0000${name.description}` : `${name.kind}\u0000${name.versionKey}`;
}

function shown(where: MigrationSite, ctx: StepContext): string {
  if ('file' in where) return where.file;
  return `${describeRef(where.resource.ref(ctx.defaultNamespace))} key ${where.key}${where.mountedAs === undefined ? '' : ` (mounted as ${where.mountedAs})`}`;
}

function duplicates(set: LocationSet, ctx: StepContext): FlywayFindingDraft[] {
  const groups = new Map<string, LocatedMigration[]>();
  for (const entry of set.entries) {
    const key = conflictKey(entry.name);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const findings: FlywayFindingDraft[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const sorted = group
      .map((e) => ({ entry: e, shown: shown(e.where, ctx) }))
      .sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
    const names = sorted.map((e) => e.shown);
    const first = group[0]!.name;
    const what =
      first.kind === 'repeatable'
        ? `repeatable migration description "${first.description}" is used by ${group.length} migrations`
        : `Flyway ${first.kind === 'versioned' ? '' : `${first.kind} `}version ${first.versionKey} is used by ${group.length} migrations`;
    const flywaySays =
      first.kind === 'repeatable'
        ? `Found more than one repeatable migration with description ${first.description}`
        : `Found more than one migration with version ${first.versionKey}`;
    // One finding per conflict, at the first place in name order, with the others as related locations.
    findings.push({
      code: first.kind === 'repeatable' ? 'FLYWAY_DUPLICATE_REPEATABLE' : 'FLYWAY_DUPLICATE_VERSION',
      message: `${what}${set.context}: ${names.join(', ')}; Flyway refuses to start ("${flywaySays}"). Give all but one of them a new ${first.kind === 'repeatable' ? 'description' : 'version'}`,
      where: sorted[0]!.entry.where,
      also: sorted.slice(1).map((e) => e.entry.where),
    });
  }
  return findings;
}
