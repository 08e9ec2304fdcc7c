/** Flyway's version equality and name parsing, table-driven, through the public API. */
import { describe, expect, it } from 'vitest';
import {
  compareFlywayVersions,
  flywayVersionKey,
  parseFlywayVersion,
  parseMigrationName,
  defaultFlywayNaming,
} from '../../src/flyway/migration-names.js';

describe('Flyway version equality (MigrationVersion.equals)', () => {
  const equal: [string, string][] = [
    ['0.0.12', '0.0.012'], // the incident: leading zeros do not count
    ['0.0.12', '0_0_12'], // _ is .
    ['0.0.12', '0.0.12.0'], // trailing zero parts are dropped
    ['0.0.12', '0_0.12_0_0'],
    ['1', '1.0'],
    ['1', '001'],
    ['1', '1.0.0.0.0'],
    ['0', '0.0'],
    ['0', '-0'], // a BigInteger may carry a sign
    ['123456789012345678901234567890', '000123456789012345678901234567890.0'], // beyond 2^64
    ['2026.01.15.1200', '2026.1.15.1200'],
  ];
  it.each(equal)('%s == %s', (a, b) => {
    expect(flywayVersionKey(a)).toBe(flywayVersionKey(b));
    expect(compareFlywayVersions(a, b)).toBe(0);
  });

  const ordered: [string, string][] = [
    ['1.9', '1.10'], // numeric, not lexical
    ['0.0.12', '0.0.13'],
    ['1', '1.0.1'],
    ['99999999999999999999998', '99999999999999999999999'], // would be equal as doubles
    ['9007199254740992', '9007199254740993'], // 2^53 and 2^53 + 1
    ['1.2', '1.10'],
    ['-1', '0'],
  ];
  it.each(ordered)('%s < %s', (a, b) => {
    expect(flywayVersionKey(a)).not.toBe(flywayVersionKey(b));
    expect(compareFlywayVersions(a, b)).toBe(-1);
    expect(compareFlywayVersions(b, a)).toBe(1);
  });

  it.each(['1_init', '1.2a', '1..2', '.1', '1.', 'v1', '', '1.2-rc1', '1 2'])('rejects %j as Flyway does', (raw) => {
    expect(parseFlywayVersion(raw)).toBeUndefined();
    expect(() => compareFlywayVersions(raw, '1')).toThrow();
  });

  it('keeps big parts exact', () => {
    expect(parseFlywayVersion('18446744073709551617.0')).toEqual([18446744073709551617n]);
  });
});

describe('Flyway file names (ResourceNameParser)', () => {
  const cases: [string, string, string | undefined][] = [
    // name, kind, version key (or repeatable description)
    ['V0.0.12__add_gift_wrap.sql', 'versioned', '0.0.12'],
    ['V0_0_012__add_wishlist.sql', 'versioned', '0.0.12'],
    ['V1.sql', 'versioned', '1'], // no separator: an empty description is valid
    ['V1__.sql', 'versioned', '1'],
    ['V2__x.SQL', 'versioned', '2'], // suffixes are case-insensitive
    ['V1__two__separators.sql', 'versioned', '1'],
    ['U0.0.12__add_gift_wrap.sql', 'undo', '0.0.12'],
    ['B5__baseline.sql', 'baseline', '5'],
    ['R__gift_totals.sql', 'repeatable', 'gift totals'],
    ['R__.sql', 'repeatable', ''],
    ['R.sql', 'repeatable', ''],
    ['afterMigrate.sql', 'callback', undefined],
    ['afterMigrate__seed.sql', 'callback', undefined],
    ['beforeEachMigrateStatement.sql', 'callback', undefined],
    ['V1_init.sql', 'invalid', undefined], // one underscore: the version reads "1_init"
    ['V1-init.sql', 'invalid', undefined],
    ['v1__lowercase.sql', 'invalid', undefined], // prefixes are case-sensitive
    ['V__no_version.sql', 'invalid', undefined],
    ['R1__versioned_repeatable.sql', 'invalid', undefined],
    ['README.sql', 'invalid', undefined], // starts with R, then a "version"
    ['seed.sql', 'invalid', undefined],
    ['afterMigrate1.sql', 'invalid', undefined],
    ['V1__init.sql.conf', 'other', undefined],
    ['README.md', 'other', undefined],
  ];
  it.each(cases)('%s is %s', (name, kind, key) => {
    const parsed = parseMigrationName(name);
    expect(parsed.kind).toBe(kind);
    if (parsed.kind === 'versioned' || parsed.kind === 'undo' || parsed.kind === 'baseline') expect(parsed.versionKey).toBe(key);
    if (parsed.kind === 'repeatable') expect(parsed.description).toBe(key);
    if (parsed.kind === 'invalid') {
      expect(parsed.reason).not.toBe('');
      expect(parsed.expected).toMatch(/<description>/);
    }
  });

  it('follows custom prefixes, separator and suffixes', () => {
    const naming = { ...defaultFlywayNaming, sqlMigrationPrefix: 'M', sqlMigrationSeparator: '-', sqlMigrationSuffixes: ['.psql', '.sql'] };
    expect(parseMigrationName('M0.0.12-add_gift_wrap.psql', naming)).toMatchObject({ kind: 'versioned', versionKey: '0.0.12' });
    expect(parseMigrationName('V0.0.12__add.sql', naming).kind).toBe('invalid');
    expect(parseMigrationName('R-views.sql', naming)).toMatchObject({ kind: 'repeatable', description: 'views' });
  });

  it('takes the longest prefix first, as Flyway does', () => {
    const naming = { ...defaultFlywayNaming, sqlMigrationPrefix: 'V', repeatableSqlMigrationPrefix: 'VR' };
    expect(parseMigrationName('VR__views.sql', naming)).toMatchObject({ kind: 'repeatable', description: 'views' });
    expect(parseMigrationName('V1__x.sql', naming)).toMatchObject({ kind: 'versioned', versionKey: '1' });
  });
});
