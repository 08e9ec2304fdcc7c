/**
 * More of what the API server's validation rejects although the schema allows it, beside rules.ts:
 * container images, env var names (by target version), requests above limits, restart policies and
 * strategies of workloads, PodDisruptionBudget, HorizontalPodAutoscaler and Ingress v1 rules, the
 * size of annotations, ConfigMaps and Secrets, the keys a typed Secret needs, duplicate Service
 * ports. Each rule is one the server applies with its default feature gates (kubernetes
 * pkg/apis/{core,apps,batch,networking,policy,autoscaling}/validation); where that changed between
 * releases the target version decides. A value of the wrong type is the schema check's finding and
 * is skipped here.
 *
 * Duplicate keys of list maps (`env[name]`, `ports[containerPort,protocol]`) are collected apart:
 * the API server accepts them under client-side apply, Argo CD's default, and only server-side apply
 * refuses them, so the step decides their severity.
 */
import type { Resource } from '../manifests/resource.js';
import { containersOf, type PodTemplateVisit } from '../manifests/pod-template-walker.js';
import { getPath, isRecord, type FieldPath } from '../manifests/field-path.js';
import { labelKeyProblem, quoted, type RuleProblem } from './rules.js';
import { compareQuantities, parseQuantity } from './quantity.js';

/** `RelaxedEnvironmentVariableValidation` is on by default from this minor (beta in 1.32, GA in 1.34). */
export const RELAXED_ENV_NAMES_MINOR = 32;

/** apimachinery `TotalAnnotationSizeLimitB`: keys and values of all annotations together, in bytes. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** core `MaxSecretSize`, which also bounds a ConfigMap's data and binaryData together. */
export const MAX_CONFIG_DATA_BYTES = 1024 * 1024;

const STRICT_ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** IsRelaxedEnvVarName: printable ASCII (space included) other than "=". */
const RELAXED_ENV_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;

/** Why `name` is not an env var name for the target minor (IsEnvVarName before 1.32, IsRelaxedEnvVarName from it). */
function envNameProblem(name: string, minor: number): string | undefined {
  if (minor >= RELAXED_ENV_NAMES_MINOR) {
    return RELAXED_ENV_NAME.test(name) ? undefined : 'must be printable ASCII characters other than "="';
  }
  const reason = `(Kubernetes 1.${minor} checks env names strictly; 1.${RELAXED_ENV_NAMES_MINOR} and later accept any printable ASCII but "=")`;
  if (!STRICT_ENV_NAME.test(name)) return `must be letters, digits, "_", "-" and ".", and not start with a digit ${reason}`;
  if (name === '.' || name === '..' || name.startsWith('..')) return `must not be "." or "..", nor start with ".." ${reason}`;
  return undefined;
}

/** Native resources (no domain, or a kubernetes.io one) other than hugepages may be overcommitted (helper.IsOvercommitAllowed). */
function overcommitAllowed(resourceName: string): boolean {
  const native = !resourceName.includes('/') || resourceName.includes('kubernetes.io/');
  return native && !resourceName.startsWith('hugepages-');
}

function shownQuantity(value: unknown): string {
  return typeof value === 'string' ? quoted(value) : String(value);
}

/** ValidateResourceRequirements: a request at most its limit; extended resources and hugepages need limit = request. */
function resourceRules(resource: Resource, at: FieldPath, resources: unknown, out: RuleProblem[]): void {
  if (!isRecord(resources)) return;
  const requests = isRecord(resources.requests) ? resources.requests : {};
  const limits = isRecord(resources.limits) ? resources.limits : {};
  for (const [name, requested] of Object.entries(requests)) {
    const request = parseQuantity(requested);
    if (!request) continue; // not a quantity: the schema's finding, not a comparison to guess
    const path = [...at, 'resources', 'requests', name];
    const limited = Object.prototype.hasOwnProperty.call(limits, name) ? limits[name] : undefined;
    if (limited === undefined || limited === null) {
      if (!overcommitAllowed(name))
        out.push({
          resource,
          path: [...at, 'resources', 'limits'],
          message: `needs a limit for ${quoted(name)}: requests of a resource that cannot be overcommitted (an extended resource or hugepages) must have a limit equal to them`,
        });
      continue;
    }
    const limit = parseQuantity(limited);
    if (!limit) continue;
    const order = compareQuantities(request, limit);
    if (!overcommitAllowed(name) && order !== 0)
      out.push({
        resource,
        path,
        message: `request ${shownQuantity(requested)} must equal the limit ${shownQuantity(limited)}: ${quoted(name)} cannot be overcommitted`,
      });
    else if (order > 0)
      out.push({
        resource,
        path,
        message: `request ${shownQuantity(requested)} is more than the limit ${shownQuantity(limited)} of ${quoted(name)}`,
      });
  }
}

