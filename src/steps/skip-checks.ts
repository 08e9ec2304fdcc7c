/**
 * The per-workload opt-out: `kustodian.dev/skip-checks: secret-refs,configmap-refs` on a resource
 * turns those steps off for it alone, so one odd workload does not force a repo-wide switch.
 */
import type { Resource } from '../manifests/resource.js';

/** The annotation that lists step ids to skip for one resource. */
export const SKIP_CHECKS_ANNOTATION = 'kustodian.dev/skip-checks';

/** True when `resource` opts out of step `stepId`. */
export function skipsCheck(resource: Resource, stepId: string): boolean {
  return splitList(resource.annotation(SKIP_CHECKS_ANNOTATION)).includes(stepId);
}

/** `"a, b,,c"` → `['a', 'b', 'c']`: annotation values are comma-separated lists. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
