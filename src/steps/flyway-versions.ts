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
 * A location outside the repository root (lexically, or through a symlink anywhere under it) stops the
 * run with CONFIG_INVALID, like any other bad kustodian.yaml value: it is a configuration mistake, not
 * a manifest defect, and kustodian must not read files outside the repository, even to report them.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { setting } from '../config/load.js';
import { KustodianError } from '../errors.js';
import { HOW_TO_SET_ROOT } from '../repo.js';
import { describeRef, type Finding } from '../findings.js';
import { formatPath, isRecord } from '../manifests/pod-templates.js';
import type { Resource } from '../manifests/resource.js';
import { defaultFlywayNaming, parseMigrationName, type FlywayNaming, type MigrationName } from '../flyway/names.js';
import type { Step, StepContext } from './types.js';

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

export const flywayVersions: Step = {
  id: 'flyway-versions',
  kind: 'validate',
  summary: 'Find Flyway migrations that share a version or repeatable description, and misnamed ones Flyway would skip.',
  codes: {
    FLYWAY_DUPLICATE_VERSION:
      'Two or more migrations of one kind (V, U or B) have the same version by Flyway\'s rules (_ equals ., 0.0.12 = 0.0.012, 1 = 1.0), so Flyway refuses to start. Give all but one of them a new version.',
    FLYWAY_DUPLICATE_REPEATABLE:
      'Two or more repeatable (R__) migrations have the same description, so Flyway refuses to start. Give all but one of them a new description.',
    FLYWAY_MISNAMED:
      'A .sql file in a Flyway location (or a migration ConfigMap) does not follow Flyway\'s naming, so Flyway skips it silently. Rename it, e.g. V1.2__add_index.sql (the message gives the expected form).',
    FLYWAY_LOCATIONS_SKIPPED:
      'flyway.locations is set but the run has no config directory to resolve it against (a KRM function reading stdin); only ConfigMaps were checked. Run kustodian render or check on the directory to check the locations.',
  },
  async run(ctx) {
    const naming = namingOf(ctx);
    const findings: Finding[] = [];
    const sets: LocationSet[] = [];

    const configMaps = migrationConfigMaps(ctx, naming, findings);
    // Mounted-together sets first: their messages name every file, and later repeats are dropped.
    sets.push(...mountedTogether(ctx, configMaps, naming));
    for (const cm of configMaps.values()) sets.push({ entries: cm.entries, context: '' });
    sets.push(...(await locationSets(ctx, naming, findings).catch((error: unknown) => Promise.reject(onConfigFile(error, ctx.configFile)))));

    const reported = new Set<string>();
    for (const set of sets) {
      for (const finding of duplicates(set, ctx)) {
        const key = `${finding.code}\u0000${finding.file?.path ?? ''}\u0000${finding.resourceRef ? describeRef(finding.resourceRef) : ''}\u0000${finding.field?.path ?? ''}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push(finding);
      }
    }
    return findings;
  },
};

function namingOf(ctx: StepContext): FlywayNaming {
  const get = <K extends keyof FlywayNaming>(key: K): FlywayNaming[K] => setting<FlywayNaming[K] | undefined>(ctx.config, ['flyway', key]) ?? defaultFlywayNaming[key];
  return {
    sqlMigrationPrefix: get('sqlMigrationPrefix'),
    undoSqlMigrationPrefix: get('undoSqlMigrationPrefix'),
    baselineMigrationPrefix: get('baselineMigrationPrefix'),
    repeatableSqlMigrationPrefix: get('repeatableSqlMigrationPrefix'),
    sqlMigrationSeparator: get('sqlMigrationSeparator'),
    sqlMigrationSuffixes: get('sqlMigrationSuffixes'),
  };
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

function locate(where: Where, ctx: StepContext): Pick<Finding, 'file' | 'resourceRef' | 'field'> {
  if ('file' in where) return { file: { path: where.file } };
  return { resourceRef: where.resource.ref(ctx.defaultNamespace), field: { path: formatPath([where.field, where.key]) } };
}

function duplicates(set: LocationSet, ctx: StepContext): Finding[] {
  const groups = new Map<string, Entry[]>();
  for (const entry of set.entries) {
    const key = conflictKey(entry.name);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const findings: Finding[] = [];
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
        severity: 'error',
        code: first.kind === 'repeatable' ? 'FLYWAY_DUPLICATE_REPEATABLE' : 'FLYWAY_DUPLICATE_VERSION',
        message: `${what}${set.context}: ${names.join(', ')}; Flyway refuses to start ("${flywaySays}"). Give all but one of them a new ${first.kind === 'repeatable' ? 'description' : 'version'}`,
        ...locate(entry.where, ctx),
      });
    }
  }
  return findings;
}

function misnamed(fileName: string, name: Extract<MigrationName, { kind: 'invalid' }>, where: Where, ctx: StepContext): Finding {
  return {
    severity: 'warning',
    code: 'FLYWAY_MISNAMED',
    message: `${fileName} is not a valid Flyway migration name, so Flyway skips it without an error: ${name.reason}; expected ${name.expected}`,
    ...locate(where, ctx),
  };
}

interface MigrationConfigMap {
  resource: Resource;
  entries: Entry[];
}

const configMapKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

/** ConfigMaps with at least one migration-named key, by namespace/name; warns about misnamed SQL keys in them. */
function migrationConfigMaps(ctx: StepContext, naming: FlywayNaming, findings: Finding[]): Map<string, MigrationConfigMap> {
  const out = new Map<string, MigrationConfigMap>();
  const suffixes = naming.sqlMigrationSuffixes.map((s) => s.toUpperCase());
  for (const resource of ctx.resources) {
    if (resource.kind !== 'ConfigMap' || resource.apiVersion !== 'v1') continue;
    // A migration key ends in a SQL suffix (compared upper-cased, as parseMigrationName does), and
    // kustomize writes keys literally: text without any suffix has no migration, so skip the parse.
    const upper = resource.isChanged ? undefined : resource.text?.toUpperCase();
    if (upper !== undefined && !suffixes.includes('') && !suffixes.some((s) => upper.includes(s))) continue;
    const entries: Entry[] = [];
    const invalid: Finding[] = [];
    for (const field of ['data', 'binaryData'] as const) {
      const data = resource.object[field];
      if (!isRecord(data)) continue;
      for (const key of Object.keys(data)) {
        const name = parseMigrationName(key, naming);
        const where: Where = { resource, field, key };
        if (isValid(name)) entries.push({ name, where });
        else if (name.kind === 'invalid') invalid.push(misnamed(key, name, where, ctx));
      }
    }
    if (entries.length === 0) continue; // SQL keys alone do not make a ConfigMap a Flyway location
    findings.push(...invalid);
    out.set(configMapKey(resource.namespace ?? ctx.defaultNamespace, resource.name), { resource, entries });
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
function mountedTogether(ctx: StepContext, configMaps: Map<string, MigrationConfigMap>, naming: FlywayNaming): LocationSet[] {
  if (configMaps.size === 0) return [];
  const sets: LocationSet[] = [];
  for (const visit of ctx.walker.containers(ctx.resources)) {
    const namespace = visit.resource.namespace ?? ctx.defaultNamespace;
    const volumes = new Map<string, Record<string, unknown>>();
    for (const v of visit.podSpec.volumes ?? []) if (isRecord(v) && typeof v.name === 'string') volumes.set(v.name, v);
    const entries: Entry[] = [];
    const sources = new Set<string>();
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
        const key = typeof ref.name === 'string' ? configMapKey(namespace, ref.name) : undefined;
        const cm = key === undefined ? undefined : configMaps.get(key);
        if (!cm || key === undefined) continue;
        const mounted = mountedEntries(ref, cm, naming);
        if (mounted.entries.length === 0) continue;
        sources.add(key);
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

/** Resolves and scans `flyway.locations`; each set's files, misnamed ones reported as warnings. */
/** A flyway.locations error is about the config file that set it: reports place it there. */
function onConfigFile(error: unknown, configFile: string | undefined): unknown {
  if (!(error instanceof KustodianError) || error.code !== 'CONFIG_INVALID' || error.file || !configFile) return error;
  return new KustodianError(error.code, error.message, { cause: error.cause, file: { path: configFile } });
}

async function locationSets(ctx: StepContext, naming: FlywayNaming, findings: Finding[]): Promise<LocationSet[]> {
  const configured = ctx.config.flyway?.locations ?? [];
  if (configured.length === 0) return [];
  const base = ctx.configDir ?? ctx.appDir;
  if (base === undefined) {
    findings.push({
      severity: 'warning',
      code: 'FLYWAY_LOCATIONS_SKIPPED',
      message: 'flyway.locations is set, but this run has no config directory to resolve it against (a KRM function reading stdin); only ConfigMaps were checked for duplicate migrations',
    });
    return [];
  }
  const root = path.resolve(ctx.repoRoot ?? base);
  const realRoot = await realpath(root).catch((error: unknown) => {
    throw new KustodianError('IO', `cannot resolve the repository root ${root}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  });
  const groups: { label: string; raw: string }[][] = [];
  const flat: { label: string; raw: string }[] = [];
  configured.forEach((item, i) => {
    if (typeof item === 'string') flat.push({ label: `flyway.locations[${i}]`, raw: item });
    else groups.push(item.map((raw, j) => ({ label: `flyway.locations[${i}][${j}]`, raw })));
  });
  if (flat.length) groups.unshift(flat);

  const sets: LocationSet[] = [];
  for (const group of groups) {
    const entries: Entry[] = [];
    const seen = new Set<string>();
    const dirs: string[] = [];
    for (const { label, raw } of group) {
      const dir = await resolveLocation(label, raw, base, root, realRoot);
      dirs.push(repoRelative(root, dir) || '.');
      for (const file of await scan(dir, { label, root, realRoot, visited: new Set() })) {
        const rel = repoRelative(root, file);
        if (seen.has(rel)) continue; // overlapping locations list a file once
        seen.add(rel);
        const fileName = path.basename(file);
        const name = parseMigrationName(fileName, naming);
        if (isValid(name)) entries.push({ name, where: { file: rel } });
        else if (name.kind === 'invalid') findings.push(misnamed(fileName, name, { file: rel }, ctx));
      }
    }
    sets.push({ entries, context: dirs.length > 1 ? ` across flyway.locations ${dirs.join(', ')}` : '' });
  }
  return sets;
}

function repoRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

async function resolveLocation(label: string, raw: string, base: string, root: string, realRoot: string): Promise<string> {
  const configError = (why: string) => new KustodianError('CONFIG_INVALID', `${label} "${raw}": ${why}`);
  let rel = raw;
  if (rel.startsWith('filesystem:')) rel = rel.slice('filesystem:'.length);
  else if (/^[a-z][a-z0-9+.-]+:/i.test(rel)) throw configError('only filesystem locations can be checked; give the directory in the repository');
  const dir = path.resolve(base, rel);
  if (!inside(root, dir)) throw configError(`points outside the repository root ${root}; kustodian reads no files there (${HOW_TO_SET_ROOT})`);
  let real: string;
  try {
    real = await realpath(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw configError(code === 'ENOENT' ? `no such directory (${repoRelative(root, dir)} in the repository)` : `cannot be read (${code ?? String(error)})`);
  }
  if (!inside(realRoot, real)) throw configError(`leads through a symlink to ${real}, outside the repository root ${root}; kustodian reads no files there (${HOW_TO_SET_ROOT})`);
  if (!(await stat(real)).isDirectory()) throw configError(`${repoRelative(root, dir)} is not a directory`);
  return dir;
}

/**
 * Every file under `dir`, as Flyway's FileSystemScanner finds them: recursive, following symlinks,
 * skipping hidden directories (not hidden files). Symlinks that lead outside the repository stop the run;
 * directory cycles are visited once.
 */
async function scan(dir: string, walk: { label: string; root: string; realRoot: string; visited: Set<string> }): Promise<string[]> {
  const { label, root, realRoot, visited } = walk;
  const realDir = await realpath(dir);
  if (visited.has(realDir)) return [];
  visited.add(realDir);
  const files: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      let real: string;
      try {
        real = await realpath(full);
      } catch {
        continue; // a dangling link: Flyway cannot read it either
      }
      if (!inside(realRoot, real)) {
        throw new KustodianError('CONFIG_INVALID', `${label}: ${repoRelative(root, full)} is a symlink to ${real}, outside the repository root ${root}; kustodian reads no files there (${HOW_TO_SET_ROOT})`);
      }
      const st = await stat(real);
      isDir = st.isDirectory();
      isFile = st.isFile();
    }
    if (isDir && !entry.name.startsWith('.')) files.push(...(await scan(full, walk)));
    else if (isFile) files.push(full);
  }
  return files;
}