const ALWAYS_RESTARTED = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/DaemonSet', 'apps/StatefulSet', '/ReplicationController']);
const RUN_TO_COMPLETION = new Set(['batch/Job', 'batch/CronJob']);
const RESTART_POLICIES = new Set(['Always', 'OnFailure', 'Never']);

/** Workloads that keep pods running need restartPolicy Always; Jobs need OnFailure or Never (absent defaults to Always). */
function restartPolicyRules(visit: PodTemplateVisit, out: RuleProblem[]): void {
  const { resource, podSpecPath, podSpec } = visit;
  const kind = `${resource.group}/${resource.kind}`;
  const policy = podSpec.restartPolicy;
  const path = [...podSpecPath, 'restartPolicy'];
  // Values outside the enum are reported by rules.ts; only the kind's own restriction is checked here.
  if (typeof policy === 'string' && policy !== '' && !RESTART_POLICIES.has(policy)) return;
  if (ALWAYS_RESTARTED.has(kind) && typeof policy === 'string' && policy !== '' && policy !== 'Always')
    out.push({ resource, path, message: `must be Always in a ${resource.kind}'s pod template, not ${quoted(policy)}` });
  if (RUN_TO_COMPLETION.has(kind) && (policy === undefined || policy === null || policy === '' || policy === 'Always'))
    out.push({
      resource,
      path,
      message: `must be OnFailure or Never in a ${resource.kind}'s pod template${policy === 'Always' ? ', not "Always"' : ' (unset, it defaults to Always)'}`,
    });
}

/** Containers of one pod template: image, env names, envFrom prefixes, requests and limits; duplicate list-map keys apart. */
export function podTemplateRules(visit: PodTemplateVisit, minor: number, out: RuleProblem[], duplicates: RuleProblem[]): void {
  const { resource } = visit;
  restartPolicyRules(visit, out);
  for (const { container, containerPath } of containersOf(visit)) {
    const image = container.image;
    if (image === undefined || image === null || image === '')
      out.push({ resource, path: [...containerPath, 'image'], message: 'is required: every container needs an image' });
    const envNames = new Map<string, number>();
    for (const [i, env] of (Array.isArray(container.env) ? container.env : []).entries()) {
      if (!isRecord(env) || typeof env.name !== 'string') continue;
      const path = [...containerPath, 'env', i, 'name'];
      if (env.name === '') {
        out.push({ resource, path, message: 'is required: an env var needs a name' });
        continue;
      }
      const problem = envNameProblem(env.name, minor);
      if (problem) out.push({ resource, path, message: `env name ${quoted(env.name)} ${problem}` });
      const first = envNames.get(env.name);
      if (first === undefined) envNames.set(env.name, i);
      else duplicates.push({ resource, path, message: `env name ${quoted(env.name)} repeats env[${first}]` });
    }
    for (const [i, source] of (Array.isArray(container.envFrom) ? container.envFrom : []).entries()) {
      if (!isRecord(source) || typeof source.prefix !== 'string' || source.prefix === '') continue;
      const problem = envNameProblem(source.prefix, minor);
      if (problem)
        out.push({ resource, path: [...containerPath, 'envFrom', i, 'prefix'], message: `prefix ${quoted(source.prefix)} ${problem}` });
    }
    const ports = new Map<string, number>();
    for (const [i, port] of (Array.isArray(container.ports) ? container.ports : []).entries()) {
      if (!isRecord(port) || typeof port.containerPort !== 'number') continue;
      const protocol = typeof port.protocol === 'string' && port.protocol ? port.protocol : 'TCP';
      const key = `${port.containerPort}/${protocol}`;
      const first = ports.get(key);
      if (first === undefined) ports.set(key, i);
      else
        duplicates.push({
          resource,
          path: [...containerPath, 'ports', i],
          message: `containerPort ${port.containerPort}/${protocol} repeats ports[${first}]`,
        });
    }
    resourceRules(resource, containerPath, container.resources, out);
  }
}

