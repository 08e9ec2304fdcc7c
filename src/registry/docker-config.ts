/**
 * Credentials from Docker's config.json, looked up the way docker/cli does: `credHelpers[host]`, else
 * `credsStore`, else `auths` (exact key, then any key whose hostname matches). Helpers run through src/util/exec.ts,
 * the one subprocess seam, with the server URL on stdin. Nothing here ever logs or echoes a secret: errors name
 * the helper and its exit code only.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run } from '../util/exec.js';
import { KustodianError } from '../util/errors.js';
import { RegistryError } from './registry-error.js';
import { DOCKER_HUB, DOCKER_HUB_AUTH_KEY } from './reference.js';

/** What a registry login can be: user/password, an identity (refresh) token, or a ready registry token. */
export type Credentials =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'identity'; token: string; username?: string }
  | { kind: 'registry'; token: string };

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

interface DockerConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Where config.json lives: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
  return path.join(dir, 'config.json');
}

async function readDockerConfig(env: NodeJS.ProcessEnv): Promise<DockerConfigFile> {
  const file = dockerConfigPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new KustodianError('IO', `could not read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    // Never echo the parser message: it may quote part of a secret.
    throw new KustodianError('CONFIG_INVALID', `${file} is not valid JSON`);
  }
}

/** The server key docker uses for a registry (Docker Hub is special-cased, like docker/cli and ggcr). */
function serverKey(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : registry;
}

function entryHost(key: string): string {
  const stripped = key.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '';
  return stripped.toLowerCase();
}

function fromEntry(entry: AuthEntry): Credentials | undefined {
  if (entry.registrytoken) return { kind: 'registry', token: entry.registrytoken };
  if (entry.identitytoken) return { kind: 'identity', token: entry.identitytoken };
  let username = entry.username;
  let password = entry.password;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      username = decoded.slice(0, i);
      password = decoded.slice(i + 1).replace(/\0+$/, '');
    }
  }
  if (username && password !== undefined) return { kind: 'basic', username, password };
  return undefined;
}

async function fromHelper(helper: string, server: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<Credentials | undefined> {
  const program = `docker-credential-${helper}`;
  const result = await run(program, ['get'], {
    input: server,
    env,
    signal,
    timeoutMs: 10_000,
    installHint: 'It is named by credHelpers/credsStore in your Docker config.json.',
  });
  if (result.exitCode !== 0) {
    if (/credentials not found/i.test(result.stdout + result.stderr)) return undefined;
    throw new RegistryError('credentials', `credential helper ${program} failed for ${server} (exit ${result.exitCode})`);
  }
  let parsed: { Username?: unknown; Secret?: unknown };
  try {
    parsed = JSON.parse(result.stdout) as { Username?: unknown; Secret?: unknown };
  } catch {
    throw new RegistryError('credentials', `credential helper ${program} returned invalid JSON for ${server}`);
  }
  const username = typeof parsed.Username === 'string' ? parsed.Username : '';
  const secret = typeof parsed.Secret === 'string' ? parsed.Secret : '';
  if (!secret) return undefined;
  if (username === '<token>') return { kind: 'identity', token: secret };
  return { kind: 'basic', username, password: secret };
}

/**
 * Credentials for one registry (normalised host[:port], e.g. `docker.io`), or undefined for anonymous access.
 * `env` supplies DOCKER_CONFIG, HOME and PATH (the helper's). Every failure but INTERRUPTED is a
 * RegistryError('credentials'): a broken helper or config.json fails the images of that registry (fail closed,
 * one finding per image), not the whole run.
 */
export async function lookupCredentials(registry: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<Credentials | undefined> {
  try {
    return await lookupUnwrapped(registry, env, signal);
  } catch (error) {
    if (error instanceof KustodianError && error.code === 'INTERRUPTED') throw error;
    if (error instanceof RegistryError) throw error;
    // KustodianError messages from readDockerConfig and exec name a file, a program or an exit code, never a secret.
    const why = error instanceof KustodianError ? error.message : 'unexpected error';
    throw new RegistryError('credentials', `credentials for ${registry} could not be looked up: ${why}`, { registry, cause: error });
  }
}

async function lookupUnwrapped(registry: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<Credentials | undefined> {
  const config = await readDockerConfig(env);
  const key = serverKey(registry);
  const helper = config.credHelpers?.[registry] ?? config.credHelpers?.[key] ?? config.credsStore;
  if (helper) {
    const found = await fromHelper(helper, key, env, signal);
    if (found || config.credHelpers?.[registry] || config.credHelpers?.[key]) return found;
  }
  const auths = config.auths ?? {};
  const exact = auths[key] ?? auths[registry];
  if (exact) return fromEntry(exact);
  const wanted = registry.toLowerCase();
  for (const [k, entry] of Object.entries(auths)) {
    const h = entryHost(k);
    if (h === wanted || (registry === DOCKER_HUB && (h === 'index.docker.io' || h === 'registry-1.docker.io'))) return fromEntry(entry);
  }
  return undefined;
}
