/**
 * The human and CI formats of the `check` report: text (grouped by app and file), GitHub workflow
 * commands, and SARIF 2.1.0 for code scanning. The JSON format lives with the model in report.ts.
 */
import { describeRef, type Finding, type Severity } from '../findings/finding.js';
import { formatFinding, formatRelated } from './text.js';
import { failureFinding, findingFile, summaryLine, type AppReport, type CheckReport } from './check-report.js';

/** Options of the human and CI formats. */
export interface FormatOptions {
  /** ANSI colour (text only; a TTY). */
  color?: boolean;
  /** `--quiet`: only apps with findings or failures, and no summary line; nothing at all when clean. */
  quiet?: boolean;
}

/** `--format text`: per app, per file, one line per finding; colour only when asked (a TTY). */
export function formatText(report: CheckReport, options: FormatOptions = {}): string {
  const bold = (s: string) => (options.color ? `\x1b[1m${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const app of report.apps) {
    if (options.quiet && !app.failure && !app.findings.length) continue;
    if (app.unchanged) {
      lines.push(`${bold(app.dir)}: unchanged since ${report.changedSince?.ref ?? 'the base'}, not built`);
      continue;
    }
    if (app.failure) {
      lines.push(`${bold(app.dir)}: failed`);
      const failure = failureFinding(app);
      const file = findingFile(app, failure);
      lines.push(`  ${file.path}${file.line ? `:${file.line}` : ''}`);
      // The message names its own file and line (config errors read like compiler errors).
      lines.push(`    ${formatFinding({ severity: 'error', code: failure.code, message: failure.message }, options.color)}`);
    } else if (!app.findings.length) {
      lines.push(`${bold(app.dir)}: ok`);
      continue;
    } else {
      lines.push(bold(app.dir));
    }
    const byFile = new Map<string, Finding[]>();
    for (const f of app.findings) {
      const file = findingFile(app, f).path;
      byFile.set(file, [...(byFile.get(file) ?? []), f]);
    }
    for (const [file, findings] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      lines.push(`  ${file}`);
      for (const f of findings) {
        const line = f.file?.line ? `${f.file.line}: ` : '';
        lines.push(`    ${line}${formatFinding({ ...f, file: undefined }, options.color).replace(/\n/g, '\n      ')}`);
      }
    }
  }
  if (options.quiet) return lines.length ? `${lines.join('\n')}\n` : '';
  lines.push('', summaryLine(report));
  return `${lines.join('\n')}\n`;
}

/** Escapes a workflow command's message (GitHub toolkit `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value (GitHub toolkit `escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A relative URI reference for a repo path: each segment percent-encoded, so `#` and `?` stay part of the name. */
function sarifUri(repoPath: string): string {
  return repoPath.split('/').map(encodeURIComponent).join('/');
}

const githubLevel: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function message(f: Finding): string {
  return `${f.resourceRef ? `${describeRef(f.resourceRef)}: ` : ''}${f.message}${f.field ? ` (at ${f.field.path})` : ''}${formatRelated(f)}`;
}

function githubLine(app: AppReport, f: Finding): string {
  const file = findingFile(app, f);
  const props = [
    `file=${escapeProperty(file.path)}`,
    ...(file.line ? [`line=${file.line}`] : []),
    `title=${escapeProperty(`kustodian ${f.code}`)}`,
  ];
  return `::${githubLevel[f.severity]} ${props.join(',')}::${escapeData(message(f))}`;
}

/** `--format github`: one workflow command per finding (and failure), then the summary as plain log. */
export function formatGithub(report: CheckReport, options: Pick<FormatOptions, 'quiet'> = {}): string {
  const lines: string[] = [];
  for (const app of report.apps) {
    if (app.failure) lines.push(githubLine(app, failureFinding(app, `${app.dir}: ${app.failure.message}`)));
    for (const f of app.findings) lines.push(githubLine(app, f));
  }
  if (!options.quiet) lines.push(summaryLine(report));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

const sarifLevel: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: unknown[];
}

/**
 * `--format sarif`: SARIF 2.1.0, one run, one rule per code (with its help text), one result per
 * finding located by file and line relative to %SRCROOT% (the repository root). A directory that
 * could not be checked is a result on its kustomization plus a failed invocation notification.
 */
export function formatSarif(report: CheckReport): string {
  const codes = [...new Set(report.apps.flatMap((a) => [...(a.failure ? [a.failure.code] : []), ...a.findings.map((f) => f.code)]))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const rules = codes.map((code) => {
    const help = report.help[code] ?? `kustodian finding ${code}.`;
    const step = report.stepOf[code];
    return {
      id: code,
      name: code
        .toLowerCase()
        .split('_')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(''),
      shortDescription: { text: help.split(/(?<=\.)\s/)[0] ?? help },
      fullDescription: { text: help },
      help: { text: help },
      ...(step ? { properties: { tags: ['kustodian', step] } } : {}),
    };
  });
  const results: SarifResult[] = [];
  const notifications: unknown[] = [];
  const result = (app: AppReport, f: Finding): SarifResult => {
    const file = findingFile(app, f);
    const location: Record<string, unknown> = {
      physicalLocation: {
        artifactLocation: { uri: sarifUri(file.path), uriBaseId: '%SRCROOT%' },
        ...(file.line ? { region: { startLine: file.line } } : {}),
      },
    };
    if (f.resourceRef) {
      location.logicalLocations = [{ fullyQualifiedName: describeRef(f.resourceRef), kind: 'resource' }];
    }
    const related = (f.related ?? [])
      .filter((r) => r.file)
      .map((r, id) => ({
        id,
        message: { text: r.resourceRef ? describeRef(r.resourceRef) : r.file!.path },
        physicalLocation: {
          artifactLocation: { uri: sarifUri(r.file!.path), uriBaseId: '%SRCROOT%' },
          ...(r.file!.line ? { region: { startLine: r.file!.line } } : {}),
        },
      }));
    return {
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code)!,
      level: sarifLevel[f.severity],
      message: { text: message(f) },
      locations: [location],
      ...(related.length ? { relatedLocations: related } : {}),
    };
  };
  for (const app of report.apps) {
    if (app.failure) {
      const text = `${app.dir}: ${app.failure.message}`;
      results.push(result(app, failureFinding(app, text)));
      notifications.push({ level: 'error', message: { text }, descriptor: { id: app.failure.code } });
    }
    for (const f of app.findings) results.push(result(app, f));
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kustodian', version: report.version, rules } },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
