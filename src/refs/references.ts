/**
 * Where pod templates reference Secrets and ConfigMaps. Both reference steps (secret-refs,
 * configmap-refs) read their sites from here, so the list of sites lives in one place; the pod
 * templates themselves come from the one walker (pod-templates.ts).
 * Sites: every field of core/v1 that names a Secret or ConfigMap (kubernetes/api core/v1/types.go).
 */
import {
  containersOf,
  describeContainer,
  type ContainerKind,
  type PodTemplateVisit,
  type PodTemplateWalker,
} from '../manifests/pod-template-walker.js';
import { isRecord, type FieldPath } from '../manifests/field-path.js';
import { describeValue } from '../util/untrusted.js';
import type { Resource } from '../manifests/resource.js';

/** The two kinds of object a pod template can reference by name. */
export type RefObjectKind = 'Secret' | 'ConfigMap';

/** How a reference is made; decides severity and which keys count. */
export type ReferenceSite = 'env' | 'envFrom' | 'volume' | 'projected' | 'csi' | 'in-tree-volume' | 'imagePullSecrets';

/** One key a reference needs, with the path of the field that names it. */
export interface RequiredKey {
  key: string;
  path: FieldPath;
}

/** One reference from a pod template to a Secret or ConfigMap. */
export interface ObjectReference {
  kind: RefObjectKind;
  name: string;
  resource: Resource;
  site: ReferenceSite;
  /** The field that names the object (for findings about the object). */
  path: FieldPath;
  /** Keys the site needs; empty when it takes the object as a whole. */
  keys: RequiredKey[];
  /** `optional: true`: Kubernetes starts the pod without the object or key. */
  optional: boolean;
  /** Who holds the reference, for messages: `container "api" env ES_URIS`, `volume "certs" (mounted by api)`. */
  where: string;
  /** The pod template that holds it (one resource may carry several). */
  podSpecPath: FieldPath;
  /** For env and envFrom: the container that reads it (which containers a missing object stops). */
  container?: { kind: ContainerKind; index: number };
  /**
   * For volume sites: whether any container mounts the volume (volumeMounts or volumeDevices). The
   * kubelet never sets up a volume no container uses, so a missing object behind it stops nothing.
   */
  mounted?: boolean;
}

/** In-tree volume plugins whose Secret is a LocalObjectReference (`secretRef.name`) or `secretName`. */
const IN_TREE_SECRET_REFS: readonly (readonly [string, readonly string[]])[] = [
  ['rbd', ['secretRef', 'name']],
  ['cephfs', ['secretRef', 'name']],
  ['flexVolume', ['secretRef', 'name']],
  ['iscsi', ['secretRef', 'name']],
  ['scaleIO', ['secretRef', 'name']],
  ['storageos', ['secretRef', 'name']],
  ['azureFile', ['secretName']],
];

/** Every Secret and ConfigMap reference in every pod template of `resources`. */
export function* objectReferences(walker: PodTemplateWalker, resources: Iterable<Resource>): Generator<ObjectReference> {
  for (const visit of walker.podSpecs(resources)) {
    yield* podLevel(visit);
    for (const c of containersOf(visit)) {
      const label = describeContainer(c);
      const at = {
        podSpecPath: visit.podSpecPath,
        container: { kind: c.containerKind, index: Number(c.containerPath[c.containerPath.length - 1]) },
      };
      const env = Array.isArray(c.container.env) ? c.container.env : [];
      for (let i = 0; i < env.length; i++) {
        const e = env[i];
        const valueFrom = isRecord(e) ? e.valueFrom : undefined;
        if (!isRecord(valueFrom)) continue;
        const envName = describeValue(e?.name);
        for (const [field, kind] of [
          ['secretKeyRef', 'Secret'],
          ['configMapKeyRef', 'ConfigMap'],
        ] as const) {
          const ref = valueFrom[field];
          if (!isRecord(ref) || typeof ref.name !== 'string' || !ref.name) continue;
          const base = [...c.containerPath, 'env', i, 'valueFrom', field];
          yield {
            ...at,
            kind,
            name: ref.name,
            resource: visit.resource,
            site: 'env',
            path: [...base, 'name'],
            keys: typeof ref.key === 'string' ? [{ key: ref.key, path: [...base, 'key'] }] : [],
            optional: ref.optional === true,
            where: `${label} env ${envName}`,
          };
        }
      }
      const envFrom = Array.isArray(c.container.envFrom) ? c.container.envFrom : [];
      for (let i = 0; i < envFrom.length; i++) {
        const e = envFrom[i];
        if (!isRecord(e)) continue;
        for (const [field, kind] of [
          ['secretRef', 'Secret'],
          ['configMapRef', 'ConfigMap'],
        ] as const) {
          const ref = e[field];
          if (!isRecord(ref) || typeof ref.name !== 'string' || !ref.name) continue;
          yield {
            ...at,
            kind,
            name: ref.name,
            resource: visit.resource,
            site: 'envFrom',
            path: [...c.containerPath, 'envFrom', i, field, 'name'],
            keys: [],
            optional: ref.optional === true,
            where: `${label} envFrom`,
          };
        }
      }
    }
  }
}

