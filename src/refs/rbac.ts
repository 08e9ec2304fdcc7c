/**
 * RBAC evidence for objects created at run time. Controllers and init containers create Secrets
 * and ConfigMaps that no manifest defines (Argo CD's `argocd-redis` Secret is written by an init
 * container whose Role may create Secrets and names `argocd-redis`). Blocking such a render would
 * block a correct app, so the reference checks ask this module who in the render *can* create a
 * missing object, and how sure that is:
 *   - strong: a workload in the object's namespace may create it, and its Role names the object in
 *     `resourceNames`, or its command, args or env mention the name;
 *   - weak: only the permission.
 * Pure: resources and the pod-template walker in, evidence out. Built lazily: most runs never ask.
 * RBAC semantics: kubernetes.io/docs/reference/access-authn-authz/rbac/ (a `create` request carries
 * no name, so a rule with resourceNames never allows create).
 */
import { containersOf, describeContainer, type PodTemplateVisit, type PodTemplateWalker } from '../manifests/pod-template-walker.js';
import { isRecord } from '../manifests/field-path.js';
import type { Resource } from '../manifests/resource.js';
import type { ObjectReference, RefObjectKind } from './references.js';
import { startNeed } from './start-needs.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The four RBAC kinds this module reads, as group/kind pairs for a resource index. */
export const RBAC_KINDS: readonly { group: string; kind: string }[] = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].map(
  (kind) => ({ group: RBAC_GROUP, kind }),
);

/** The RBAC resource name of each kind the reference checks look up. */
const RESOURCE_OF: Readonly<Record<RefObjectKind, string>> = { Secret: 'secrets', ConfigMap: 'configmaps' };

interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
}

interface Role {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace: string | undefined;
  rules: Rule[];
}

/** A ServiceAccount a binding grants to: one (name set), or every one of a namespace or of the cluster. */
interface Subject {
  /** undefined: every namespace (`system:serviceaccounts`). */
  namespace: string | undefined;
  /** undefined: every ServiceAccount of the namespace (`system:serviceaccounts:NS`). */
  name: string | undefined;
  allNamespaces?: boolean;
}

interface Binding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** Where it grants: the RoleBinding's namespace; undefined with `clusterWide` for a ClusterRoleBinding. */
  namespace: string | undefined;
  clusterWide: boolean;
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string };
  subjects: Subject[];
}

/** One Role that lets a workload's ServiceAccount create objects of a kind in a namespace. */
export interface Grant {
  /** `Role argocd-redis (RoleBinding argocd-redis)`, `ClusterRole edit (RoleBinding x in ns)`. */
  describe: string;
  roleName: string;
}

/** A workload that may create an object, and why it is thought to. */
export interface Creator {
  workload: Resource;
  /** `Deployment argocd/argocd-redis` */
  describe: string;
  serviceAccount: string;
  grants: Grant[];
  /** Strong evidence in words, e.g. `Role argocd-redis names it in resourceNames`; undefined for a permission only. */
  evidence?: string;
  /** For a permission only, when some of its containers need the object: the one that could still create it. */
  startsFirst?: string;
}

/** What the render says about who creates `kind` `name` at run time. */
export interface RuntimeEvidence {
  strong: Creator[];
  weak: Creator[];
  /** Workloads with the permission only that cannot start without the object, so cannot create it (start-needs.ts). */
  excluded: { creator: Creator; why: string }[];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const has = (list: string[], value: string): boolean => list.includes(value) || list.includes('*');

function rules(value: unknown): Rule[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((r) => ({
    verbs: strings(r.verbs),
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    resourceNames: strings(r.resourceNames),
  }));
}

/** `system:serviceaccount:NS:NAME` (User), `system:serviceaccounts[:NS]` (Group), or a ServiceAccount subject. */
function subject(value: unknown, bindingNamespace: string | undefined): Subject | undefined {
  if (!isRecord(value) || typeof value.name !== 'string') return undefined;
  const name = value.name;
  if (value.kind === 'ServiceAccount')
    return { namespace: typeof value.namespace === 'string' && value.namespace ? value.namespace : bindingNamespace, name };
  if (value.kind === 'User') {
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
    return m ? { namespace: m[1], name: m[2] } : undefined;
  }
  if (value.kind === 'Group') {
    if (name === 'system:serviceaccounts') return { namespace: undefined, name: undefined, allNamespaces: true };
    const m = /^system:serviceaccounts:([^:]+)$/.exec(name);
    return m ? { namespace: m[1], name: undefined } : undefined;
  }
  return undefined;
}

/** Whether a rule is about `resource` of the core group (wildcards count). */
function about(rule: Rule, resource: string): boolean {
  return has(rule.apiGroups, '') && has(rule.resources, resource);
}

/** The RBAC objects of a render, and the question the reference checks ask of them. */
export class RbacEvidence {
  readonly #roles = new Map<string, Role>();
  readonly #bindings: Binding[] = [];
  #creators:
    | {
        visit: PodTemplateVisit;
        workload: Resource;
        namespace: string | undefined;
        serviceAccount: string;
        mentions: (name: string) => string | undefined;
      }[]
    | undefined;
  #referencesOf: Map<Resource, ObjectReference[]> | undefined;

