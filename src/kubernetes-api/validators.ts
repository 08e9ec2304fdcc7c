/**
 * Schema checks for built-in kinds (the bundled minor's reduced schemas) and for custom resources whose
 * CRD is in the render (its openAPIV3Schema, turned into what the API server enforces). A small walker
 * over the schema, not ajv-compiled code: compiling the Deployment schema alone (PodSpec and the ~150
 * definitions it reaches) took ajv 0.7–1.4 s, more than the whole kustomize build of a large tree,
 * while walking needs no compile at all. Each kind's schema is prepared once per process and cached,
 * so `check` over many overlays and `pin --all` prepare each kind once.
 */
import { index, pool } from '../generated/kubernetes-api/schemas.js';
import { isRecord, type FieldPath } from '../manifests/field-path.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const REF = '#/definitions/';

/** One way an object fails its schema. */
export interface Violation {
  /** `unknown`: a field the schema does not have (Strict field validation rejects it). */
  type: 'unknown' | 'invalid';
  path: FieldPath;
  /** What is wrong, without the value (the caller decides whether a value may be shown). */
  problem: string;
  /** The offending value, for callers that may show it. */
  value?: unknown;
  /** For an unknown field: the fields the schema has there (for "did you mean"). */
  known?: readonly string[];
}

/** The check of one kind: returns its violations. */
export type Check = (object: unknown) => Violation[];

/** The schema dialect the generated data and `structural` use: a subset of JSON Schema. */
interface Schema {
  $ref?: string;
  if?: Schema;
  else?: Schema;
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
}

interface MinorSchemas {
  /** Definition name → parsed schema, parsed on first use. */
  definitions: Map<string, Schema>;
  builtins: Map<string, Check | undefined>;
  crds: Map<string, Check>;
}

// Process-wide: a prepared check depends only on the bundled data and the CRD schema text.
const perMinor = new Map<string, MinorSchemas>();
const patterns = new Map<string, RegExp>();

function schemasFor(minor: string): MinorSchemas {
  let s = perMinor.get(minor);
  if (!s) {
    s = { definitions: new Map(), builtins: new Map(), crds: new Map() };
    perMinor.set(minor, s);
  }
  return s;
}

function definition(minor: string, s: MinorSchemas, ref: string): Schema {
  const name = ref.slice(REF.length);
  let def = s.definitions.get(name);
  if (!def) {
    const i = index[minor]?.definitions[name];
    if (i === undefined) throw new Error(`bundled schemas ${minor}: no definition ${name}`);
    def = JSON.parse(pool[i]!) as Schema;
    s.definitions.set(name, def);
  }
  return def;
}

/** Whether the bundled minor has a schema for `kind` in `apiVersion`. */
export function hasBuiltin(minor: string, apiVersion: string, kind: string): boolean {
  return index[minor]?.kinds[`${apiVersion}/${kind}`] !== undefined;
}

/** Whether any bundled minor knows the group of `apiVersion` (a built-in group, not a CRD's). */
export function isBuiltinGroup(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return builtinGroups().has(group);
}

let groups: Set<string> | undefined;
function builtinGroups(): Set<string> {
  if (!groups) {
    groups = new Set();
    for (const entry of Object.values(index)) {
      for (const gvk of Object.keys(entry.kinds)) {
        const parts = gvk.split('/');
        groups.add(parts.length === 3 ? parts[0]! : '');
      }
    }
  }
  return groups;
}

/** The check of a built-in kind, prepared on first use; undefined when the minor has no schema for it. */
export function builtinCheck(minor: string, apiVersion: string, kind: string): Check | undefined {
  const s = schemasFor(minor);
  const key = `${apiVersion}/${kind}`;
  if (s.builtins.has(key)) return s.builtins.get(key);
  const name = index[minor]?.kinds[key];
  const check = name === undefined ? undefined : checkOf(minor, s, { $ref: `${REF}${name}` });
  s.builtins.set(key, check);
  return check;
}

/**
 * The check of a custom resource against one version's openAPIV3Schema. `preserveAll`: the CRD's
 * legacy `spec.preserveUnknownFields: true`, which turns pruning (and so unknown fields) off.
 * Returns whether the schema has CEL rules, which are not evaluated.
 */
