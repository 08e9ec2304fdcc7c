/**
 * Pod templates with a field of the wrong type (`volumes` as a mapping, an `image` that is a number).
 * The API server rejects them, so they are errors; the walker hides them from every other step, so
 * no step has to guard against them and none can crash on them.
 */
import { formatPath } from '../manifests/field-path.js';
import { defineStep } from './step.js';

export const podTemplates = defineStep({
  id: 'pod-templates',
  kind: 'validate',
  summary:
    'Refuse pod templates whose fields have the wrong type (a list written as a mapping, a number for an image), which the API server rejects.',
  codes: {
    POD_TEMPLATE_INVALID:
      'A pod template field has the wrong type (a mapping where a list belongs, a number where a string does); the API server would reject the object, and kustodian checked and changed nothing in that template. Fix the field the finding names.',
  },
  run(ctx, report) {
    for (const p of ctx.walker.malformed(ctx.resources)) {
      report.error(
        'POD_TEMPLATE_INVALID',
        p.resource,
        p.path,
        `${formatPath(p.path)} must be ${p.expected}, not ${p.found}; the API server would reject it, and no other check ran on this pod template`,
      );
    }
  },
});
