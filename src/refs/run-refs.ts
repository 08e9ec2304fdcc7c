/**
 * The provider domain of one run, as the step context serves it: the references the workloads make,
 * the index of what provides Secrets and ConfigMaps, the RBAC evidence of run-time creators, and the
 * custom resources whose operators may create objects named after them. Each
 * is built on first use and then shared by every step that reads it (secret-refs, configmap-refs,
 * pgdata), so no step builds it twice and no step imports another for it.
 */
import type { PodTemplateWalker } from '../manifests/pod-template-walker.js';
import type { Resource } from '../manifests/resource.js';
import type { ResourceIndex } from '../manifests/resource-index.js';
import { objectReferences, type ObjectReference } from './references.js';
import { buildProviderIndex, type ProviderIndex } from './providers.js';
import { RBAC_KINDS, RbacEvidence } from './rbac.js';
import { OperatorOwners } from './operator-owners.js';

/** What the domain is built from, read when first needed (after the transforms that ran before it). */
export interface RunRefsInput {
  resources: Resource[];
  walker: PodTemplateWalker;
  index: ResourceIndex;
  defaultNamespace: string | undefined;
}

/** The references, providers and RBAC evidence of a run, each built once, on first use. */
export class RunRefs {
  #references?: readonly ObjectReference[];
  #providers?: ProviderIndex;
  #rbac?: RbacEvidence;
  #operators?: OperatorOwners;

  constructor(private readonly input: () => RunRefsInput) {}

  /** Every Secret and ConfigMap reference of every workload. */
  get references(): readonly ObjectReference[] {
    const { walker, resources } = this.input();
    return (this.#references ??= [...objectReferences(walker, resources)]);
  }

  /** What in the render provides Secrets and ConfigMaps, and with which keys. */
  get providers(): ProviderIndex {
    const { resources, walker, defaultNamespace } = this.input();
    return (this.#providers ??= buildProviderIndex(resources, walker, defaultNamespace));
  }

  /** Who may create objects at run time, from the render's RBAC. */
  get rbac(): RbacEvidence {
    const { index, resources, walker, defaultNamespace } = this.input();
    return (this.#rbac ??= new RbacEvidence(
      RBAC_KINDS.flatMap((gk) => index.ofKind(gk)),
      resources,
      walker,
      defaultNamespace,
      () => this.references,
    ));
  }

  /** Custom resources of kinds whose outputs are unknown, whose operators may create objects named after them. */
  get operators(): OperatorOwners {
    const { resources, walker, defaultNamespace } = this.input();
    return (this.#operators ??= new OperatorOwners(resources, walker, defaultNamespace));
  }
}