export function crdCheck(minor: string, schema: unknown, preserveAll: boolean): { check: Check; cel: boolean } {
  // The same CRD object serves every custom resource of its kind: serialise its schema once.
  const cached = typeof schema === 'object' && schema !== null ? bySchema.get(schema) : undefined;
  if (cached && cached.minor === minor && cached.preserveAll === preserveAll) return cached.result;
  const s = schemasFor(minor);
  const text = JSON.stringify(schema);
  const key = `${preserveAll ? 'p' : 's'}${text}`;
  const cel = text.includes('"x-kubernetes-validations"');
  let check = s.crds.get(key);
  if (!check) {
    const root = structural(schema, { preserveAll, optional: false, inJunctor: false });
    // apiVersion, kind and metadata are the API server's, whatever the CRD says; status is never checked on apply.
    const properties = { ...(root.properties ?? {}), ...TYPE_META, status: {} };
    check = checkOf(minor, s, { ...root, type: 'object', properties });
    s.crds.set(key, check);
  }
  const result = { check, cel };
  if (typeof schema === 'object' && schema !== null) bySchema.set(schema, { minor, preserveAll, result });
  return result;
}

const bySchema = new WeakMap<object, { minor: string; preserveAll: boolean; result: { check: Check; cel: boolean } }>();

const TYPE_META = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { if: { type: 'null' }, else: { $ref: `${REF}${OBJECT_META}` } },
};

interface Mode {
  preserveAll: boolean;
  /** The node is a property its parent does not require. */
  optional: boolean;
  /** Inside allOf/anyOf/oneOf/not: value checks only, no fields of its own (structural schemas). */
  inJunctor: boolean;
}

const VALUE_KEYWORDS = [
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
] as const;

/**
 * An openAPIV3Schema node as the API server applies it: types, nullable, int-or-string, enum, pattern,
 * bounds and required are checked; unknown fields are errors where the API server would prune them
 * (objects without x-kubernetes-preserve-unknown-fields); a null where null is not allowed is dropped
 * by the API server, not rejected, so it passes; formats are not checked (Kubernetes checks a few,
 * with rules of its own); embedded resources get apiVersion, kind and metadata as a top-level object.
 */
function structural(node: unknown, mode: Mode): Record<string, unknown> {
  if (!isRecord(node)) return {};
  const out: Record<string, unknown> = {};
  const preserve = mode.preserveAll || node['x-kubernetes-preserve-unknown-fields'] === true;
  const nullable = node.nullable === true || (mode.optional && !mode.inJunctor);
  if (node['x-kubernetes-int-or-string'] === true) {
    out.type = nullable ? ['integer', 'string', 'null'] : ['integer', 'string'];
  } else if (typeof node.type === 'string') {
    out.type = nullable ? [node.type, 'null'] : node.type;
  }
  for (const k of VALUE_KEYWORDS) if (node[k] !== undefined) out[k] = node[k];
  if (Array.isArray(out.enum) && nullable && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  // OpenAPI 3.0 (and JSONSchemaProps) exclusiveMinimum/Maximum are booleans on minimum/maximum.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    delete out.minimum;
    out.exclusiveMinimum = node.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
    delete out.maximum;
    out.exclusiveMaximum = node.maximum;
  }
  if (typeof node.pattern === 'string' && compiles(node.pattern)) out.pattern = node.pattern;
  if (Array.isArray(node.required) && node.required.length) out.required = node.required;
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  if (isRecord(node.properties)) {
    const properties: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node.properties))
      properties[key] = structural(child, { ...mode, optional: !required.has(key) });
    out.properties = properties;
  }
  if (isRecord(node.items)) out.items = structural(node.items, { ...mode, optional: false });
  if (isRecord(node.additionalProperties)) out.additionalProperties = structural(node.additionalProperties, { ...mode, optional: true });
  else if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[junctor];
    if (Array.isArray(list)) out[junctor] = list.map((child) => structural(child, { ...mode, optional: false, inJunctor: true }));
  }
  if (isRecord(node.not)) out.not = structural(node.not, { ...mode, optional: false, inJunctor: true });
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = { ...(out.properties ?? {}), ...TYPE_META };
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
  }
  const isObject = node.type === 'object' || out.properties !== undefined;
  if (isObject && !preserve && !mode.inJunctor && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function checkOf(minor: string, s: MinorSchemas, schema: Schema): Check {
  return (object) => {
    const out: Violation[] = [];
    new Walker(minor, s, out).check(schema, object, []);
    return out;
  };
}

const INT32 = 2 ** 31;

function isInteger(value: unknown): boolean {
  return typeof value === 'bigint' || Number.isInteger(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return isInteger(value);
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isRecord(value);
    default:
      return true;
  }
}

function formatOk(format: string, value: unknown): boolean {
  if (format === 'int32')
    return typeof value === 'bigint'
      ? value >= -BigInt(INT32) && value < BigInt(INT32)
      : typeof value !== 'number' || (value >= -INT32 && value < INT32);
  // Go's base64 decoder skips line breaks, so a folded block scalar in a Secret's data is fine.
  if (format === 'byte')
    return (
      typeof value !== 'string' || /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value.replace(/[\r\n]/g, ''))
    );
  return true;
}

