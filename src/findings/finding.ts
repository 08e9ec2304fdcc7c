/**
 * Findings are values, shaped like KRM function results (kpt-functions-sdk `Result`):
 * steps return them, never print or throw them, and every sink sorts them the same way.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Identifies a resource the way KRM `resourceRef` does. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** One statement about the rendered manifests. */
export interface Finding {
  severity: Severity;
  /** Stable, upper-snake code such as SECRET_KEY_MISSING; documented in docs/steps.md. */
  code: string;
  /** For the person who must fix the manifest: what, where, and what is there instead. Never secret values. */
  message: string;
  resourceRef?: ResourceRef;
  /** KRM field path, e.g. spec.template.spec.containers[0].env[3].valueFrom.secretKeyRef.key */
  field?: { path: string };
  /** The source file (relative to the repository or app dir) and, where known, the line. */
  file?: { path: string; line?: number; index?: number };
  /** The step that produced it. */
  step?: string;
  /**
   * Other resources or files the finding is about, such as the Secret whose key is missing (with its
   * file once located), or the other migrations that share a Flyway version (a file alone).
   */
  related?: { resourceRef?: ResourceRef; file?: { path: string; line?: number } }[];
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A sort and grouping key for a resource reference. */
export function refKey(ref: ResourceRef | undefined): string {
  if (!ref) return '';
  return [ref.namespace ?? '', ref.kind, ref.name].join('\u0000');
}

/** Deterministic order: severity, file, resource, field, code, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank[a.severity] - severityRank[b.severity] ||
    cmp(a.file?.path ?? '', b.file?.path ?? '') ||
    cmp(refKey(a.resourceRef), refKey(b.resourceRef)) ||
    cmp(a.field?.path ?? '', b.field?.path ?? '') ||
    cmp(a.code, b.code) ||
    cmp(a.message, b.message)
  );
}

/** Sorts a copy. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** True when any finding fails the run. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `Deployment giftify/api-server` — how messages name a resource. */
export function describeRef(ref: ResourceRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
