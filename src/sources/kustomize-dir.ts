/**
 * The kustomize-dir source shared by render, check and pin: resolve the repository root, load the
 * config, build the overlay and split it into resources. What it returns is the input of the step
 * context (src/pipeline/load-app.ts assembles the two); this module knows nothing of steps.
 */
import path from 'node:path';
import { access, constants, stat } from 'node:fs/promises';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { KustodianError } from '../util/errors.js';
import { kustomizeBuild, type BuildResult } from './kustomize.js';
import { findKustomizationFile, readKustomization } from './kustomization-file.js';
import { rootBoundLocator, type SourceLocator } from './source-locator.js';
import { findAppRepoRoot, walkKustomizations, type KustomizationTree } from './kustomization-tree.js';
import { parseStream } from '../manifests/stream.js';
import type { Resource } from '../manifests/resource.js';
import type { RepoRoot } from '../repo/root.js';
import { isNamespaceName } from '../manifests/object-names.js';
import type { Config } from '../generated/config.js';
import { planKustomizeEdits } from './kustomize-edits.js';
import { withEditedCopy } from './edited-copy.js';

/** What the kustomize-dir source needs: the overlay, and the flags and env that shape its build. */
export interface KustomizeDirOptions {
  dir: string;
  /** --namespace */
  namespace?: string;
  /** --config */
  configFile?: string;
  /** Flag values by parameter name (enable-helm, load-restrictor, pin, platforms …). */
  flags?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  mode: 'render' | 'check';
  /** --repo-root: the bound on every file kustodian reads (src/repo/root.ts). */
  repoRoot?: string;
  /** `check --all ROOT`: the tree the fallback repository root always includes. */
  tree?: string;
  /** The app's kustomization walk when the caller made it already (`--changed-since`), so it is made once. */
  kustomizationTree?: Promise<KustomizationTree>;
}

/** The rendered overlay and everything the step context is built from. */
export interface KustomizeDirSource {
  resources: Resource[];
  config: Config;
  defaultNamespace: string | undefined;
  appDir: string;
  /** The directory of kustodian.yaml, else the app dir: config-relative paths start here. */
  configDir: string;
  repoRoot: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** kustomize's warnings on a successful build. */
  warnings: string[];
  /** The config file that was read (absolute), if any. */
  configFile?: string;
  /** `check`: the locator for findings, whose files were read while kustomize built (see locateFindings). */
  locator?: SourceLocator;
}

