/**
 * Turns every configuration input into one validated Config. Precedence, low to high:
 * defaults < kustodian.yaml < sidecar env KUSTODIAN_* < app env ARGOCD_ENV_KUSTODIAN_* <
 * ArgoCD parameters (ARGOCD_APP_PARAMETERS, else PARAM_*) < command-line flags.
 * Each layer is validated on its own against the same schema, so an error names its source.
 */
import path from 'node:path';
import { KustodianError } from '../util/errors.js';
import { describeValue, scalarText } from '../util/untrusted.js';
import { readYamlFile } from './yaml-file.js';
import { isNamespaceName } from '../manifests/object-names.js';
import { assertInsideRoot, REPO_ROOT_ENV, type RepoRoot } from '../repo/root.js';
import type { Config } from '../generated/config.js';
import { withDefaults, type Settings } from './settings.js';
import {
  configSchema,
  validateConfig,
  parameters,
  envName,
  paramEnvName,
  type ErrorObject,
  type Parameter,
  type SchemaNode,
} from './schema.js';
import { KUBERNETES_ENV, KUBERNETES_FLAGS, kubernetesFragment, splitKubernetesFlags } from './kubernetes.js';

export const CONFIG_FILE = 'kustodian.yaml';
const HEADER = { apiVersion: 'kustodian.dev/v1alpha1', kind: 'Config' } as const;

/**
 * KUSTODIAN_* env vars that are not config parameters. The Redis pair is read by the registry client from the
 * sidecar's own env only; an Application's ARGOCD_ENV_KUSTODIAN_REDIS_* is ignored, so an app cannot point the
 * operator's Redis password at another server. KUSTODIAN_REPO_ROOT (src/repo/root.ts) is likewise the sidecar's or
 * the command line's: an app cannot widen the bound on the files kustodian reads.
 */
export const reservedEnv: ReadonlySet<string> = new Set([
  'KUSTODIAN_KUSTOMIZE',
  'KUSTODIAN_CACHE_DIR',
  'KUSTODIAN_REDIS_URL',
  'KUSTODIAN_REDIS_PASSWORD',
  REPO_ROOT_ENV,
  'KUSTODIAN_MAX_INPUT_BYTES',
]);

/**
 * The variables the kubelet injects into every pod of a namespace for a Service named `kustodian`
 * (enableServiceLinks, on by default). They are not settings, and failing every render over them
 * would take down every app the sidecar serves.
 */
const serviceLinkEnv = /^KUSTODIAN_(?:SERVICE_HOST|SERVICE_PORT(?:_[A-Z0-9_]+)?|PORT(?:_\d+_(?:TCP|UDP|SCTP)(?:_(?:PROTO|PORT|ADDR))?)?)$/;

export interface LoadOptions {
  /** The app directory; kustodian.yaml is looked up here unless `file` is given. */
  dir: string;
  /** --config FILE */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags, highest precedence, by parameter name. */
  flags?: Record<string, unknown>;
  /** The repository root: an unnamed kustodian.yaml that leads outside it is never read. */
  root?: RepoRoot;
  /** The env and flag layers alone, no kustodian.yaml: what is known before the repository root is. */
  withoutFile?: boolean;
}

export interface LoadedConfig {
  /** Validated, with every schema default applied. */
  config: Settings;
  /** The config file that was read, if any. */
  file?: string;
}

type Layer = {
  source: string;
  value: Record<string, unknown>;
  locate?: (e: ErrorObject) => string;
  /** The file the layer came from, and the line of an error in it: reports place the error there. */
  file?: { path: string; line: (e: ErrorObject) => number | undefined };
};

