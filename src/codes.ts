/**
 * Every code kustodian can report, with its help text: the finding codes from each step's `codes`
 * table and the failure codes from errors.ts. The one source for `kustodian explain CODE` and the
 * finding and failure tables of docs/steps.md (scripts/docs.mjs), so the two always say the same.
 */
import { KustodianError, errorCodeHelp, exitCodeFor, type ErrorCode } from './errors.js';
import { steps as registry, type Step } from './steps/index.js';

/** One documented code. */
export interface CodeEntry {
  code: string;
  /** A finding (about the manifests) or a failure (the run could not say anything about them). */
  kind: 'finding' | 'failure';
  help: string;
  /** The step that reports it (findings). */
  step?: string;
  /** The exit codes it causes (failures), e.g. `2` or `130 / 143`. */
  exit?: string;
}

/** Findings by step (registry order, codes sorted within a step), then failures in errors.ts order. */
export function codeCatalog(steps: readonly Step[] = registry): CodeEntry[] {
  const findings = steps.flatMap((step) =>
    Object.entries(step.codes ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, help]): CodeEntry => ({ code, kind: 'finding', help, step: step.id })),
  );
  const failures = (Object.entries(errorCodeHelp) as [ErrorCode, string][]).map(([code, help]): CodeEntry => {
    const exits = new Set((['SIGINT', 'SIGTERM'] as const).map((signal) => exitCodeFor(new KustodianError(code, '', { signal }))));
    return { code, kind: 'failure', help, exit: [...exits].join(' / ') };
  });
  return [...findings, ...failures];
}
