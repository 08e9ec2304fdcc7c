/**
 * Flyway's migration file names and version equality, re-implemented from flyway-core
 * (`internal/resource/ResourceNameParser.java`, `api/MigrationVersion.java`,
 * `internal/resolver/ResolvedMigrationComparator.java`, snapshot 2026-07). There is no JS library
 * for this, and the point is to agree with Flyway exactly: a duplicate it would refuse must be
 * found, and a name it would read must not be called misnamed. Pure: no files, no Kubernetes.
 */

/** The naming settings Flyway lets an app change; the defaults are Flyway's. */
export interface FlywayNaming {
  sqlMigrationPrefix: string;
  undoSqlMigrationPrefix: string;
  baselineMigrationPrefix: string;
  repeatableSqlMigrationPrefix: string;
  sqlMigrationSeparator: string;
  sqlMigrationSuffixes: readonly string[];
}

/** Flyway's defaults (`FlywayModel.java`, plus the Teams undo prefix). */
export const defaultFlywayNaming: FlywayNaming = {
  sqlMigrationPrefix: 'V',
  undoSqlMigrationPrefix: 'U',
  baselineMigrationPrefix: 'B',
  repeatableSqlMigrationPrefix: 'R',
  sqlMigrationSeparator: '__',
  sqlMigrationSuffixes: ['.sql'],
};

/**
 * SQL callback names (`api/callback/Event.java`). A file named after one (`afterMigrate.sql`,
 * `beforeMigrate__seed.sql`) is a callback, not a misnamed migration.
 */
const CALLBACK_EVENTS: readonly string[] = [
  'beforeClean',
  'afterClean',
  'afterCleanError',
  'beforeMigrate',
  'beforeEachMigrate',
  'beforeEachMigrateStatement',
  'afterEachMigrateStatement',
  'afterEachMigrateStatementError',
  'afterEachMigrate',
  'afterEachMigrateError',
  'beforeRepeatables',
  'afterVersioned',
  'afterMigrateApplied',
  'afterMigrate',
  'afterMigrateError',
  'beforeUndo',
  'beforeEachUndo',
  'beforeEachUndoStatement',
  'afterEachUndoStatement',
  'afterEachUndoStatementError',
  'afterEachUndo',
  'afterEachUndoError',
  'afterUndo',
  'afterUndoError',
  'beforeValidate',
  'afterValidate',
  'afterValidateError',
  'beforeBaseline',
  'afterBaseline',
  'afterBaselineError',
  'beforeRepair',
  'afterRepair',
  'afterRepairError',
  'beforeInfo',
  'afterInfo',
  'afterInfoError',
  'afterInfoOperationFinish',
  'createSchema',
  'beforeCreateSchema',
  'beforeConnect',
  'afterConnect',
];

/**
 * Which migrations conflict with which: Flyway's comparator puts undo migrations beside the
 * versioned ones they undo (no conflict), and baseline migrations compare only with each other.
 */
export type VersionedKind = 'versioned' | 'undo' | 'baseline';

/** What a file name means to Flyway. */
export type MigrationName =
  | { kind: VersionedKind; prefix: string; version: string; versionKey: string; description: string }
  | { kind: 'repeatable'; prefix: string; description: string }
  | { kind: 'callback'; event: string }
  /** Ends in a SQL suffix but Flyway skips it (silently, unless validateMigrationNaming is on). */
  | { kind: 'invalid'; reason: string; expected: string }
  /** Not a SQL file at all (README.md, V1__x.sql.conf): Flyway's SQL resolver never looks at it. */
  | { kind: 'other' };

/**
 * A version's numeric parts, as Flyway reads them: `_` means `.`, the string is split on dots that
 * precede a digit, each part is a Java BigInteger (an optional sign, then digits), and trailing
 * zero parts are dropped. Undefined when Flyway would reject the version.
 * Java's BigInteger also accepts non-ASCII decimal digits; those are treated as invalid here.
 */
export function parseFlywayVersion(raw: string): bigint[] | undefined {
  const parts: bigint[] = [];
  for (const part of raw.replace(/_/g, '.').split(/\.(?=\d)/)) {
    if (!/^[+-]?[0-9]+$/.test(part)) return undefined;
    parts.push(BigInt(part));
  }
  while (parts.length > 1 && parts[parts.length - 1] === 0n) parts.pop();
  return parts;
}

/**
 * A canonical string for a version: two versions are equal to Flyway exactly when their keys are
 * equal (`0.0.012` and `0_0_12.0` both give `0.0.12`). Undefined for an invalid version.
 */
