/* Generated from schemas/config.schema.json by scripts/generate.mjs. Do not edit: run `npm run generate`. */

/**
 * kustodian configuration: the kustodian.yaml file in an app directory, the KRM functionConfig, and (through x-kustodian-parameter) the ArgoCD plugin parameters and KUSTODIAN_* env vars.
 */
export interface Config {
  apiVersion: 'kustodian.dev/v1alpha1';
  kind: 'Config';
  /**
   * Ignored; allowed so that the file can double as a KRM functionConfig.
   */
  metadata?: {
    [k: string]: unknown;
  };
  /**
   * How kustomize is run.
   */
  kustomize?: {
    /**
     * Pass --enable-helm to kustomize.
     */
    enableHelm?: boolean;
    /**
     * Pass --load-restrictor to kustomize: root (LoadRestrictionsRootOnly) or none (LoadRestrictionsNone).
     */
    loadRestrictor?: 'root' | 'none';
    /**
     * Argo CD's spec.source.kustomize options, under the same field names, for an Application that moves from `kustomize:` to `plugin:`. kustodian applies them as Argo CD does (in its order, with `kustomize edit` semantics and its envsubst of the ARGOCD_APP_* build variables) to a private copy of the overlay, never to the tree itself (docs/argocd.md, "Argo CD's kustomize options").
     */
    edit?: {
      /**
       * `kustomize edit set nameprefix`: the overlay's namePrefix is replaced.
       */
      namePrefix?: string;
      /**
       * `kustomize edit set namesuffix`: the overlay's nameSuffix is replaced.
       */
      nameSuffix?: string;
      /**
       * `kustomize edit set image`, each entry in Argo CD's syntax [old=]new[:tag][@digest] after envsubst: it replaces the overlay's own images entry of that name, or adds one.
       *
       * @maxItems 1000
       */
      images?: string[];
      /**
       * `kustomize edit set replicas`, each entry name=count: it replaces the overlay's replicas entry of that name, or adds one.
       *
       * @maxItems 1000
       */
      replicas?: string[];
      /**
       * `kustomize edit add label`, values after envsubst: merged into the overlay's commonLabels (its labels with label-without-selector); a key the overlay already sets is an error unless force-common-labels.
       */
      commonLabels?: {
        [k: string]: string;
      };
      /**
       * Let common-labels replace a label the overlay already sets (`--force`).
       */
      forceCommonLabels?: boolean;
      /**
       * Add common-labels as a `labels` entry without selectors (`--without-selector`).
       */
      labelWithoutSelector?: boolean;
      /**
       * With label-without-selector, also add common-labels to pod templates (`--include-templates`).
       */
      labelIncludeTemplates?: boolean;
      /**
       * `kustomize edit add annotation`: merged into the overlay's commonAnnotations; a key the overlay already sets is an error unless force-common-annotations.
       */
      commonAnnotations?: {
        [k: string]: string;
      };
      /**
       * Let common-annotations replace an annotation the overlay already sets (`--force`).
       */
      forceCommonAnnotations?: boolean;
      /**
       * Substitute the ARGOCD_APP_* build variables in common-annotations values too.
       */
      commonAnnotationsEnvsubst?: boolean;
      /**
       * `kustomize edit set namespace`: the overlay's namespace is replaced.
       */
      namespace?: string;
      /**
       * Patches appended to the overlay's patches: a YAML (or JSON) list of {path, patch, target, options}, as in the Application.
       */
      patches?: string | {}[];
      /**
       * `kustomize edit add component`: appended to the overlay's components (paths relative to the overlay; glob patterns expand). A missing one is an error unless ignore-missing-components.
       *
       * @maxItems 1000
       */
      components?: string[];
      /**
       * Leave out components that do not exist in the repository instead of failing.
       */
      ignoreMissingComponents?: boolean;
    };
  };
  /**
   * Extra kinds (usually CRDs) that carry a PodSpec, with the dotted path to it.
   */
  podTemplates?: {
    /**
     * group/version; any when omitted.
     */
    apiVersion?: string;
    /**
     * The kind that carries the PodSpec.
     */
    kind: string;
    /**
     * Dotted path to the PodSpec, e.g. spec.jobTargetRef.template.spec.
     */
    path: string;
  }[];
  /**
   * Switches for the validator steps.
   */
  checks?: {
    /**
     * Check that referenced Secrets and their keys exist.
     */
    secretRefs?: 'on' | 'off';
    /**
     * Check that referenced ConfigMaps and their keys exist.
     */
    configMapRefs?: 'on' | 'off';
    /**
     * Refuse resources that still carry a SOPS "sops:" block (ciphertext ArgoCD would apply).
     */
    sops?: 'on' | 'off';
    /**
     * Severity of a reference to an object that nothing in the render provides.
     */
    missingObjects?: 'error' | 'warning';
    /**
     * Severity of a reference to an object that nothing in the render defines, when a workload in its namespace may create it (its ServiceAccount is bound to a Role allowing create) but nothing names the object.
     */
    possibleRuntimeObjects?: 'warning' | 'error';
    /**
     * Check the render against the destination's Kubernetes API: removed, deprecated and unserved apiVersions, schemas (built-in kinds and CRDs in the render), and the API server's own validation rules.
     */
    api?: 'on' | 'off';
    /**
     * Severity of a field the kind's schema does not have. Argo CD's sync applies with Strict field validation by default (gitops-engine), so an unknown field fails the sync: error. warning reports it without failing; off stops reporting it.
     */
    unknownFields?: 'error' | 'warning' | 'off';
  };
  /**
   * The destination cluster the api step checks against. --kube-version and --api-versions override these, and so do KUBE_VERSION and KUBE_API_VERSIONS, which Argo CD sets for a plugin from the destination cluster.
   */
  kubernetes?: {
    /**
     * Kubernetes version, e.g. "1.31" or "1.30.2" (quote it: 1.30 unquoted is the number 1.3). Without one, the newest bundled schemas are used.
     */
    version?: string;
    /**
     * The APIs the destination serves, as Argo CD's KUBE_API_VERSIONS lists them: group/version (apps/v1, v1) and group/version/Kind (apps/v1/Deployment, v1/Pod). When set, an apiVersion/kind the list lacks and no CRD in the render defines is an error.
     */
    apiVersions?: string[];
  };
  /**
   * Secrets and ConfigMaps created outside the render: by hand, Vault, an operator. name and namespace may be globs (* and ?); no namespace means any namespace; no keys means any key.
   */
  external?: {
    /**
     * The kind of object declared.
     */
    kind: 'Secret' | 'ConfigMap';
    /**
     * The object's name, or a glob over names (* and ?).
     */
    name: string;
    /**
     * The namespace, or a glob; any namespace when omitted.
     */
    namespace?: string;
    /**
     * The keys the object has; any key when omitted.
     */
    keys?: string[];
  }[];
  /**
   * Where referenced Secrets and ConfigMaps come from when no manifest in the render provides them.
   */
  secrets?: {
    /**
     * @deprecated
     * Deprecated: use the top-level external list (with kind). Secrets (and, with kind: ConfigMap, ConfigMaps) created outside the render: by hand, Vault, an operator. name and namespace may be globs (* and ?); no namespace means any namespace; no keys means any key.
     */
    external?: {
      /**
       * The object's name, or a glob over names (* and ?).
       */
      name: string;
      /**
       * The namespace, or a glob; any namespace when omitted.
       */
      namespace?: string;
      /**
       * The keys the object has; any key when omitted.
       */
      keys?: string[];
      /**
       * Which kind of object this declares.
       */
      kind?: 'Secret' | 'ConfigMap';
    }[];
  };
  /**
   * The PGDATA step for official-family Postgres images.
   */
  pgdata?: {
    /**
     * Inject PGDATA into official-family Postgres containers whose volume is mounted on the data directory.
     */
    enabled?: boolean;
    /**
     * Add an init container that refuses to start when a database sits at the volume root.
     */
    guard?: boolean;
    /**
     * Extra image name patterns (globs over the repository path) to treat as official-family Postgres.
     */
    images?: string[];
  };
  /**
   * Digest pinning and platform verification.
   */
  images?: {
    /**
     * How images are pinned to digests: resolve (the lock file, else the registry), locked (the lock file only), off (no pinning, no platform check).
     */
    pin?: 'resolve' | 'locked' | 'off';
    /**
     * Ask no registry and read no cache: image facts come only from the lock file and from digests written in the manifests. An image the lock has no entry for (a tag, or a digest the lock records no facts for) is then IMAGE_NOT_LOCKED. For air-gapped sidecars and sidecars without registry credentials. `kustodian pin` ignores it.
     */
    offline?: boolean;
    /**
     * Platforms every image must support, as os/arch[/variant]. At least one: an empty list would switch the check off unnoticed.
     *
     * @minItems 1
     */
    platforms?: [string, ...string[]];
    /**
     * Extra image fields to pin, besides containers, init and ephemeral containers and Pod image volumes. `kind` (and optionally `apiVersion`) selects resources; `path` is dotted from the resource root, with `[]` after a key to visit every item of that array, e.g. `spec.components[].image` or `spec.image`. Each field found must hold an image reference string.
     */
    paths?: {
      /**
       * group/version; any when omitted.
       */
      apiVersion?: string;
      /**
       * The kind that carries the image field.
       */
      kind: string;
      /**
       * Dotted path to the image string.
       */
      path: string;
    }[];
    /**
     * Registry hosts (host[:port]) that may be reached over plain HTTP besides loopback.
     */
    insecureRegistries?: string[];
    /**
     * Concurrent requests per registry.
     */
    concurrency?: number;
    /**
     * Timeout for one registry request.
     */
    requestTimeoutSeconds?: number;
    /**
     * Time budget for all registry work in one run.
     */
    budgetSeconds?: number;
    /**
     * First pause before retrying a registry request that failed with 429, 5xx, a timeout or a network error; doubled for each of the 3 retries, with ±10 % jitter. A Retry-After header takes precedence.
     */
    retryBaseSeconds?: number;
    /**
     * How long a cached tag→digest answer stays fresh.
     */
    tagTTLSeconds?: number;
  };
  /**
   * The flyway-versions step: duplicate and misnamed Flyway migrations in these directories and in ConfigMaps of the render. The naming keys mirror Flyway's own settings of the same name; set them only when the app changes them.
   */
  flyway?: {
    /**
     * Migration directories, relative to kustodian.yaml, inside the repository (a leading filesystem: is accepted), scanned recursively like Flyway's filesystem locations. The directories listed directly form one location set, as Flyway's own locations do: a version may appear only once across them. A nested list is a set of its own, for an overlay that deploys several apps with separate migrations.
     */
    locations?: (string | [string, ...string[]])[];
    /**
     * Prefix of versioned migrations (Flyway sqlMigrationPrefix).
     */
    sqlMigrationPrefix?: string;
    /**
     * Prefix of undo migrations (Flyway Teams undoSqlMigrationPrefix); an undo may share its version with a versioned migration.
     */
    undoSqlMigrationPrefix?: string;
    /**
     * Prefix of baseline migrations (Flyway baselineMigrationPrefix).
     */
    baselineMigrationPrefix?: string;
    /**
     * Prefix of repeatable migrations (Flyway repeatableSqlMigrationPrefix).
     */
    repeatableSqlMigrationPrefix?: string;
    /**
     * Separator between version and description (Flyway sqlMigrationSeparator).
     */
    sqlMigrationSeparator?: string;
    /**
     * File suffixes of SQL migrations, matched case-insensitively (Flyway sqlMigrationSuffixes).
     *
     * @minItems 1
     */
    sqlMigrationSuffixes?: [string, ...string[]];
  };
  /**
   * Caches shared between kustodian processes beyond the local disk cache.
   */
  cache?: {
    /**
     * A resolution cache (tag→digest answers, manifest and image-config facts) in Redis, shared by every replica that points at the same server, e.g. Argo CD's own Redis. Used only when `url` or the env KUSTODIAN_REDIS_URL names a server; the password comes only from the env KUSTODIAN_REDIS_PASSWORD. Redis is only a cache: when it is down, slow or refuses the password, the run goes on from the disk cache and the registry, with one warning.
     */
    redis?: {
      /**
       * redis://host:port[/db], rediss://host:port[/db] for TLS, or host:port. KUSTODIAN_REDIS_URL takes precedence. Must not contain a password.
       */
      url?: string;
      /**
       * Prefix of every key kustodian writes, followed by a format version (kustodian:v1:tag:…).
       */
      keyPrefix?: string;
      /**
       * Timeout for connecting and for each command; past it Redis is skipped for the rest of the run.
       */
      timeoutMilliseconds?: number;
    };
  };
}
