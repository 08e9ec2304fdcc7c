/**
 * What the API server's validation rejects that no schema says: name and label syntax, container and
 * port rules, volume mounts that name no volume, a workload selector that does not select its own
 * template, Service port names, ConfigMap and Secret keys. Only rules whose violation fails the create
 * or apply in every supported version (kubernetes pkg/apis/{core,apps}/validation and apimachinery's
 * util/validation); anything that depends on a feature gate or a version is left out.
 */
import type { Resource } from '../manifests/resource.js';
import { containersOf, type PodSpec, type PodTemplateVisit } from '../manifests/pod-template-walker.js';
import { isRecord, type FieldPath } from '../manifests/field-path.js';
import { describeValue } from '../util/untrusted.js';

/** One rule broken, at a field. */
export interface RuleProblem {
  resource: Resource;
  path: FieldPath;
  message: string;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** A value as a message shows it: JSON-quoted, cut after 80 characters. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** Why `name` is not a DNS-1123 subdomain, or undefined. */
function subdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `is ${name.length} characters long; at most 253 are allowed`;
  if (!DNS1123_SUBDOMAIN.test(name))
    return 'must be lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (a DNS-1123 subdomain)';
  return undefined;
}

function labelProblem(name: string): string | undefined {
  if (name.length > 63) return `is ${name.length} characters long; at most 63 are allowed`;
  if (!DNS1123_LABEL.test(name))
    return 'must be lower-case letters, digits and "-", starting and ending with a letter or digit (a DNS-1123 label)';
  return undefined;
}

/** apimachinery IsQualifiedName: an optional DNS subdomain prefix and "/", then a name part. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix === '' || subdomainProblem(prefix))) return 'has a prefix that is not a DNS-1123 subdomain';
  if (name.length === 0 || name.length > 63) return 'must have a name part of 1 to 63 characters';
  if (!LABEL_NAME.test(name))
    return 'must have a name part of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `is ${value.length} characters long; at most 63 are allowed`;
  if (value !== '' && !LABEL_NAME.test(value))
    return 'must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit, or empty';
  return undefined;
}

/** IANA service name, as container and Service port names must be. */
function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return `is ${name.length} characters long; at most 15 are allowed`;
  if (!/^[a-z0-9-]+$/.test(name)) return 'must be lower-case letters, digits and "-"';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter';
  if (name.startsWith('-') || name.endsWith('-') || name.includes('--')) return 'must not start or end with "-" or contain "--"';
  return undefined;
}

/** Kinds whose names the API server checks as a DNS-1123 subdomain (apps, batch, core objects). */
const SUBDOMAIN_NAMED = new Set([
  '/ConfigMap',
  '/Secret',
  '/ServiceAccount',
  '/Pod',
  '/PersistentVolumeClaim',
  '/PersistentVolume',
  '/ReplicationController',
  '/PodTemplate',
  '/Endpoints',
  '/LimitRange',
  '/ResourceQuota',
  'apps/Deployment',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'apps/ReplicaSet',
  'batch/Job',
  'batch/CronJob',
  'networking.k8s.io/Ingress',
  'networking.k8s.io/NetworkPolicy',
  'networking.k8s.io/IngressClass',
  'policy/PodDisruptionBudget',
  'autoscaling/HorizontalPodAutoscaler',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/StorageClass',
]);

function labels(resource: Resource, at: FieldPath, value: unknown, out: RuleProblem[]): void {
  if (!isRecord(value)) return;
  for (const [key, v] of Object.entries(value)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) out.push({ resource, path: [...at, key], message: `label key ${quoted(key)} ${keyProblem}` });
    if (typeof v === 'string') {
      const valueProblem = labelValueProblem(v);
      if (valueProblem) out.push({ resource, path: [...at, key], message: `label value ${quoted(v)} ${valueProblem}` });
    }
  }
}

/** Object names and label syntax; runs on every parsed resource. */
export function metadataRules(resource: Resource, out: RuleProblem[]): void {
  const metadata = resource.object.metadata;
  if (!isRecord(metadata)) return;
  const name = metadata.name;
  if (typeof name === 'string' && name) {
    const kind = `${resource.group}/${resource.kind}`;
    let problem: string | undefined;
    if (kind === '/Namespace') problem = labelProblem(name);
    else if (kind === '/Service')
      problem =
        name.length > 63
          ? `is ${name.length} characters long; at most 63 are allowed`
          : DNS1035_LABEL.test(name)
            ? undefined
            : 'must be lower-case letters, digits and "-", starting with a letter and ending with a letter or digit (a DNS-1035 label)';
    else if (SUBDOMAIN_NAMED.has(kind)) problem = subdomainProblem(name);
    if (!problem && kind === 'batch/CronJob' && name.length > 52)
      problem = `is ${name.length} characters long; a CronJob name may have at most 52 (its Jobs add a suffix)`;
    if (problem) out.push({ resource, path: ['metadata', 'name'], message: `name ${quoted(name)} ${problem}` });
  }
  labels(resource, ['metadata', 'labels'], metadata.labels, out);
}

