/* Generated from schemas/*.schema.json by scripts/generate.mjs. Do not edit: run `npm run generate`. */

export const configSchema = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://kustodian.dev/schemas/config.schema.json",
  "title": "Config",
  "description": "kustodian configuration: the kustodian.yaml file in an app directory, the KRM functionConfig, and (through x-kustodian-parameter) the ArgoCD plugin parameters and KUSTODIAN_* env vars.",
  "type": "object",
  "additionalProperties": false,
  "required": [
    "apiVersion",
    "kind"
  ],
  "properties": {
    "apiVersion": {
      "const": "kustodian.dev/v1alpha1"
    },
    "kind": {
      "const": "Config"
    },
    "metadata": {
      "description": "Ignored; allowed so that the file can double as a KRM functionConfig.",
      "type": "object",
      "additionalProperties": true
    },
    "kustomize": {
      "description": "How kustomize is run.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "enableHelm": {
          "description": "Pass --enable-helm to kustomize.",
          "type": "boolean",
          "default": false,
          "x-kustodian-parameter": "enable-helm"
        },
        "loadRestrictor": {
          "description": "Pass --load-restrictor to kustomize: root (LoadRestrictionsRootOnly) or none (LoadRestrictionsNone).",
          "type": "string",
          "enum": [
            "root",
            "none"
          ],
          "x-kustodian-parameter": "load-restrictor"
        },
        "edit": {
          "description": "Argo CD's spec.source.kustomize options, under the same field names, for an Application that moves from `kustomize:` to `plugin:`. kustodian applies them as Argo CD does (in its order, with `kustomize edit` semantics and its envsubst of the ARGOCD_APP_* build variables) to a private copy of the overlay, never to the tree itself (docs/argocd.md, \"Argo CD's kustomize options\").",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "namePrefix": {
              "description": "`kustomize edit set nameprefix`: the overlay's namePrefix is replaced.",
              "type": "string",
              "maxLength": 253,
              "x-kustodian-parameter": "name-prefix"
            },
            "nameSuffix": {
              "description": "`kustomize edit set namesuffix`: the overlay's nameSuffix is replaced.",
              "type": "string",
              "maxLength": 253,
              "x-kustodian-parameter": "name-suffix"
            },
            "images": {
              "description": "`kustomize edit set image`, each entry in Argo CD's syntax [old=]new[:tag][@digest] after envsubst: it replaces the overlay's own images entry of that name, or adds one.",
              "type": "array",
              "maxItems": 1000,
              "items": {
                "type": "string",
                "minLength": 1,
                "maxLength": 4096,
                "pattern": "^(?:[^=]*=.+|/[^=]*[:@][^=]*|[^/=]+/[^=]*[:@][^=]*|[^/=]*[:@][^/=]*)$"
              },
              "x-kustodian-parameter": "images"
            },
            "replicas": {
              "description": "`kustomize edit set replicas`, each entry name=count: it replaces the overlay's replicas entry of that name, or adds one.",
              "type": "array",
              "maxItems": 1000,
              "items": {
                "type": "string",
                "maxLength": 400,
                "pattern": "^[^=]+=\\+?[0-9]{1,9}$"
              },
              "x-kustodian-parameter": "replicas"
            },
            "commonLabels": {
              "description": "`kustomize edit add label`, values after envsubst: merged into the overlay's commonLabels (its labels with label-without-selector); a key the overlay already sets is an error unless force-common-labels.",
              "type": "object",
              "propertyNames": {
                "minLength": 1,
                "maxLength": 317,
                "pattern": "^[^:]+$"
              },
              "additionalProperties": {
                "type": "string",
                "maxLength": 262144
              },
              "x-kustodian-parameter": "common-labels"
            },
            "forceCommonLabels": {
              "description": "Let common-labels replace a label the overlay already sets (`--force`).",
              "type": "boolean",
              "x-kustodian-parameter": "force-common-labels"
            },
            "labelWithoutSelector": {
              "description": "Add common-labels as a `labels` entry without selectors (`--without-selector`).",
              "type": "boolean",
              "x-kustodian-parameter": "label-without-selector"
            },
            "labelIncludeTemplates": {
              "description": "With label-without-selector, also add common-labels to pod templates (`--include-templates`).",
              "type": "boolean",
              "x-kustodian-parameter": "label-include-templates"
            },
            "commonAnnotations": {
              "description": "`kustomize edit add annotation`: merged into the overlay's commonAnnotations; a key the overlay already sets is an error unless force-common-annotations.",
              "type": "object",
              "propertyNames": {
                "minLength": 1,
                "maxLength": 317,
                "pattern": "^[^:]+$"
              },
              "additionalProperties": {
                "type": "string",
                "maxLength": 262144
              },
              "x-kustodian-parameter": "common-annotations"
            },
            "forceCommonAnnotations": {
              "description": "Let common-annotations replace an annotation the overlay already sets (`--force`).",
              "type": "boolean",
              "x-kustodian-parameter": "force-common-annotations"
            },
            "commonAnnotationsEnvsubst": {
              "description": "Substitute the ARGOCD_APP_* build variables in common-annotations values too.",
              "type": "boolean",
              "x-kustodian-parameter": "common-annotations-envsubst"
            },
            "namespace": {
              "description": "`kustomize edit set namespace`: the overlay's namespace is replaced.",
              "type": "string",
              "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",
              "x-kustodian-parameter": "kustomize-namespace"
            },
            "patches": {
              "description": "Patches appended to the overlay's patches: a YAML (or JSON) list of {path, patch, target, options}, as in the Application.",
              "anyOf": [
                {
                  "type": "string",
                  "maxLength": 1048576
                },
                {
                  "type": "array",
                  "maxItems": 1000,
                  "items": {
                    "type": "object"
                  }
                }
              ],
              "x-kustodian-parameter": "patches"
            },
            "components": {
              "description": "`kustomize edit add component`: appended to the overlay's components (paths relative to the overlay; glob patterns expand). A missing one is an error unless ignore-missing-components.",
              "type": "array",
              "maxItems": 1000,
              "items": {
                "type": "string",
                "minLength": 1,
                "maxLength": 4096
              },
              "x-kustodian-parameter": "components"
            },
            "ignoreMissingComponents": {
              "description": "Leave out components that do not exist in the repository instead of failing.",
              "type": "boolean",
              "x-kustodian-parameter": "ignore-missing-components"
            }
          }
        }
      }
    },
    "podTemplates": {
      "description": "Extra kinds (usually CRDs) that carry a PodSpec, with the dotted path to it.",
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "kind",
          "path"
        ],
        "properties": {
          "apiVersion": {
            "description": "group/version; any when omitted.",
            "type": "string"
          },
          "kind": {
            "description": "The kind that carries the PodSpec.",
            "type": "string",
            "minLength": 1
          },
          "path": {
            "description": "Dotted path to the PodSpec, e.g. spec.jobTargetRef.template.spec.",
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$"
          }
        }
      }
    },
    "checks": {
      "description": "Switches for the validator steps.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "secretRefs": {
          "description": "Check that referenced Secrets and their keys exist.",
          "type": "string",
          "enum": [
            "on",
            "off"
          ],
          "default": "on",
          "x-kustodian-parameter": "secret-refs"
        },
        "configMapRefs": {
          "description": "Check that referenced ConfigMaps and their keys exist.",
          "type": "string",
          "enum": [
            "on",
            "off"
          ],
          "default": "on",
          "x-kustodian-parameter": "configmap-refs"
        },
        "sops": {
          "description": "Refuse resources that still carry a SOPS \"sops:\" block (ciphertext ArgoCD would apply).",
          "type": "string",
          "enum": [
            "on",
            "off"
          ],
          "default": "on",
          "x-kustodian-parameter": "sops"
        },
        "missingObjects": {
          "description": "Severity of a reference to an object that nothing in the render provides.",
          "type": "string",
          "enum": [
            "error",
            "warning"
          ],
          "default": "error",
          "x-kustodian-parameter": "missing-objects"
        },
        "possibleRuntimeObjects": {
          "description": "Severity of a reference to an object that nothing in the render defines, when a workload in its namespace may create it (its ServiceAccount is bound to a Role allowing create) but nothing names the object.",
          "type": "string",
          "enum": [
            "warning",
            "error"
          ],
          "default": "warning",
          "x-kustodian-parameter": "possible-runtime-objects"
        },
        "api": {
          "description": "Check the render against the destination's Kubernetes API: removed, deprecated and unserved apiVersions, schemas (built-in kinds and CRDs in the render), and the API server's own validation rules.",
          "type": "string",
          "enum": [
            "on",
            "off"
          ],
          "default": "on",
          "x-kustodian-parameter": "api"
        },
        "unknownFields": {
          "description": "Severity of a field the kind's schema does not have. Argo CD's sync applies with Strict field validation by default (gitops-engine), so an unknown field fails the sync: error. warning reports it without failing; off stops reporting it.",
          "type": "string",
          "enum": [
            "error",
            "warning",
            "off"
          ],
          "default": "error",
          "x-kustodian-parameter": "unknown-fields"
        }
      }
    },
    "kubernetes": {
      "description": "The destination cluster the api step checks against. --kube-version and --api-versions override these, and so do KUBE_VERSION and KUBE_API_VERSIONS, which Argo CD sets for a plugin from the destination cluster.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "version": {
          "description": "Kubernetes version, e.g. \"1.31\" or \"1.30.2\" (quote it: 1.30 unquoted is the number 1.3). Without one, the newest bundled schemas are used.",
          "type": "string",
          "pattern": "^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]*)?$"
        },
        "apiVersions": {
          "description": "The APIs the destination serves, as Argo CD's KUBE_API_VERSIONS lists them: group/version (apps/v1, v1) and group/version/Kind (apps/v1/Deployment, v1/Pod). When set, an apiVersion/kind the list lacks and no CRD in the render defines is an error.",
          "type": "array",
          "items": {
            "type": "string",
            "pattern": "^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*(/[A-Za-z][A-Za-z0-9]*)?$"
          }
        }
      }
    },
    "external": {
      "description": "Secrets and ConfigMaps created outside the render: by hand, Vault, an operator. name and namespace may be globs (* and ?); no namespace means any namespace; no keys means any key.",
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "kind",
          "name"
        ],
        "properties": {
          "kind": {
            "description": "The kind of object declared.",
            "type": "string",
            "enum": [
              "Secret",
              "ConfigMap"
            ]
          },
          "name": {
            "description": "The object's name, or a glob over names (* and ?).",
            "type": "string",
            "minLength": 1
          },
          "namespace": {
            "description": "The namespace, or a glob; any namespace when omitted.",
            "type": "string",
            "minLength": 1
          },
          "keys": {
            "description": "The keys the object has; any key when omitted.",
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      }
    },
    "secrets": {
      "description": "Where referenced Secrets and ConfigMaps come from when no manifest in the render provides them.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "external": {
          "description": "Deprecated: use the top-level external list (with kind). Secrets (and, with kind: ConfigMap, ConfigMaps) created outside the render: by hand, Vault, an operator. name and namespace may be globs (* and ?); no namespace means any namespace; no keys means any key.",
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name"
            ],
            "properties": {
              "name": {
                "description": "The object's name, or a glob over names (* and ?).",
                "type": "string",
                "minLength": 1
              },
              "namespace": {
                "description": "The namespace, or a glob; any namespace when omitted.",
                "type": "string",
                "minLength": 1
              },
              "keys": {
                "description": "The keys the object has; any key when omitted.",
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "kind": {
                "description": "Which kind of object this declares.",
                "type": "string",
                "enum": [
                  "Secret",
                  "ConfigMap"
                ],
                "default": "Secret"
              }
            }
          },
          "deprecated": true
        }
      }
    },
    "pgdata": {
      "description": "The PGDATA step for official-family Postgres images.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "enabled": {
          "type": "boolean",
          "default": true,
          "x-kustodian-parameter": "pgdata",
          "description": "Inject PGDATA into official-family Postgres containers whose volume is mounted on the data directory."
        },
        "guard": {
          "description": "Add an init container that refuses to start when a database sits at the volume root.",
          "type": "boolean",
          "default": true,
          "x-kustodian-parameter": "pgdata-guard"
        },
        "images": {
          "description": "Extra image name patterns (globs over the repository path) to treat as official-family Postgres.",
          "type": "array",
          "items": {
            "type": "string",
            "minLength": 1
          }
        }
      }
    },
    "images": {
      "description": "Digest pinning and platform verification.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "pin": {
          "description": "How images are pinned to digests: resolve (the lock file, else the registry), locked (the lock file only), off (no pinning, no platform check).",
          "type": "string",
          "enum": [
            "resolve",
            "locked",
            "off"
          ],
          "default": "resolve",
          "x-kustodian-parameter": "pin"
        },
        "offline": {
          "description": "Ask no registry and read no cache: image facts come only from the lock file and from digests written in the manifests. An image the lock has no entry for (a tag, or a digest the lock records no facts for) is then IMAGE_NOT_LOCKED. For air-gapped sidecars and sidecars without registry credentials. `kustodian pin` ignores it.",
          "type": "boolean",
          "default": false,
          "x-kustodian-parameter": "offline"
        },
        "platforms": {
          "description": "Platforms every image must support, as os/arch[/variant]. At least one: an empty list would switch the check off unnoticed.",
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "string",
            "pattern": "^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$"
          },
          "default": [
            "linux/amd64"
          ],
          "x-kustodian-parameter": "platforms"
        },
        "paths": {
          "description": "Extra image fields to pin, besides containers, init and ephemeral containers and Pod image volumes. `kind` (and optionally `apiVersion`) selects resources; `path` is dotted from the resource root, with `[]` after a key to visit every item of that array, e.g. `spec.components[].image` or `spec.image`. Each field found must hold an image reference string.",
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind",
              "path"
            ],
            "properties": {
              "apiVersion": {
                "description": "group/version; any when omitted.",
                "type": "string"
              },
              "kind": {
                "description": "The kind that carries the image field.",
                "type": "string",
                "minLength": 1
              },
              "path": {
                "description": "Dotted path to the image string.",
                "type": "string",
                "minLength": 1
              }
            }
          }
        },
        "insecureRegistries": {
          "description": "Registry hosts (host[:port]) that may be reached over plain HTTP besides loopback.",
          "type": "array",
          "items": {
            "type": "string",
            "minLength": 1
          }
        },
        "concurrency": {
          "description": "Concurrent requests per registry.",
          "type": "integer",
          "minimum": 1,
          "maximum": 64,
          "default": 8
        },
        "requestTimeoutSeconds": {
          "description": "Timeout for one registry request.",
          "type": "number",
          "exclusiveMinimum": 0,
          "default": 10
        },
        "budgetSeconds": {
          "description": "Time budget for all registry work in one run.",
          "type": "number",
          "exclusiveMinimum": 0,
          "default": 45
        },
        "retryBaseSeconds": {
          "description": "First pause before retrying a registry request that failed with 429, 5xx, a timeout or a network error; doubled for each of the 3 retries, with ±10 % jitter. A Retry-After header takes precedence.",
          "type": "number",
          "minimum": 0,
          "maximum": 60,
          "default": 0.5
        },
        "tagTTLSeconds": {
          "description": "How long a cached tag→digest answer stays fresh.",
          "type": "number",
          "minimum": 0,
          "default": 300
        }
      }
    },
    "flyway": {
      "description": "The flyway-versions step: duplicate and misnamed Flyway migrations in these directories and in ConfigMaps of the render. The naming keys mirror Flyway's own settings of the same name; set them only when the app changes them.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "locations": {
          "description": "Migration directories, relative to kustodian.yaml, inside the repository (a leading filesystem: is accepted), scanned recursively like Flyway's filesystem locations. The directories listed directly form one location set, as Flyway's own locations do: a version may appear only once across them. A nested list is a set of its own, for an overlay that deploys several apps with separate migrations.",
          "type": "array",
          "items": {
            "anyOf": [
              {
                "type": "string",
                "minLength": 1
              },
              {
                "type": "array",
                "minItems": 1,
                "items": {
                  "type": "string",
                  "minLength": 1
                }
              }
            ]
          }
        },
        "sqlMigrationPrefix": {
          "description": "Prefix of versioned migrations (Flyway sqlMigrationPrefix).",
          "type": "string",
          "minLength": 1,
          "default": "V"
        },
        "undoSqlMigrationPrefix": {
          "description": "Prefix of undo migrations (Flyway Teams undoSqlMigrationPrefix); an undo may share its version with a versioned migration.",
          "type": "string",
          "minLength": 1,
          "default": "U"
        },
        "baselineMigrationPrefix": {
          "description": "Prefix of baseline migrations (Flyway baselineMigrationPrefix).",
          "type": "string",
          "minLength": 1,
          "default": "B"
        },
        "repeatableSqlMigrationPrefix": {
          "description": "Prefix of repeatable migrations (Flyway repeatableSqlMigrationPrefix).",
          "type": "string",
          "minLength": 1,
          "default": "R"
        },
        "sqlMigrationSeparator": {
          "description": "Separator between version and description (Flyway sqlMigrationSeparator).",
          "type": "string",
          "minLength": 1,
          "default": "__"
        },
        "sqlMigrationSuffixes": {
          "description": "File suffixes of SQL migrations, matched case-insensitively (Flyway sqlMigrationSuffixes).",
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "string",
            "minLength": 1
          },
          "default": [
            ".sql"
          ]
        }
      }
    },
    "cache": {
      "description": "Caches shared between kustodian processes beyond the local disk cache.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "redis": {
          "description": "A resolution cache (tag→digest answers, manifest and image-config facts) in Redis, shared by every replica that points at the same server, e.g. Argo CD's own Redis. Used only when `url` or the env KUSTODIAN_REDIS_URL names a server; the password comes only from the env KUSTODIAN_REDIS_PASSWORD. Redis is only a cache: when it is down, slow or refuses the password, the run goes on from the disk cache and the registry, with one warning.",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "url": {
              "description": "redis://host:port[/db], rediss://host:port[/db] for TLS, or host:port. KUSTODIAN_REDIS_URL takes precedence. Must not contain a password.",
              "type": "string",
              "minLength": 1,
              "pattern": "^(?!.*://[^/@]*:[^/@]*@)"
            },
            "keyPrefix": {
              "description": "Prefix of every key kustodian writes, followed by a format version (kustodian:v1:tag:…).",
              "type": "string",
              "pattern": "^[A-Za-z0-9._:-]{1,64}$",
              "default": "kustodian"
            },
            "timeoutMilliseconds": {
              "description": "Timeout for connecting and for each command; past it Redis is skipped for the rest of the run.",
              "type": "integer",
              "minimum": 10,
              "maximum": 10000,
              "default": 300
            }
          }
        }
      }
    }
  }
} as const;

