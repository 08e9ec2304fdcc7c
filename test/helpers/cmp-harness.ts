/**
 * A stand-in for argocd-cmp-server and the repo-server around it (reference: ../shared/reference/argocd-cmp.md
 * §3–§8). It runs OUR plugin.yaml the way the sidecar does, so a passing test here means ArgoCD would get the
 * same manifests, the same error text and the same exit code:
 *
 *  - the repo is copied into a fresh temp dir with files at 0644 and dirs at 0755 (preserveFileMode: false);
 *  - `init` (if any) then `generate` run in exec form (no shell) with cwd = app path;
 *  - env = sidecar env, then the request env (ARGOCD_APP_*, KUBE_*, ARGOCD_ENV_*, ARGOCD_APP_PARAMETERS, PARAM_*);
 *    later keys win, as with Go's exec.Cmd;
 *  - `kustodian` is resolved on PATH (a temp bin dir with a symlink to dist/cli.js comes first);
 *  - stdout is parsed like kube.SplitYAMLToString + the repo-server: one trailing newline trimmed, JSON stream
 *    when it starts with `{`, else a YAML stream; empty/null docs skipped; Lists flattened; kind/apiVersion required.
 *
 * Hand-written because no library reproduces these ArgoCD specifics (env encoding, List flattening).
 */
import { execa, type ResultPromise } from 'execa';
import {
  access,
  chmod,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { cliPath, repoRoot } from './cli.js';
import { index as apiIndex } from '../../src/generated/kubernetes-api/schemas.js';

/** One entry of `spec.source.plugin.parameters`. */
export interface CmpParameter {
  name: string;
  string?: string;
  array?: string[];
  map?: Record<string, string>;
}

/** What an Application and the sidecar contribute to one generate request. */
export interface CmpRequest {
  /** The repository tree to send (copied, never touched). */
  repo: string;
  /** App path relative to the repo root (`spec.source.path`). */
  appPath: string;
  /** Extra files written into the copy, by repo-relative path (a kustodian.yaml for one case, say). */
  files?: Record<string, string>;
  /** `spec.source.plugin.env`, names as the user wrote them (ArgoCD adds ARGOCD_ENV_). */
  env?: Record<string, string>;
  /** `spec.source.plugin.parameters`. */
  parameters?: CmpParameter[];
  /** The sidecar container's own env (`env:` in the repo-server patch), unprefixed. */
  sidecarEnv?: Record<string, string>;
  /** Directories on the sidecar's PATH after our bin dir; defaults to this process's PATH. */
  path?: string;
  appName?: string;
  /** The destination namespace. */
  namespace?: string;
  revision?: string;
  kubeVersion?: string;
  kubeApiVersions?: string[];
  /** Leave ARGOCD_APP_PARAMETERS out (to exercise the PARAM_* fallback). */
  omitParametersJson?: boolean;
  /**
   * Send SIGTERM (or `signal`) this many ms after generate started, once it has a child process (so the signal lands
   * mid-render). `group` signals the process group as the sidecar does on deadline; `process` only our pid,
   * which proves kustodian itself stops its child.
   */
  terminate?: {
    /** Signal once this file exists (a fake kustomize writes it when it runs): no guessed delay. */
    readyFile?: string;
    afterMs?: number;
    target: 'process' | 'group';
    signal?: 'SIGTERM' | 'SIGINT';
    /** The child to wait for (by process name) before the delay counts; default kubectl or kustomize. */
    waitFor?: RegExp;
  };
  /** Kill generate if it runs longer than this (a hung plugin fails the test instead of the suite). */
  timeoutMs?: number;
}

/** What ArgoCD would see. */
export interface CmpResult {
  /** Parsed manifests (empty unless exit 0). */
  manifests: Record<string, unknown>[];
  /** stdout with one trailing newline trimmed, as the sidecar returns it. */
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The signal that killed the plugin, when it did not exit by itself (then exitCode is -1). */
  killedBy?: string;
  /** The phase that produced the result: init fails before generate runs. */
  phase: 'init' | 'generate';
  /** Descendant pids of generate seen just before SIGTERM was sent. */
  children: { pid: number; comm: string }[];
  /** ms from spawn to exit. */
  elapsedMs: number;
  /** The app path inside the temp copy (removed after the call). */
  workAppPath: string;
}

interface PluginCommand {
  command: string[];
  args?: string[];
}

interface PluginSpec {
  kind?: string;
  metadata?: { name?: string };
  spec?: { version?: string; init?: PluginCommand; generate?: PluginCommand; discover?: unknown; preserveFileMode?: boolean };
}

/** Our plugin.yaml, validated the way ValidatePluginConfig does (name, kind, generate.command). */
export async function readPlugin(): Promise<PluginSpec> {
  const plugin = parse(await readFile(path.join(repoRoot, 'plugin.yaml'), 'utf8')) as PluginSpec;
  if (plugin.kind !== 'ConfigManagementPlugin') throw new Error('plugin.yaml: kind must be ConfigManagementPlugin');
  if (!plugin.metadata?.name) throw new Error('plugin.yaml: metadata.name is required');
  if (!plugin.spec?.generate?.command?.length) throw new Error('plugin.yaml: spec.generate.command is required');
  return plugin;
}

/** Copies a tree like the sidecar's untar: files 0644, dirs 0755, in-tree symlinks kept, others rejected. */
export async function copyRepo(src: string, dest: string, preserveFileMode = false): Promise<void> {
  const root = await realpath(src);
  const walk = async (from: string, to: string): Promise<void> => {
    await mkdir(to, { recursive: true });
    await chmod(to, 0o755);
    for (const entry of await readdir(from, { withFileTypes: true })) {
      const a = path.join(from, entry.name);
      const b = path.join(to, entry.name);
      if (entry.isSymbolicLink()) {
        const target = await realpath(a);
        if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`symlink ${a} points out of the repository`);
        await symlink(await readlink(a), b);
      } else if (entry.isDirectory()) {
        await walk(a, b);
      } else if (entry.isFile()) {
        await copyFile(a, b);
        await chmod(b, preserveFileMode ? (await lstat(a)).mode & 0o777 : 0o644);
      }
    }
  };
  await walk(root, dest);
}