/** ConfigMap and Secret keys; read from the text where kustomize's layout allows, without a parse. */
export function keyRules(resource: Resource, out: RuleProblem[]): void {
  if (resource.group !== '' || (resource.kind !== 'ConfigMap' && resource.kind !== 'Secret')) return;
  const fields = resource.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
  for (const field of fields) {
    for (const key of resource.topLevelKeys(field)) {
      if (key.length > 253 || !CONFIG_KEY.test(key) || key === '.' || key === '..') {
        out.push({
          resource,
          path: [field, key],
          message: `key ${quoted(key)} must be letters, digits, "-", "_" and "." (at most 253, not "." or "..")`,
        });
      }
    }
  }
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

function enumProblem(value: unknown, allowed: readonly string[]): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && allowed.includes(value))) return undefined;
  return `must be one of ${allowed.join(', ')}, not ${typeof value === 'string' ? quoted(value) : describeValue(value)}`;
}

function portNumberProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined; // the schema reports the type
  return value < 1 || value > 65535 ? `must be between 1 and 65535, not ${value}` : undefined;
}

/** Containers, ports, volumes and mounts of one pod template. */
export function podSpecRules(visit: PodTemplateVisit, out: RuleProblem[]): void {
  const { resource, podSpecPath } = visit;
  const podSpec: PodSpec = visit.podSpec;
  const volumes = new Map<string, number>();
  for (const [i, volume] of (podSpec.volumes ?? []).entries()) {
    const name = isRecord(volume) ? volume.name : undefined;
    if (typeof name !== 'string') continue;
    if (volumes.has(name))
      out.push({
        resource,
        path: [...podSpecPath, 'volumes', i, 'name'],
        message: `volume name ${quoted(name)} is used twice in this pod template`,
      });
    else volumes.set(name, i);
  }
  // A StatefulSet's volumeClaimTemplates are volumes of its pods too.
  if (resource.kind === 'StatefulSet') {
    const claims = getPath(resource.object, ['spec', 'volumeClaimTemplates']);
    for (const claim of Array.isArray(claims) ? claims : []) {
      const name = getPath(claim, ['metadata', 'name']);
      if (typeof name === 'string' && !volumes.has(name)) volumes.set(name, -1);
    }
  }
  const restart = enumProblem(podSpec.restartPolicy, RESTART_POLICIES);
  if (restart) out.push({ resource, path: [...podSpecPath, 'restartPolicy'], message: `restartPolicy ${restart}` });
  const containerNames = new Set<string>();
  for (const c of containersOf(visit)) {
    const { container, containerPath } = c;
    const name = container.name;
    if (typeof name === 'string') {
      const problem = labelProblem(name);
      if (problem) out.push({ resource, path: [...containerPath, 'name'], message: `container name ${quoted(name)} ${problem}` });
      else if (containerNames.has(name))
        out.push({
          resource,
          path: [...containerPath, 'name'],
          message: `container name ${quoted(name)} is used twice in this pod template (init, regular and ephemeral containers share one set of names)`,
        });
      containerNames.add(name);
    }
    const pull = enumProblem(container.imagePullPolicy, PULL_POLICIES);
    if (pull) out.push({ resource, path: [...containerPath, 'imagePullPolicy'], message: `imagePullPolicy ${pull}` });
    const portNames = new Set<string>();
    const ports = Array.isArray(container.ports) ? container.ports : [];
    for (const [i, port] of ports.entries()) {
      if (!isRecord(port)) continue;
      const at = [...containerPath, 'ports', i];
      const number = portNumberProblem(port.containerPort);
      if (number) out.push({ resource, path: [...at, 'containerPort'], message: `containerPort ${number}` });
      if (typeof port.name === 'string' && port.name) {
        const problem = portNameProblem(port.name);
        if (problem) out.push({ resource, path: [...at, 'name'], message: `port name ${quoted(port.name)} ${problem}` });
        else if (portNames.has(port.name))
          out.push({ resource, path: [...at, 'name'], message: `port name ${quoted(port.name)} is used twice in this container` });
        portNames.add(port.name);
      }
      const protocol = enumProblem(port.protocol, PROTOCOLS);
      if (protocol) out.push({ resource, path: [...at, 'protocol'], message: `protocol ${protocol}` });
    }
    const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
    const mountPaths = new Set<string>();
    for (const [i, mount] of mounts.entries()) {
      if (!isRecord(mount)) continue;
      if (typeof mount.name === 'string' && !volumes.has(mount.name)) {
        out.push({
          resource,
          path: [...containerPath, 'volumeMounts', i, 'name'],
          message: `volumeMount names volume ${quoted(mount.name)}, which this pod template does not define${volumes.size ? ` (its volumes: ${[...volumes.keys()].join(', ')})` : ''}`,
        });
      }
      if (typeof mount.mountPath === 'string') {
        if (mountPaths.has(mount.mountPath))
          out.push({
            resource,
            path: [...containerPath, 'volumeMounts', i, 'mountPath'],
            message: `mountPath ${quoted(mount.mountPath)} is mounted twice in this container`,
          });
        mountPaths.add(mount.mountPath);
      }
    }
  }
  const templatePath = podSpecPath.slice(0, -1);
  labels(resource, [...templatePath, 'metadata', 'labels'], templateLabels(resource, templatePath), out);
}

