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
      'A pod template references a ConfigMap that nothing in the render provides. Add it to the render, declare it under external: with kind: ConfigMap (the message gives the entry) or with the workload annotation kustodian.dev/external-configmaps, or mark the reference optional: true. Severity follows checks.missingObjects.',
    CONFIGMAP_KEY_MISSING:
      'A pod template reads a key the ConfigMap does not have (the message lists the keys it has). Add the key to the ConfigMap or fix the key name.',
    CONFIGMAP_BINARY_KEY_IN_ENV:
      'An env var reads a binaryData key, which Kubernetes never puts into the environment. Move the value to data, or mount the ConfigMap as a volume instead.',
    POSSIBLE_RUNTIME_OBJECT:
      'No manifest defines the ConfigMap, and nothing names it, but a workload in its namespace may create it: its ServiceAccount is bound (RoleBinding, or ClusterRoleBinding) to a Role or ClusterRole allowing create on configmaps. The message names the candidates and their Roles. If one creates it, name the object in that Role\'s resourceNames or in the workload\'s args and it becomes RUNTIME_OBJECT; otherwise add it to the render. Severity follows checks.possibleRuntimeObjects (default warning).',
    RUNTIME_OBJECT:
      'Info, no action needed: no manifest defines the ConfigMap (or only a placeholder without the key), but the cluster (kube-root-ca.crt; istio-ca-root-cert or openshift-service-ca.crt when Istio or OpenShift objects are in the render) or a Job, CronJob or init container in the render creates it at run time, or a workload whose ServiceAccount may create ConfigMaps in that namespace and whose Role names it in resourceNames (or whose command, args or env name it); only its name is checked.',
  },
});