function regexp(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(pattern);
    patterns.set(pattern, re);
  }
  return re;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Walks a value against a schema, appending violations; stops descending at a value of the wrong type.
 * `path` is one stack for the whole walk, copied only into a violation: a copy per visited value was
 * most of the walk's allocations.
 */
class Walker {
  constructor(
    private readonly minor: string,
    private readonly s: MinorSchemas,
    private readonly out: Violation[],
  ) {}

  check(schema: Schema, value: unknown, path: (string | number)[]): void {
    if (schema.$ref !== undefined) {
      this.check(definition(this.minor, this.s, schema.$ref), value, path);
      return;
    }
    if (schema.if !== undefined) {
      // The generated data's one use of if/else: null, or else the referenced schema.
      if (value === null) return;
      if (schema.else) this.check(schema.else, value, path);
      return;
    }
    const out = this.out;
    if (schema.type !== undefined) {
      const types = schema.type;
      if (typeof types === 'string' ? !hasType(value, types) : !types.some((t) => hasType(value, t))) {
        out.push({
          type: 'invalid',
          path: [...path],
          problem: `must be ${typeWords(typeof types === 'string' ? [types] : types)}, not ${describeType(value)}`,
          value,
        });
        return;
      }
    }
    if (schema.enum && !schema.enum.some((e) => deepEqual(e, value))) {
      out.push({
        type: 'invalid',
        path: [...path],
        problem: `must be one of ${schema.enum
          .filter((x) => x !== null)
          .map((x) => JSON.stringify(x))
          .join(', ')}`,
        value,
      });
    }
    if (schema.format && !formatOk(schema.format, value))
      out.push({ type: 'invalid', path: [...path], problem: formatProblem(schema.format), value });
    if (typeof value === 'string') this.string(schema, value, path);
    else if (typeof value === 'number') this.number(schema, value, path);
    else if (Array.isArray(value)) this.array(schema, value, path);
    else if (isRecord(value)) this.object(schema, value, path);
    if (schema.allOf) for (const sub of schema.allOf) this.check(sub, value, path);
    if (schema.anyOf && !schema.anyOf.some((sub) => this.passes(sub, value)))
      out.push({ type: 'invalid', path: [...path], problem: 'must match at least one of the forms its schema allows (anyOf)', value });
    if (schema.oneOf && schema.oneOf.filter((sub) => this.passes(sub, value)).length !== 1)
      out.push({ type: 'invalid', path: [...path], problem: 'must match exactly one of the forms its schema allows (oneOf)', value });
    if (schema.not && this.passes(schema.not, value))
      out.push({ type: 'invalid', path: [...path], problem: 'matches a form its schema forbids (not)', value });
  }

  private passes(schema: Schema, value: unknown): boolean {
    const probe: Violation[] = [];
    new Walker(this.minor, this.s, probe).check(schema, value, []);
    return probe.length === 0;
  }

