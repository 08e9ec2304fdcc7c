/**
 * The contract every step implements. A new check is one file plus one line in src/steps/index.ts:
 * `defineStep({ id, kind, summary, codes, run(ctx, report) })`. The step declares its finding codes
 * with their help; `report` accepts only those codes, so the compiler checks every code a step emits.
 */
import type { Finding } from '../findings/finding.js';
import type { StepContext } from '../context/step-context.js';
import type { Reporter } from './reporter.js';

/** A step that declares the finding codes `C`. */
export interface Step<C extends string = string> {
  /** Stable id, used in findings, `kustodian.dev/skip-checks` and docs. */
  id: string;
  /** Transforms run first, in registry order; then validators. */
  kind: 'transform' | 'validate';
  /** One line for --help and the docs. */
  summary: string;
  /** One line of help per finding code the step emits (code → help), for SARIF rules and docs/steps.md. */
  codes?: Readonly<Record<C, string>>;
  /**
   * Reports findings through `report` (which fills in the resource, field and step); a step may also
   * return findings it built itself (embedders' and tests' steps do).
   */
  run(ctx: StepContext, report: Reporter<C>): void | Finding[] | Promise<void | Finding[]>;
}

/** Declares a step; `C` is inferred from `codes`, so `report` takes exactly the declared codes. */
export function defineStep<const C extends string>(step: Step<C> & { codes: Readonly<Record<C, string>> }): Step {
  // `run` is declared as a method, whose parameters TypeScript compares bivariantly: a Step<C> is a Step.
  return step;
}

export type { StepContext } from '../context/step-context.js';
export type { ImageFacts, ImageInspector } from '../images/image-facts.js';
export type { Reporter } from './reporter.js';
