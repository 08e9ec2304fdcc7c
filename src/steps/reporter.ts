/**
 * How a step reports a finding: `report.error(code, resource, fieldPath, message)`. The reporter fills
 * in what every finding about a resource carries (its KRM resourceRef with the run's default
 * namespace, the formatted field path, the step id), so steps state only what they found.
 */
import type { Finding, Severity } from '../findings/finding.js';
import type { Resource } from '../manifests/resource.js';
import { formatPath, type FieldPath } from '../manifests/field-path.js';

/** What a finding may carry besides its resource and field. */
export type FindingExtra = Pick<Finding, 'related' | 'file'>;

/** The finding sink a step gets; `C` is the step's declared codes. */
export interface Reporter<C extends string = string> {
  error(code: C, resource: Resource | undefined, field: FieldPath | undefined, message: string, extra?: FindingExtra): void;
  warning(code: C, resource: Resource | undefined, field: FieldPath | undefined, message: string, extra?: FindingExtra): void;
  info(code: C, resource: Resource | undefined, field: FieldPath | undefined, message: string, extra?: FindingExtra): void;
  /** Severity chosen at run time (a setting such as checks.missingObjects). */
  report(
    severity: Severity,
    code: C,
    resource: Resource | undefined,
    field: FieldPath | undefined,
    message: string,
    extra?: FindingExtra,
  ): void;
}

/** A reporter for step `stepId` that appends to `findings`. */
export function createReporter(stepId: string, defaultNamespace: string | undefined, findings: Finding[]): Reporter {
  const report = (
    severity: Severity,
    code: string,
    resource: Resource | undefined,
    field: FieldPath | undefined,
    message: string,
    extra?: FindingExtra,
  ): void => {
    const finding: Finding = { severity, code, message };
    if (resource) finding.resourceRef = resource.ref(defaultNamespace);
    if (field) finding.field = { path: formatPath(field) };
    if (extra?.file) finding.file = extra.file;
    if (extra?.related?.length) finding.related = extra.related;
    finding.step = stepId;
    findings.push(finding);
  };
  return {
    report,
    error: (...args) => report('error', ...args),
    warning: (...args) => report('warning', ...args),
    info: (...args) => report('info', ...args),
  };
}
