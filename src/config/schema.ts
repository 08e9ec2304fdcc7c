/**
 * The config and lock schemas, compiled once, and the parameter table derived from the config schema
 * (every property marked `x-kustodian-parameter`). plugin.yaml's announcements, the KUSTODIAN_* env
 * vars and the ArgoCD parameters all come from this one table.
 */
import { createRequire } from 'node:module';
import type { ValidateFunction, ErrorObject } from 'ajv';
import type { Config } from '../generated/config.js';
import type { Lock } from '../generated/lock.js';

const require = createRequire(import.meta.url);
// ajv ships CommonJS; createRequire avoids the default-export interop dance under nodenext.
const Ajv = require('ajv') as typeof import('ajv').default;

/** JSON Schema node, loosely typed: we only walk `properties`, `type`, `enum`, `items`. */
export interface SchemaNode {
  type?: string;
  enum?: unknown[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  description?: string;
  default?: unknown;
  'x-kustodian-parameter'?: string;
  [key: string]: unknown;
}

export const configSchema = require('../../schemas/config.schema.json') as SchemaNode;
export const lockSchema = require('../../schemas/lock.schema.json') as SchemaNode;

const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: false });
ajv.addKeyword({ keyword: 'x-kustodian-parameter', schemaType: 'string' });

/** Type guards, compiled once per process. */
export const validateConfig = ajv.compile(configSchema) as ValidateFunction<Config>;
export const validateLock = ajv.compile(lockSchema) as ValidateFunction<Lock>;

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
  return out.sort((a, b) => a.name.localeCompare(b.name));
})();

/** `pin` → `KUSTODIAN_PIN`; `pgdata-guard` → `KUSTODIAN_PGDATA_GUARD`. */
export function envName(parameter: string): string {
  return `KUSTODIAN_${parameter.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}

/** ArgoCD's PARAM_* spelling: upper-cased, every character outside [A-Z0-9_] becomes `_`. */
export function paramEnvName(parameter: string): string {
  return `PARAM_${parameter.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
}