/** Loads, validates and merges every layer. Throws CONFIG_INVALID (exit 2) or USAGE. */
export async function loadConfig(options: LoadOptions): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const layers: Layer[] = [];
  const fileLayer = options.withoutFile ? undefined : await readConfigFile(options.dir, options.file, options.root);
  if (fileLayer) layers.push(fileLayer);
  const kubeEnv = kubernetesEnvLayer(env);
  if (kubeEnv) layers.push(kubeEnv);
  layers.push(...envLayers(env));
  const paramLayer = parameterLayer(env);
  if (paramLayer) layers.push(paramLayer);
  const { rest: flags, ...kubeFlags } = splitKubernetesFlags(options.flags);
  if (Object.keys(flags).length) {
    layers.push(
      fromParameters(
        'command line',
        Object.entries(flags).map(([name, raw]) => ({ name, raw })),
        (n) => (n === 'platforms' ? '--platform' : `--${n}`),
      ),
    );
  }
  const kubeFlagLayer = kubernetesLayer('command line', kubeFlags.version, kubeFlags.apiVersions, { ...KUBERNETES_FLAGS, prefix: '--' });
  if (kubeFlagLayer) layers.push(kubeFlagLayer);
  let merged: Record<string, unknown> = { ...HEADER };
  for (const layer of layers) {
    check(layer);
    merged = deepMerge(merged, layer.value);
  }
  check({ source: 'merged configuration', value: merged });
  // Defaults go in after the merge: filled into a lower layer, they would override a higher one.
  return { config: withDefaults(merged as unknown as Config), file: fileLayer?.source };
}

/** Validates a config object (a KRM functionConfig, say) that did not come from a file. */
export function validateConfigObject(value: unknown, source: string): Config {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KustodianError('CONFIG_INVALID', `${source}: must be a mapping with apiVersion ${HEADER.apiVersion} and kind ${HEADER.kind}`);
  }
  check({ source, value: value as Record<string, unknown> });
  return value as Config;
}

/**
 * The config of a KRM function run (`kustodian fn`): defaults < KUSTODIAN_* env < the ResourceList's
 * functionConfig. There is no app directory, so no kustodian.yaml and no ArgoCD parameters. The
 * functionConfig is either a `kustodian.dev/v1alpha1` Config, or a ConfigMap whose `data` keys are
 * parameter names (what `kpt fn eval --exec kustodian-fn -- pin=off` and kpt's default produce).
 * Returns the config and the ConfigMap's non-parameter `namespace` key, if any.
 */
export function loadFunctionConfig(
  functionConfig: unknown,
  env: NodeJS.ProcessEnv = process.env,
): { config: Settings; namespace?: string } {
  const kubeEnv = kubernetesEnvLayer(env);
  const layers: Layer[] = [...(kubeEnv ? [kubeEnv] : []), ...envLayers(env)];
  let namespace: string | undefined;
  const fc = functionConfig as
    { apiVersion?: unknown; kind?: unknown; data?: unknown; metadata?: { namespace?: unknown } } | null | undefined;
  if (fc !== null && fc !== undefined) {
    if (typeof fc !== 'object' || Array.isArray(fc)) {
      throw new KustodianError(
        'CONFIG_INVALID',
        `functionConfig: must be a mapping (a ${HEADER.apiVersion} ${HEADER.kind}, or a v1 ConfigMap)`,
      );
    }
    if (fc.apiVersion === 'v1' && fc.kind === 'ConfigMap') {
      const data = fc.data ?? {};
      if (data === null || typeof data !== 'object' || Array.isArray(data))
        throw new KustodianError('CONFIG_INVALID', 'functionConfig: ConfigMap data must be a mapping');
      const entries: { name: string; raw: unknown }[] = [];
      for (const [name, raw] of Object.entries(data as Record<string, unknown>)) {
        if (name === 'namespace') namespace = String(raw);
        else entries.push({ name, raw });
      }
      if (entries.length) layers.push(fromParameters('functionConfig', entries, (n) => `functionConfig data.${n}`));
    } else {
      layers.push({ source: 'functionConfig', value: fc });
    }
    const ns = fc.metadata?.namespace;
    if (namespace === undefined && typeof ns === 'string' && ns) namespace = ns;
    if (namespace !== undefined && !isNamespaceName(namespace)) {
      throw new KustodianError(
        'CONFIG_INVALID',
        `functionConfig namespace must be a DNS-1123 label, not ${JSON.stringify(namespace.slice(0, 64))}`,
      );
    }
  }
  let merged: Record<string, unknown> = { ...HEADER };
  for (const layer of layers) {
    check(layer);
    merged = deepMerge(merged, layer.value);
  }
  check({ source: 'merged configuration', value: merged });
  return { config: withDefaults(merged as unknown as Config), namespace };
}

/** The destination from Argo CD's KUBE_VERSION and KUBE_API_VERSIONS (src/config/kubernetes.ts). */
function kubernetesEnvLayer(env: NodeJS.ProcessEnv): Layer | undefined {
  return kubernetesLayer('Argo CD env', env[KUBERNETES_ENV.version], env[KUBERNETES_ENV.apiVersions], { ...KUBERNETES_ENV, prefix: '' });
}

