/**
 * The one walker over pod templates. PGDATA, image pinning and the reference checks all consume it;
 * no other module knows where a kind keeps its PodSpec.
 */
import type { Resource } from './resource.js';
import { getPath, isRecord, type FieldPath } from './field-path.js';

export type PodSpec = Record<string, unknown> & {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Record<string, unknown>[];
  nodeSelector?: Record<string, string>;
  affinity?: Record<string, unknown>;
  imagePullSecrets?: { name?: string }[];
  securityContext?: Record<string, unknown>;
};

export type Container = Record<string, unknown> & {
  name?: string;
  image?: string;
  env?: Record<string, unknown>[];
  envFrom?: Record<string, unknown>[];
  volumeMounts?: Record<string, unknown>[];
  command?: unknown[];
  args?: unknown[];
};

/** Where a kind (by API group and kind) keeps its PodSpec. */
export interface PodTemplateLocation {
  /** API group; `*` matches any. */
  group: string;
  kind: string;
  path: readonly string[];
}

/**
 * Built-in kinds. Sources: Kubernetes core/apps/batch API types; Argo Rollouts `spec.template`
 * (a Rollout using `spec.workloadRef` has no template of its own: the referenced Deployment is
 * walked instead); OpenShift DeploymentConfig.
 */
export const builtinPodTemplates: readonly PodTemplateLocation[] = [
  { group: '', kind: 'Pod', path: ['spec'] },
  { group: '', kind: 'PodTemplate', path: ['template', 'spec'] },
  { group: '', kind: 'ReplicationController', path: ['spec', 'template', 'spec'] },
  ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].flatMap((kind) => [
    { group: 'apps', kind, path: ['spec', 'template', 'spec'] },
    { group: 'extensions', kind, path: ['spec', 'template', 'spec'] },
  ]),
  { group: 'batch', kind: 'Job', path: ['spec', 'template', 'spec'] },
  { group: 'batch', kind: 'CronJob', path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
  { group: 'argoproj.io', kind: 'Rollout', path: ['spec', 'template', 'spec'] },
  { group: 'apps.openshift.io', kind: 'DeploymentConfig', path: ['spec', 'template', 'spec'] },
];

/** Turns config `podTemplates` entries into locations. */
export function configuredPodTemplates(
  entries: readonly { apiVersion?: string; kind: string; path: string }[] = [],
): PodTemplateLocation[] {
  return entries.map((e) => ({
    group: e.apiVersion === undefined ? '*' : e.apiVersion.includes('/') ? e.apiVersion.slice(0, e.apiVersion.indexOf('/')) : '',
    kind: e.kind,
    path: e.path.split('.'),
  }));
}

export type ContainerKind = 'initContainers' | 'containers' | 'ephemeralContainers';
/** Init containers first: the order in which the kubelet starts them. */
export const containerKinds: readonly ContainerKind[] = ['initContainers', 'containers', 'ephemeralContainers'];

export interface PodTemplateVisit {
  resource: Resource;
  podSpecPath: FieldPath;
  podSpec: PodSpec;
}

export interface ContainerVisit extends PodTemplateVisit {
  container: Container;
  containerKind: ContainerKind;
  /** Full path from the resource root, e.g. spec.template.spec.initContainers[0] */
  containerPath: FieldPath;
}

const containerKindLabel: Record<ContainerKind, string> = {
  initContainers: 'init container',
  containers: 'container',
  ephemeralContainers: 'ephemeral container',
};

/** How messages name a container: `container "api"`, `init container "migrate"`. */
export function describeContainer(visit: Pick<ContainerVisit, 'container' | 'containerKind'>): string {
  return `${containerKindLabel[visit.containerKind]} ${JSON.stringify(String(visit.container.name ?? '?'))}`;
}

/** Indexes locations by kind so that the walk costs one map look-up per resource. */
export class PodTemplateWalker {
  readonly #byKind = new Map<string, PodTemplateLocation[]>();

  constructor(extra: readonly PodTemplateLocation[] = []) {
    for (const loc of [...builtinPodTemplates, ...extra]) {
      const list = this.#byKind.get(loc.kind) ?? [];
      list.push(loc);
      this.#byKind.set(loc.kind, list);
    }
  }

  /** True when the resource's kind carries a pod template; cheap, never parses. */
  hasPodTemplate(resource: Resource): boolean {
    return this.#locations(resource).length > 0;
  }