export function flywayVersionKey(raw: string): string | undefined {
  return parseFlywayVersion(raw)?.map(String).join('.');
}

/** Flyway's `MigrationVersion.compareTo`: missing parts count as zero, so 1.10 > 1.9 and 1 == 1.0. */
export function compareFlywayVersions(a: string, b: string): number {
  const pa = parseFlywayVersion(a);
  const pb = parseFlywayVersion(b);
  if (!pa || !pb) throw new RangeError(`invalid Flyway version: ${!pa ? a : b}`);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0n;
    const y = pb[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Parses a file name (no directory) the way `ResourceNameParser.parse` does: strip a suffix
 * (case-insensitive), take the longest matching prefix (case-sensitive), split at the first
 * separator. A versioned name needs a valid version before the separator; a repeatable or callback
 * name must have nothing there. The description may be empty (`V1.sql`, `V1__.sql` are valid).
 */
export function parseMigrationName(fileName: string, naming: FlywayNaming = defaultFlywayNaming): MigrationName {
  const suffix = naming.sqlMigrationSuffixes.find((s) => fileName.toUpperCase().endsWith(s.toUpperCase()));
  if (suffix === undefined) return { kind: 'other' };
  const stem = fileName.slice(0, fileName.length - suffix.length);
  const sep = naming.sqlMigrationSeparator;
  const shownSuffix = fileName.slice(fileName.length - suffix.length);
  const prefixes: { prefix: string; kind: VersionedKind | 'repeatable' | 'callback' }[] = [
    { prefix: naming.sqlMigrationPrefix, kind: 'versioned' as const },
    { prefix: naming.undoSqlMigrationPrefix, kind: 'undo' as const },
    { prefix: naming.baselineMigrationPrefix, kind: 'baseline' as const },
    { prefix: naming.repeatableSqlMigrationPrefix, kind: 'repeatable' as const },
    ...CALLBACK_EVENTS.map((prefix) => ({ prefix, kind: 'callback' as const })),
  ].sort((a, b) => b.prefix.length - a.prefix.length);
  const match = prefixes.find((p) => stem.startsWith(p.prefix));
  const versionedPattern = (prefix: string) => `${prefix}<version>${sep}<description>${shownSuffix}`;
  const repeatablePattern = `${naming.repeatableSqlMigrationPrefix}${sep}<description>${shownSuffix}`;
  if (!match) {
    const migrationPrefixes = [
      naming.sqlMigrationPrefix,
      naming.undoSqlMigrationPrefix,
      naming.baselineMigrationPrefix,
      naming.repeatableSqlMigrationPrefix,
    ];
    const nearly = migrationPrefixes.find((p) => stem.toUpperCase().startsWith(p.toUpperCase()));
    const hint = nearly ? `: prefixes are case-sensitive, "${stem.slice(0, nearly.length)}" is not "${nearly}"` : '';
    return {
      kind: 'invalid',
      reason: `it does not start with a migration prefix (${migrationPrefixes.join(', ')})${hint}`,
      expected: `${versionedPattern(naming.sqlMigrationPrefix)} or ${repeatablePattern}`,
    };
  }
  const rest = stem.slice(match.prefix.length);
  const at = rest.indexOf(sep);
  const before = at < 0 ? rest : rest.slice(0, at);
  const after = at < 0 ? '' : rest.slice(at + sep.length);
  const description = after.replace(/_/g, ' ');
  if (match.kind === 'repeatable' || match.kind === 'callback') {
    if (before !== '') {
      const what = match.kind === 'repeatable' ? 'a repeatable migration' : `the ${match.prefix} callback`;
      return {
        kind: 'invalid',
        reason: `as ${what} it cannot carry a version ("${before}" before the separator "${sep}")`,
        expected: `${match.prefix}${sep}<description>${shownSuffix}`,
      };
    }
    return match.kind === 'callback'
      ? { kind: 'callback', event: match.prefix }
      : { kind: 'repeatable', prefix: match.prefix, description };
  }
  if (before === '')
    return {
      kind: 'invalid',
      reason: `it has no version between "${match.prefix}" and the separator "${sep}"`,
      expected: versionedPattern(match.prefix),
    };
  const versionKey = flywayVersionKey(before);
  if (versionKey === undefined) {
    const hint = at < 0 && /[_.-]/.test(before) ? ` (is the separator "${sep}" missing?)` : '';
    return {
      kind: 'invalid',
      reason: `Flyway cannot read "${before}" as a version${hint}; a version is numbers separated by . or _`,
      expected: versionedPattern(match.prefix),
    };
  }
  return { kind: match.kind, prefix: match.prefix, version: before, versionKey, description };
}
