/**
 * What in a render provides Secrets and ConfigMaps, and with which keys. Real GitOps trees rarely
 * hold plain Secrets: SealedSecrets, ExternalSecrets, cert-manager Certificates and operators
 * produce them, and some objects only appear at run time. Without this index the reference checks
 * would reject most real trees. The producers per group/kind are a table (producers.ts); the
 * containers that write objects at run time are heuristics of their own (runtime-writers.ts); this
 * file indexes what both say.
 */
import { type PodTemplateWalker, describeContainer } from '../manifests/pod-template-walker.js';
import { isRecord } from '../manifests/field-path.js';
import type { Resource } from '../manifests/resource.js';
import type { RefObjectKind } from './references.js';
import { CONNECTION_SECRET_FIELD, PRODUCERS, connectionSecret, type ProducerSink } from './producers.js';
import { ANY_NAMESPACE, type Provider } from './provider.js';
import { runtimeWrites } from './runtime-writers.js';

export { ANY_NAMESPACE, type Provider };

/** Looks providers up by kind, namespace and name. Built once per run. */
export class ProviderIndex {
  readonly #byKey = new Map<string, Provider[]>();
  readonly #byName = new Map<string, Provider[]>();

  add(provider: Provider): void {
    const key = indexKey(provider.kind, provider.namespace, provider.name);
    (this.#byKey.get(key) ?? this.#byKey.set(key, []).get(key)!).push(provider);
    const nameKey = indexKey(provider.kind, undefined, provider.name);
    (this.#byName.get(nameKey) ?? this.#byName.set(nameKey, []).get(nameKey)!).push(provider);
  }

  /**
   * Providers of `kind` `name` visible from `namespace` (its own plus any-namespace ones). An
   * undefined namespace means neither the workload nor the run has one (a local check without
   * --namespace or a kustomization namespace): where the pod will run is unknown, so the name is
   * resolved across all namespaces, as kube-linter does, rather than reporting a Secret that sits in
   * an explicit namespace as missing.
   */
  find(kind: RefObjectKind, namespace: string | undefined, name: string): Provider[] {
    if (namespace === undefined) return [...(this.#byName.get(indexKey(kind, undefined, name)) ?? [])];
    return [...(this.#byKey.get(indexKey(kind, namespace, name)) ?? []), ...(this.#byKey.get(indexKey(kind, ANY_NAMESPACE, name)) ?? [])];
  }

  /**
   * Generated objects (`name-<10-char hash>`) that a reference's plain name would have been rewritten
   * to, had kustomize known the referencing field: the classic case is a CRD such as an Argo Rollout
   * without a `configurations:` nameReference entry.
   */
  hashedVariants(kind: RefObjectKind, namespace: string | undefined, name: string): string[] {
    const prefix = indexKey(kind, namespace, `${name}-`);
    const out: string[] = [];
    for (const key of this.#byKey.keys()) {
      if (key.startsWith(prefix) && /^[a-z0-9]{10}$/.test(key.slice(prefix.length))) out.push(`${name}-${key.slice(prefix.length)}`);
    }
    return out.sort();
  }

  /**
   * Objects of this name, or its hash-suffixed generator name, outside `namespace`: in another
   * namespace, or written without one while the run has none (a frequent mistake worth naming).
   */
  similar(kind: RefObjectKind, namespace: string | undefined, name: string): { name: string; namespace: string | undefined }[] {
    const out = new Map<string, { name: string; namespace: string | undefined }>();
    for (const providers of this.#byName.values()) {
      const p = providers[0]!;
      if (p.kind !== kind || (p.name !== name && !(p.name.startsWith(`${name}-`) && /^[a-z0-9]{10}$/.test(p.name.slice(name.length + 1)))))
        continue;
      for (const q of providers) {
        if (q.namespace === ANY_NAMESPACE || q.namespace === namespace || q.runtime) continue;
        out.set(`${q.namespace ?? ''}\u0000${q.name}`, { name: q.name, namespace: q.namespace });
      }
    }
    return [...out.values()].sort((a, b) => ((a.namespace ?? '') + a.name < (b.namespace ?? '') + b.name ? -1 : 1));
  }

  /** Other namespaces that do have an object of this name: a frequent mistake worth naming. */
  namespacesOf(kind: RefObjectKind, name: string): string[] {
    const out = new Set<string>();
    for (const p of this.#byName.get(indexKey(kind, undefined, name)) ?? [])
      if (p.namespace && p.namespace !== ANY_NAMESPACE) out.add(p.namespace);
    return [...out].sort();
  }
}

function indexKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

/**
 * Objects the cluster creates by itself, keyed by name. Kept short on purpose: each entry hides a
 * missing object, so only objects that are certain to exist belong here.
 */
const CLUSTER_OBJECTS: readonly { kind: RefObjectKind; name: string; creator: string; when?: (r: Resource) => boolean }[] = [
  // The root-CA publisher in kube-controller-manager writes it into every namespace (Kubernetes ≥1.20).
  { kind: 'ConfigMap', name: 'kube-root-ca.crt', creator: 'Kubernetes (root CA publisher, every namespace)' },
  // istiod writes its CA bundle into every namespace it watches; only plausible when the render has Istio objects.
  {
    kind: 'ConfigMap',
    name: 'istio-ca-root-cert',
    creator: 'istiod (Istio resources are in the render)',
    when: (r) => r.group === 'istio.io' || r.group.endsWith('.istio.io'),
  },
  // OpenShift 4 publishes its service CA into every namespace; only plausible when the render has OpenShift kinds.
  {
    kind: 'ConfigMap',
    name: 'openshift-service-ca.crt',
    creator: 'OpenShift service-ca operator (OpenShift resources are in the render)',
    when: (r) => r.group.endsWith('openshift.io'),
  },
];

/** Builds the index over a render. `defaultNamespace` places objects written without one. */
export function buildProviderIndex(
  resources: readonly Resource[],
  walker: PodTemplateWalker,
  defaultNamespace: string | undefined,
): ProviderIndex {
  const index = new ProviderIndex();
  const nsOf = (r: Resource) => r.namespace ?? defaultNamespace;
  const describe = (r: Resource) => `${r.kind} ${nsOf(r) ? `${nsOf(r)}/` : ''}${r.name}`;
  const matched = new Set<(typeof CLUSTER_OBJECTS)[number]>();
  for (const r of resources) {
    for (const o of CLUSTER_OBJECTS) if (o.when?.(r)) matched.add(o);
    const entry = PRODUCERS.get(`${r.group}/${r.kind}`);
    const produce = entry ? entry.produce : r.group !== '' && r.mayContain(CONNECTION_SECRET_FIELD) ? connectionSecret : undefined;
    if (!produce || (entry?.mayProduce && !entry.mayProduce(r))) continue;
    const sink: ProducerSink = {
      add: (kind, name, keys, extra = {}) => {
        if (name) index.add({ kind, name, namespace: nsOf(r), keys, source: describe(r), resource: r, ...extra });
      },
      addProvider: (provider) => index.add(provider),
      describe,
      namespaceOf: nsOf,
    };
    // Core Secrets and ConfigMaps are never parsed here: their producer reads keys lazily.
    const spec = r.group === '' && (r.kind === 'Secret' || r.kind === 'ConfigMap') ? {} : isRecord(r.object.spec) ? r.object.spec : {};
    produce(r, spec, sink);
  }
  for (const o of CLUSTER_OBJECTS) {
    if (!o.when || matched.has(o)) index.add({ kind: o.kind, name: o.name, namespace: ANY_NAMESPACE, source: o.creator, runtime: true });
  }
  for (const visit of walker.containers(resources)) {
    const isJob = visit.resource.group === 'batch' && (visit.resource.kind === 'Job' || visit.resource.kind === 'CronJob');
    if (!isJob && visit.containerKind !== 'initContainers') continue;
    for (const w of runtimeWrites(visit)) {
      index.add({
        kind: w.kind,
        name: w.name,
        namespace: w.namespace ?? nsOf(visit.resource),
        source: `${describe(visit.resource)} ${describeContainer(visit)} (${w.how})`,
        runtime: true,
      });
    }
  }
  return index;
}
