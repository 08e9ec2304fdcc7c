/**
 * The config and lock schemas, compiled once, and the parameter table derived from the config schema
 * (every property marked `x-kustodian-parameter`). plugin.yaml's announcements, the KUSTODIAN_* env
 * vars and the ArgoCD parameters all come from this one table.
 */
import type { ErrorObject } from 'ajv';
import type { Config } from '../generated/config.js';
import type { Lock } from '../generated/lock.js';
import { configSchema as configSchemaConst, lockSchema as lockSchemaConst } from '../generated/schemas.js';
import { validateConfig as configValidator, validateLock as lockValidator } from '../generated/validators.js';

/** JSON Schema node, loosely typed: we only walk `properties`, `type`, `enum`, `items`. */
export interface SchemaNode {
  type?: string;
  enum?: readonly unknown[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  description?: string;
  default?: unknown;
  'x-kustodian-parameter'?: string;
  [key: string]: unknown;
}

export const configSchema = configSchemaConst as unknown as SchemaNode;
export const lockSchema = lockSchemaConst as unknown as SchemaNode;

/** An ajv-compiled type guard; `errors` holds the last failure's errors. */
export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

/**
 * Type guards, compiled at build time by ajv standalone (scripts/generate.mjs): compiling at start-up
 * cost more CPU than a small kustomize build.
 */
export const validateConfig = configValidator as Validator<Config>;
export const validateLock = lockValidator as Validator<Lock>;

export type { ErrorObject };

/** One ArgoCD parameter / env var, and where it lands in the config. */
export interface Parameter {
  /** Parameter name, e.g. `pin`; env var KUSTODIAN_PIN. */
  name: string;
  /** Config path, e.g. ['images', 'pin']. */
  path: string[];
  schema: SchemaNode;
}

function collect(node: SchemaNode, at: string[], out: Parameter[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = child['x-kustodian-parameter'];
    if (name) out.push({ name, path: [...at, key], schema: child });
    collect(child, [...at, key], out);
  }
}

/** All parameters, sorted by name. */
export const parameters: readonly Parameter[] = (() => {
  const out: Parameter[] = [];
  collect(configSchema, [], out);
  // Code-unit order, not localeCompare: the first localeCompare loads ICU's collator (~9 ms of every
  // start-up), and for lower-case ASCII parameter names both orders agree.
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
})();

/** `pin` → `KUSTODIAN_PIN`; `pgdata-guard` → `KUSTODIAN_PGDATA_GUARD`. */
export function envName(parameter: string): string {
  return `KUSTODIAN_${parameter.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/** ArgoCD's PARAM_* spelling: upper-cased, every character outside [A-Z0-9_] becomes `_`. */
export function paramEnvName(parameter: string): string {
  return `PARAM_${parameter.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}
