/** Human-readable findings for stderr (render, fn) and the default `check` report. */
import { describeRef, type Finding, type Severity } from '../findings/finding.js';

export interface TextOptions {
  /** Lowest severity shown. */
  minSeverity?: Severity;
  color?: boolean;
}

const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const colors: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m' };

/** One finding: `error SECRET_KEY_MISSING base/api.yaml: Deployment ns/api: message (at field.path)` */
export function formatFinding(f: Finding, color = false): string {
  const sev = color ? `${colors[f.severity]}${f.severity}\x1b[0m` : f.severity;
  const where = f.file ? `${f.file.path}${f.file.line ? `:${f.file.line}` : ''}: ` : '';
  const what = f.resourceRef ? `${describeRef(f.resourceRef)}: ` : '';
  const field = f.field ? ` (at ${f.field.path})` : '';
  return `${sev} ${f.code} ${where}${what}${f.message}${field}${formatRelated(f)}`;
}

/**
 * `; Secret giftify/api-server-secrets is defined in base/secrets.yaml:5`, for located related
 * resources. Related files without a resource (the other migrations of a duplicate) are named by the
 * message itself and are left out here.
 */
export function formatRelated(f: Finding): string {
  return (f.related ?? [])
    .filter((r) => r.file && r.resourceRef)
    .map((r) => `; ${describeRef(r.resourceRef!)} is defined in ${r.file!.path}${r.file!.line ? `:${r.file!.line}` : ''}`)
    .join('');
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** The severities shown at `min`, most severe first. */
export function severitiesFrom(min: Severity): Severity[] {
  return (['error', 'warning', 'info'] as const).filter((s) => rank[s] <= rank[min]);
}

/** True when `f` is shown at `min`. */
export function atLeast(f: Finding, min: Severity): boolean {
  return rank[f.severity] <= rank[min];
}

/**
 * `2 errors, 1 warning`: counts only the severities shown at `minSeverity` (default warning, as
 * formatFindings), so a summary never counts infos that were never printed.
 */
export function summarize(findings: readonly Finding[], options: Pick<TextOptions, 'minSeverity'> = {}): string {
  const c = countBySeverity(findings);
  const part = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return severitiesFrom(options.minSeverity ?? 'warning')
    .map((s) => part(c[s], s))
    .join(', ');
}

/** Lines for stderr, most severe first (findings arrive sorted). */
export function formatFindings(findings: readonly Finding[], options: TextOptions = {}): string {
  const min = options.minSeverity ?? 'warning';
  return findings
    .filter((f) => atLeast(f, min))
    .map((f) => formatFinding(f, options.color))
    .join('\n');
}