async function assertKustomizeDir(dir: string): Promise<void> {
  let isDir = false;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch {
    throw new KustodianError('USAGE', `${dir}: no such directory`);
  }
  if (!isDir) throw new KustodianError('USAGE', `${dir}: not a directory`);
  try {
    // A directory kustodian may not list would otherwise read as one without a kustomization.
    await access(dir, constants.R_OK | constants.X_OK);
  } catch (error) {
    throw new KustodianError('IO', `${dir}: cannot read the directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
  if (!(await findKustomizationFile(dir))) throw new KustodianError('USAGE', `${dir}: no kustomization.yaml`);
}

/** Everything before the steps run. */
export async function readKustomizeDir(options: KustomizeDirOptions): Promise<KustomizeDirSource> {
  const env = options.env ?? process.env;
  const signal = options.signal ?? new AbortController().signal;
  const dir = path.resolve(options.dir);
  await assertKustomizeDir(dir);
  // kustomize is the long pole and needs only its flags: start it before the repository root and
  // kustodian.yaml are known (tens of milliseconds in a tree without .git), with the flags the env
  // and the command line give. A kustodian.yaml that asks for other flags starts it again.
  const early = await startEarlyBuild(dir, options, env, signal);
  let loaded: LoadedConfig;
  let repoRoot: RepoRoot;
  // One walk of the kustomizations serves the repository root of a tree without .git and check's locator.
  let tree: Promise<KustomizationTree> | undefined;
  const walk = () => (tree ??= options.kustomizationTree ?? walkKustomizations(dir));
  try {
    // The root bounds the config file too, so it is known before anything else is read.
    repoRoot = await findAppRepoRoot(dir, env, { explicit: options.repoRoot, tree: options.tree, walk });
    loaded = await loadConfig({ dir, file: options.configFile, env, flags: options.flags, root: repoRoot });
    const argoNamespace = env.ARGOCD_APP_NAMESPACE;
    if (!options.namespace && argoNamespace && !isNamespaceName(argoNamespace)) {
      throw new KustodianError('USAGE', `ARGOCD_APP_NAMESPACE must be a DNS-1123 label, not ${JSON.stringify(argoNamespace.slice(0, 64))}`);
    }
  } catch (error) {
    early?.cancel();
    throw error;
  }
  const { config, file } = loaded;
  // One plain build for every command: findings are located in the files the overlay names (locateFindings).
  const wanted = buildOptions(config);
  // Argo CD's kustomize options (kustomize.edit) build an edited private copy instead of the overlay itself.
  const edits = planKustomizeEdits(config.kustomize?.edit, env);
  const reuse = early && !edits && sameBuild(early.options, wanted);
  if (early && !reuse) early.cancel();
  const building = reuse
    ? early.result
    : edits
      ? withEditedCopy({ appDir: dir, repoRoot: repoRoot.dir, edits, loadRestrictor: wanted.loadRestrictor, signal }, (copy) =>
          kustomizeBuild(copy, { ...wanted, signal, env }),
        )
      : kustomizeBuild(dir, { ...wanted, signal, env });
  // File look-ups that need nothing from the build run while kustomize does (neither ever throws).
  const namespace = options.namespace || env.ARGOCD_APP_NAMESPACE || readKustomization(dir).then((k) => k?.namespace);
  // check reports every finding with its file: read the overlay's files now, while the process would wait.
  const locator = options.mode === 'check' ? rootBoundLocator(dir, repoRoot.dir, walk) : undefined;
  const prefetched = locator?.prefetch().catch(() => undefined);
  const build = await building.finally(() => prefetched);
  const resources = parseStream(build.yaml);
  const configFile = file ? path.resolve(file) : undefined;
  return {
    resources,
    config,
    defaultNamespace: await namespace,
    appDir: dir,
    configDir: configFile ? path.dirname(configFile) : dir,
    repoRoot: repoRoot.dir,
    env,
    signal,
    warnings: build.warnings,
    ...(configFile ? { configFile } : {}),
    ...(locator ? { locator } : {}),
  };
}

/** The kustomize flags the config asks for. */
export function buildOptions(config: Config): KustomizeFlags {
  return { enableHelm: config.kustomize?.enableHelm ?? false, loadRestrictor: config.kustomize?.loadRestrictor };
}

type KustomizeFlags = { enableHelm: boolean; loadRestrictor?: 'root' | 'none' };

function sameBuild(a: KustomizeFlags, b: KustomizeFlags): boolean {
  return a.enableHelm === b.enableHelm && a.loadRestrictor === b.loadRestrictor;
}

/**
 * A build started with the flags known without kustodian.yaml; undefined when those are invalid (the
 * full load reports why). `cancel` stops it and silences its outcome, for when it is not used.
 */
async function startEarlyBuild(
  dir: string,
  options: KustomizeDirOptions,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<{ options: KustomizeFlags; result: Promise<BuildResult>; cancel: () => void } | undefined> {
  let flags: KustomizeFlags;
  try {
    const { config } = await loadConfig({ dir, env, flags: options.flags, withoutFile: true });
    // An overlay with Argo CD's kustomize options is built only as an edited copy, once its config is known.
    if (config.kustomize?.edit && planKustomizeEdits(config.kustomize.edit, env)) return undefined;
    flags = buildOptions(config);
  } catch {
    return undefined;
  }
  const stop = new AbortController();
  const result = kustomizeBuild(dir, { ...flags, signal: AbortSignal.any([signal, stop.signal]), env });
  // Not awaited until chosen: an outcome nobody waits for must not surface as an unhandled rejection.
  result.catch(() => undefined);
  return { options: flags, result, cancel: () => stop.abort() };
}
