/**
 * Custom resources whose operator may create a missing object. Operators commonly name what they
 * create after their resource: a RedisFailover `cache` gets Secret `cache-auth`, a RabbitmqCluster
 * `mq` gets `mq-default-user`, a Strimzi Kafka `events` gets `events-cluster-ca-cert`. kustodian
 * knows the outputs of a fixed list of kinds (producers.ts); for any other custom resource in the
 * workload's namespace whose name is the missing object's name, or prefixes it at a `-`, the render
 * holds evidence that the object may appear at run time: not enough to call it provided, too much to
 * call the app broken. Such a resource is named in POSSIBLE_RUNTIME_OBJECT.
 * A kind the table knows is no such evidence: a cert-manager Certificate writes exactly its
 * `secretName`, and a ServiceMonitor that shares its app's name writes nothing.
 */
import type { PodTemplateWalker } from '../manifests/pod-template-walker.js';
import type { Resource } from '../manifests/resource.js';
import { referableNames } from '../manifests/object-names.js';
import { CONNECTION_SECRET_FIELD, PRODUCERS } from './producers.js';

/**
 * API groups the Kubernetes API server serves itself: their kinds are no custom resources, and the
 * ones that make Secrets or ConfigMaps (service-account tokens, the root CA) are handled elsewhere.
 * Groups without a dot (apps, batch, autoscaling, policy, extensions) are built in too.
 */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
  'metrics.k8s.io',
]);

/** A custom resource that may own objects named after it. */
interface Owner {
  resource: Resource;
  namespace: string | undefined;
}

/** The custom resources of a render whose outputs kustodian does not know, by name. */
export class OperatorOwners {
  readonly #byName = new Map<string, Owner[]>();

  constructor(
    resources: readonly Resource[],
    walker: PodTemplateWalker,
    readonly defaultNamespace: string | undefined,
  ) {
    for (const r of resources) {
      if (!isUnknownCustomResource(r, walker)) continue;
      const owner = { resource: r, namespace: r.namespace ?? defaultNamespace };
      for (const name of referableNames(r)) (this.#byName.get(name) ?? this.#byName.set(name, []).get(name)!).push(owner);
    }
  }

  /**
   * The custom resources that may own `name` in `namespace`: the longest matching name first. An
   * undefined namespace (none known for the workload or the run) matches every namespace, as the
   * provider index does.
   */
  find(namespace: string | undefined, name: string): Resource[] {
    if (!this.#byName.size) return [];
    const out: Resource[] = [];
    for (let end = name.length; end > 0; end = name.lastIndexOf('-', end - 1)) {
      for (const owner of this.#byName.get(name.slice(0, end)) ?? []) {
        if ((namespace === undefined || owner.namespace === namespace) && !out.includes(owner.resource)) out.push(owner.resource);
      }
    }
    return out;
  }

  /** `RedisFailover ops/cache (databases.spotahome.com)`, for messages. */
  describe(r: Resource): string {
    const ns = r.namespace ?? this.defaultNamespace;
    return `${r.kind} ${ns ? `${ns}/` : ''}${r.name} (${r.group})`;
  }
}

/**
 * Not built in, not a workload (its outputs are pods), not a kind of the producer table (whose
 * outputs are known, none included), and no Crossplane object (it names its connection Secret).
 */
function isUnknownCustomResource(r: Resource, walker: PodTemplateWalker): boolean {
  const group = r.group;
  if (!group.includes('.') || BUILT_IN_GROUPS.has(group) || !r.name) return false;
  if (PRODUCERS.has(`${group}/${r.kind}`) || walker.hasPodTemplate(r)) return false;
  return !r.mayContain(CONNECTION_SECRET_FIELD);
}