function kubernetesLayer(
  source: string,
  version: unknown,
  apiVersions: unknown,
  names: { version: string; apiVersions: string; prefix: string },
): Layer | undefined {
  const fragment = kubernetesFragment(version, apiVersions);
  if (!fragment) return undefined;
  return {
    source,
    value: { ...HEADER, ...fragment },
    locate: (e) =>
      `${names.prefix}${e.instancePath.startsWith('/kubernetes/apiVersions') ? names.apiVersions : names.version}: ${describeError(e)}`,
  };
}

function check(layer: Layer): void {
  if (validateConfig(layer.value)) return;
  const errors = validateConfig.errors ?? [];
  const shown = dedupe(errors).slice(0, 5);
  const lines = shown.map((e) => (layer.locate ? layer.locate(e) : `${layer.source}: ${describeError(e)}`));
  const line = layer.file && shown[0] ? layer.file.line(shown[0]) : undefined;
  throw new KustodianError(
    'CONFIG_INVALID',
    lines.join('\n'),
    layer.file ? { file: { path: layer.file.path, ...(line ? { line } : {}) } } : undefined,
  );
}

async function readConfigFile(dir: string, explicit: string | undefined, root: RepoRoot | undefined): Promise<Layer | undefined> {
  const file = explicit ? path.resolve(explicit) : path.join(path.resolve(dir), CONFIG_FILE);
  // A file the user named is theirs to name; the one found in the app dir must stay in the repository.
  if (!explicit && root) await assertInsideRoot(file, root.dir, CONFIG_FILE);
  const yaml = await readYamlFile(file, 'CONFIG_INVALID', { optional: !explicit, missingCode: explicit ? 'USAGE' : 'IO' });
  if (!yaml) return undefined;
  const value = yaml.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KustodianError(
      'CONFIG_INVALID',
      `${yaml.shown}:1:1: must be a mapping with apiVersion ${HEADER.apiVersion} and kind ${HEADER.kind}`,
      { file: { path: yaml.file, line: 1 } },
    );
  }
  return {
    source: yaml.shown,
    value: value as Record<string, unknown>,
    locate: (e) => `${yaml.where(e)}: ${describeError(e)}`,
    file: { path: yaml.file, line: (e) => yaml.line(e) },
  };
}

/**
 * A key as an error message shows it: short plain keys as they are, anything else quoted and cut, so
 * an error about a key never carries more of the input than a line's worth of that key.
 */
function shownKey(key: string): string {
  if (/^[A-Za-z0-9_.\-/]{1,64}$/.test(key)) return key;
  return `${JSON.stringify(key.slice(0, 40))}${key.length > 40 ? '…' : ''}`;
}

function fieldName(e: ErrorObject): string {
  const p = e.instancePath
    .split('/')
    .slice(1)
    .map((k) => shownKey(k.replace(/~1/g, '/').replace(/~0/g, '~')))
    .join('.');
  if (e.keyword === 'additionalProperties') {
    const extra = shownKey((e.params as { additionalProperty: string }).additionalProperty);
    return p ? `${p}.${extra}` : extra;
  }
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return p ? `${p}.${missing}` : missing;
  }
  return p || '(root)';
}

/** `images.pin: must be one of resolve, locked, off` */
export function describeError(e: ErrorObject): string {
  const field = fieldName(e);
  switch (e.keyword) {
    case 'additionalProperties':
      if (field === 'cache.redis.password') return `${field}: not allowed in a file; set KUSTODIAN_REDIS_PASSWORD in the environment`;
      return `${field}: unknown field`;
    case 'required':
      return `${field}: required`;
    case 'enum':
      return `${field}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'pattern':
      if (field === 'cache.redis.url') return `${field}: must not carry a password; set KUSTODIAN_REDIS_PASSWORD in the environment`;
      if (/^kustomize\.edit\.images\.\d+$/.test(field)) return `${field}: must be [old=]new[:tag][@digest], with a tag, a digest or old=`;
      if (/^kustomize\.edit\.replicas\.\d+$/.test(field)) return `${field}: must be name=count, a count of 0 or more`;
      return `${field}: ${e.message ?? 'invalid'}`;
    case 'const':
      return `${field}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return `${field}: ${e.message ?? 'invalid'}`;
  }
}

