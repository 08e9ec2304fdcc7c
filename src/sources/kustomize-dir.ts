/**
 * The kustomize-dir source shared by render, check and pin: load the config, build the overlay,
 * split it into resources, and assemble the step context.
 */
import path from 'node:path';
import { access, constants, stat } from 'node:fs/promises';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { KustodianError } from '../util/errors.js';
import { findKustomizationFile, kustomizeBuild, kustomizationNamespace, type BuildResult } from './kustomize.js';
import { SourceLocator } from './source-locator.js';
import { walkKustomizations, type KustomizationTree } from './kustomization-tree.js';
import { parseStream } from '../manifests/stream.js';
import { assertInsideRoot, resolveRepoRoot, type RepoRoot } from '../repo/root.js';
import { isNamespaceName } from '../manifests/names.js';
import type { PinMode, RegistryClients } from '../images/resolutions.js';
import type { Finding } from '../findings/finding.js';
import { createContext, type StepContext } from '../context/step-context.js';
import type { Config } from '../generated/config.js';

export interface AppOptions {
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
  /** Overrides the pin mode (`kustodian pin` resolves everything from the registry: `refresh`). */
  pinMode?: PinMode;
  /** --repo-root: the bound on every file kustodian reads (src/repo/root.ts). */
  repoRoot?: string;
  /** `check --all ROOT`: the tree the fallback repository root always includes. */
  tree?: string;
  /** Registry clients shared with other apps of this process (`pin --all`); by default the app has its own. */
  registryClients?: RegistryClients;
}

export interface LoadedApp {
  ctx: StepContext;
  /** kustomize's warnings on a successful build. */
  warnings: string[];
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
    throw new KustodianError('IO', `${dir}: cannot read the directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  if (!(await findKustomizationFile(dir))) throw new KustodianError('USAGE', `${dir}: no kustomization.yaml`);
}

/** Everything before the steps run. */
export async function loadApp(options: AppOptions): Promise<LoadedApp> {
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
  const walk = () => (tree ??= walkKustomizations(dir));
  try {
    // The root bounds the config file too, so it is known before anything else is read.
    repoRoot = await resolveRepoRoot(dir, env, { explicit: options.repoRoot, tree: options.tree, walk });
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
  if (early && !sameBuild(early.options, wanted)) early.cancel();
  const building = early && sameBuild(early.options, wanted) ? early.result : kustomizeBuild(dir, { ...wanted, signal, env });
  // File look-ups that need nothing from the build run while kustomize does (neither ever throws).
  const namespace = options.namespace || env.ARGOCD_APP_NAMESPACE || kustomizationNamespace(dir);
  // check reports every finding with its file: read the overlay's files now, while the process would wait.
  const locator = options.mode === 'check' ? sourceLocator(dir, repoRoot.dir, walk) : undefined;
  const prefetched = locator?.prefetch().catch(() => undefined);
  const build = await building.finally(() => prefetched);
  const resources = parseStream(build.yaml);
  const defaultNamespace = await namespace;
  const ctx = await createContext({
    resources,
    config,
    defaultNamespace,
    mode: options.mode,
    appDir: dir,
    configDir: file ? path.dirname(path.resolve(file)) : dir,
    ...(file ? { configFile: path.resolve(file) } : {}),
    repoRoot: repoRoot.dir,
    env,
    signal,
    ...(options.pinMode ? { pinMode: options.pinMode } : {}),
    ...(options.registryClients ? { registryClients: options.registryClients } : {}),
  });
  return { ctx, warnings: build.warnings, configFile: file, ...(locator ? { locator } : {}) };
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
  options: AppOptions,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<{ options: KustomizeFlags; result: Promise<BuildResult>; cancel: () => void } | undefined> {
  let flags: KustomizeFlags;
  try {
    flags = buildOptions((await loadConfig({ dir, env, flags: options.flags, withoutFile: true })).config);
  } catch {
    return undefined;
  }
  const stop = new AbortController();
  const result = kustomizeBuild(dir, { ...flags, signal: AbortSignal.any([signal, stop.signal]), env });
  // Not awaited until chosen: an outcome nobody waits for must not surface as an unhandled rejection.
  result.catch(() => undefined);
  return { options: flags, result, cancel: () => stop.abort() };
}

/**
 * Adds the defining file and line to findings about a resource: the file among those the overlay's
 * kustomizations name that defines it (src/sources/source-locator.ts; no second build), and the line of the
 * finding's field in it. Files outside the repository root are never read.
 */
export async function locateFindings(ctx: StepContext, findings: Finding[], known?: SourceLocator): Promise<Finding[]> {
  const needs = findings.some((f) => (f.resourceRef && !f.file) || f.related?.some((r) => !r.file));
  if (!needs || !ctx.appDir) return findings;
  const base = ctx.repoRoot ?? ctx.appDir;
  const locator = known ?? sourceLocator(ctx.appDir, base);
  /** The file (repo-relative) and line that define `ref`, and within it `fieldPath` when given. */
  const locate = async (ref: Finding['resourceRef'] & object, fieldPath?: string): Promise<{ path: string; line?: number } | undefined> => {
    const found = await locator.locate(ref, fieldPath).catch(() => undefined); // a courtesy; never fail a run for it
    if (!found) return undefined;
    const file = path.relative(base, found.path).split(path.sep).join('/');
    return found.line === undefined ? { path: file } : { path: file, line: found.line };
  };
  return Promise.all(
    findings.map(async (f) => {
      let out = f;
      if (f.resourceRef && !f.file) {
        const file = await locate(f.resourceRef, f.field?.path);
        if (file) out = { ...out, file };
      }
      if (f.related?.some((r) => !r.file)) {
        out = { ...out, related: await Promise.all(f.related.map(async (r) => (r.file || !r.resourceRef ? r : { ...r, file: await locate(r.resourceRef) }))) };
      }
      return out;
    }),
  );
}

/** A locator for the app's findings that reads no file outside the repository root. */
function sourceLocator(appDir: string, root: string, walk?: () => Promise<KustomizationTree>): SourceLocator {
  // Containment is decided on real paths: a symlink inside the repository may lead anywhere.
  return new SourceLocator(appDir, (file) => isInside(file, root), walk);
}

/** True when the file's real path lies under the root's. */
function isInside(abs: string, root: string): Promise<boolean> {
  return assertInsideRoot(abs, root, 'manifest').then(
    () => true,
    () => false,
  );
}
