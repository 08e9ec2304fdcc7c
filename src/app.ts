/**
 * The kustomize-dir source shared by render, check and pin: load the config, build the overlay,
 * split it into resources, and assemble the step context.
 */
import path from 'node:path';
import { readFile, realpath, stat } from 'node:fs/promises';
import { loadConfig } from './config/load.js';
import { KustodianError } from './errors.js';
import { findKustomizationFile, kustomizeBuild, kustomizeOrigins, kustomizationNamespace, originKey, type OriginMap } from './sources/kustomize.js';
import { takeOrigins } from './sources/origins.js';
import { parseStream } from './manifests/stream.js';
import { findRepoRoot } from './repo.js';
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
  if (!(await findKustomizationFile(dir))) throw new KustodianError('USAGE', `${dir}: no kustomization.yaml`);
}

/** Everything before the steps run. */
export async function loadApp(options: AppOptions): Promise<LoadedApp> {
  const env = options.env ?? process.env;
  const signal = options.signal ?? new AbortController().signal;
  const dir = path.resolve(options.dir);
  await assertKustomizeDir(dir);
  const { config, file } = await loadConfig({ dir, file: options.configFile, env, flags: options.flags });
  // check prints no manifests and reports findings with their files: one build with origin annotations
  // serves both (cut off before the steps run); render keeps the plain build and pays only on failure.
  const withOrigins = options.mode === 'check';
  const building = kustomizeBuild(dir, { ...buildOptions(config), signal, env, originAnnotations: withOrigins });
  // File look-ups that need nothing from the build run while kustomize does (neither ever throws).
  const namespace = options.namespace || env.ARGOCD_APP_NAMESPACE || kustomizationNamespace(dir);
  const repoRoot = findRepoRoot(dir, env);
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
    repoRoot: await repoRoot,
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
  const realBase = realpath(base).catch(() => undefined);
  const texts = new Map<string, Promise<string | undefined>>();
  const read = (rel: string) => {
    let text = texts.get(rel);
    if (!text) {
      text = readInside(path.resolve(base, rel), realBase);
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

/** The file's text when its real path lies under the real root; undefined otherwise or when unreadable. */
async function readInside(abs: string, realRoot: Promise<string | undefined>): Promise<string | undefined> {
  const root = await realRoot;
  if (root === undefined) return undefined;
  const real = await realpath(abs).catch(() => undefined);
  if (real === undefined) return undefined;
  const rel = path.relative(root, real);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return readFile(real, 'utf8').catch(() => undefined);
}
