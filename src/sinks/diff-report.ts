/**
 * The `kustodian diff` report and its formats: text (the terminal; coloured on a TTY), markdown (one
 * pull-request comment: a folded section per app, findings first, within GitHub's comment limit) and
 * json (stable keys, versioned, documented in docs/cli.md). Paths are relative to the report root
 * (the Git work tree's top directory), with forward slashes. Secret values never reach this module:
 * the diffs arrive masked (src/manifests/secret-mask.ts) and findings never carry values.
 */
import type { Finding, Severity } from '../findings/finding.js';
import type { FindingDiff } from '../findings/finding-diff.js';
import { describeObject, type ObjectDiff, type ObjectId } from '../manifests/object-diff.js';
import type { ErrorCode } from '../util/errors.js';
import { GITHUB_COMMENT_LIMIT } from '../util/limits.js';
import { findingFile, findingJson } from './check-report.js';
import { countBySeverity, formatFinding } from './text.js';

/** A side of an app that could not be rendered. */
export interface SideFailure {
  code: ErrorCode;
  message: string;
  /** The exit code this failure alone would give (2 config, 3 runtime). */
  exitCode: number;
}

/**
 * What a side of the comparison holds: `ok` rendered, `missing` (no such directory: a new app at the
 * base, a removed one at the head), `failed` (see the failure).
 */
export type SideStatus = 'ok' | 'missing' | 'failed';

/** One app's diff. */
export interface AppDiff {
  /** The app directory, relative to the report root. */
  dir: string;
  /** Its kustomization file, relative to the report root: where findings without a file point. */
  kustomization: string;
  base: SideStatus;
  baseFailure?: SideFailure;
  head: SideStatus;
  headFailure?: SideFailure;
  objects: ObjectDiff;
  findings: FindingDiff;
  /** kustomize's warnings on the head side, for stderr; in no format. */
  kustomizeWarnings?: string[];
  /** `--changed-since`: none of the app's inputs changed, so neither side was built. */
  notBuilt?: boolean;
}

export interface DiffReport {
  /** The ref as given, and the commit it named. */
  base: { ref: string; commit: string };
  apps: AppDiff[];
  version: string;
  /** `--all`: the ref whose changes chose the apps that were built. */
  changedSince?: { ref: string; commit: string };
}

/** The JSON format's schema version; bump on any incompatible change (docs/cli.md, "kustodian diff"). */
export const DIFF_REPORT_VERSION = 1;

/**
 * `failed` (the head does not render), `new` (no base), `removed` (no head), `changed` (objects or
 * findings differ), else `unchanged`. A base that failed is no status of its own: the head is compared
 * with nothing, and the base's failure is reported beside it.
 */
export type AppStatus = 'failed' | 'new' | 'removed' | 'changed' | 'unchanged';

export function appStatus(app: AppDiff): AppStatus {
  if (app.head === 'failed') return 'failed';
  if (app.base === 'missing') return 'new';
  if (app.head === 'missing') return 'removed';
  const o = app.objects;
  const changed =
    o.added.length ||
    o.removed.length ||
    o.changed.length ||
    app.findings.added.length ||
    app.findings.fixed.length ||
    app.base === 'failed';
  return changed ? 'changed' : 'unchanged';
}

const part = (n: number, word: string, plural = `${word}s`) => `${n} ${n === 1 ? word : plural}`;

function severities(findings: readonly Finding[]): string {
  const c = countBySeverity(findings);
  const shown = (['error', 'warning', 'info'] as Severity[]).filter((s) => c[s]).map((s) => part(c[s], s));
  return shown.length ? ` (${shown.join(', ')})` : '';
}

/** `3 added, 1 removed, 2 changed objects (14 unchanged); findings: 1 added (1 error), 2 fixed` */
function counts(objects: ObjectDiff, findings: FindingDiff): string {
  return (
    `${objects.added.length} added, ${objects.removed.length} removed, ${part(objects.changed.length, 'changed object', 'changed objects')} (${objects.unchanged} unchanged); ` +
    `findings: ${findings.added.length} added${severities(findings.added)}, ${findings.fixed.length} fixed`
  );
}

/** The one-line summary of an app: `apps/web: changed: 0 added, …`. */
export function appSummaryLine(app: AppDiff): string {
  const status = appStatus(app);
  if (status === 'failed') return `${app.dir}: failed: ${app.headFailure!.code}: ${app.headFailure!.message}`;
  if (app.notBuilt) return `${app.dir}: unchanged: no input changed, not built`;
  const base = app.base === 'failed' ? ` (the base did not render: ${app.baseFailure!.code})` : '';
  return `${app.dir}: ${status}${base}: ${counts(app.objects, app.findings)}`;
}