export const lockSchema = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://kustodian.dev/schemas/lock.schema.json",
  "title": "Lock",
  "description": "kustodian.lock.yaml: the committed tag→digest answers that make renders hermetic.",
  "type": "object",
  "additionalProperties": false,
  "required": [
    "apiVersion",
    "kind",
    "images"
  ],
  "properties": {
    "apiVersion": {
      "const": "kustodian.dev/v1alpha1"
    },
    "kind": {
      "const": "Lock"
    },
    "images": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "reference",
          "digest",
          "mediaType",
          "platforms"
        ],
        "properties": {
          "reference": {
            "description": "The reference as written in the manifests.",
            "type": "string",
            "minLength": 1
          },
          "digest": {
            "type": "string",
            "pattern": "^sha256:[a-f0-9]{64}$",
            "description": "The manifest or index digest the reference resolved to."
          },
          "mediaType": {
            "type": "string",
            "minLength": 1,
            "description": "The media type of that manifest or index (OCI index, Docker manifest list, OCI or Docker manifest)."
          },
          "platforms": {
            "description": "The platforms the image provides, normalised (os/arch[/variant]) and sorted; attestation entries excluded.",
            "type": "array",
            "items": {
              "type": "string",
              "pattern": "^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"
            }
          },
          "env": {
            "description": "Per platform (os/arch[/variant]), the image config Env variables that steps asked for (only PG_MAJOR and PGDATA are recorded), so that locked renders need no registry.",
            "type": "object",
            "propertyNames": {
              "pattern": "^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"
            },
            "additionalProperties": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "PG_MAJOR": {
                  "type": "string"
                },
                "PGDATA": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "description": "One entry per distinct image reference in the render, sorted by reference."
    }
  }
} as const;
