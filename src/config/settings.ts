/**
 * The config as steps read it: every schema default filled in once, when the config loads, so a step
 * reads `ctx.config.images.pin` with its type instead of looking defaults up by path.
 */
import type { Config } from '../generated/config.js';
import { configSchema, type SchemaNode } from './schema.js';

type Defaulted<T, K extends keyof NonNullable<T>> = NonNullable<T> & Required<Pick<NonNullable<T>, K>>;

/**
 * A Config whose defaulted settings are present. The keys listed here are the schema properties with
 * a `default` (test/config/config.test.ts checks the two lists agree).
 */
export type Settings = Omit<Config, 'kustomize' | 'checks' | 'pgdata' | 'images' | 'flyway' | 'cache'> & {
  kustomize: Defaulted<Config['kustomize'], 'enableHelm'>;
  checks: Defaulted<
    Config['checks'],
    'secretRefs' | 'configMapRefs' | 'sops' | 'missingObjects' | 'possibleRuntimeObjects' | 'api' | 'unknownFields'
  >;
  pgdata: Defaulted<Config['pgdata'], 'enabled' | 'guard'>;
  images: Defaulted<
    Config['images'],
    'pin' | 'offline' | 'platforms' | 'concurrency' | 'requestTimeoutSeconds' | 'budgetSeconds' | 'retryBaseSeconds' | 'tagTTLSeconds'
  >;
  cache: { redis: Defaulted<NonNullable<Config['cache']>['redis'], 'keyPrefix' | 'timeoutMilliseconds'> };
  flyway: Defaulted<
    Config['flyway'],
    | 'sqlMigrationPrefix'
    | 'undoSqlMigrationPrefix'
    | 'baselineMigrationPrefix'
    | 'repeatableSqlMigrationPrefix'
    | 'sqlMigrationSeparator'
    | 'sqlMigrationSuffixes'
  >;
};

/** The dotted paths of every defaulted setting `Settings` promises, for the test that holds it to the schema. */
export const DEFAULTED_SETTINGS: readonly string[] = [
  'kustomize.enableHelm',
  'checks.secretRefs',
  'checks.configMapRefs',
  'checks.sops',
  'checks.missingObjects',
  'checks.possibleRuntimeObjects',
  'checks.api',
  'checks.unknownFields',
  'pgdata.enabled',
  'pgdata.guard',
  'images.pin',
  'images.offline',
  'images.platforms',
  'images.concurrency',
  'images.requestTimeoutSeconds',
  'images.budgetSeconds',
  'images.retryBaseSeconds',
  'images.tagTTLSeconds',
  'cache.redis.keyPrefix',
  'cache.redis.timeoutMilliseconds',
  'flyway.sqlMigrationPrefix',
  'flyway.undoSqlMigrationPrefix',
  'flyway.baselineMigrationPrefix',
  'flyway.repeatableSqlMigrationPrefix',
  'flyway.sqlMigrationSeparator',
  'flyway.sqlMigrationSuffixes',
];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Fills every default of `node`'s object properties into a copy of `value`, creating the objects that
 * hold defaults (as ajv's useDefaults does for present objects), and into the items of arrays of objects.
 * Runs on the merged config only: defaults in a lower layer would otherwise override a higher one.
 */
function fill(node: SchemaNode, value: unknown): unknown {
  if (Array.isArray(value) && node.items) return value.map((item) => fill(node.items!, item));
  if (!node.properties || (value !== undefined && !isObject(value))) return value;
  const out: Record<string, unknown> = { ...(value ?? {}) };
  for (const [key, child] of Object.entries(node.properties)) {
    if (out[key] === undefined && child.default !== undefined) out[key] = structuredClone(child.default);
    else if (out[key] !== undefined || hasDefaults(child)) out[key] = fill(child, out[key]);
    if (out[key] === undefined) delete out[key];
  }
  return out;
}

function hasDefaults(node: SchemaNode): boolean {
  return Object.values(node.properties ?? {}).some((child) => child.default !== undefined || hasDefaults(child));
}

/** The validated config with every schema default applied; idempotent. */
export function withDefaults(config: Config): Settings {
  return fill(configSchema, config) as Settings;
}