/** Totals over every app, as the JSON summary has them. */
export function diffSummary(report: DiffReport): Record<AppStatus | 'apps' | 'baseFailed', number> & {
  objects: Record<'added' | 'removed' | 'changed', number>;
  findings: { added: Record<Severity, number>; fixed: number };
} {
  const by = (s: AppStatus) => report.apps.filter((a) => appStatus(a) === s).length;
  const sum = (f: (a: AppDiff) => number) => report.apps.reduce((n, a) => n + f(a), 0);
  return {
    apps: report.apps.length,
    changed: by('changed'),
    unchanged: by('unchanged'),
    new: by('new'),
    removed: by('removed'),
    failed: by('failed'),
    baseFailed: report.apps.filter((a) => a.base === 'failed').length,
    objects: {
      added: sum((a) => a.objects.added.length),
      removed: sum((a) => a.objects.removed.length),
      changed: sum((a) => a.objects.changed.length),
    },
    findings: { added: countBySeverity(report.apps.flatMap((a) => a.findings.added)), fixed: sum((a) => a.findings.fixed.length) },
  };
}

/** `2 apps: 1 changed, 1 unchanged, 0 new, 0 removed, 0 failed; findings: 1 added (1 error), 1 fixed` */
export function diffSummaryLine(report: DiffReport): string {
  const s = diffSummary(report);
  const added = report.apps.flatMap((a) => a.findings.added);
  return (
    `${part(s.apps, 'app')} against ${report.base.ref} (${report.base.commit.slice(0, 12)}): ${s.changed} changed, ${s.unchanged} unchanged, ${s.new} new, ${s.removed} removed, ${s.failed} failed; ` +
    `objects: ${s.objects.added} added, ${s.objects.removed} removed, ${s.objects.changed} changed; findings: ${added.length} added${severities(added)}, ${s.findings.fixed} fixed`
  );
}

// ---------------------------------------------------------------------------------------------- text

