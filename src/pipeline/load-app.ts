/**
 * source → context for the commands that build an overlay (render, check, pin): the kustomize-dir
 * source renders it, and the step context is built from what it returns. fn builds its context from
 * a ResourceList instead (src/commands/fn.ts).
 */
import { readKustomizeDir, type KustomizeDirOptions, type KustomizeDirSource } from '../sources/kustomize-dir.js';
import { createContext, type StepContext } from '../context/step-context.js';
import type { PinMode, RegistryClients } from '../images/resolutions.js';

/** An overlay to render, and how its images are resolved. */
export interface AppOptions extends KustomizeDirOptions {
  /** Overrides the pin mode (`kustodian pin` resolves everything from the registry: `refresh`). */
  pinMode?: PinMode;
  /** Registry clients shared with other apps of this process (`pin --all`); by default the app has its own. */
  registryClients?: RegistryClients;
}

/** The rendered app: its step context, and what the source learned besides the resources. */
export interface LoadedApp extends Pick<KustomizeDirSource, 'warnings' | 'configFile' | 'locator'> {
  ctx: StepContext;
}

/** Renders the overlay and builds the one step context over it. */
export async function loadApp(options: AppOptions): Promise<LoadedApp> {
  const { pinMode, registryClients, ...sourceOptions } = options;
  const source = await readKustomizeDir(sourceOptions);
  const ctx = await createContext({
    resources: source.resources,
    config: source.config,
    defaultNamespace: source.defaultNamespace,
    mode: options.mode,
    appDir: source.appDir,
    configDir: source.configDir,
    ...(source.configFile ? { configFile: source.configFile } : {}),
    repoRoot: source.repoRoot,
    env: source.env,
    signal: source.signal,
    ...(pinMode ? { pinMode } : {}),
    ...(registryClients ? { registryClients } : {}),
  });
  return {
    ctx,
    warnings: source.warnings,
    ...(source.configFile ? { configFile: source.configFile } : {}),
    ...(source.locator ? { locator: source.locator } : {}),
  };
}