function* podLevel(visit: PodTemplateVisit): Generator<ObjectReference> {
  for (const ref of podLevelSites(visit)) yield { ...ref, podSpecPath: visit.podSpecPath };
}

function* podLevelSites(visit: PodTemplateVisit): Generator<Omit<ObjectReference, 'podSpecPath'>> {
  const { podSpec, podSpecPath, resource } = visit;
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  for (let v = 0; v < volumes.length; v++) {
    const volume = volumes[v];
    if (!isRecord(volume)) continue;
    const vpath = [...podSpecPath, 'volumes', v];
    const where = `volume ${JSON.stringify(describeValue(volume.name))}${mountedBy(visit, volume.name)}`;
    const mounted = isMounted(visit, volume.name);
    const secret = volume.secret;
    if (isRecord(secret) && typeof secret.secretName === 'string' && secret.secretName) {
      yield { ...withItems('Secret', secret.secretName, secret, [...vpath, 'secret'], 'secretName', 'volume', resource, where), mounted };
    }
    const configMap = volume.configMap;
    if (isRecord(configMap) && typeof configMap.name === 'string' && configMap.name) {
      yield { ...withItems('ConfigMap', configMap.name, configMap, [...vpath, 'configMap'], 'name', 'volume', resource, where), mounted };
    }
    const projected = volume.projected;
    const sources: unknown[] = isRecord(projected) && Array.isArray(projected.sources) ? projected.sources : [];
    for (let s = 0; s < sources.length; s++) {
      const source = sources[s];
      if (!isRecord(source)) continue;
      for (const [field, kind] of [
        ['secret', 'Secret'],
        ['configMap', 'ConfigMap'],
      ] as const) {
        const proj = source[field];
        if (!isRecord(proj) || typeof proj.name !== 'string' || !proj.name) continue;
        yield {
          ...withItems(kind, proj.name, proj, [...vpath, 'projected', 'sources', s, field], 'name', 'projected', resource, where),
          mounted,
        };
      }
    }
    const csi = volume.csi;
    const nps = isRecord(csi) ? csi.nodePublishSecretRef : undefined;
    if (isRecord(nps) && typeof nps.name === 'string' && nps.name) {
      yield {
        kind: 'Secret',
        name: nps.name,
        resource,
        site: 'csi',
        path: [...vpath, 'csi', 'nodePublishSecretRef', 'name'],
        keys: [],
        optional: false,
        where,
        mounted,
      };
    }
    for (const [plugin, at] of IN_TREE_SECRET_REFS) {
      let cur: unknown = volume[plugin];
      for (const seg of at) cur = isRecord(cur) ? cur[seg] : undefined;
      if (typeof cur === 'string' && cur) {
        yield {
          kind: 'Secret',
          name: cur,
          resource,
          site: 'in-tree-volume',
          path: [...vpath, plugin, ...at],
          keys: [],
          optional: false,
          where: `${where} (${plugin})`,
          mounted,
        };
      }
    }
  }
  const pull = Array.isArray(podSpec.imagePullSecrets) ? podSpec.imagePullSecrets : [];
  for (let i = 0; i < pull.length; i++) {
    const name = pull[i]?.name;
    if (typeof name !== 'string' || !name) continue;
    yield {
      kind: 'Secret',
      name,
      resource,
      site: 'imagePullSecrets',
      path: [...podSpecPath, 'imagePullSecrets', i, 'name'],
      keys: [],
      optional: false,
      where: 'imagePullSecrets',
    };
  }
}

function withItems(
  kind: RefObjectKind,
  name: string,
  source: Record<string, unknown>,
  base: FieldPath,
  nameField: string,
  site: ReferenceSite,
  resource: Resource,
  where: string,
): Omit<ObjectReference, 'podSpecPath'> {
  const items = Array.isArray(source.items) ? source.items : [];
  const keys: RequiredKey[] = [];
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (isRecord(item) && typeof item.key === 'string') keys.push({ key: item.key, path: [...base, 'items', i, 'key'] });
  }
  return { kind, name, resource, site, path: [...base, nameField], keys, optional: source.optional === true, where };
}

/** ` (mounted by api, worker)`: which containers see the volume, so the message names them. */
function mountedBy(visit: PodTemplateVisit, volumeName: unknown): string {
  const names: string[] = [];
  for (const c of containersOf(visit)) {
    const mounts = Array.isArray(c.container.volumeMounts) ? c.container.volumeMounts : [];
    if (mounts.some((m) => isRecord(m) && m.name === volumeName)) names.push(String(c.container.name ?? '?'));
  }
  return names.length ? ` (mounted by ${[...new Set(names)].join(', ')})` : '';
}

/** Whether any container (init, regular, ephemeral) names the volume in volumeMounts or volumeDevices. */
function isMounted(visit: PodTemplateVisit, volumeName: unknown): boolean {
  for (const c of containersOf(visit)) {
    for (const field of ['volumeMounts', 'volumeDevices'] as const) {
      const list = c.container[field];
      if (Array.isArray(list) && list.some((m) => isRecord(m) && m.name === volumeName)) return true;
    }
  }
  return false;
}