let binDir: Promise<string> | undefined;
/** A temp dir holding only `kustodian` → dist/cli.js, made once per test file. */
export function kustodianBinDir(): Promise<string> {
  binDir ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kustodian-bin-'));
    await symlink(cliPath, path.join(dir, 'kustodian'));
    return dir;
  })();
  return binDir;
}

/** Go's os.Expand as ArgoCD's Env.Envsubst uses it: $VAR, ${VAR}, `$$` → `$`, unknown → empty. */
export function envsubst(value: string, vars: Record<string, string>): string {
  return value.replace(/\$(?:\{([^}]*)\}|([A-Za-z0-9_]+)|([*#$@!?-]))/g, (_m, braced?: string, plain?: string, special?: string) => {
    const name = braced ?? plain ?? special ?? '';
    if (name === '$') return '$';
    return vars[name] ?? '';
  });
}

/** ArgoCD's parameter name escaping for PARAM_*: upper-case, anything outside [A-Z0-9_] becomes `_`. */
export function escapeParamName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** The env the repo-server adds to a generate request (repository.go newEnv, getPluginEnvs, getPluginParamEnvs). */
export function requestEnv(req: CmpRequest): Record<string, string> {
  const revision = req.revision ?? '3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';
  const build: Record<string, string> = {
    ARGOCD_APP_NAME: req.appName ?? 'giftify',
    ARGOCD_APP_NAMESPACE: req.namespace ?? 'giftify',
    ARGOCD_APP_PROJECT_NAME: 'default',
    ARGOCD_APP_REVISION: revision,
    ARGOCD_APP_REVISION_SHORT: revision.slice(0, 7),
    ARGOCD_APP_REVISION_SHORT_8: revision.slice(0, 8),
    ARGOCD_APP_SOURCE_REPO_URL: 'https://git.example.com/org/gitops.git',
    ARGOCD_APP_SOURCE_PATH: req.appPath,
    ARGOCD_APP_SOURCE_TARGET_REVISION: 'HEAD',
    KUBE_VERSION: req.kubeVersion ?? '1.30.2',
    KUBE_API_VERSIONS: (req.kubeApiVersions ?? builtinApiVersions('1.30')).sort().join(','),
  };
  const env: Record<string, string> = { ...build };
  // The prefix is always added: ARGOCD_ENV_FOO in the Application arrives as ARGOCD_ENV_ARGOCD_ENV_FOO.
  for (const [name, value] of Object.entries(req.env ?? {})) env[`ARGOCD_ENV_${name}`] = envsubst(value, build);
  const params = req.parameters ?? [];
  if (params.length) {
    if (!req.omitParametersJson) {
      env.ARGOCD_APP_PARAMETERS = JSON.stringify(
        params.map((p) => ({
          name: p.name,
          ...(p.string !== undefined ? { string: p.string } : {}),
          ...(p.map !== undefined ? { map: p.map } : {}),
          ...(p.array !== undefined ? { array: p.array } : {}),
        })),
      );
    }
    for (const p of params) {
      const name = escapeParamName(p.name);
      if (p.string !== undefined) env[`PARAM_${name}`] = envsubst(p.string, build);
      for (const [key, value] of Object.entries(p.map ?? {})) env[`PARAM_${name}_${escapeParamName(key)}`] = envsubst(value, build);
      for (const [i, value] of (p.array ?? []).entries()) env[`PARAM_${name}_${i}`] = envsubst(value, build);
    }
  }
  return env;
}

/** Direct and indirect children of `pid`, from /proc (Linux). */
export function descendants(pid: number): { pid: number; comm: string; state: string }[] {
  const all: { pid: number; ppid: number; comm: string; state: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const [state, ppid] = stat.slice(close + 2).split(' ');
      all.push({ pid: Number(name), ppid: Number(ppid), comm, state: state ?? '?' });
    } catch {
      // exited while we looked
    }
  }
  const out: { pid: number; comm: string; state: string }[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const p of all)
      if (p.ppid === parent) {
        out.push({ pid: p.pid, comm: p.comm, state: p.state });
        queue.push(p.pid);
      }
  }
  return out;
}

