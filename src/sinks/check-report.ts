/**
 * The `kustodian check` report: one entry per app directory, shared by every output format
 * (text, json, sarif, github). Paths are relative to the report root (the repository root), with
 * forward slashes, so reports are the same on every machine and code scanning can place them.
 */
import { atLeast, countBySeverity, severitiesFrom } from './text.js';
import type { Finding, Severity } from '../findings/finding.js';
import type { ErrorCode } from '../util/errors.js';

/** A directory that could not be checked (kustomize failed, bad config …). */
export interface AppFailure {
  code: ErrorCode;
  message: string;
  /** The exit code this failure alone would give (2 config, 3 runtime). */
  exitCode: number;
  /** The file the failure is about (a config file), relative to the report root; else the kustomization. */
  file?: { path: string; line?: number };
}

/** What `check` found in one app directory. */
export interface AppReport {
  /** The app directory, relative to the report root ('.' for the root itself). */
  dir: string;
  /** Its kustomization file, relative to the report root: where findings without a file point. */
  kustomization: string;
  /** Sorted; file paths relative to the report root. */
  findings: Finding[];
  failure?: AppFailure;
  /** Wall time of this directory's check in ms (build, steps, file look-ups), for finding the slow overlays. */
  durationMs?: number;
  /** kustomize's own warnings (deprecations …), for stderr; not part of any format. */
  kustomizeWarnings?: string[];
  /** `--changed-since`: nothing the app reads changed, so it was not built (no findings, no failure). */
  unchanged?: boolean;
}

/** The whole report, apps sorted by dir. */
export interface CheckReport {
  apps: AppReport[];
  /** Help per code (step `codes`, step summary, failure help), for SARIF rules. */
  help: Record<string, string>;
  /** Finding code → step id, where known. */
  stepOf: Record<string, string>;
  version: string;
  /** Set by reportAtSeverity: findings below it were dropped, and summaries do not count that severity. */
  minSeverity?: Severity;
  /** `--changed-since REF`: the ref and its commit; apps it did not touch are marked `unchanged`. */
  changedSince?: { ref: string; commit: string };
}

/**
 * The report as shown at `min` (`--min-severity`): findings below it are dropped, so every format
 * and its summary counts only what it shows. Exit codes come from the whole report, before this.
 */
export function reportAtSeverity(report: CheckReport, min: Severity): CheckReport {
  return {
    ...report,
    minSeverity: min,
    apps: report.apps.map((app) => ({ ...app, findings: app.findings.filter((f) => atLeast(f, min)) })),
  };
}

/**
 * Totals over every app. Each app that was built is in exactly one of `passed` (checked, no error
 * finding: warnings and infos do not fail it), `withErrors` (checked, at least one error finding) and
 * `failed` (could not be checked: kustomize or the config failed); with `--changed-since`, `unchanged`
 * counts the apps left out, which are in none of the three. `passed` and `withErrors` were added to
 * JSON version 1 beside the older keys, which keep their meaning.
 */
export function reportSummary(report: CheckReport): {
  apps: number;
  passed: number;
  withErrors: number;
  failed: number;
  error: number;
  warning: number;
  info: number;
  unchanged?: number;
} {
  const counts = countBySeverity(report.apps.flatMap((a) => a.findings));
  const failed = report.apps.filter((a) => a.failure).length;
  const withErrors = report.apps.filter((a) => !a.failure && a.findings.some((f) => f.severity === 'error')).length;
  const left = report.changedSince ? report.apps.filter((a) => a.unchanged).length : 0;
  const unchanged = report.changedSince ? { unchanged: left } : {};
  return { apps: report.apps.length, passed: report.apps.length - failed - withErrors - left, withErrors, failed, ...counts, ...unchanged };
}

/**
 * `3 apps: 1 passed, 1 with errors, 1 could not be checked; findings: 2 errors, 1 warning, 0 infos`
 * (without the severities the report leaves out). Every app category is named with its count, zero
 * included: the former `0 failed, 3 errors` read as "nothing failed" while one app had three errors.
 */
export function summaryLine(report: CheckReport): string {
  const s = reportSummary(report);
  const part = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const counts = severitiesFrom(report.minSeverity ?? 'info').map((sev) => part(s[sev], sev));
  const since = report.changedSince && s.unchanged ? ` (${s.unchanged} unchanged since ${report.changedSince.ref}, not built)` : '';
  return `${part(s.apps - (s.unchanged ?? 0), 'app')}${since}: ${s.passed} passed, ${s.withErrors} with errors, ${s.failed} could not be checked; findings: ${counts.join(', ')}`;
}

/** The file a finding belongs to in a report: its own, else the app's kustomization. */
export function findingFile(app: Pick<AppReport, 'kustomization'>, f: Finding): { path: string; line?: number } {
  return f.file ? { path: f.file.path, ...(f.file.line ? { line: f.file.line } : {}) } : { path: app.kustomization };
}

/** A failure as the formats show it: a finding on the file it is about (`message` overrides its text). */
export function failureFinding(app: AppReport, message?: string): Finding {
  const failure = app.failure!;
  return { severity: 'error', code: failure.code, message: message ?? failure.message, ...(failure.file ? { file: failure.file } : {}) };
}

/** The JSON format's schema version; bump on any incompatible change (docs/cli.md, "kustodian check"). */
export const JSON_REPORT_VERSION = 1;

/** `--format json`: stable keys, documented in docs/cli.md. */
export function formatJson(report: CheckReport): string {
  const doc = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'kustodian', version: report.version },
    ...(report.changedSince ? { changedSince: report.changedSince } : {}),
    summary: reportSummary(report),
    apps: report.apps.map((app) => ({
      dir: app.dir,
      status: app.unchanged ? 'unchanged' : app.failure ? 'failed' : app.findings.some((f) => f.severity === 'error') ? 'error' : 'ok',
      ...(app.failure
        ? { failure: { code: app.failure.code, message: app.failure.message, file: findingFile(app, failureFinding(app)) } }
        : {}),
      ...(app.durationMs !== undefined ? { durationMs: app.durationMs } : {}),
      findings: app.findings.map((f) => findingJson(f, findingFile(app, f))),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** One finding in the JSON formats (check's and diff's), placed in `file`. */
export function findingJson(f: Finding, file: { path: string; line?: number }): Record<string, unknown> {
  return {
    severity: f.severity,
    code: f.code,
    message: f.message,
    ...(f.step ? { step: f.step } : {}),
    ...(f.resourceRef ? { resource: f.resourceRef } : {}),
    ...(f.field ? { field: f.field.path } : {}),
    file,
    ...(f.related
      ? { related: f.related.map((r) => ({ ...(r.resourceRef ? { resource: r.resourceRef } : {}), ...(r.file ? { file: r.file } : {}) })) }
      : {}),
  };
}