/** A number a rule may compare; other types are the schema check's finding. */
function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** 0 or "0%" (getIntOrPercentValue of zero). */
function isZero(value: unknown): boolean {
  return value === 0 || value === '0%';
}

const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

function ingressRules(resource: Resource, spec: Record<string, unknown>, out: RuleProblem[]): void {
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  for (const [i, rule] of rules.entries()) {
    const paths = getPath(rule, ['http', 'paths']);
    for (const [j, entry] of (Array.isArray(paths) ? paths : []).entries()) {
      if (!isRecord(entry)) continue;
      const at = ['spec', 'rules', i, 'http', 'paths', j];
      const type = entry.pathType;
      const path = typeof entry.path === 'string' ? entry.path : entry.path === undefined || entry.path === null ? '' : undefined;
      // A missing pathType is the schema check's finding (required in networking.k8s.io/v1).
      if (typeof type !== 'string' || path === undefined) continue;
      if (!PATH_TYPES.includes(type)) {
        out.push({ resource, path: [...at, 'pathType'], message: `must be one of ${PATH_TYPES.join(', ')}, not ${quoted(type)}` });
        continue;
      }
      if (type === 'ImplementationSpecific') {
        if (path !== '' && !path.startsWith('/'))
          out.push({ resource, path: [...at, 'path'], message: `${quoted(path)} must be an absolute path (start with "/")` });
        continue;
      }
      if (!path.startsWith('/')) {
        out.push({
          resource,
          path: [...at, 'path'],
          message: `${quoted(path)} must be an absolute path (start with "/") for pathType ${type}`,
        });
        continue;
      }
      const sequence = INVALID_PATH_SEQUENCES.find((s) => path.includes(s));
      const suffix = INVALID_PATH_SUFFIXES.find((s) => path.endsWith(s));
      if (sequence || suffix)
        out.push({
          resource,
          path: [...at, 'path'],
          message: `${quoted(path)} must not ${sequence ? `contain ${quoted(sequence)}` : `end with ${quoted(suffix!)}`} for pathType ${type}`,
        });
    }
  }
}

/** Rules on one built-in object's spec: Deployment strategy, PDB, HPA, Ingress v1, Service ports. */
export function objectRules(resource: Resource, out: RuleProblem[]): void {
  const kind = `${resource.group}/${resource.kind}`;
  if (
    kind !== 'apps/Deployment' &&
    kind !== 'policy/PodDisruptionBudget' &&
    kind !== 'autoscaling/HorizontalPodAutoscaler' &&
    kind !== 'networking.k8s.io/Ingress' &&
    kind !== '/Service'
  )
    return;
  const spec = resource.object.spec;
  if (!isRecord(spec)) return;
  switch (kind) {
    case 'apps/Deployment': {
      const strategy = spec.strategy;
      if (!isRecord(strategy)) return;
      const rolling = strategy.rollingUpdate;
      if (strategy.type === 'Recreate' && rolling !== undefined && rolling !== null)
        out.push({
          resource,
          path: ['spec', 'strategy', 'rollingUpdate'],
          message: 'may not be set when the strategy type is Recreate (remove it, or set it to null in a patch)',
        });
      else if ((strategy.type === undefined || strategy.type === 'RollingUpdate') && isRecord(rolling)) {
        if (isZero(rolling.maxUnavailable) && isZero(rolling.maxSurge))
          out.push({
            resource,
            path: ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'],
            message: 'may not be 0 when maxSurge is 0: the rollout could never replace a pod',
          });
      }
      return;
    }
    case 'policy/PodDisruptionBudget': {
      const set = (v: unknown) => v !== undefined && v !== null;
      if (set(spec.minAvailable) && set(spec.maxUnavailable))
        out.push({
          resource,
          path: ['spec', 'maxUnavailable'],
          message: 'may not be set together with spec.minAvailable: a PodDisruptionBudget sets only one of them',
        });
      return;
    }
    case 'autoscaling/HorizontalPodAutoscaler': {
      const min = integer(spec.minReplicas);
      const max = integer(spec.maxReplicas);
      // 0 needs the HPAScaleToZero feature gate, alpha and off by default in every release.
      if (min !== undefined && min < 1)
        out.push({
          resource,
          path: ['spec', 'minReplicas'],
          message: `must be at least 1, not ${min} (0 needs the alpha feature gate HPAScaleToZero)`,
        });
      if (max !== undefined && max < 1) out.push({ resource, path: ['spec', 'maxReplicas'], message: `must be at least 1, not ${max}` });
      else if (min !== undefined && max !== undefined && max < min)
        out.push({ resource, path: ['spec', 'maxReplicas'], message: `${max} must be at least spec.minReplicas (${min})` });
      return;
    }
    case 'networking.k8s.io/Ingress':
      if (resource.apiVersion === 'networking.k8s.io/v1') ingressRules(resource, spec, out);
      return;
    case '/Service': {
      const seen = new Map<string, number>();
      for (const [i, port] of (Array.isArray(spec.ports) ? spec.ports : []).entries()) {
        if (!isRecord(port) || integer(port.port) === undefined) continue;
        const protocol = typeof port.protocol === 'string' && port.protocol ? port.protocol : 'TCP';
        const key = `${String(port.port)}/${protocol}`;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else out.push({ resource, path: ['spec', 'ports', i], message: `port ${key} repeats spec.ports[${first}]` });
      }
      return;
    }
  }
}

