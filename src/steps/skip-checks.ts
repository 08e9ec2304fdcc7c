/**
 * The per-workload opt-out: `kustodian.dev/skip-checks: secret-refs,configmap-refs` on a resource
 * turns those steps off for it alone, so one odd workload does not force a repo-wide switch. Every
 * step id is accepted; an id that names no step is a warning.
 */
import type { Resource } from '../manifests/resource.js';
import { refKey, type Finding } from '../findings.js';
import { formatPath } from '../manifests/pod-templates.js';
import type { Step } from './types.js';

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

/**
 * Whether a finding from step `stepId` is about a resource that opts out of that step. Applied to
 * every validator's findings in the pipeline, so the annotation works for every step without each
 * step remembering it; transforms check `skipsCheck` themselves, since they change resources.
 */
export function skippedFindings(resources: readonly Resource[]): (finding: Finding, stepId: string) => boolean {
  let skipping: Map<string, string[]> | undefined;
  return (finding, stepId) => {
    if (!finding.resourceRef) return false;
    if (!skipping) {
      skipping = new Map();
      for (const r of resources) {
        if (!r.mayContain(SKIP_CHECKS_ANNOTATION)) continue;
        const ids = splitList(r.annotation(SKIP_CHECKS_ANNOTATION));
        if (ids.length) skipping.set(refKey({ apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: r.namespace }), ids);
      }
    }
    if (!skipping.size) return false;
    const ref = finding.resourceRef;
    // The finding's namespace may be the run's default, which the manifest did not write.
    const ids = skipping.get(refKey(ref)) ?? skipping.get(refKey({ ...ref, namespace: undefined }));
    return ids?.includes(stepId) ?? false;
  };
}

/**
 * The step that warns about ids in the annotation that name no step: a typo there would otherwise
 * silently leave the check on. `knownIds` is read when the step runs, so the registry can list it.
 */
export function skipChecksStep(knownIds: () => readonly string[]): Step {
  return {
    id: 'skip-checks',
    kind: 'validate',
    summary: `Warn about ${SKIP_CHECKS_ANNOTATION} entries that name no step.`,
    codes: {
      SKIP_CHECKS_UNKNOWN: `The ${SKIP_CHECKS_ANNOTATION} annotation names a step id that does not exist, so nothing is skipped for it. Use one of the step ids listed in the message (kustodian --help lists them too).`,
    },
    run(ctx) {
      const known = new Set(knownIds());
      const findings: Finding[] = [];
      for (const r of ctx.resources) {
        if (!r.mayContain(SKIP_CHECKS_ANNOTATION)) continue;
        const unknown = splitList(r.annotation(SKIP_CHECKS_ANNOTATION)).filter((id) => !known.has(id));
        if (!unknown.length) continue;
        findings.push({
          severity: 'warning',
          code: 'SKIP_CHECKS_UNKNOWN',
          message: `annotation ${SKIP_CHECKS_ANNOTATION} names ${unknown.map((id) => JSON.stringify(id)).join(', ')}, which ${unknown.length === 1 ? 'is not a step id' : 'are not step ids'}, so nothing is skipped for ${unknown.length === 1 ? 'it' : 'them'}; step ids: ${[...known].sort().join(', ')}`,
          resourceRef: r.ref(ctx.defaultNamespace),
          field: { path: formatPath(['metadata', 'annotations', SKIP_CHECKS_ANNOTATION]) },
        });
      }
      return findings;
    },
  };
}
