/**
 * `kustodian check -`: checks manifests another tool rendered (`helm template … | kustodian check -`),
 * read from stdin, with the config of the current directory. The same steps and report as `check`,
 * without a kustomize build.
 */
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { parseStream } from '../manifests/stream.js';
import { createContext } from '../context/step-context.js';
import { runPipeline } from '../pipeline/run-steps.js';
import { findAppRepoRoot } from '../sources/kustomization-tree.js';
import { steps as registry, type Step } from '../steps/index.js';
import { KustodianError, exitCodeFor } from '../util/errors.js';
import type { AppReport, CheckReport } from '../sinks/check-report.js';
import { version } from '../util/version.js';
import { ruleHelp } from './code-catalog.js';
import type { AppOptions } from '../pipeline/load-app.js';

/** Options of checking an already-rendered stream (`kustodian check -`). */
export interface StreamCheckOptions extends Omit<AppOptions, 'mode' | 'dir'> {
  /** The steps to run; the registry by default. */
  steps?: readonly Step[];
  /** Where kustodian.yaml is looked up (unless configFile) and relative paths start; default the cwd. */
  cwd?: string;
}

/** What a stream read from stdin is called in reports (its "directory" and "file"). */
export const STDIN_NAME = '-';

/**
 * Checks manifests rendered by another tool (`helm template … | kustodian check -`): every step runs
 * over the stream as over a kustomize build, with the config of the current directory (kustodian.yaml,
 * --config, KUSTODIAN_*). Findings carry no file (nothing says which file made an object).
 */
export async function checkStream(text: string, options: StreamCheckOptions = {}): Promise<CheckReport> {
  const env = options.env ?? process.env;
  const signal = options.signal ?? new AbortController().signal;
  const steps = options.steps ?? registry;
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const app: AppReport = { dir: STDIN_NAME, kustomization: STDIN_NAME, findings: [] };
  try {
    const { config, file } = await loadConfig({ dir: cwd, file: options.configFile, env, flags: options.flags });
    // No appDir: there is no kustomization, no lock beside it, and nothing to locate findings in.
    const ctx = await createContext({
      resources: parseStream(text),
      config,
      defaultNamespace: options.namespace || env.ARGOCD_APP_NAMESPACE || undefined,
      mode: 'check',
      configDir: file ? path.dirname(path.resolve(file)) : cwd,
      repoRoot: (await findAppRepoRoot(cwd, env)).dir,
      env,
      signal,
    });
    app.findings = (await runPipeline(ctx, steps)).findings;
  } catch (error) {
    if (!(error instanceof KustodianError) || error.code === 'INTERRUPTED') throw error;
    app.failure = { code: error.code, message: error.message, exitCode: exitCodeFor(error) };
  }
  const { help, stepOf } = ruleHelp(steps, app.findings);
  return { apps: [app], help, stepOf, version };
}