  /**
   * `rbac` holds the render's Roles, ClusterRoles, RoleBindings and ClusterRoleBindings (others are
   * ignored); `resources` are walked for workloads only when a question is asked.
   */
  constructor(
    rbac: Iterable<Resource>,
    readonly resources: readonly Resource[],
    readonly walker: PodTemplateWalker,
    readonly defaultNamespace: string | undefined,
    /** Every Secret and ConfigMap reference of the render: a workload that needs the object to start cannot create it. */
    readonly references: () => readonly ObjectReference[] = () => [],
  ) {
    for (const r of rbac) {
      if (r.group !== RBAC_GROUP) continue;
      const ns = r.namespace ?? defaultNamespace;
      if (r.kind === 'Role' || r.kind === 'ClusterRole') {
        // An aggregated ClusterRole's rules are filled in by the controller from labels: unknown here, so none.
        this.#roles.set(roleKey(r.kind, r.kind === 'Role' ? ns : undefined, r.name), {
          kind: r.kind,
          name: r.name,
          namespace: r.kind === 'Role' ? ns : undefined,
          rules: rules(r.object.rules),
        });
      } else if (r.kind === 'RoleBinding' || r.kind === 'ClusterRoleBinding') {
        const ref = r.object.roleRef;
        if (!isRecord(ref) || typeof ref.name !== 'string' || (ref.kind !== 'Role' && ref.kind !== 'ClusterRole')) continue;
        const clusterWide = r.kind === 'ClusterRoleBinding';
        // A ClusterRoleBinding may only reference a ClusterRole; its ServiceAccount subjects must name their namespace.
        if (clusterWide && ref.kind !== 'ClusterRole') continue;
        const subjects = (Array.isArray(r.object.subjects) ? r.object.subjects : [])
          .map((s) => subject(s, clusterWide ? defaultNamespace : ns))
          .filter((s): s is Subject => s !== undefined);
        this.#bindings.push({
          kind: r.kind,
          name: r.name,
          namespace: clusterWide ? undefined : ns,
          clusterWide,
          roleRef: { kind: ref.kind, name: ref.name },
          subjects,
        });
      }
    }
  }

  /** The Roles through which ServiceAccount `namespace/name` acts in `namespace`, each with its binding. */
  #effective(namespace: string | undefined, serviceAccount: string): { role: Role; binding: Binding }[] {
    const out: { role: Role; binding: Binding }[] = [];
    for (const b of this.#bindings) {
      if (!b.clusterWide && b.namespace !== namespace) continue;
      if (!b.subjects.some((s) => s.allNamespaces || (s.namespace === namespace && (s.name === undefined || s.name === serviceAccount))))
        continue;
      // A RoleBinding's Role is in the binding's namespace; a ClusterRole through a RoleBinding is scoped to it.
      const role = this.#roles.get(roleKey(b.roleRef.kind, b.roleRef.kind === 'Role' ? b.namespace : undefined, b.roleRef.name));
      if (role) out.push({ role, binding: b });
    }
    return out;
  }

  /** Every workload (one per pod template) with its ServiceAccount and the names its containers mention. */
  #workloads() {
    if (this.#creators) return this.#creators;
    this.#creators = [];
    for (const visit of this.walker.podSpecs(this.resources)) {
      const spec = visit.podSpec;
      const named =
        typeof spec.serviceAccountName === 'string' && spec.serviceAccountName
          ? spec.serviceAccountName
          : typeof spec.serviceAccount === 'string' && spec.serviceAccount
            ? spec.serviceAccount
            : undefined;
      const containers = [...containersOf(visit)];
      const mentions = (name: string): string | undefined => {
        for (const c of containers) {
          const tokens = [...strings(c.container.command), ...strings(c.container.args)].flatMap(words);
          if (tokens.includes(name)) return `${describeContainer(c)} names it in its command or args`;
          for (const e of Array.isArray(c.container.env) ? c.container.env : []) {
            if (isRecord(e) && typeof e.value === 'string' && words(e.value).includes(name))
              return `${describeContainer(c)} env ${String(e.name)} names it`;
          }
        }
        return undefined;
      };
      // A pod without a token cannot call the API: no automounted token and no projected one.
      if (spec.automountServiceAccountToken === false && !projectsToken(spec.volumes)) continue;
      this.#creators.push({
        visit,
        workload: visit.resource,
        namespace: visit.resource.namespace ?? this.defaultNamespace,
        serviceAccount: named ?? 'default',
        mentions,
      });
    }
    return this.#creators;
  }

  /** Who may create `kind` `name` in `namespace`, strong evidence first. */
  find(kind: RefObjectKind, namespace: string | undefined, name: string): RuntimeEvidence {
    const out: RuntimeEvidence = { strong: [], weak: [], excluded: [] };
    if (!this.#bindings.length) return out;
    const resource = RESOURCE_OF[kind];
    for (const w of this.#workloads()) {
      if (w.namespace !== namespace) continue;
      const effective = this.#effective(namespace, w.serviceAccount);
      const creating = effective.filter(({ role }) =>
        role.rules.some((r) => has(r.verbs, 'create') && about(r, resource) && r.resourceNames.length === 0),
      );
      if (!creating.length) continue;
      const grants = creating.map(({ role, binding }) => ({
        roleName: role.name,
        describe: `${role.kind} ${role.name} (${binding.kind} ${binding.name}${binding.clusterWide ? ', cluster-wide' : ''})`,
      }));
      const naming = effective.find(({ role }) => role.rules.some((r) => about(r, resource) && r.resourceNames.includes(name)));
      const evidence = naming ? `${naming.role.kind} ${naming.role.name} names it in resourceNames` : w.mentions(name);
      const creator: Creator = {
        workload: w.workload,
        describe: `${w.workload.kind} ${namespace ? `${namespace}/` : ''}${w.workload.name}`,
        serviceAccount: w.serviceAccount,
        grants,
        ...(evidence ? { evidence } : {}),
      };
      if (evidence) {
        out.strong.push(creator);
        continue;
      }
      const need = startNeed(w.visit, this.#references(w.visit, kind, name));
      if (need.kind === 'blocked') out.excluded.push({ creator, why: need.why });
      else out.weak.push(need.kind === 'first' ? { ...creator, startsFirst: need.first } : creator);
    }
    return out;
  }

  /** The references of one pod template to `kind` `name`. */
  #references(visit: PodTemplateVisit, kind: RefObjectKind, name: string): ObjectReference[] {
    if (!this.#referencesOf) {
      this.#referencesOf = new Map();
      for (const ref of this.references())
        (this.#referencesOf.get(ref.resource) ?? this.#referencesOf.set(ref.resource, []).get(ref.resource)!).push(ref);
    }
    const at = visit.podSpecPath.join('.');
    return (this.#referencesOf.get(visit.resource) ?? []).filter(
      (r) => r.kind === kind && r.name === name && r.podSpecPath.join('.') === at,
    );
  }
}

/** Whether a pod's volumes project a ServiceAccount token (the manual alternative to automounting). */
function projectsToken(volumes: unknown): boolean {
  return (Array.isArray(volumes) ? volumes : []).some((v) => {
    const sources = isRecord(v) && isRecord(v.projected) && Array.isArray(v.projected.sources) ? v.projected.sources : [];
    return sources.some((src) => isRecord(src) && isRecord(src.serviceAccountToken));
  });
}

function roleKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

/**
 * The words of a command, arg or env value that could be an object's name: split on white space,
 * `=` and quotes, so `--secret=argocd-redis` and `kubectl create secret generic argocd-redis` name
 * it while `argocd-redis:6379` (a host and port) does not.
 */
function words(value: string): string[] {
  return value.split(/[\s='"`,;]+/).filter(Boolean);
}
