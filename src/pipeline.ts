/**
 * source → steps → sink. Sources (src/sources) produce resources; this runs the registered steps over
 * them; sinks (src/sinks) turn the result into a stream, a ResourceList or a report.
 */
import { sortFindings, type Finding } from './findings.js';
import { steps as registry, type Step, type StepContext } from './steps/index.js';

export interface PipelineResult {
  findings: Finding[];
}

/** Runs transforms (in registry order), then validators, collecting every finding. */
export async function runPipeline(ctx: StepContext, steps: readonly Step[] = registry): Promise<PipelineResult> {
  const ordered = [...steps.filter((s) => s.kind === 'transform'), ...steps.filter((s) => s.kind === 'validate')];
  const findings: Finding[] = [];
  for (const step of ordered) {
    ctx.signal.throwIfAborted();
    for (const finding of await step.run(ctx)) findings.push({ ...finding, step: finding.step ?? step.id });
  }
  return { findings: sortFindings(findings) };
}
