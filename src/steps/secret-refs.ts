/**
 * secret-refs: every Secret a pod template references, with every key it needs, must come from
 * something in the render, an external declaration or a known run-time creator. The incident this
 * exists for: api-server read ES_URIS from a Secret that had no such key, and nothing failed until
 * hours later. (SOPS ciphertext is the sops step's.)
 */
import { objectRefsStep } from './object-refs.js';

export const secretRefs = objectRefsStep({
  id: 'secret-refs',
  kind: 'Secret',
  configKey: 'secretRefs',
  summary: 'Fail when a pod template references a Secret or Secret key that nothing provides.',
  codes: {
    SECRET_NOT_FOUND:
      'A pod template references a Secret that nothing in the render provides (Secret, SealedSecret, ExternalSecret, cert-manager Certificate). Add it to the render, declare it under external: with kind: Secret (the message gives the entry) or with the workload annotation kustodian.dev/external-secrets, or mark the reference optional: true. Severity follows checks.missingObjects, except that it is a warning when only volumes no container mounts reference it (the kubelet never sets those up, so the pod starts): remove the dead volume.',
    SECRET_KEY_MISSING:
      'A pod template reads a key the Secret does not have (the message lists the keys it has). Add the key to the Secret (or its SealedSecret/ExternalSecret/external: keys) or fix the key name. A warning for a volume no container mounts.',
    IMAGE_PULL_SECRET_NOT_FOUND:
      'imagePullSecrets names a Secret nothing in the render provides; the kubelet pulls without it and only records an event. Add the Secret, declare it under external:, or remove the entry.',
    POSSIBLE_RUNTIME_OBJECT:
      "No manifest defines the Secret, and nothing names it, but a workload in its namespace may create it: its ServiceAccount is bound (RoleBinding, or ClusterRoleBinding) to a Role or ClusterRole allowing create on secrets (a workload that cannot start without the object is no candidate, unless an init container that does not need it runs first); or a custom resource in its namespace, of a kind whose outputs kustodian does not know, has the object's name or a name that prefixes it at a \"-\" (operators commonly name what they create after their resource). The message names the candidates and their Roles, or the custom resource. If one creates it, name the object in that Role's resourceNames or in the workload's args and it becomes RUNTIME_OBJECT; if the operator creates it, declare it under external:; otherwise add it to the render. Severity follows checks.possibleRuntimeObjects (default warning).",
    RUNTIME_OBJECT:
      'Info, no action needed: no manifest defines the Secret (or only a placeholder without the key), but something in the render creates or fills it at run time (a Job, CronJob or init container that names it, e.g. --secret-name=…; an operator such as OpenShift service-ca or Zalando postgres-operator; or a workload whose ServiceAccount may create Secrets in that namespace and whose Role names the Secret in resourceNames, or whose command, args or env name it); only its name is checked.',
    CONFIG_DEPRECATED:
      'kustodian.yaml uses secrets.external, which still works but is deprecated: move the entries to the top-level external: list, adding kind: Secret (or ConfigMap) to each.',
  },
});
