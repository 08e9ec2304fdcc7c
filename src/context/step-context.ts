/**
 * The one step context, built once per run by `createContext` for every entry (render, check and pin
 * through src/sources/kustomize-dir.ts, fn through src/commands/fn.ts), with typed services as fields. Sources produce
 * resources and a config; this turns them into what steps read; steps never build any of it themselves.
 */
import path from 'node:path';
import type { Resource } from '../manifests/resource.js';
import { PodTemplateWalker, configuredPodTemplates } from '../manifests/pod-template-walker.js';
import { ResourceIndex } from '../manifests/resource-index.js';
import { RunRefs } from '../refs/run-refs.js';
import { withDefaults, type Settings } from '../config/settings.js';
import { ImageResolutions, registryClientFor, type PinMode, type RegistryClients } from '../images/resolutions.js';
import { readLock } from '../images/lock-file.js';
import type { ImageInspector } from '../images/image-facts.js';
import { scanFlywayLocations, type LocationFiles } from '../flyway/locations.js';
import type { Config } from '../generated/config.js';
import { KustodianError } from '../util/errors.js';

/** Everything a step may read. Steps never print, never exit, never read process.env directly. */
export interface StepContext {
  /** The rendered resources, in output order. Transform steps may change objects (then call `changed()`) or insert resources. */
  resources: Resource[];
  /** The validated config with every schema default applied. */
  config: Settings;
  /** The namespace of namespaced resources written without one. */
  defaultNamespace: string | undefined;
  walker: PodTemplateWalker;
  /** The resources by group/kind, namespace and every referable name. */
  index: ResourceIndex;
  /** The Secret/ConfigMap provider domain (references, providers, RBAC evidence), built on first use. */
  refs: RunRefs;
  /** Where the run happens: render/check build a kustomize dir; fn gets a ResourceList. */
  mode: 'render' | 'check' | 'fn';
  /** The app directory (kustomize DIR), when there is one. */
  appDir?: string;
  /** The directory of the config file (kustodian.yaml), for config-relative paths. */
  configDir?: string;
  /** The config file that was read (absolute), if any: config errors found later are placed on it. */
  configFile?: string;
  /** The repository root: no step may read files outside it. */
  repoRoot?: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** The run's image resolutions (lock, registry), shared by the pin step and `inspectImage`. */
  images: ImageResolutions;
  /** Image facts for the PGDATA step; undefined when pinning is off (nothing may be asked of a registry). */
  inspectImage?: ImageInspector;
  /** `flyway.locations` resolved and scanned; undefined when the run has no directory to resolve them against (fn). */
  flywayLocations?: LocationFiles[];
}

/** A flyway.locations error is about the config file that set it: reports place it there. */
function onConfigFile(error: unknown, configFile: string | undefined): unknown {
  if (!(error instanceof KustodianError) || error.code !== 'CONFIG_INVALID' || error.file || !configFile) return error;
  return new KustodianError(error.code, error.message, { cause: error.cause, file: { path: configFile } });
}

/** What `createContext` needs from a source. */
export interface ContextInput {
  resources: Resource[];
  /** The validated config; defaults are applied here when the loader did not already. */
  config: Config;
  defaultNamespace?: string;
  mode: StepContext['mode'];
  appDir?: string;
  configDir?: string;
  configFile?: string;
  repoRoot?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Overrides config `images.pin` (`kustodian pin` resolves everything from the registry: `refresh`). */
  pinMode?: PinMode;
  /** Replaces the registry-backed image facts (tests and embedders). */
  inspectImage?: ImageInspector;
  /** Registry clients shared with other apps of this process (`pin --all`); by default the run has its own. */
  registryClients?: RegistryClients;
}

/**
 * Builds the run's context. Throws CONFIG_INVALID for a `flyway.locations` entry that cannot be
 * checked (outside the repository, missing, not a filesystem location): a config error, found before any step runs.
 */
export async function createContext(input: ContextInput): Promise<StepContext> {
  const config = withDefaults(input.config);
  const env = input.env ?? process.env;
  const signal = input.signal ?? new AbortController().signal;
  const { appDir } = input;
  const pinMode = input.pinMode ?? config.images.pin;
  const ctx: StepContext = {
    resources: input.resources,
    config,
    defaultNamespace: input.defaultNamespace,
    walker: new PodTemplateWalker(configuredPodTemplates(config.podTemplates)),
    index: new ResourceIndex(() => ctx.resources, input.defaultNamespace),
    refs: new RunRefs(() => ctx),
    mode: input.mode,
    env,
    signal,
    images: new ImageResolutions({
      mode: pinMode,
      loadLock: () => (appDir ? readLock(appDir, input.repoRoot) : Promise.resolve(undefined)),
      // `kustodian pin` writes what the registry says now: a fresh cached tag answer may predate a re-push.
      registry: () =>
        (input.registryClients ?? { for: registryClientFor }).for({
          settings: config.images,
          cache: config.cache,
          env,
          signal,
          revalidateTags: pinMode === 'refresh',
        }),
      platforms: config.images.platforms,
      offline: config.images.offline,
    }),
  };
  if (appDir !== undefined) ctx.appDir = appDir;
  if (input.configDir !== undefined) ctx.configDir = input.configDir;
  if (input.configFile !== undefined) ctx.configFile = input.configFile;
  if (input.repoRoot !== undefined) ctx.repoRoot = input.repoRoot;
  const inspect = input.inspectImage ?? (ctx.images.mode === 'off' ? undefined : (reference: string) => ctx.images.inspect(reference));
  if (inspect) ctx.inspectImage = inspect;
  const base = input.configDir ?? appDir;
  if (base !== undefined) {
    try {
      ctx.flywayLocations = await scanFlywayLocations(config.flyway.locations ?? [], base, path.resolve(input.repoRoot ?? base));
    } catch (error) {
      throw onConfigFile(error, input.configFile);
    }
  }
  return ctx;
}