const ansi = { red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' };

function paintDiffLine(line: string, color: boolean): string {
  if (!color) return line;
  const c = line.startsWith('@@') ? ansi.cyan : line.startsWith('+') ? ansi.green : line.startsWith('-') ? ansi.red : '';
  return c ? `${c}${line}${ansi.reset}` : line;
}

/** The text format: per app its findings, its objects and their diffs, its summary line; then the total. */
export function formatDiffText(report: DiffReport, options: { color?: boolean } = {}): string {
  const color = options.color ?? false;
  const bold = (s: string) => (color ? `${ansi.bold}${s}${ansi.reset}` : s);
  const lines: string[] = [];
  for (const app of report.apps) {
    const status = appStatus(app);
    if (status === 'unchanged') {
      lines.push(appSummaryLine(app));
      continue;
    }
    lines.push(bold(`== ${app.dir}`));
    if (app.base === 'failed')
      lines.push(`  the base did not render, compared with nothing: ${app.baseFailure!.code}: ${app.baseFailure!.message}`);
    if (app.head === 'failed') lines.push(`  ${app.headFailure!.code}: ${app.headFailure!.message}`);
    for (const [title, list] of [
      ['findings added', app.findings.added],
      ['findings fixed', app.findings.fixed],
    ] as const) {
      if (!list.length) continue;
      lines.push(`  ${title}:`);
      for (const f of list) lines.push(`    ${formatFinding({ ...f, file: findingFile(app, f) }, color)}`);
    }
    for (const id of app.objects.added) lines.push(paintDiffLine(`  + ${describeObject(id)}`, color));
    for (const id of app.objects.removed) lines.push(paintDiffLine(`  - ${describeObject(id)}`, color));
    for (const c of app.objects.changed) {
      lines.push(`  ~ ${describeObject(c)}`);
      for (const line of c.diff.split('\n').slice(0, -1)) lines.push(`    ${paintDiffLine(line, color)}`);
    }
    lines.push(appSummaryLine(app));
  }
  lines.push(bold(diffSummaryLine(report)));
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------------------------------------ markdown

/** Text for markdown prose: no HTML, no emphasis, links or tables by accident. */
function md(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!).replace(/([\\`*_[\]|#])/g, '\\$1');
}

/** Inline code that holds any text: a backtick run longer than any inside it. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ` ${text} ` : text}${fence}`;
}

function fenced(text: string, lang: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}${text.endsWith('\n') ? '' : '\n'}${fence}`;
}

const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

function mdFinding(app: AppDiff, f: Finding): string {
  const file = findingFile(app, f);
  const where = code(`${file.path}${file.line ? `:${file.line}` : ''}`);
  const what = f.resourceRef
    ? ` ${md(`${f.resourceRef.kind} ${f.resourceRef.namespace ? `${f.resourceRef.namespace}/` : ''}${f.resourceRef.name}`)}:`
    : '';
  const field = f.field ? ` (at ${code(f.field.path)})` : '';
  return `- ${ICON[f.severity]} ${f.severity} ${code(f.code)} ${where}:${what} ${md(f.message)}${field}`;
}

/** How much of an app's section is shown: all, everything but the diffs, or the summary line alone. */
type Detail = 'full' | 'no-diffs' | 'summary';

function mdApp(app: AppDiff, detail: Detail): string {
  const status = appStatus(app);
  const summary = `<summary><b>${md(app.dir)}</b>: ${md(appSummaryLine(app).slice(app.dir.length + 2))}</summary>`;
  if (detail === 'summary' || status === 'unchanged') return `<details>${summary}</details>`;
  const out: string[] = [`<details>${summary}`, ''];
  if (app.base === 'failed')
    out.push(
      `The base did not render, so the head is compared with nothing: ${code(app.baseFailure!.code)} ${md(app.baseFailure!.message)}`,
      '',
    );
  if (app.head === 'failed') out.push(`${ICON.error} ${code(app.headFailure!.code)} ${md(app.headFailure!.message)}`, '');
  for (const [title, list] of [
    ['Findings added', app.findings.added],
    ['Findings fixed', app.findings.fixed],
  ] as const) {
    if (!list.length) continue;
    out.push(`**${title}**`, '', ...list.map((f) => mdFinding(app, f)), '');
  }
  const listed = (sign: string, ids: readonly ObjectId[]) => ids.map((id) => `- ${sign} ${code(describeObject(id))}`);
  const objects = [
    ...listed('added', app.objects.added),
    ...listed('removed', app.objects.removed),
    ...listed('changed', app.objects.changed),
  ];
  if (objects.length) out.push('**Objects**', '', ...objects, '');
  if (detail === 'full') {
    for (const c of app.objects.changed) {
      out.push(code(describeObject(c)), '', fenced(c.diff, 'diff'), '');
    }
  } else if (app.objects.changed.length) {
    out.push(
      `_The diffs of this app's ${part(app.objects.changed.length, 'changed object', 'changed objects')} were cut to keep the comment within GitHub's limit._`,
      '',
    );
  }
  out.push('</details>');
  return out.join('\n');
}

/**
 * The markdown format, for one pull-request comment of at most `limit` characters (GitHub's 65,536 by
 * default). When the whole does not fit, diffs are cut first (the last apps first), then sections shrink
 * to their summary line, then the last apps are left out; a note says what was cut.
 */
export function formatDiffMarkdown(report: DiffReport, options: { limit?: number; heading?: string } = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const head = [options.heading ?? '### kustodian diff', '', md(diffSummaryLine(report)), ''].join('\n');
  const details: Detail[] = report.apps.map(() => 'full');
  const sections = report.apps.map((a) => mdApp(a, 'full'));
  // The note's length is bounded: reserve room for it, and for the apps left out.
  const reserve = 400;
  const size = (shown: number) => head.length + sections.slice(0, shown).reduce((n, s) => n + s.length + 2, 0) + reserve;
  for (const level of ['no-diffs', 'summary'] as const) {
    for (let i = report.apps.length - 1; i >= 0 && size(sections.length) > limit; i--) {
      details[i] = level;
      sections[i] = mdApp(report.apps[i]!, level);
    }
  }
  let shown = sections.length;
  while (shown > 0 && size(shown) > limit) shown--;
  const cutDiffs = details.slice(0, shown).filter((d) => d !== 'full').length;
  const notes: string[] = [];
  if (cutDiffs) notes.push(`${part(cutDiffs, 'app is', 'apps are')} shown without ${cutDiffs === 1 ? 'its' : 'their'} object diffs`);
  if (shown < sections.length) notes.push(`${part(sections.length - shown, 'app was', 'apps were')} left out`);
  const note = notes.length
    ? `\n\n> ✂️ ${notes.join('; ')} to stay within GitHub's ${limit.toLocaleString('en-US')}-character comment limit; run \`kustodian diff\` for the whole.`
    : '';
  return `${head}\n${sections.slice(0, shown).join('\n\n')}${note}\n`;
}

// ---------------------------------------------------------------------------------------------- json

function failureJson(f: SideFailure | undefined): Record<string, unknown> {
  return f ? { failure: { code: f.code, message: f.message } } : {};
}

/** `--format json`: stable keys, versioned by DIFF_REPORT_VERSION, documented in docs/cli.md. */
export function formatDiffJson(report: DiffReport): string {
  const doc = {
    version: DIFF_REPORT_VERSION,
    tool: { name: 'kustodian', version: report.version },
    base: report.base,
    ...(report.changedSince ? { changedSince: report.changedSince } : {}),
    summary: diffSummary(report),
    apps: report.apps.map((app) => ({
      dir: app.dir,
      status: appStatus(app),
      ...(app.notBuilt ? { built: false } : {}),
      base: { status: app.base, ...failureJson(app.baseFailure) },
      head: { status: app.head, ...failureJson(app.headFailure) },
      objects: {
        added: app.objects.added,
        removed: app.objects.removed,
        changed: app.objects.changed.map((c) => ({ group: c.group, kind: c.kind, namespace: c.namespace, name: c.name, diff: c.diff })),
        unchanged: app.objects.unchanged,
      },
      findings: {
        added: app.findings.added.map((f) => findingJson(f, findingFile(app, f))),
        fixed: app.findings.fixed.map((f) => findingJson(f, findingFile(app, f))),
      },
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