function getPath(root: unknown, path: FieldPath): unknown {
  let cur = root;
  for (const seg of path) cur = isRecord(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

function templateLabels(resource: Resource, templatePath: FieldPath): unknown {
  return getPath(resource.object, [...templatePath, 'metadata', 'labels']);
}

/** Whether a LabelSelector selects `labelSet`; undefined for a selector that is not well formed (the schema reports it). */
function selects(selector: Record<string, unknown>, labelSet: Record<string, unknown>): boolean | undefined {
  const matchLabels = selector.matchLabels;
  if (isRecord(matchLabels)) {
    for (const [k, v] of Object.entries(matchLabels)) if (labelSet[k] !== v) return false;
  }
  const expressions = selector.matchExpressions;
  if (Array.isArray(expressions)) {
    for (const e of expressions) {
      if (!isRecord(e) || typeof e.key !== 'string') return undefined;
      const has = Object.prototype.hasOwnProperty.call(labelSet, e.key);
      const values = Array.isArray(e.values) ? e.values : [];
      const value = labelSet[e.key];
      switch (e.operator) {
        case 'In':
          if (!has || !values.includes(value)) return false;
          break;
        case 'NotIn':
          if (has && values.includes(value)) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return undefined;
      }
    }
  }
  return true;
}

const SELECTING_WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** apps/v1 workloads: spec.selector must select spec.template's labels ("selector does not match template labels"). */
export function selectorRules(resource: Resource, out: RuleProblem[]): void {
  if (resource.apiVersion !== 'apps/v1' || !SELECTING_WORKLOADS.has(resource.kind)) return;
  const spec = resource.object.spec;
  if (!isRecord(spec) || !isRecord(spec.selector)) return;
  const templateLabelSet = getPath(spec, ['template', 'metadata', 'labels']);
  const result = selects(spec.selector, isRecord(templateLabelSet) ? templateLabelSet : {});
  const empty = !isRecord(spec.selector.matchLabels) && !Array.isArray(spec.selector.matchExpressions);
  if (result === false || empty) {
    out.push({
      resource,
      path: ['spec', 'selector'],
      message: empty
        ? 'spec.selector selects nothing: it needs matchLabels or matchExpressions'
        : 'spec.selector does not select the labels of spec.template.metadata.labels; the API server rejects the workload ("selector does not match template labels")',
    });
  }
}

/** Services: port numbers, names, and names required and unique when there are several ports. */
export function serviceRules(resource: Resource, out: RuleProblem[]): void {
  if (resource.apiVersion !== 'v1' || resource.kind !== 'Service') return;
  const spec = resource.object.spec;
  if (!isRecord(spec)) return;
  const type = enumProblem(spec.type, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
  if (type) out.push({ resource, path: ['spec', 'type'], message: `type ${type}` });
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const names = new Set<string>();
  for (const [i, port] of ports.entries()) {
    if (!isRecord(port)) continue;
    const at = ['spec', 'ports', i];
    const number = portNumberProblem(port.port);
    if (number) out.push({ resource, path: [...at, 'port'], message: `port ${number}` });
    if (typeof port.targetPort === 'number') {
      const target = portNumberProblem(port.targetPort);
      if (target) out.push({ resource, path: [...at, 'targetPort'], message: `targetPort ${target}` });
    } else if (typeof port.targetPort === 'string' && port.targetPort) {
      const problem = portNameProblem(port.targetPort);
      if (problem)
        out.push({
          resource,
          path: [...at, 'targetPort'],
          message: `targetPort ${quoted(port.targetPort)} names a port, and a port name ${problem}`,
        });
    }
    const protocol = enumProblem(port.protocol, PROTOCOLS);
    if (protocol) out.push({ resource, path: [...at, 'protocol'], message: `protocol ${protocol}` });
    const name = typeof port.name === 'string' ? port.name : '';
    if (!name) {
      if (ports.length > 1)
        out.push({ resource, path: [...at, 'name'], message: 'is required: a Service with several ports must name each of them' });
      continue;
    }
    const problem = labelProblem(name);
    if (problem) out.push({ resource, path: [...at, 'name'], message: `port name ${quoted(name)} ${problem}` });
    else if (names.has(name))
      out.push({ resource, path: [...at, 'name'], message: `port name ${quoted(name)} is used twice in this Service` });
    names.add(name);
  }
}
