/**
 * Every code kustodian can report, with its help text: the finding codes from each step's `codes`
 * table and from the commands' own (command-codes.ts), and the failure codes from errors.ts. The one source for `kustodian explain CODE` and the
 * finding and failure tables of docs/steps.md (scripts/docs.mjs), so the two always say the same.
 */
import { KustodianError, errorCodeHelp, exitCodeFor, type ErrorCode } from '../util/errors.js';
import { steps as registry, type Step } from '../steps/index.js';
import { COMMAND_CODES } from './command-codes.js';
import type { Finding } from '../findings/finding.js';

/** One documented code. */
export interface CodeEntry {
  code: string;
  /** A finding (about the manifests) or a failure (the run could not say anything about them). */
  kind: 'finding' | 'failure';
  help: string;
  /** The step that reports it (findings of a step). */
  step?: string;
  /** The command that reports it (findings no step could know, such as check's note on a Component). */
  command?: string;
  /** The exit codes it causes (failures), e.g. `2` or `130 / 143`. */
  exit?: string;
}

/** Findings by step (registry order, codes sorted within a step), then the commands' findings, then failures in errors.ts order. */
export function codeCatalog(steps: readonly Step[] = registry): CodeEntry[] {
  const findings = steps.flatMap((step) =>
    Object.entries(step.codes ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, help]): CodeEntry => ({ code, kind: 'finding', help, step: step.id })),
  );
  const commandFindings = Object.entries(COMMAND_CODES).flatMap(([command, codes]) =>
    Object.entries(codes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, help]): CodeEntry => ({ code, kind: 'finding', help, command })),
  );
  const failures = (Object.entries(errorCodeHelp) as [ErrorCode, string][]).map(([code, help]): CodeEntry => {
    const exits = new Set((['SIGINT', 'SIGTERM'] as const).map((signal) => exitCodeFor(new KustodianError(code, '', { signal }))));
    return { code, kind: 'failure', help, exit: [...exits].join(' / ') };
  });
  return [...findings, ...commandFindings, ...failures];
}

/**
 * Help per code for SARIF rules, and the step of each: the catalog, plus, for findings of steps
 * without a `codes` table (embedders' steps), the step's summary.
 */
export function ruleHelp(
  steps: readonly Step[],
  findings: readonly Finding[],
): { help: Record<string, string>; stepOf: Record<string, string> } {
  const help: Record<string, string> = {};
  const stepOf: Record<string, string> = {};
  // The catalog's entries with its precedence (a later entry wins), read directly: its sorting
  // (localeCompare) and exit codes are for the docs and `explain`, and cost a check run ~15 ms.
  for (const step of steps)
    for (const [code, text] of Object.entries(step.codes ?? {})) {
      help[code] = text;
      stepOf[code] = step.id;
    }
  for (const codes of Object.values(COMMAND_CODES)) for (const [code, text] of Object.entries(codes)) help[code] = text;
  for (const [code, text] of Object.entries(errorCodeHelp)) help[code] = text;
  for (const f of findings) {
    if (help[f.code] || !f.step) continue;
    const step = steps.find((s) => s.id === f.step);
    if (step) help[f.code] = step.summary;
    stepOf[f.code] ??= f.step;
  }
  return { help, stepOf };
}