function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.instancePath}|${describeError(e)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const byName = new Map(parameters.map((p) => [p.name, p]));
const knownList = () => parameters.map((p) => p.name).join(', ');

function envLayers(env: NodeJS.ProcessEnv): Layer[] {
  const layers: Layer[] = [];
  const prefixes: [string, string][] = [
    ['KUSTODIAN_', 'sidecar env'],
    ['ARGOCD_ENV_KUSTODIAN_', 'app env'],
    // Users who write ARGOCD_ENV_X in the Application get it doubled by the repo-server.
    ['ARGOCD_ENV_ARGOCD_ENV_KUSTODIAN_', 'app env'],
  ];
  const byEnv = new Map(parameters.map((p) => [envName(p.name), p]));
  for (const [prefix, label] of prefixes) {
    const entries: { name: string; raw: unknown }[] = [];
    for (const [key, raw] of Object.entries(env)) {
      if (!key.startsWith(prefix) || raw === undefined) continue;
      const canonical = `KUSTODIAN_${key.slice(prefix.length)}`;
      if (reservedEnv.has(canonical)) continue;
      if (prefix === 'KUSTODIAN_' && serviceLinkEnv.test(key)) continue;
      const p = byEnv.get(canonical);
      if (!p) {
        throw new KustodianError('USAGE', `unknown ${label} variable ${key}; known: ${parameters.map((q) => envName(q.name)).join(', ')}`);
      }
      entries.push({ name: p.name, raw });
    }
    if (entries.length) layers.push(fromParameters(label, entries, (n) => `${prefix}${envName(n).slice('KUSTODIAN_'.length)}`));
  }
  return layers;
}

interface AppParameter {
  name?: unknown;
  string?: unknown;
  array?: unknown;
  map?: unknown;
}

function parameterLayer(env: NodeJS.ProcessEnv): Layer | undefined {
  const json = env.ARGOCD_APP_PARAMETERS;
  if (json !== undefined && json.trim() !== '') {
    let list: unknown;
    try {
      list = JSON.parse(json);
    } catch {
      throw new KustodianError('USAGE', 'ARGOCD_APP_PARAMETERS is not valid JSON');
    }
    if (!Array.isArray(list)) throw new KustodianError('USAGE', 'ARGOCD_APP_PARAMETERS must be a JSON array');
    const entries: { name: string; raw: unknown }[] = [];
    for (const p of list as AppParameter[]) {
      const name = describeValue(p?.name, '');
      const isMap = byName.get(name)?.schema.type === 'object';
      if (p?.map !== undefined && !isMap) throw new KustodianError('USAGE', `parameter ${name} must be a string or an array, not a map`);
      const raw = p?.map !== undefined ? p.map : p?.array !== undefined ? p.array : p?.string;
      if (raw !== undefined) {
        entries.push({ name, raw });
      } else if (!byName.has(name)) {
        throw new KustodianError('USAGE', `unknown parameter ${JSON.stringify(name)}; known parameters: ${knownList()}`);
      }
      // A parameter listed with no value (`- name: platforms` in the Application) sets nothing.
    }
    return entries.length ? fromParameters('parameter', entries, (n) => `parameter ${n}`) : undefined;
  }
  // Fallback: the flattened PARAM_<NAME> and PARAM_<NAME>_<i> variables.
  const entries: { name: string; raw: unknown }[] = [];
  const claimed = new Set<string>();
  for (const p of parameters) {
    const base = paramEnvName(p.name);
    if (env[base] !== undefined) {
      entries.push({ name: p.name, raw: env[base] });
      claimed.add(base);
      continue;
    }
    const items: string[] = [];
    for (let i = 0; env[`${base}_${i}`] !== undefined; i++) {
      items.push(env[`${base}_${i}`]!);
      claimed.add(`${base}_${i}`);
    }
    if (items.length) entries.push({ name: p.name, raw: items });
  }
  const stray = Object.keys(env).filter((k) => k.startsWith('PARAM_') && !claimed.has(k));
  // PARAM_<NAME>_<KEY> upper-cases a map's keys and maps what is not [A-Z0-9_] to `_`: the keys are lost.
  const map = parameters.find((p) => p.schema.type === 'object' && stray.some((k) => k.startsWith(`${paramEnvName(p.name)}_`)));
  if (map) {
    throw new KustodianError(
      'USAGE',
      `parameter ${map.name} is a map, which PARAM_* variables cannot carry (they upper-case its keys); it needs ARGOCD_APP_PARAMETERS, which Argo CD sends`,
    );
  }
  if (stray.length) throw new KustodianError('USAGE', `unknown parameter ${stray.sort()[0]}; known parameters: ${knownList()}`);
  return entries.length ? fromParameters('parameter', entries, (n) => paramEnvName(n)) : undefined;
}

function fromParameters(source: string, entries: { name: string; raw: unknown }[], label: (name: string) => string): Layer {
  const value: Record<string, unknown> = { ...HEADER };
  const paths = new Map<string, string>();
  for (const { name, raw } of entries) {
    const p = byName.get(name);
    if (!p)
      throw new KustodianError(
        'USAGE',
        `unknown ${source === 'command line' ? 'option' : 'parameter'} ${JSON.stringify(name)}; known parameters: ${knownList()}`,
      );
    setPath(value, p.path, coerce(p, raw, label(name)));
    paths.set('/' + p.path.join('/'), label(name));
  }
  return {
    source,
    value,
    locate: (e) => {
      const where = [...paths].find(([ptr]) => e.instancePath === ptr || e.instancePath.startsWith(`${ptr}/`))?.[1] ?? source;
      return `${where}: ${describeError(e)}`;
    },
  };
}

/** Env vars and parameters are strings (or string arrays); turn them into what the schema wants. */
function coerce(p: Parameter, raw: unknown, where: string): unknown {
  const schema: SchemaNode = p.schema;
  if (schema.type === 'array') {
    const list = Array.isArray(raw)
      ? raw.map(String)
      : String(raw)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
    // `--platform ''` or KUSTODIAN_PLATFORMS=, must not quietly become "check nothing".
    if (list.length === 0 && typeof schema.minItems === 'number' && schema.minItems > 0)
      throw new KustodianError('CONFIG_INVALID', `${where}: is empty; give at least one value (comma-separated)`);
    return list;
  }
  if (schema.type === 'object') {
    // A map (common-labels) comes only as a map: Argo CD's map parameter, or a mapping in kustodian.yaml.
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new KustodianError(
        'CONFIG_INVALID',
        `${where}: must be a map of keys to values (an Argo CD map parameter), not a ${Array.isArray(raw) ? 'list' : 'string'}`,
      );
    }
    return raw;
  }
  if (Array.isArray(raw)) throw new KustodianError('CONFIG_INVALID', `${where}: must be a single value, not a list`);
  const text = scalarText(raw ?? '')?.trim();
  // A JSON parameter's `string: {…}`: refused by name rather than read as the value "[object Object]".
  if (text === undefined) throw new KustodianError('CONFIG_INVALID', `${where}: must be a single value, not a mapping`);
  switch (schema.type) {
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(text)) return true;
      if (/^(false|0|no|off)$/i.test(text)) return false;
      throw new KustodianError('CONFIG_INVALID', `${where}: must be true or false`);
    case 'integer':
    case 'number': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) throw new KustodianError('CONFIG_INVALID', `${where}: must be a number`);
      return n;
    }
    // A parameter without a type, or a string one: the text as it is.
    case undefined:
    default:
      return text;
  }
}

