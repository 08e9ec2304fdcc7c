/**
 * What in a render provides Secrets and ConfigMaps, and with which keys. Real GitOps trees rarely
 * hold plain Secrets: SealedSecrets, ExternalSecrets, cert-manager Certificates and operators
 * produce them, and some objects only appear at run time. Without this index the reference checks
 * would reject most real trees. Facts: ../shared/reference/secrets-and-postgres.md §3.
 */
import { isRecord, type ContainerVisit, type PodTemplateWalker, describeContainer } from './pod-templates.js';
import type { Resource } from './resource.js';
import type { RefObjectKind } from './references.js';
import { referableNames } from './names.js';

/** Namespace of a provider that serves every namespace (kube-root-ca.crt, a ClusterExternalSecret with selectors). */
export const ANY_NAMESPACE = '*';

/** One object that will exist in the cluster, and what is known of its keys. */
export interface Provider {
  kind: RefObjectKind;
  name: string;
  /** The object's namespace, `ANY_NAMESPACE`, or undefined when neither it nor the run has one. */
  namespace: string | undefined;
  /** All keys; undefined when they cannot be known (dataFrom, merges, operators). */
  keys?: ReadonlySet<string>;
  /** ConfigMap `binaryData` keys: they exist but never reach env vars. */
  binaryKeys?: ReadonlySet<string>;
  /** What provides it: `Secret giftify/api`, `ExternalSecret giftify/api`, `Job x/y (--secret-name)`. */
  source: string;
  /** Created when the app runs, not applied from the render: names are checked, keys are not. */
  runtime?: boolean;
  /** The manifest in the render that provides it, when there is one (for "defined in <file>"). */
  resource?: Resource;
}

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

  /** Other namespaces that do have an object of this name: a frequent mistake worth naming. */
  namespacesOf(kind: RefObjectKind, name: string): string[] {
    const out = new Set<string>();
    for (const p of this.#byName.get(indexKey(kind, undefined, name)) ?? []) if (p.namespace && p.namespace !== ANY_NAMESPACE) out.add(p.namespace);
    return [...out].sort();
  }
}

function indexKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

/** Keys of a `kubernetes.io/service-account-token` Secret that the token controller fills in. */
const SERVICE_ACCOUNT_TOKEN_KEYS = ['token', 'ca.crt', 'namespace'];
/** cert-manager Certificate keys: `ca.crt` only when the CA is known, so it is accepted, never required. */
const TLS_KEYS = ['tls.crt', 'tls.key', 'ca.crt'];
/** CloudNativePG `-app`/`-superuser` Secrets (cloudnative-pg pkg/specs/secrets.go). */
const CNPG_USER_KEYS = ['username', 'user', 'password', 'dbname', 'host', 'port', 'pgpass', 'uri', 'jdbc-uri', 'fqdn-uri', 'fqdn-jdbc-uri'];

/**
 * Objects the cluster creates by itself, keyed by name. Kept short on purpose: each entry hides a
 * missing object, so only objects that are certain to exist belong here.
 */
const CLUSTER_OBJECTS: readonly { kind: RefObjectKind; name: string; creator: string; when?: (r: Resource) => boolean }[] = [
  // The root-CA publisher in kube-controller-manager writes it into every namespace (Kubernetes ≥1.20).
  { kind: 'ConfigMap', name: 'kube-root-ca.crt', creator: 'Kubernetes (root CA publisher, every namespace)' },
  // istiod writes its CA bundle into every namespace it watches; only plausible when the render has Istio objects.
  { kind: 'ConfigMap', name: 'istio-ca-root-cert', creator: 'istiod (Istio resources are in the render)', when: (r) => r.group === 'istio.io' || r.group.endsWith('.istio.io') },
  // OpenShift 4 publishes its service CA into every namespace; only plausible when the render has OpenShift kinds.
  { kind: 'ConfigMap', name: 'openshift-service-ca.crt', creator: 'OpenShift service-ca operator (OpenShift resources are in the render)', when: (r) => r.group.endsWith('openshift.io') },
];

