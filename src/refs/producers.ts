/**
 * The producer table: for each group/kind that makes Secrets or ConfigMaps exist, one entry that
 * says which objects and with which keys. The list of kinds the provider index parses is derived
 * from this table, so a new producer is one entry here and nothing else.
 * Each entry follows its project's documentation of what it writes.
 */
import { isRecord } from '../manifests/field-path.js';
import type { Resource } from '../manifests/resource.js';
import type { RefObjectKind } from './references.js';
import { referableNames } from '../manifests/object-names.js';
import { ANY_NAMESPACE, type Provider } from './provider.js';

/** What a producer entry may do with the object it reads. */
export interface ProducerSink {
  /** Adds an object in the producer's namespace, described as the producer unless `extra` says otherwise. */
  add(kind: RefObjectKind, name: string | undefined, keys: Set<string> | undefined, extra?: Partial<Provider>): void;
  /** Adds a fully specified provider (another namespace, or every namespace). */
  addProvider(provider: Provider): void;
  /** `Kind ns/name` of the producer, with the run's default namespace. */
  describe(r: Resource): string;
  /** The producer's namespace, or the run's default. */
  namespaceOf(r: Resource): string | undefined;
}

/** One producer: reads `r` (already known to be of its group/kind) and adds what it makes. */
export type Producer = (r: Resource, spec: Record<string, unknown>, sink: ProducerSink) => void;

/** Keys of a `kubernetes.io/service-account-token` Secret that the token controller fills in. */
const SERVICE_ACCOUNT_TOKEN_KEYS = ['token', 'ca.crt', 'namespace'];
/** cert-manager Certificate keys: `ca.crt` only when the CA is known, so it is accepted, never required. */
const TLS_KEYS = ['tls.crt', 'tls.key', 'ca.crt'];
/** CloudNativePG `-app`/`-superuser` Secrets (cloudnative-pg pkg/specs/secrets.go). */
const CNPG_USER_KEYS = ['username', 'user', 'password', 'dbname', 'host', 'port', 'pgpass', 'uri', 'jdbc-uri', 'fqdn-uri', 'fqdn-jdbc-uri'];

/** The Ingress annotation (cert-manager ingress-shim, kube-lego) that asks for a certificate per `spec.tls` entry. */
const TLS_ACME = 'kubernetes.io/tls-acme';
/** OpenShift's service-ca operator: a Service annotation asks for a serving-certificate Secret. */
const SERVING_CERT_ANNOTATIONS = [
  'service.beta.openshift.io/serving-cert-secret-name',
  'service.alpha.openshift.io/serving-cert-secret-name',
];
/** ConfigMap annotations after which OpenShift injects a CA bundle key into the ConfigMap. */
const INJECTED_CONFIGMAP_KEYS: readonly [string, string][] = [
  ['service.beta.openshift.io/inject-cabundle', 'service-ca.crt'],
  ['config.openshift.io/inject-trusted-cabundle', 'ca-bundle.crt'],
];

export const keySet = (...lists: (Iterable<string> | undefined)[]): Set<string> => {
  const out = new Set<string>();
  for (const list of lists) for (const k of list ?? []) out.add(k);
  return out;
};
const recordKeys = (value: unknown): string[] => (isRecord(value) ? Object.keys(value) : []);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** A core Secret or ConfigMap, under every referable name; keys are read only when a reference asks. */
const coreObject: Producer = (r, _spec, sink) => {
  if (!r.name) return;
  // Keys are read only when a reference looks them up: most ConfigMaps (Grafana dashboards, CRD
  // bundles) are never referenced by key, and parsing them was most of this index's cost.
  // Under every referable name: a KRM transformer sees references not yet rewritten for
  // namePrefix/nameSuffix (src/manifests/object-names.ts). One lazy provider object serves all names.
  const provider = lazyKeys(r, {
    kind: r.kind as RefObjectKind,
    name: r.name,
    namespace: sink.namespaceOf(r),
    source: sink.describe(r),
    resource: r,
  });
  for (const name of referableNames(r)) sink.addProvider(name === r.name ? provider : withName(provider, name));
};