function setPath(target: Record<string, unknown>, at: readonly string[], value: unknown): void {
  let cur = target;
  for (const key of at.slice(0, -1)) {
    const next = cur[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[at[at.length - 1]!] = value;
}

/** Objects merge key by key; arrays and scalars from the higher layer replace the lower one. */
function deepMerge(low: Record<string, unknown>, high: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...low };
  for (const [k, v] of Object.entries(high)) {
    const prev = out[k];
    out[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v) && prev !== null && typeof prev === 'object' && !Array.isArray(prev)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** Reads a default from the schema, e.g. schemaDefault(['images', 'pin']) → 'resolve'. */
export function schemaDefault(at: readonly string[]): unknown {
  let node: SchemaNode | undefined = configSchema;
  for (const key of at) node = node?.properties?.[key];
  return node?.default;
}

/**
 * A config value, or the schema's default for it, by path: for configs that did not come through the
 * loaders (which apply every default, so steps read `ctx.config` typed instead).
 */
export function setting<T>(config: Config, at: readonly string[]): T {
  let cur: unknown = config;
  for (const key of at) {
    if (cur === null || typeof cur !== 'object') {
      cur = undefined;
      break;
    }
    cur = (cur as Record<string, unknown>)[key];
  }
  return (cur === undefined ? schemaDefault(at) : cur) as T;
}