/** True when the process no longer runs (gone, or a zombie waiting for a reaper). */
export function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one generate request through our plugin.yaml, as argocd-cmp-server would. */
export async function runCmp(req: CmpRequest): Promise<CmpResult> {
  const plugin = await readPlugin();
  const work = await mkdtemp(path.join(os.tmpdir(), '_cmp_server-'));
  try {
    await copyRepo(req.repo, work, plugin.spec?.preserveFileMode === true);
    for (const [rel, text] of Object.entries(req.files ?? {})) {
      await mkdir(path.dirname(path.join(work, rel)), { recursive: true });
      await writeFile(path.join(work, rel), text, { mode: 0o644 });
    }
    const appPath = path.join(work, req.appPath);
    const bin = await kustodianBinDir();
    const env: Record<string, string> = {
      HOME: os.tmpdir(),
      TMPDIR: os.tmpdir(),
      ...req.sidecarEnv,
      PATH: [bin, req.path ?? process.env.PATH ?? ''].filter(Boolean).join(path.delimiter),
      ...requestEnv(req),
    };
    const exec = (c: PluginCommand) =>
      execa(c.command[0]!, [...c.command.slice(1), ...(c.args ?? [])], {
        cwd: appPath,
        env,
        extendEnv: false,
        shell: false,
        reject: false,
        stripFinalNewline: false,
        detached: true, // Setpgid, as the sidecar does
        timeout: req.timeoutMs ?? 60_000,
        maxBuffer: 512 * 1024 * 1024,
      });

    const init = plugin.spec?.init;
    if (init?.command?.length) {
      const r = await exec(init);
      if (r.exitCode !== 0) {
        return {
          manifests: [],
          stdout: '',
          stderr: String(r.stderr),
          exitCode: r.exitCode ?? -1,
          phase: 'init',
          children: [],
          elapsedMs: 0,
          workAppPath: appPath,
        };
      }
    }
    const started = Date.now();
    const child: ResultPromise = exec(plugin.spec!.generate!);
    let children: { pid: number; comm: string }[] = [];
    if (req.terminate) {
      const pid = child.pid!;
      // Wait for the render to be under way (the child has exec'd: before that it still bears our
      // name), then for the requested delay.
      const waitFor = req.terminate.waitFor ?? /kubectl|kustomize/;
      const ready = req.terminate.readyFile;
      const isReady = async (): Promise<boolean> =>
        ready
          ? access(ready).then(
              () => true,
              () => false,
            )
          : descendants(pid).some((d) => waitFor.test(d.comm));
      for (let i = 0; i < 3000 && !(await isReady()) && child.exitCode === null; i++) await sleep(10);
      const wait = (req.terminate.afterMs ?? 0) - (Date.now() - started);
      if (wait > 0) await sleep(wait);
      children = descendants(pid).map(({ pid: p, comm }) => ({ pid: p, comm }));
      try {
        process.kill(req.terminate.target === 'group' ? -pid : pid, req.terminate.signal ?? 'SIGTERM');
      } catch {
        // already gone
      }
    }
    const r = await child;
    const elapsedMs = Date.now() - started;
    const stdout = String(r.stdout).replace(/\n$/, '');
    // A process killed by a signal has no exit code: the sidecar reports "signal: terminated", not 143.
    const exitCode = r.exitCode ?? -1;
    return {
      killedBy: r.signal ?? undefined,
      manifests: exitCode === 0 ? parseManifests(stdout) : [],
      stdout,
      stderr: String(r.stderr),
      exitCode,
      phase: 'generate',
      children,
      elapsedMs,
      workAppPath: appPath,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Parses generate's stdout like the repo-server (gitops-engine kube.SplitYAMLToString, then Unstructured):
 * throws on anything ArgoCD would reject. YAML is read as 1.1, as go-yaml does.
 */
export function parseManifests(stdout: string): Record<string, unknown>[] {
  const docs: unknown[] = /^\s*\{/.test(stdout) ? jsonStream(stdout) : yamlStream(stdout);
  const out: Record<string, unknown>[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc))
      throw new Error(`failed to unmarshal manifest: not an object: ${JSON.stringify(doc).slice(0, 100)}`);
    const obj = doc as Record<string, unknown>;
    if (!obj.kind) throw new Error(`Object 'Kind' is missing in '${JSON.stringify(obj).slice(0, 200)}'`);
    if (!obj.apiVersion) throw new Error(`Object 'apiVersion' is missing in '${JSON.stringify(obj).slice(0, 200)}'`);
    // Unstructured.IsList: any object with an `items` array (kind List, FooList) is replaced by its items.
    if (Array.isArray(obj.items)) {
      for (const item of obj.items) {
        if (item === null) continue;
        out.push(...parseManifests(JSON.stringify(item)));
      }
      continue;
    }
    out.push(obj);
  }
  return out;
}

function yamlStream(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).map((d) => {
    if (d.errors.length) throw new Error(`failed to unmarshal manifest: ${d.errors[0]!.message}`);
    return d.toJS({ maxAliasCount: 100 }) as unknown;
  });
}

/** Concatenated JSON values, as json.Decoder reads them. */
function jsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < text.length; j++) {
      const c = text[j]!;
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    try {
      out.push(JSON.parse(text.slice(i, j + 1)));
    } catch (error) {
      throw new Error(`failed to unmarshal manifest: ${(error as Error).message}`);
    }
    i = j + 1;
  }
  return out;
}

/**
 * What Argo CD sends as KUBE_API_VERSIONS for a cluster of `minor` without CRDs: every group/version and
 * group/version/Kind it serves (argo-cd lists both), here the built-in ones of the bundled schemas.
 */
function builtinApiVersions(minor: string): string[] {
  const kinds = Object.keys(apiIndex[minor]?.kinds ?? {});
  return [...new Set([...kinds, ...kinds.map((k) => k.slice(0, k.lastIndexOf('/')))])];
}