  private string(schema: Schema, value: string, path: (string | number)[]): void {
    if (schema.pattern !== undefined && !regexp(schema.pattern).test(value)) {
      // The bundled Quantity schema's grammar reads better as examples.
      const problem = schema.pattern.includes('[KMGTPE]i|[numkMGTPE]')
        ? 'must be a quantity such as 500m, 2, 1.5 or 512Mi'
        : `must match ${schema.pattern}`;
      this.out.push({ type: 'invalid', path: [...path], problem, value });
    }
    if (schema.minLength !== undefined || schema.maxLength !== undefined) {
      const length = [...value].length;
      if (schema.minLength !== undefined && length < schema.minLength)
        this.out.push({ type: 'invalid', path: [...path], problem: `must be at least ${schema.minLength} characters long`, value });
      if (schema.maxLength !== undefined && length > schema.maxLength)
        this.out.push({ type: 'invalid', path: [...path], problem: `must be at most ${schema.maxLength} characters long`, value });
    }
  }

  private number(schema: Schema, value: number, path: (string | number)[]): void {
    const bound = (ok: boolean, problem: string) => {
      if (!ok) this.out.push({ type: 'invalid', path: [...path], problem, value });
    };
    if (schema.minimum !== undefined) bound(value >= schema.minimum, `must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined) bound(value <= schema.maximum, `must be at most ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined) bound(value > schema.exclusiveMinimum, `must be more than ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined) bound(value < schema.exclusiveMaximum, `must be less than ${schema.exclusiveMaximum}`);
    if (schema.multipleOf !== undefined && schema.multipleOf > 0)
      bound(Number.isInteger(value / schema.multipleOf), `must be a multiple of ${schema.multipleOf}`);
  }

  private array(schema: Schema, value: unknown[], path: (string | number)[]): void {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      this.out.push({ type: 'invalid', path: [...path], problem: `must have at least ${schema.minItems} items` });
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      this.out.push({ type: 'invalid', path: [...path], problem: `must have at most ${schema.maxItems} items` });
    if (!schema.items) return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      this.check(schema.items, value[i], path);
      path.pop();
    }
  }

  private object(schema: Schema, value: Record<string, unknown>, path: (string | number)[]): void {
    for (const key of schema.required ?? [])
      if (value[key] === undefined) this.out.push({ type: 'invalid', path: [...path, key], problem: 'is required' });
    const properties = schema.properties;
    const extra = schema.additionalProperties;
    for (const key of Object.keys(value)) {
      const child = properties?.[key];
      const own = child !== undefined && Object.prototype.hasOwnProperty.call(properties, key);
      if (!own && extra === false)
        this.out.push({
          type: 'unknown',
          path: [...path, key],
          problem: 'is not a field of this kind',
          known: Object.keys(properties ?? {}),
        });
      else if (own || (extra !== undefined && extra !== true)) {
        path.push(key);
        this.check(own ? child : (extra as Schema), value[key], path);
        path.pop();
      }
    }
    const count = schema.minProperties !== undefined || schema.maxProperties !== undefined ? Object.keys(value).length : 0;
    if (schema.minProperties !== undefined && count < schema.minProperties)
      this.out.push({ type: 'invalid', path: [...path], problem: `must have at least ${schema.minProperties} fields` });
    if (schema.maxProperties !== undefined && count > schema.maxProperties)
      this.out.push({ type: 'invalid', path: [...path], problem: `must have at most ${schema.maxProperties} fields` });
  }
}

function formatProblem(format: string): string {
  if (format === 'int32') return 'must be a whole number that fits in 32 bits';
  if (format === 'int64') return 'must be a whole number';
  if (format === 'byte') return 'must be base64';
  return `must be a valid ${format}`;
}

function typeWords(types: readonly string[]): string {
  const words = types
    .filter((t) => t !== 'null')
    .map((t) => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : `a${/^[aeiou]/.test(t) ? 'n' : ''} ${t}`));
  return words.join(' or ');
}

/** A value's type as a message names it. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}
