/** `kustodian render [DIR]`: the ArgoCD generate command. */
import { loadApp, type AppOptions } from '../pipeline/load-app.js';
import { locateFindings } from '../sources/source-locator.js';
import { hasErrors, type Finding } from '../findings/finding.js';
import { runPipeline } from '../pipeline/run-steps.js';
import { serializeStream } from '../manifests/stream.js';
import { KustodianError, ExitCode } from '../util/errors.js';
import { formatFindings, summarize } from '../sinks/text.js';
import { buildFlags, buildOptionsFrom, type Command } from './command.js';

export type RenderOptions = Omit<AppOptions, 'mode'>;

export interface RenderResult {
  /** The manifests; undefined when an error finding stops the render. */
  yaml?: string;
  findings: Finding[];
  /** kustomize's own warnings. */
  warnings: string[];
}

export async function render(options: RenderOptions): Promise<RenderResult> {
  const { ctx, warnings } = await loadApp({ ...options, mode: 'render' });
  const { findings } = await runPipeline(ctx);
  if (hasErrors(findings)) {
    return { findings: await locateFindings(ctx, findings), warnings };
  }
  return { yaml: serializeStream(ctx.resources), findings, warnings };
}

export const renderCommand: Command = {
  usage: `kustodian render [DIR] [--namespace NS] [--enable-helm] [--load-restrictor none|root] [--config FILE]
                 [--pin resolve|locked|off] [--offline] [--platform os/arch[,os/arch…]] [--repo-root DIR]
                 [--kube-version 1.31] [--api-versions apps/v1,apps/v1/Deployment,…]
  Build DIR (default .) with kustomize, run every step, and print the manifests.
  Prints nothing to stdout unless everything passed. --offline asks no registry and reads no cache:
  image facts come from the lock and from digests written in the manifests only.`,
  options: buildFlags,
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new KustodianError('USAGE', `render takes one directory, got ${positionals.length}`);
    const result = await render({
      dir: positionals[0] ?? '.',
      ...buildOptionsFrom(values, io),
    });
    for (const w of result.warnings) io.err(`kustomize: ${w}`);
    const report = formatFindings(result.findings);
    if (report) io.err(report);
    if (hasErrors(result.findings) || result.yaml === undefined) {
      io.err(`kustodian: render failed: ${summarize(result.findings)}`);
      return ExitCode.FINDINGS;
    }
    io.out(result.yaml);
    return ExitCode.OK;
  },
};
