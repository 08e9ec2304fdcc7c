/**
 * The one index of a render's resources by group/kind, namespace and every name a reference may use
 * (the final name and each kustomize previous name, src/manifests/object-names.ts). Every step that looks an
 * object up by name goes through it, so no step keeps its own key function and all of them resolve
 * names the same way under `fn` (pre-hash names) as under render (final names).
 */
import type { Resource } from './resource.js';
import type { ResourceRef } from '../findings/finding.js';
import { referableNames } from './object-names.js';

/** A kind within its API group; the core group is ''. */
export interface GroupKind {
  group: string;
  kind: string;
}

/** Core ConfigMap, the most looked-up kind. */
export const CONFIG_MAP: GroupKind = { group: '', kind: 'ConfigMap' };
/** Core Secret. */
export const SECRET: GroupKind = { group: '', kind: 'Secret' };

function key(gk: GroupKind, namespace: string | undefined, name: string): string {
  return `${gk.group}\u0000${gk.kind}\u0000${namespace ?? ''}\u0000${name}`;
}

function kindKey(gk: GroupKind): string {
  return `${gk.group}\u0000${gk.kind}`;
}

interface Built {
  /** The list length it was built from: a transform that inserts resources makes it stale. */
  length: number;
  byKind: Map<string, Resource[]>;
  /** By kind and name, filled per kind on first look-up; a kind's own key marks it filled. */
  byName: Map<string, Resource[]>;
}

/**
 * Built on first use from the run's resource list and rebuilt when a transform inserted or removed
 * resources. Keys come from the resources' lazily read metadata (names from the unparsed text; previous
 * names only parsed when the text mentions the annotation), so indexing never parses a document whose
 * kind nobody asks for.
 */
export class ResourceIndex {
  readonly #resources: () => readonly Resource[];
  readonly #defaultNamespace: string | undefined;
  #built: Built | undefined;

  constructor(resources: () => readonly Resource[], defaultNamespace: string | undefined) {
    this.#resources = resources;
    this.#defaultNamespace = defaultNamespace;
  }

  #index(): Built {
    const resources = this.#resources();
    if (this.#built?.length === resources.length) return this.#built;
    const byKind = new Map<string, Resource[]>();
    for (const r of resources) {
      const k = kindKey(r);
      (byKind.get(k) ?? byKind.set(k, []).get(k)!).push(r);
    }
    this.#built = { length: resources.length, byKind, byName: new Map() };
    return this.#built;
  }

  /** The namespace a resource lives in: its own, else the run's default. */
  namespaceOf(resource: Resource): string | undefined {
    return resource.namespace ?? this.#defaultNamespace;
  }

  /** Every resource of a group/kind, in render order. */
  ofKind(gk: GroupKind): readonly Resource[] {
    return this.#index().byKind.get(kindKey(gk)) ?? [];
  }

  /**
   * The resources of `gk` in `namespace` that a reference by `name` reaches: by final name or by any
   * previous name. `namespace` undefined matches resources that have none, nor a run default.
   */
  find(gk: GroupKind, namespace: string | undefined, name: string): readonly Resource[] {
    const built = this.#index();
    const k = kindKey(gk);
    // Names are indexed per kind on first look-up, so a run that never asks about a kind never reads its names.
    if (!built.byName.has(k)) {
      built.byName.set(k, []);
      for (const r of built.byKind.get(k) ?? []) {
        const ns = this.namespaceOf(r);
        for (const n of referableNames(r)) {
          const nk = key(gk, ns, n);
          (built.byName.get(nk) ?? built.byName.set(nk, []).get(nk)!).push(r);
        }
      }
    }
    return built.byName.get(key(gk, namespace, name)) ?? [];
  }

  /**
   * The resource a finding's resourceRef names: its final name, in the namespace the ref gives (refs
   * are written with the run's default namespace filled in). Previous names do not count here.
   */
  byRef(ref: ResourceRef): Resource | undefined {
    const slash = ref.apiVersion.indexOf('/');
    const gk = { group: slash < 0 ? '' : ref.apiVersion.slice(0, slash), kind: ref.kind };
    return this.find(gk, ref.namespace, ref.name).find((r) => r.name === ref.name);
  }
}