/** The `metadata:` block of kustomize's layout, in bytes; undefined when the text is not in that layout. */
function metadataBlockBytes(text: string): number | undefined {
  const start = text.startsWith('metadata:\n') ? 0 : text.indexOf('\nmetadata:\n') + 1;
  if (start === 0 && !text.startsWith('metadata:\n')) return undefined;
  const next = /\n[^ \n]/g;
  next.lastIndex = start + 'metadata:\n'.length;
  const end = next.exec(text)?.index ?? text.length;
  return Buffer.byteLength(text.slice(start, end));
}

/**
 * Annotation keys (qualified names, checked lower-cased) and their total size. A document whose text
 * is not parsed otherwise (`parsed` false) is parsed only when its metadata could hold 256 KiB: the
 * decoded annotations are never longer than the YAML that spells them.
 */
export function annotationRules(resource: Resource, parsed: boolean, out: RuleProblem[]): void {
  if (!parsed) {
    const text = resource.text ?? '';
    const bound = metadataBlockBytes(text) ?? Buffer.byteLength(text);
    if (bound <= MAX_ANNOTATIONS_BYTES) return;
  }
  const annotations = resource.object.metadata?.annotations;
  if (!isRecord(annotations)) return;
  let total = 0;
  for (const [key, value] of Object.entries(annotations)) {
    total += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
    const problem = labelKeyProblem(key.toLowerCase());
    if (problem) out.push({ resource, path: ['metadata', 'annotations', key], message: `annotation key ${quoted(key)} ${problem}` });
  }
  if (total > MAX_ANNOTATIONS_BYTES)
    out.push({
      resource,
      path: ['metadata', 'annotations'],
      message: `are ${total} bytes together (keys and values); at most ${MAX_ANNOTATIONS_BYTES} (256 KiB) are allowed`,
    });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A Secret's `data` value as bytes; undefined when it is not base64 (the schema reports that). */
function decoded(value: unknown): Buffer | undefined {
  if (typeof value !== 'string') return value === null ? Buffer.alloc(0) : undefined;
  return BASE64.test(value) ? Buffer.from(value, 'base64') : undefined;
}

/** Whether the bytes are JSON that decodes into a map, as the API server checks a docker config. */
function isJsonObject(bytes: Buffer): boolean {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value === null || isRecord(value);
  } catch {
    return false;
  }
}

/** The keys a typed Secret must have (ValidateSecret); basic-auth needs either of its two. */
const SECRET_TYPE_KEYS: Record<string, { keys: string[]; any?: boolean; json?: boolean; nonEmpty?: boolean }> = {
  'kubernetes.io/tls': { keys: ['tls.crt', 'tls.key'] },
  'kubernetes.io/dockerconfigjson': { keys: ['.dockerconfigjson'], json: true },
  'kubernetes.io/dockercfg': { keys: ['.dockercfg'], json: true },
  'kubernetes.io/basic-auth': { keys: ['username', 'password'], any: true },
  'kubernetes.io/ssh-auth': { keys: ['ssh-privatekey'], nonEmpty: true },
};

const CHECKED_SECRET_TYPES = [...Object.keys(SECRET_TYPE_KEYS), 'kubernetes.io/service-account-token'];