/** A kind whose operator creates a Secret named after the object itself, keys from outside the render. */
const ownNameSecret: Producer = (r, _spec, sink) => {
  for (const name of referableNames(r)) sink.add('Secret', name, undefined);
};

/** Vault Secrets Operator creates the destination only with `create: true`; otherwise it writes into an existing Secret. */
const vaultDestination: Producer = (_r, spec, sink) => {
  const destination = isRecord(spec.destination) ? spec.destination : {};
  if (destination.create === true) sink.add('Secret', str(destination.name), undefined);
};

/** cert-manager's ingress-shim issues a Certificate per tls entry of an annotated Ingress; `tls-acme` asks the same of it or kube-lego. */
const ingressShim: Producer = (r, spec, sink) => {
  if (!r.annotation('cert-manager.io/issuer') && !r.annotation('cert-manager.io/cluster-issuer') && r.annotation(TLS_ACME) !== 'true')
    return;
  for (const tls of list(spec.tls)) {
    if (isRecord(tls))
      sink.add('Secret', str(tls.secretName), keySet(TLS_KEYS), { source: `${sink.describe(r)} (cert-manager ingress-shim)` });
  }
};

/** What a kind that creates no Secret or ConfigMap produces. */
const nothing: Producer = () => {};

/** `group/kind` of kinds that create no Secret or ConfigMap of their own (their outputs are known: none). */
const NO_OBJECTS: readonly string[] = [
  ...['ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe', 'ScrapeConfig', 'AlertmanagerConfig'].map(
    (k) => `monitoring.coreos.com/${k}`,
  ),
  ...['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'EnvoyFilter', 'WorkloadEntry', 'WorkloadGroup'].map(
    (k) => `networking.istio.io/${k}`,
  ),
  ...['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'].map((k) => `security.istio.io/${k}`),
  'telemetry.istio.io/Telemetry',
  ...['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant', 'BackendTLSPolicy'].map(
    (k) => `gateway.networking.k8s.io/${k}`,
  ),
  ...['ScaledObject', 'ScaledJob', 'TriggerAuthentication', 'ClusterTriggerAuthentication'].map((k) => `keda.sh/${k}`),
  'autoscaling.k8s.io/VerticalPodAutoscaler',
  ...['Rollout', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun'].map((k) => `argoproj.io/${k}`),
  ...['traefik.io', 'traefik.containo.us'].flatMap((g) =>
    [
      'IngressRoute',
      'IngressRouteTCP',
      'IngressRouteUDP',
      'Middleware',
      'MiddlewareTCP',
      'TLSOption',
      'TLSStore',
      'ServersTransport',
      'TraefikService',
    ].map((k) => `${g}/${k}`),
  ),
  ...['SecretStore', 'ClusterSecretStore'].map((k) => `external-secrets.io/${k}`),
  ...['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'].map((k) => `cilium.io/${k}`),
  ...['VolumeSnapshot', 'VolumeSnapshotClass'].map((k) => `snapshot.storage.k8s.io/${k}`),
];

/**
 * The table, keyed `group/kind`. `mayProduce` is a cheap test on the unparsed text: a kind read only
 * for an annotation is never parsed when the text cannot hold it (kustomize writes keys literally).
 */
export const PRODUCERS: ReadonlyMap<string, { produce: Producer; mayProduce?: (r: Resource) => boolean }> = new Map<
  string,
  { produce: Producer; mayProduce?: (r: Resource) => boolean }
>([
  ['/Secret', { produce: coreObject }],
  ['/ConfigMap', { produce: coreObject }],
  [
    '/Service',
    {
      mayProduce: (r) => r.mayContain('serving-cert-secret-name'),
      produce: (r, _spec, sink) => {
        for (const annotation of SERVING_CERT_ANNOTATIONS) {
          sink.add('Secret', r.annotation(annotation), undefined, {
            source: `OpenShift service-ca for ${sink.describe(r)} (${annotation})`,
            runtime: true,
          });
        }
      },
    },
  ],
  [
    'isindir.github.com/SopsSecret',
    {
      // sops-secrets-operator: one Secret per secretTemplates entry, keys in clear text.
      produce: (_r, spec, sink) => {
        for (const t of list(spec.secretTemplates)) {
          if (isRecord(t)) sink.add('Secret', str(t.name), keySet(recordKeys(t.data), recordKeys(t.stringData)));
        }
      },
    },
  ],
  [
    'acid.zalan.do/postgresql',
    {
      // Zalando postgres-operator's default secret_name_template; the operator may be configured otherwise.
      produce: (r, spec, sink) => {
        for (const user of ['postgres', 'standby', ...recordKeys(spec.users)]) {
          sink.add('Secret', `${user}.${r.name}.credentials.postgresql.acid.zalan.do`, undefined, {
            source: `Zalando postgres-operator for ${sink.describe(r)}`,
            runtime: true,
          });
        }
      },
    },
  ],
  [
    'bitnami.com/SealedSecret',
    {
      // The controller forces the Secret's name and namespace to the SealedSecret's own.
      produce: (r, spec, sink) => {
        const template = isRecord(spec.template) ? spec.template : {};
        const unknown = spec.data !== undefined || r.annotation('sealedsecrets.bitnami.com/patch') === 'true';
        const keys = unknown ? undefined : keySet(recordKeys(spec.encryptedData), recordKeys(template.data));
        for (const name of referableNames(r)) sink.add('Secret', name, keys);
      },
    },
  ],
  [
    'external-secrets.io/ExternalSecret',
    {
      produce: (r, spec, sink) => {
        const out = externalSecretOutput(spec, r.name);
        if (out) sink.add(out.kind, out.name, out.keys, { source: `${sink.describe(r)}${out.note}` });
      },
    },
  ],
  [
    'external-secrets.io/ClusterExternalSecret',
    {
      produce: (r, spec, sink) => {
        const out = externalSecretOutput(
          isRecord(spec.externalSecretSpec) ? spec.externalSecretSpec : {},
          str(spec.externalSecretName) ?? r.name,
        );
        if (!out) return;
        const selectors = spec.namespaceSelector !== undefined || list(spec.namespaceSelectors).length > 0;
        const namespaces = selectors ? [] : list(spec.namespaces).filter((n): n is string => typeof n === 'string');
        for (const namespace of namespaces.length ? namespaces : [ANY_NAMESPACE]) {
          sink.addProvider({ kind: out.kind, name: out.name, namespace, keys: out.keys, source: `${sink.describe(r)}${out.note}` });
        }
      },
    },
  ],
  [
    'cert-manager.io/Certificate',
    {
      produce: (_r, spec, sink) => {
        const formats = list(spec.additionalOutputFormats).map((f) => (isRecord(f) ? f.type : undefined));
        const keystores = isRecord(spec.keystores) ? spec.keystores : {};
        const extra = [
          ...(formats.includes('CombinedPEM') ? ['tls-combined.pem'] : []),
          ...(formats.includes('DER') ? ['key.der'] : []),
          ...(isRecord(keystores.jks) && keystores.jks.create === true ? ['keystore.jks', 'truststore.jks'] : []),
          ...(isRecord(keystores.pkcs12) && keystores.pkcs12.create === true ? ['keystore.p12', 'truststore.p12'] : []),
        ];
        sink.add('Secret', str(spec.secretName), keySet(TLS_KEYS, extra));
      },
    },
  ],
  ['networking.k8s.io/Ingress', { produce: ingressShim, mayProduce: (r) => r.mayContain('cert-manager.io/') || r.mayContain(TLS_ACME) }],
  ['extensions/Ingress', { produce: ingressShim, mayProduce: (r) => r.mayContain('cert-manager.io/') || r.mayContain(TLS_ACME) }],
  [
    'postgresql.cnpg.io/Cluster',
    {
      produce: (r, spec, sink) => {
        const bootstrap = isRecord(spec.bootstrap) ? spec.bootstrap : {};
        const initdb = isRecord(bootstrap.initdb) ? bootstrap.initdb : {};
        if (!(isRecord(initdb.secret) && str(initdb.secret.name))) sink.add('Secret', `${r.name}-app`, keySet(CNPG_USER_KEYS));
        if (spec.enableSuperuserAccess === true && !isRecord(spec.superuserSecret))
          sink.add('Secret', `${r.name}-superuser`, keySet(CNPG_USER_KEYS));
        for (const suffix of ['-ca', '-server', '-replication']) sink.add('Secret', `${r.name}${suffix}`, undefined);
      },
    },
  ],
  // Keys depend on the Vault data and transformations.
  ['secrets.hashicorp.com/VaultStaticSecret', { produce: vaultDestination }],
  ['secrets.hashicorp.com/VaultDynamicSecret', { produce: vaultDestination }],
  ['secrets.hashicorp.com/VaultPKISecret', { produce: vaultDestination }],
  ['secrets.hashicorp.com/HCPVaultSecretsApp', { produce: vaultDestination }],
  // 1Password operator, Strimzi's User Operator and the archived kubernetes-external-secrets.
  ['onepassword.com/OnePasswordItem', { produce: ownNameSecret }],
  ['kafka.strimzi.io/KafkaUser', { produce: ownNameSecret }],
  ['kubernetes-client.io/ExternalSecret', { produce: ownNameSecret }],
  [
    'secrets-store.csi.x-k8s.io/SecretProviderClass',
    {
      produce: (r, spec, sink) => {
        for (const so of list(spec.secretObjects)) {
          if (!isRecord(so)) continue;
          const keys = list(so.data)
            .map((d) => (isRecord(d) ? str(d.key) : undefined))
            .filter((k): k is string => k !== undefined);
          sink.add('Secret', str(so.secretName), keySet(keys), {
            source: `${sink.describe(r)} (secretObjects, synced while a pod mounts it)`,
          });
        }
      },
    },
  ],
  // Kinds known to create no Secret or ConfigMap: routing, scaling, monitoring and policy objects that
  // usually share their app's name. Listed so that such an object is no evidence for a missing
  // `<name>-…` object (operator-owners.ts); never parsed.
  ...NO_OBJECTS.map((gk) => [gk, { produce: nothing, mayProduce: () => false }] as const),
]);

/**
 * Crossplane managed resources, claims and composites of any group write their connection details
 * to `spec.writeConnectionSecretToRef`; the text is checked for the field name before any parse.
 * Not a table entry: it applies to every non-core kind that is not in the table.
 */
export const CONNECTION_SECRET_FIELD = 'writeConnectionSecretToRef';

/** The Crossplane producer for kinds outside the table. */
export const connectionSecret: Producer = (r, spec, sink) => {
  const ref = spec[CONNECTION_SECRET_FIELD];
  // A managed resource is cluster-scoped and names the namespace; a claim's Secret is in its own.
  if (isRecord(ref) && str(ref.name)) {
    sink.addProvider({
      kind: 'Secret',
      name: ref.name as string,
      namespace: str(ref.namespace) ?? sink.namespaceOf(r),
      source: `${sink.describe(r)} (Crossplane ${CONNECTION_SECRET_FIELD})`,
      resource: r,
    });
  }
};

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
      const injected = INJECTED_CONFIGMAP_KEYS.filter(
        ([annotation]) => r.mayContain(annotation) && r.annotation(annotation) === 'true',
      ).map(([, key]) => key);
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
function externalSecretOutput(
  spec: Record<string, unknown>,
  ownName: string,
): { kind: RefObjectKind; name: string; keys: Set<string> | undefined; note: string } | undefined {
  const target = isRecord(spec.target) ? spec.target : {};
  const policy = str(target.creationPolicy) ?? 'Owner';
  if (policy === 'None') return undefined;
  const manifestKind = isRecord(target.manifest) ? str(target.manifest.kind) : undefined;
  if (manifestKind !== undefined && manifestKind !== 'Secret' && manifestKind !== 'ConfigMap') return undefined;
  const kind: RefObjectKind = manifestKind === 'ConfigMap' ? 'ConfigMap' : 'Secret';
  const name = str(target.name) ?? ownName;
  const dataKeys = list(spec.data)
    .map((d) => (isRecord(d) ? str(d.secretKey) : undefined))
    .filter((k): k is string => k !== undefined);
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
