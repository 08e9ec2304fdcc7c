/**
 * An empty render is never what anyone meant: ArgoCD treats zero manifests as "delete everything"
 * and, with auto-prune, does it.
 */
import { defineStep } from './step.js';

export const emptyRender = defineStep({
  id: 'empty-render',
  kind: 'validate',
  summary: 'Refuse a render with zero objects, which ArgoCD would prune to nothing.',
  codes: {
    EMPTY_RENDER:
      'The render produced no objects. ArgoCD (and kustomize with a KRM function) would delete every resource of the app; check resources/components and patches that remove objects.',
  },
  run(ctx, report) {
    if (ctx.resources.length > 0) return;
    report.error('EMPTY_RENDER', undefined, undefined, 'the render produced no objects; ArgoCD would prune every resource of the app');
  },
});
