/**
 * `kustodian fn` (and the `kustodian-fn` bin): kustodian as a KRM function. ResourceList in on stdin,
 * ResourceList out on stdout; the same steps as render run over the items.
 */
import { hasErrors, type Finding } from '../findings/finding.js';
import { runPipeline } from '../pipeline/run-steps.js';
import { loadFunctionConfig } from '../config/load.js';
import { createContext } from '../context/step-context.js';
import { readResourceList } from '../sources/resource-list-reader.js';
import { failureResourceList, toResults, writeResourceList, type KrmResult } from '../sinks/resource-list-writer.js';
import { formatFindings, summarize } from '../sinks/text.js';
import { KustodianError, ExitCode } from '../util/errors.js';
import { steps as registry, type Step } from '../steps/index.js';
import type { Command } from './command.js';
import type { Resource } from '../manifests/resource.js';

/** Options of the programmatic KRM function. */
export interface FnOptions {
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** The steps to run; the registry by default. Tests and embedders may pass their own. */
  steps?: readonly Step[];
}

/** What one function run produced. */
export interface FnResult {
  /**
   * The output ResourceList, with every finding as a result. Written on error findings too (the KRM
   * spec: a function always answers with a ResourceList), when `failed` says the run must exit 1.
   */
  output: string;
  /** An error finding fails the run. */
  failed: boolean;
  findings: Finding[];
  results: KrmResult[];
}

/**
 * Runs the pipeline over a ResourceList text. The default namespace is the functionConfig's
 * (ConfigMap `data.namespace` or `metadata.namespace`) or none: a transformer cannot know which
 * namespace the app will be applied to, and guessing would invent references.
 */
export async function krmFunction(input: string, options: FnOptions = {}): Promise<FnResult> {
  const env = options.env ?? process.env;
  const signal = options.signal ?? new AbortController().signal;
  const list = readResourceList(input);
  const { config, namespace } = loadFunctionConfig(list.functionConfig, env);
  // kpt passes local-config objects (the Kptfile, function configs) as items; they are never applied,
  // so the steps do not see them, and they go back out unchanged after the others.
  const local = list.resources.filter(isLocalConfig);
  const ctx = await createContext({
    resources: list.resources.filter((r) => !isLocalConfig(r)),
    config,
    defaultNamespace: namespace,
    mode: 'fn',
    env,
    signal,
  });
  const { findings } = await runPipeline(ctx, options.steps ?? registry);
  const results = toResults(findings, ctx.resources, ctx.defaultNamespace);
  const output = writeResourceList(list.apiVersion, [...ctx.resources, ...local], results, list.nodes);
  return { output, failed: hasErrors(findings), findings, results };
}

function isLocalConfig(resource: Resource): boolean {
  return resource.annotation('config.kubernetes.io/local-config') === 'true';
}

/** The `fn` command; `kustodian-fn` runs exactly this. */
export const fnCommand: Command = {
  usage: `kustodian fn < resource-list.yaml
  Run as a KRM function: read a ResourceList (config.kubernetes.io/v1) on stdin, run every step,
  write the ResourceList with results to stdout. Error findings: the ResourceList with every result on
  stdout (kpt shows them), a summary on stderr, exit 1. A failure (bad input or functionConfig) still
  writes a ResourceList with one error result. Also installed as the bin kustodian-fn.`,
  options: {},
  report: true,
  failureOutput: failureResourceList,
  async run(_values, positionals, io) {
    if (positionals.length) throw new KustodianError('USAGE', 'fn takes no arguments; it reads a ResourceList on stdin');
    const result = await krmFunction(await io.readStdin(), { env: io.env, signal: io.signal });
    const report = formatFindings(result.findings);
    if (report) io.err(report);
    io.out(result.output);
    if (result.failed) {
      io.err(`kustodian fn: failed: ${summarize(result.findings)}`);
      return ExitCode.FINDINGS;
    }
    return ExitCode.OK;
  },
};