const keySet = (...lists: (Iterable<string> | undefined)[]): Set<string> => {
  const out = new Set<string>();
  for (const list of lists) for (const k of list ?? []) out.add(k);
  return out;
};
const recordKeys = (value: unknown): string[] => (isRecord(value) ? Object.keys(value) : []);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * `group/kind` of every object this index reads, the cases of buildProviderIndex's switch; anything
 * else (CRDs above all, and same-named kinds of other groups such as Cluster API's `Cluster`) is
 * never parsed.
 */
const PROVIDER_KINDS = new Set([
  '/Secret', '/ConfigMap', '/Service', 'bitnami.com/SealedSecret', 'external-secrets.io/ExternalSecret', 'external-secrets.io/ClusterExternalSecret',
  'cert-manager.io/Certificate', 'postgresql.cnpg.io/Cluster', 'secrets-store.csi.x-k8s.io/SecretProviderClass', 'networking.k8s.io/Ingress',
  'extensions/Ingress', 'isindir.github.com/SopsSecret', 'acid.zalan.do/postgresql', 'secrets.hashicorp.com/VaultStaticSecret',
  'secrets.hashicorp.com/VaultDynamicSecret', 'secrets.hashicorp.com/VaultPKISecret', 'secrets.hashicorp.com/HCPVaultSecretsApp',
  'onepassword.com/OnePasswordItem', 'kafka.strimzi.io/KafkaUser', 'kubernetes-client.io/ExternalSecret',
]);

/**
 * Crossplane managed resources, claims and composites of any group write their connection details
 * to `spec.writeConnectionSecretToRef`; the text is checked for the field name before any parse.
 */
const CONNECTION_SECRET_FIELD = 'writeConnectionSecretToRef';

/** The Ingress annotation (cert-manager ingress-shim, kube-lego) that asks for a certificate per `spec.tls` entry. */
const TLS_ACME = 'kubernetes.io/tls-acme';

/** OpenShift's service-ca operator: a Service annotation asks for a serving-certificate Secret. */
const SERVING_CERT_ANNOTATIONS = ['service.beta.openshift.io/serving-cert-secret-name', 'service.alpha.openshift.io/serving-cert-secret-name'];
/** ConfigMap annotations after which OpenShift injects a CA bundle key into the ConfigMap. */
const INJECTED_CONFIGMAP_KEYS: readonly [string, string][] = [
  ['service.beta.openshift.io/inject-cabundle', 'service-ca.crt'],
  ['config.openshift.io/inject-trusted-cabundle', 'ca-bundle.crt'],
];

/** Builds the index over a render. `defaultNamespace` places objects written without one. */
export function buildProviderIndex(resources: readonly Resource[], walker: PodTemplateWalker, defaultNamespace: string | undefined): ProviderIndex {
  const index = new ProviderIndex();
  const nsOf = (r: Resource) => r.namespace ?? defaultNamespace;
  const describe = (r: Resource) => `${r.kind} ${nsOf(r) ? `${nsOf(r)}/` : ''}${r.name}`;
  const matched = new Set<(typeof CLUSTER_OBJECTS)[number]>();
  for (const r of resources) {
    for (const o of CLUSTER_OBJECTS) if (o.when?.(r)) matched.add(o);
    const groupKind = `${r.group}/${r.kind}`;
    if (!PROVIDER_KINDS.has(groupKind)) {
      if (r.group !== '' && r.mayContain(CONNECTION_SECRET_FIELD)) {
        const spec = isRecord(r.object.spec) ? r.object.spec : {};
        const ref = spec[CONNECTION_SECRET_FIELD];
        // A managed resource is cluster-scoped and names the namespace; a claim's Secret is in its own.
        if (isRecord(ref) && str(ref.name)) {
          index.add({ kind: 'Secret', name: ref.name as string, namespace: str(ref.namespace) ?? nsOf(r), source: `${describe(r)} (Crossplane ${CONNECTION_SECRET_FIELD})`, resource: r });
        }
      }
      continue;
    }
    if (r.group === '' && (r.kind === 'Secret' || r.kind === 'ConfigMap')) {
      // Keys are read only when a reference looks them up: most ConfigMaps (Grafana dashboards, CRD
      // bundles) are never referenced by key, and parsing them was most of this index's cost.
      // Under every referable name: a KRM transformer sees references not yet rewritten for
      // namePrefix/nameSuffix (src/manifests/names.ts). One lazy provider object serves all names.
      if (r.name) {
        const provider = lazyKeys(r, { kind: r.kind, name: r.name, namespace: nsOf(r), source: describe(r), resource: r });
        for (const name of referableNames(r)) index.add(name === r.name ? provider : withName(provider, name));
      }
      continue;
    }
    // Unparsed text that cannot hold the annotations these kinds are read for (kustomize writes keys
    // literally) needs no parse.
    if (r.kind === 'Service' && !r.mayContain('serving-cert-secret-name')) continue;
    if (r.kind === 'Ingress' && !r.mayContain('cert-manager.io/') && !r.mayContain(TLS_ACME)) continue;
    const o = r.object as Record<string, unknown>;
    const spec = isRecord(o.spec) ? o.spec : {};
    const add = (kind: RefObjectKind, name: string | undefined, keys: Set<string> | undefined, extra: Partial<Provider> = {}) => {
      if (name) index.add({ kind, name, namespace: nsOf(r), keys, source: describe(r), resource: r, ...extra });
    };
    switch (groupKind) {
      case '/Service':
        for (const annotation of SERVING_CERT_ANNOTATIONS) {
          add('Secret', r.annotation(annotation), undefined, { source: `OpenShift service-ca for ${describe(r)} (${annotation})`, runtime: true });
        }
        break;
      case 'isindir.github.com/SopsSecret':
        // sops-secrets-operator: one Secret per secretTemplates entry, keys in clear text.
        for (const t of list(spec.secretTemplates)) {
          if (isRecord(t)) add('Secret', str(t.name), keySet(recordKeys(t.data), recordKeys(t.stringData)));
        }
        break;
      case 'acid.zalan.do/postgresql': {
        // Zalando postgres-operator's default secret_name_template; the operator may be configured otherwise.
        const users = ['postgres', 'standby', ...recordKeys(spec.users)];
        for (const user of users) {
          add('Secret', `${user}.${r.name}.credentials.postgresql.acid.zalan.do`, undefined, { source: `Zalando postgres-operator for ${describe(r)}`, runtime: true });
        }
        break;
      }
      case 'bitnami.com/SealedSecret': {
        // The controller forces the Secret's name and namespace to the SealedSecret's own.
        const template = isRecord(spec.template) ? spec.template : {};
        const unknown = spec.data !== undefined || r.annotation('sealedsecrets.bitnami.com/patch') === 'true';
        const keys = unknown ? undefined : keySet(recordKeys(spec.encryptedData), recordKeys(template.data));
        for (const name of referableNames(r)) add('Secret', name, keys);
        break;
      }
      case 'external-secrets.io/ExternalSecret': {
        const out = externalSecretOutput(spec, r.name);
        if (out) add(out.kind, out.name, out.keys, { source: `${describe(r)}${out.note}` });
        break;
      }
      case 'external-secrets.io/ClusterExternalSecret': {
        const out = externalSecretOutput(isRecord(spec.externalSecretSpec) ? spec.externalSecretSpec : {}, str(spec.externalSecretName) ?? r.name);
        if (!out) break;
        const selectors = spec.namespaceSelector !== undefined || list(spec.namespaceSelectors).length > 0;
        const namespaces = selectors ? [] : list(spec.namespaces).filter((n): n is string => typeof n === 'string');
        for (const namespace of namespaces.length ? namespaces : [ANY_NAMESPACE]) {
          index.add({ kind: out.kind, name: out.name, namespace, keys: out.keys, source: `${describe(r)}${out.note}` });
        }
        break;
      }
      case 'cert-manager.io/Certificate': {
        const formats = list(spec.additionalOutputFormats).map((f) => (isRecord(f) ? f.type : undefined));
        const keystores = isRecord(spec.keystores) ? spec.keystores : {};
        const extra = [
          ...(formats.includes('CombinedPEM') ? ['tls-combined.pem'] : []),
          ...(formats.includes('DER') ? ['key.der'] : []),
          ...(isRecord(keystores.jks) && keystores.jks.create === true ? ['keystore.jks', 'truststore.jks'] : []),
          ...(isRecord(keystores.pkcs12) && keystores.pkcs12.create === true ? ['keystore.p12', 'truststore.p12'] : []),
        ];
        add('Secret', str(spec.secretName), keySet(TLS_KEYS, extra));
        break;
      }
      case 'networking.k8s.io/Ingress':
      case 'extensions/Ingress': {
        // cert-manager's ingress-shim issues a Certificate for each tls entry of an annotated Ingress;
        // `kubernetes.io/tls-acme: "true"` asks the same of it (with its default issuer) or of kube-lego.
        if (!r.annotation('cert-manager.io/issuer') && !r.annotation('cert-manager.io/cluster-issuer') && r.annotation(TLS_ACME) !== 'true') break;
        for (const tls of list(spec.tls)) {
          if (isRecord(tls)) add('Secret', str(tls.secretName), keySet(TLS_KEYS), { source: `${describe(r)} (cert-manager ingress-shim)` });
        }
        break;
      }
      case 'postgresql.cnpg.io/Cluster': {
        const bootstrap = isRecord(spec.bootstrap) ? spec.bootstrap : {};
        const initdb = isRecord(bootstrap.initdb) ? bootstrap.initdb : {};
        if (!(isRecord(initdb.secret) && str(initdb.secret.name))) add('Secret', `${r.name}-app`, keySet(CNPG_USER_KEYS));
        if (spec.enableSuperuserAccess === true && !isRecord(spec.superuserSecret)) add('Secret', `${r.name}-superuser`, keySet(CNPG_USER_KEYS));
        for (const suffix of ['-ca', '-server', '-replication']) add('Secret', `${r.name}${suffix}`, undefined);
        break;
      }
      case 'secrets.hashicorp.com/VaultStaticSecret':
      case 'secrets.hashicorp.com/VaultDynamicSecret':
      case 'secrets.hashicorp.com/VaultPKISecret':
      case 'secrets.hashicorp.com/HCPVaultSecretsApp': {
        // Vault Secrets Operator creates the destination only with `create: true`; otherwise it writes
        // into a Secret that must already exist. Keys depend on the Vault data and transformations.
        const destination = isRecord(spec.destination) ? spec.destination : {};
        if (destination.create === true) add('Secret', str(destination.name), undefined);
        break;
      }
      case 'onepassword.com/OnePasswordItem':
      case 'kafka.strimzi.io/KafkaUser':
      case 'kubernetes-client.io/ExternalSecret':
        // 1Password operator, Strimzi's User Operator and the archived kubernetes-external-secrets
        // create a Secret named after the object itself; its keys come from outside the render.
        for (const name of referableNames(r)) add('Secret', name, undefined);
        break;
      case 'secrets-store.csi.x-k8s.io/SecretProviderClass':
        for (const so of list(spec.secretObjects)) {
          if (!isRecord(so)) continue;
          const keys = list(so.data).map((d) => (isRecord(d) ? str(d.key) : undefined)).filter((k): k is string => k !== undefined);
          add('Secret', str(so.secretName), keySet(keys), { source: `${describe(r)} (secretObjects, synced while a pod mounts it)` });
        }
        break;
      default:
        break;
    }
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

/** The same provider under another name; keys stay shared (and lazy) through the prototype. */
function withName(provider: Provider, name: string): Provider {
  return Object.create(provider, { name: { value: name, enumerable: true } }) as Provider;
}

/** A core Secret or ConfigMap as a provider whose keys are computed (parsing it) on first use. */
function lazyKeys(r: Resource, provider: Provider): Provider {
  let keys: { keys: Set<string>; binaryKeys?: Set<string> } | undefined;
  const compute = () => {
    if (keys) return keys;
    // Keys, not values: read from the text where kustomize's layout allows (Resource.topLevelKeys).
    if (r.kind === 'Secret') {
      const saToken = r.mayContain('kubernetes.io/service-account-token') && r.object.type === 'kubernetes.io/service-account-token';
      keys = { keys: keySet(r.topLevelKeys('data'), r.topLevelKeys('stringData'), saToken ? SERVICE_ACCOUNT_TOKEN_KEYS : []) };
    } else {
      const injected = INJECTED_CONFIGMAP_KEYS.filter(([annotation]) => r.mayContain(annotation) && r.annotation(annotation) === 'true').map(([, key]) => key);
      const binary = r.topLevelKeys('binaryData');
      keys = { keys: keySet(r.topLevelKeys('data'), binary, injected), binaryKeys: keySet(binary) };
    }
    return keys;
  };
  return Object.defineProperties(provider, {
    keys: { get: () => compute().keys, enumerable: true },
    binaryKeys: { get: () => compute().binaryKeys, enumerable: true },
  });
}

/**
 * The object an ExternalSecret makes, per external-secrets `externalsecret_types.go` and the
 * templating guide: creationPolicy decides whether it exists, target.template whether `data` keys survive.
 */
function externalSecretOutput(spec: Record<string, unknown>, ownName: string): { kind: RefObjectKind; name: string; keys: Set<string> | undefined; note: string } | undefined {
  const target = isRecord(spec.target) ? spec.target : {};
  const policy = str(target.creationPolicy) ?? 'Owner';
  if (policy === 'None') return undefined;
  const manifestKind = isRecord(target.manifest) ? str(target.manifest.kind) : undefined;
  if (manifestKind !== undefined && manifestKind !== 'Secret' && manifestKind !== 'ConfigMap') return undefined;
  const kind: RefObjectKind = manifestKind === 'ConfigMap' ? 'ConfigMap' : 'Secret';
  const name = str(target.name) ?? ownName;
  const dataKeys = list(spec.data).map((d) => (isRecord(d) ? str(d.secretKey) : undefined)).filter((k): k is string => k !== undefined);
  const fromUnknown = list(spec.dataFrom).length > 0;
  const template = isRecord(target.template) ? target.template : undefined;
  const templateFrom = template ? list(template.templateFrom) : [];
  let keys: Set<string> | undefined;
  if (template && (isRecord(template.data) || templateFrom.length > 0)) {
    keys = keySet(recordKeys(template.data));
    for (const tf of templateFrom) {
      if (!isRecord(tf)) continue;
      if ((str(tf.target) ?? 'Data') !== 'Data') continue;
      if (tf.literal !== undefined) keys = undefined;
      for (const source of [tf.configMap, tf.secret]) {
        if (!isRecord(source)) continue;
        for (const item of list(source.items)) {
          if (!isRecord(item)) continue;
          if (item.templateAs === 'KeysAndValues') keys = undefined;
          else if (keys && str(item.key)) keys.add(item.key as string);
        }
      }
      if (!keys) break;
    }
    if (keys && template.mergePolicy === 'Merge') keys = fromUnknown ? undefined : keySet(keys, dataKeys);
  } else {
    keys = fromUnknown ? undefined : keySet(dataKeys);
  }
  // Merge and CreateOrMerge write into a Secret that may already hold other keys.
  if (policy === 'Merge' || policy === 'CreateOrMerge') return { kind, name, keys: undefined, note: ` (creationPolicy ${policy})` };
  return { kind, name, keys, note: '' };
}

/** An object a container's spec says it writes. */
interface RuntimeWrite {
  kind: RefObjectKind;
  name: string;
  namespace?: string;
  /** The evidence: `--secret-name`, `kubectl create secret`, `env SECRET_NAME`. */
  how: string;
}

const NAME_FLAG = /^--?([A-Za-z0-9_-]*?(secret|config-?map)[-_]?name)(?:=(.*))?$/i;
const KUBECTL_CREATE = /\bkubectl\s+(?:\S+\s+)*?create\s+(secret\s+(?:generic|tls|docker-registry)|configmap)\s+([a-z0-9][a-z0-9.-]*)/g;
const NAME_ENV = /(?:^|_)(SECRET|CONFIGMAP|CONFIG_MAP)_NAME$/i;
const NAMESPACE_FLAG = /^(?:--namespace|-n)(?:=(.*))?$/;
const literal = (value: string | undefined): string | undefined => (value && !value.includes('$(') && /^[a-z0-9][a-z0-9.-]*$/.test(value) ? value : undefined);

/**
 * Secrets and ConfigMaps a Job or init container names as its output: certificate generators such
 * as ingress-nginx's kube-webhook-certgen (`--secret-name=…`), `kubectl create secret …` scripts,
 * and `…_SECRET_NAME` env vars. A name built from `$(VAR)` cannot be known and is ignored.
 */
export function runtimeWrites(visit: ContainerVisit): RuntimeWrite[] {
  const c = visit.container;
  const tokens = [...list(c.command), ...list(c.args)].filter((t): t is string => typeof t === 'string');
  const out: RuntimeWrite[] = [];
  let namespace: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const ns = NAMESPACE_FLAG.exec(tokens[i]!);
    if (ns) namespace = literal(ns[1] ?? tokens[i + 1]) ?? namespace;
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const flag = NAME_FLAG.exec(token);
    if (flag) {
      const name = literal(flag[3] ?? tokens[i + 1]);
      if (name) out.push({ kind: /secret/i.test(flag[2]!) ? 'Secret' : 'ConfigMap', name, namespace, how: `--${flag[1]}` });
    }
    for (const m of token.matchAll(KUBECTL_CREATE)) {
      const kind: RefObjectKind = m[1]!.startsWith('secret') ? 'Secret' : 'ConfigMap';
      out.push({ kind, name: m[2]!, namespace, how: `kubectl create ${kind === 'Secret' ? 'secret' : 'configmap'}` });
    }
  }
  for (const e of list(c.env)) {
    if (!isRecord(e) || typeof e.name !== 'string') continue;
    const m = NAME_ENV.exec(e.name);
    const name = literal(typeof e.value === 'string' ? e.value : undefined);
    if (m && name) out.push({ kind: /secret/i.test(m[1]!) ? 'Secret' : 'ConfigMap', name, namespace, how: `env ${e.name}` });
  }
  return out;
}
