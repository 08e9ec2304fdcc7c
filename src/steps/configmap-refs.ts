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
});
