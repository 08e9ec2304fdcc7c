/**
 * configmap-refs: every ConfigMap a pod template references, with every key it needs, must come
 * from something in the render, an external declaration or a known run-time creator; env vars may
 * read only `data` keys, because Kubernetes never puts `binaryData` keys into the environment.
 */
import { objectRefsStep } from './object-refs.js';

export const configMapRefs = objectRefsStep({
  id: 'configmap-refs',
  kind: 'ConfigMap',
  configKey: 'configMapRefs',
  summary: 'Fail when a pod template references a ConfigMap or ConfigMap key that nothing provides.',
  codes: {
    CONFIGMAP_NOT_FOUND:
      'A pod template references a ConfigMap that nothing in the render provides. Add it to the render, declare it under external: with kind: ConfigMap (the message gives the entry) or with the workload annotation kustodian.dev/external-configmaps, or mark the reference optional: true. Severity follows checks.missingObjects, except that it is a warning when only volumes no container mounts reference it (the kubelet never sets those up, so the pod starts): remove the dead volume.',
    CONFIGMAP_KEY_MISSING:
      'A pod template reads a key the ConfigMap does not have (the message lists the keys it has). Add the key to the ConfigMap or fix the key name. A warning for a volume no container mounts.',
    CONFIGMAP_BINARY_KEY_IN_ENV:
      'An env var reads a binaryData key, which Kubernetes never puts into the environment. Move the value to data, or mount the ConfigMap as a volume instead.',
    POSSIBLE_RUNTIME_OBJECT:
      "No manifest defines the ConfigMap, and nothing names it, but a workload in its namespace may create it: its ServiceAccount is bound (RoleBinding, or ClusterRoleBinding) to a Role or ClusterRole allowing create on configmaps (a workload that cannot start without the object is no candidate, unless an init container that does not need it runs first); or a custom resource in its namespace, of a kind whose outputs kustodian does not know, has the object's name or a name that prefixes it at a \"-\" (operators commonly name what they create after their resource). The message names the candidates and their Roles, or the custom resource. If one creates it, name the object in that Role's resourceNames or in the workload's args and it becomes RUNTIME_OBJECT; if the operator creates it, declare it under external:; otherwise add it to the render. Severity follows checks.possibleRuntimeObjects (default warning).",
    RUNTIME_OBJECT:
      'Info, no action needed: no manifest defines the ConfigMap (or only a placeholder without the key), but the cluster (kube-root-ca.crt; istio-ca-root-cert or openshift-service-ca.crt when Istio or OpenShift objects are in the render) or a Job, CronJob or init container in the render creates it at run time, or a workload whose ServiceAccount may create ConfigMaps in that namespace and whose Role names it in resourceNames (or whose command, args or env name it); only its name is checked.',
  },
});