function secretTypeRules(resource: Resource, out: RuleProblem[]): void {
  // Most Secrets are Opaque: only one whose text names a checked type is parsed.
  if (!CHECKED_SECRET_TYPES.some((t) => resource.mayContain(t))) return;
  const object = resource.object;
  const type = object.type;
  if (type === 'kubernetes.io/service-account-token') {
    const name = resource.annotation('kubernetes.io/service-account.name');
    if (!name)
      out.push({
        resource,
        path: ['metadata', 'annotations', 'kubernetes.io/service-account.name'],
        message: 'is required on a Secret of type kubernetes.io/service-account-token: it names the ServiceAccount the token is for',
      });
    return;
  }
  const rule = typeof type === 'string' ? SECRET_TYPE_KEYS[type] : undefined;
  if (!rule) return;
  const data = isRecord(object.data) ? object.data : {};
  const stringData = isRecord(object.stringData) ? object.stringData : {};
  // stringData is merged into data before validation, and wins.
  const bytes = (key: string): Buffer | undefined =>
    Object.prototype.hasOwnProperty.call(stringData, key) && typeof stringData[key] === 'string'
      ? Buffer.from(stringData[key])
      : Object.prototype.hasOwnProperty.call(data, key)
        ? decoded(data[key])
        : undefined;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(stringData, key) || Object.prototype.hasOwnProperty.call(data, key);
  const missing = rule.keys.filter((k) => !has(k));
  if (rule.any ? missing.length === rule.keys.length : missing.length > 0) {
    const either = rule.keys.map((k) => quoted(k)).join(' or ');
    for (const key of rule.any ? missing.slice(0, 1) : missing)
      out.push({
        resource,
        path: ['data', key],
        message: `is required (in data or stringData) in a Secret of type ${type as string}${rule.any ? `, which needs ${either}` : ''}`,
      });
    return;
  }
  for (const key of rule.keys) {
    const value = bytes(key);
    if (value === undefined) continue; // not base64: the schema check reports it
    const at = Object.prototype.hasOwnProperty.call(stringData, key) ? 'stringData' : 'data';
    if (rule.nonEmpty && value.length === 0)
      out.push({ resource, path: [at, key], message: `must not be empty in a Secret of type ${type as string}` });
    if (rule.json && !isJsonObject(value))
      out.push({ resource, path: [at, key], message: `must be a JSON object (a docker config) in a Secret of type ${type as string}` });
  }
}

/** ConfigMap and Secret data: total size, keys in both data and binaryData, and the keys a Secret's type needs. */
export function dataRules(resource: Resource, out: RuleProblem[]): void {
  if (resource.group !== '' || (resource.kind !== 'ConfigMap' && resource.kind !== 'Secret')) return;
  if (resource.kind === 'Secret') secretTypeRules(resource, out);
  if (resource.kind === 'ConfigMap' && resource.mayContain('binaryData')) {
    const data = new Set(resource.topLevelKeys('data'));
    for (const key of resource.topLevelKeys('binaryData'))
      if (data.has(key)) out.push({ resource, path: ['data', key], message: `key ${quoted(key)} is also a key of binaryData` });
  }
  // The values are never larger than the text that spells them: only a document over 1 MiB is measured.
  const text = resource.text;
  if (text !== undefined && (text.length <= MAX_CONFIG_DATA_BYTES / 3 || Buffer.byteLength(text) <= MAX_CONFIG_DATA_BYTES)) return;
  const object = resource.object;
  let total = 0;
  if (resource.kind === 'ConfigMap') {
    for (const value of Object.values(isRecord(object.data) ? object.data : {}))
      if (typeof value === 'string') total += Buffer.byteLength(value);
    for (const value of Object.values(isRecord(object.binaryData) ? object.binaryData : {})) total += decoded(value)?.length ?? 0;
  } else {
    const merged = new Map<string, number>();
    for (const [key, value] of Object.entries(isRecord(object.data) ? object.data : {})) merged.set(key, decoded(value)?.length ?? 0);
    for (const [key, value] of Object.entries(isRecord(object.stringData) ? object.stringData : {}))
      if (typeof value === 'string') merged.set(key, Buffer.byteLength(value));
    for (const size of merged.values()) total += size;
  }
  if (total > MAX_CONFIG_DATA_BYTES)
    out.push({
      resource,
      path: ['data'],
      message: `holds ${total} bytes of values; a ${resource.kind} may hold at most ${MAX_CONFIG_DATA_BYTES} (1 MiB)`,
    });
}
