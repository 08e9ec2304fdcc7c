/**
 * The one walker over pod templates. PGDATA, image pinning and the reference checks all consume it;
 * no other module knows where a kind keeps its PodSpec.
 */
import type { Resource } from './resource.js';

/** A path into a resource, as object keys and array indexes. */
export type FieldPath = readonly (string | number)[];

/** Formats a path the KRM way: spec.template.spec.containers[0].env[3] */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

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
export function configuredPodTemplates(entries: readonly { apiVersion?: string; kind: string; path: string }[] = []): PodTemplateLocation[] {
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

  #locations(resource: Resource): PodTemplateLocation[] {
    const list = this.#byKind.get(resource.kind);
    if (!list) return [];
    const group = resource.group;
    return list.filter((l) => l.group === '*' || l.group === group);
  }

  /** Every PodSpec in the given resources. */
  *podSpecs(resources: Iterable<Resource>): Generator<PodTemplateVisit> {
    for (const resource of resources) {
      const seen = new Set<string>();
      for (const loc of this.#locations(resource)) {
        const key = loc.path.join('.');
        if (seen.has(key)) continue;
        seen.add(key);
        const podSpec = getPath(resource.object, loc.path);
        if (isRecord(podSpec)) yield { resource, podSpecPath: loc.path, podSpec: podSpec as PodSpec };
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
      yield { ...visit, container: container as Container, containerKind, containerPath: [...visit.podSpecPath, containerKind, i] };
    }
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a nested value; undefined when any step is missing. */
export function getPath(root: unknown, path: FieldPath): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isRecord(cur)) return undefined;
      cur = cur[seg];
    }
  }
  return cur;
}
