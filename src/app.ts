/**
 * The kustomize-dir source shared by render, check and pin: load the config, build the overlay,
 * split it into resources, and assemble the step context.
 */
import path from 'node:path';
import { access, constants, readFile, stat } from 'node:fs/promises';
import { loadConfig } from './config/load.js';
import { KustodianError } from './errors.js';
import { findKustomizationFile, kustomizeBuild, kustomizeOrigins, kustomizationNamespace, originKey, type OriginMap } from './sources/kustomize.js';
import { takeOrigins } from './sources/origins.js';
import { parseStream } from './manifests/stream.js';
import { assertInsideRoot, resolveRepoRoot } from './repo.js';
import { isNamespaceName } from './manifests/names.js';
import { lineOf } from './manifests/locate.js';
import type { PinMode, RegistryClients } from './images/resolutions.js';
import type { Finding } from './findings.js';
import { createContext, type StepContext } from './context.js';
import type { Config } from './generated/config.js';

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
  /** --repo-root: the bound on every file kustodian reads (src/repo.ts). */
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
  /** `check`: where each resource is defined, from the one build (origin annotations); see locateFindings. */
  origins?: OriginMap;
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
  // The root bounds the config file too, so it is known before anything else is read.
  const repoRoot = await resolveRepoRoot(dir, env, { explicit: options.repoRoot, tree: options.tree });
  const { config, file } = await loadConfig({ dir, file: options.configFile, env, flags: options.flags, root: repoRoot });
  const argoNamespace = env.ARGOCD_APP_NAMESPACE;
  if (!options.namespace && argoNamespace && !isNamespaceName(argoNamespace)) {
    throw new KustodianError('USAGE', `ARGOCD_APP_NAMESPACE must be a DNS-1123 label, not ${JSON.stringify(argoNamespace.slice(0, 64))}`);
  }
  // check prints no manifests and reports findings with their files: one build with origin annotations
  // serves both (cut off before the steps run); render keeps the plain build and pays only on failure.
  const withOrigins = options.mode === 'check';
  const building = kustomizeBuild(dir, { ...buildOptions(config), signal, env, originAnnotations: withOrigins });
  // File look-ups that need nothing from the build run while kustomize does (neither ever throws).
  const namespace = options.namespace || argoNamespace || kustomizationNamespace(dir);
  const build = await building;
  let resources = parseStream(build.yaml);
  let origins: OriginMap | undefined;
  if (withOrigins && build.originRoot) ({ resources, origins } = takeOrigins(resources, build.originRoot, dir));
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
  return { ctx, warnings: build.warnings, configFile: file, ...(origins ? { origins } : {}) };
}

/** The kustomize flags the config asks for. */
export function buildOptions(config: Config): { enableHelm: boolean; loadRestrictor?: 'root' | 'none' } {
  return { enableHelm: config.kustomize?.enableHelm ?? false, loadRestrictor: config.kustomize?.loadRestrictor };
}

/**
 * Adds the defining file and line to findings about a resource. The file comes from `known` origins
 * (check's one build) or else costs a second kustomize build with origin annotations (render, only when
 * some finding lacks a file); the line comes from reading that file (never one outside the repository root).
 */
export async function locateFindings(ctx: StepContext, findings: Finding[], known?: OriginMap): Promise<Finding[]> {
  const needs = findings.some((f) => (f.resourceRef && !f.file) || f.related?.some((r) => !r.file));
  if (!needs || !ctx.appDir) return findings;
  let origins: OriginMap;
  try {
    origins = known ?? (await kustomizeOrigins(ctx.appDir, { ...buildOptions(ctx.config), signal: ctx.signal, env: ctx.env }));
  } catch (error) {
    if (error instanceof KustodianError && error.code === 'INTERRUPTED') throw error;
    return findings; // file names are a courtesy; never fail a run for them
  }
  const appDir = ctx.appDir;
  const base = ctx.repoRoot ?? appDir;
  // Containment is decided on real paths: a symlink inside the repository may lead anywhere.
  const texts = new Map<string, Promise<string | undefined>>();
  const read = (rel: string) => {
    let text = texts.get(rel);
    if (!text) {
      text = readInside(path.resolve(base, rel), base);
      texts.set(rel, text);
    }
    return text;
  };
  /** The file (repo-relative) and line that define `ref`, and within it `fieldPath` when given. */
  const locate = async (ref: Finding['resourceRef'] & object, fieldPath?: string): Promise<{ path: string; line?: number } | undefined> => {
    // A namespace that came from the default was not written in the manifest: look it up both ways.
    const written = ref.namespace === ctx.defaultNamespace ? [ref.namespace, undefined] : [ref.namespace];
    for (const ns of written) {
      const rel = origins.get(originKey(ref.kind, ns, ref.name));
      if (rel === undefined) continue;
      const file = path.relative(base, path.resolve(appDir, rel)).split(path.sep).join('/');
      const text = await read(file);
      const line = text === undefined ? undefined : lineOf(text, ref, fieldPath);
      return line === undefined ? { path: file } : { path: file, line };
    }
    return undefined;
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

/** The file's text when its real path lies under the root's; undefined otherwise or when unreadable. */
async function readInside(abs: string, root: string): Promise<string | undefined> {
  const inside = await assertInsideRoot(abs, root, 'manifest').then(
    () => true,
    () => false,
  );
  return inside ? readFile(abs, 'utf8').catch(() => undefined) : undefined;
}
