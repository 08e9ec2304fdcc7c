/**
 * The per-workload opt-out: `kustodian.dev/skip-checks: secret-refs,configmap-refs` on a resource
 * turns those steps off for it alone, so one odd workload does not force a repo-wide switch. Every
 * step id is accepted; an id that names no step is a warning.
 */
import type { Resource } from '../manifests/resource.js';
import type { Finding } from '../findings/finding.js';
import type { ResourceIndex } from '../manifests/resource-index.js';
import { defineStep, type Step } from './step.js';

/** The annotation that lists step ids to skip for one resource. */
export const SKIP_CHECKS_ANNOTATION = 'kustodian.dev/skip-checks';

/** True when `resource` opts out of step `stepId`. */
export function skipsCheck(resource: Resource, stepId: string): boolean {
  return splitList(resource.annotation(SKIP_CHECKS_ANNOTATION)).includes(stepId);
}

/** `"a, b,,c"` → `['a', 'b', 'c']`: annotation values are comma-separated lists. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Whether a finding from step `stepId` is about a resource that opts out of that step. Applied to
 * every validator's findings in the pipeline, so the annotation works for every step without each
 * step remembering it; transforms check `skipsCheck` themselves, since they change resources.
 */
export function skippedFinding(index: ResourceIndex, finding: Finding, stepId: string): boolean {
  if (!finding.resourceRef) return false;
  const resource = index.byRef(finding.resourceRef);
  return resource !== undefined && resource.mayContain(SKIP_CHECKS_ANNOTATION) && skipsCheck(resource, stepId);
}

/**
 * The step that warns about ids in the annotation that name no step: a typo there would otherwise
 * silently leave the check on. `knownIds` is read when the step runs, so the registry can list it.
 */
export function skipChecksStep(knownIds: () => readonly string[]): Step {
  return defineStep({
    id: 'skip-checks',
    kind: 'validate',
    summary: `Warn about ${SKIP_CHECKS_ANNOTATION} entries that name no step.`,
    codes: {
      SKIP_CHECKS_UNKNOWN: `The ${SKIP_CHECKS_ANNOTATION} annotation names a step id that does not exist, so nothing is skipped for it. Use one of the step ids the message lists.`,
    },
    run(ctx, report) {
      const known = new Set(knownIds());
      for (const r of ctx.resources) {
        if (!r.mayContain(SKIP_CHECKS_ANNOTATION)) continue;
        const unknown = splitList(r.annotation(SKIP_CHECKS_ANNOTATION)).filter((id) => !known.has(id));
        if (!unknown.length) continue;
        report.warning(
          'SKIP_CHECKS_UNKNOWN',
          r,
          ['metadata', 'annotations', SKIP_CHECKS_ANNOTATION],
          `annotation ${SKIP_CHECKS_ANNOTATION} names ${unknown.map((id) => JSON.stringify(id)).join(', ')}, which ${unknown.length === 1 ? 'is not a step id' : 'are not step ids'}, so nothing is skipped for ${unknown.length === 1 ? 'it' : 'them'}; step ids: ${[...known].sort().join(', ')}`,
        );
      }
    },
  });
}