  /** The template paths of the resource's kind and group, each once (a configured entry may repeat a built-in one). */
  #locations(resource: Resource): PodTemplateLocation[] {
    const list = this.#byKind.get(resource.kind);
    if (!list) return [];
    const group = resource.group;
    const seen = new Set<string>();
    return list.filter((l) => {
      const key = l.path.join('.');
      if ((l.group !== '*' && l.group !== group) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Every PodSpec in the given resources. */
  *podSpecs(resources: Iterable<Resource>): Generator<PodTemplateVisit> {
    for (const resource of resources) {
      for (const loc of this.#locations(resource)) {
        const podSpec = getPath(resource.object, loc.path);
        // A template with a field of the wrong type is reported once (malformed()), and no step sees it:
        // every consumer can then trust the list fields it reads to be lists of mappings.
        if (isRecord(podSpec) && shapeProblems(podSpec, loc.path).next().done) yield { resource, podSpecPath: loc.path, podSpec };
      }
    }
  }

  /**
   * The fields of pod templates whose type the API server would reject (`volumes` as a mapping, an
   * `image` that is a number …). podSpecs() skips these templates, so they are reported here instead.
   */
  *malformed(resources: Iterable<Resource>): Generator<ShapeProblem & { resource: Resource }> {
    for (const resource of resources) {
      for (const loc of this.#locations(resource)) {
        const podSpec = getPath(resource.object, loc.path);
        if (podSpec === undefined || podSpec === null) continue;
        if (!isRecord(podSpec)) {
          yield { resource, path: loc.path, expected: 'a mapping', found: typeName(podSpec) };
          continue;
        }
        for (const problem of shapeProblems(podSpec, loc.path)) yield { resource, ...problem };
      }
    }
  }

  /** Every container (init, main, ephemeral) in every PodSpec. */
  *containers(resources: Iterable<Resource>): Generator<ContainerVisit> {
    for (const visit of this.podSpecs(resources)) yield* containersOf(visit);
  }
}

/** The containers of one PodSpec, init containers first. */
export function* containersOf(visit: PodTemplateVisit): Generator<ContainerVisit> {
  for (const containerKind of containerKinds) {
    const list = visit.podSpec[containerKind];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const container = list[i];
      if (!isRecord(container)) continue;
      yield { ...visit, container, containerKind, containerPath: [...visit.podSpecPath, containerKind, i] };
    }
  }
}

/** A pod-template field of the wrong type: where, what it must be, what it is (never its value). */
export interface ShapeProblem {
  path: FieldPath;
  expected: string;
  found: string;
}

/** How a message names the type of a value without quoting it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

/** PodSpec fields that are lists of mappings, and the container fields that are. */
const podSpecLists = [
  'initContainers',
  'containers',
  'ephemeralContainers',
  'volumes',
  'imagePullSecrets',
  'tolerations',
  'hostAliases',
] as const;
const containerLists = ['env', 'envFrom', 'volumeMounts', 'ports', 'volumeDevices'] as const;
const containerStrings = ['name', 'image'] as const;
const containerStringLists = ['command', 'args'] as const;
/** Nested mappings the reference checks and the platform rules read. */
const podSpecMaps = ['nodeSelector', 'affinity', 'securityContext'] as const;
const itemMaps: Record<string, readonly string[]> = {
  volumes: ['configMap', 'secret', 'projected', 'csi', 'persistentVolumeClaim', 'image'],
  env: ['valueFrom'],
  envFrom: ['configMapRef', 'secretRef'],
};

/**
 * The wrong-typed fields of one PodSpec, at the depth any step reads. Absent and null fields are
 * fine (the API server defaults them); a present one of another type is a problem. Bounded: each
 * list is looked at once, item by item, with no recursion beyond the fields listed above.
 */
export function* shapeProblems(podSpec: Record<string, unknown>, at: FieldPath): Generator<ShapeProblem> {
  for (const key of podSpecMaps)
    if (!is(podSpec[key], 'map')) yield { path: [...at, key], expected: 'a mapping', found: typeName(podSpec[key]) };
  for (const key of podSpecLists) {
    const container = (containerKinds as readonly string[]).includes(key);
    yield* mappingList(podSpec[key], [...at, key], key, container ? containerProblems : undefined);
  }
}

/** Absent and null pass (the API server defaults them); otherwise the value must be of the wanted type. */
function is(v: unknown, want: 'list' | 'map' | 'string'): boolean {
  return v === undefined || v === null || (want === 'list' ? Array.isArray(v) : want === 'map' ? isRecord(v) : typeof v === 'string');
}

/** One list of mappings (volumes, containers, env …): the list, each item, the item's sub-maps, then `each`. */
function* mappingList(
  list: unknown,
  path: FieldPath,
  key: string,
  each?: (item: Record<string, unknown>, at: FieldPath) => Generator<ShapeProblem>,
): Generator<ShapeProblem> {
  if (!is(list, 'list')) {
    yield { path, expected: 'a list', found: typeName(list) };
    return;
  }
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (!isRecord(item)) {
      yield { path: [...path, i], expected: 'a mapping', found: typeName(item) };
      continue;
    }
    for (const sub of itemMaps[key] ?? [])
      if (!is(item[sub], 'map')) yield { path: [...path, i, sub], expected: 'a mapping', found: typeName(item[sub]) };
    if (each) yield* each(item, [...path, i]);
  }
}

function* containerProblems(item: Record<string, unknown>, c: FieldPath): Generator<ShapeProblem> {
  for (const f of containerStrings) if (!is(item[f], 'string')) yield { path: [...c, f], expected: 'a string', found: typeName(item[f]) };
  for (const f of containerStringLists) if (!is(item[f], 'list')) yield { path: [...c, f], expected: 'a list', found: typeName(item[f]) };
  for (const f of containerLists) yield* mappingList(item[f], [...c, f], f);
}
