/**
 * source → context → steps → sink. Sources (src/sources) produce resources; src/context/step-context.ts builds
 * the one step context; this runs the registered steps over it; sinks (src/sinks) turn the result into
 * a stream, a ResourceList or a report.
 */
import { sortFindings, type Finding } from '../findings/finding.js';
import type { StepContext } from '../context/step-context.js';
import { steps as registry, type Step } from '../steps/index.js';
import { createReporter } from '../steps/reporter.js';
import { skippedFinding } from '../steps/skip-checks.js';

export interface PipelineResult {
  findings: Finding[];
}

/** Runs transforms (in registry order), then validators, collecting every finding. */
export async function runPipeline(ctx: StepContext, steps: readonly Step[] = registry): Promise<PipelineResult> {
  const ordered = [...steps.filter((s) => s.kind === 'transform'), ...steps.filter((s) => s.kind === 'validate')];
  const findings: Finding[] = [];
  for (const step of ordered) {
    ctx.signal.throwIfAborted();
    const reported: Finding[] = [];
    const returned = await step.run(ctx, createReporter(step.id, ctx.defaultNamespace, reported));
    for (const finding of [...reported, ...(returned ?? [])]) {
      // kustodian.dev/skip-checks, for every validator; transforms honour it where they change resources.
      if (step.kind === 'validate' && skippedFinding(ctx.index, finding, step.id)) continue;
      findings.push({ ...finding, step: finding.step ?? step.id });
    }
  }
  return { findings: sortFindings(findings) };
}
