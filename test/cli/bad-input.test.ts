/**
 * Hostile and malformed input at every entry point (render, check, pin, fn, env, flags), run through
 * the built CLI as a process. Every case asserts the same contract (docs/cli.md, "Exit codes"):
 * - the exit code;
 * - stdout: empty for render/pin and usage errors, the report for check, a ResourceList for fn;
 * - the first line of stderr carries a code (`kustodian: CODE: …` or `error CODE …`), and the case's
 *   code appears on stderr;
 * - no stack trace and no `internal error`;
 * - no echoed input: every file a case writes holds a canary string that must never reach a stream
 *   (the fn ResourceList of a run with findings echoes its own stdin items by contract, so only
 *   stderr is checked there);
 * - generous bounds on wall time and peak RSS (/usr/bin/time), to catch runaways, not to benchmark.
 */
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { closeSync, existsSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { cliPath, repoRoot } from '../helpers/cli.js';

const CANARY = 'CANARY-7f3a9c-do-not-echo';
const TIME = '/usr/bin/time';
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
const asNonRoot = process.getuid?.() === 0 && setpriv !== undefined;
/** Bounds that only a runaway exceeds: kustodian on these small inputs needs ~100 MB and well under a second or two. */
const MAX_RSS_KB = 600 * 1024;
const MAX_MS = 30_000;

type Stdout = 'empty' | 'resource-list' | 'report';

interface Case {
  name: string;
  /** `$REPO` and `$TMP` are replaced by the case's directories (in `env` values too); the cwd is $REPO. */
  args: string[];
  /** Files under $REPO (a `.git` directory is added unless `noGit`); values are file contents (`#!…`: executable). */
  files?: Record<string, string>;
  /** Symlinks under $REPO: link → target (`$TMP` replaced). */
  links?: Record<string, string>;
  /** Files under $TMP, outside the repository. */
  outside?: Record<string, string>;
  noGit?: boolean;
  env?: Record<string, string>;
  input?: string;
  /** stdin is this directory ($TMP replaced) instead of a string. */
  stdinDir?: string;
  /** Run as uid 999 (needs root and setpriv), and chmod these paths to 000 first. */
  unreadable?: string[];
  exit: number;
  code: string;
  stdout?: Stdout;
  /** A fragment stderr must contain besides the code. */
  says?: string | RegExp;
}

// ---------------------------------------------------------------------------------------------
// Inputs

const kustomization = (extra = '') => `# ${CANARY}\nresources:\n- deployment.yaml\n${extra}`;

/** A clean Deployment plus a Flyway ConfigMap it mounts, so that flyway-versions and every other step has work. */
function deployment(podSpec: Record<string, unknown> = {}): string {
  const base = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', annotations: { note: CANARY } },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          volumes: [{ name: 'migrations', configMap: { name: 'migrations' } }],
          containers: [
            {
              name: 'api',
              image: 'nginx:1.27',
              env: [{ name: 'X', value: CANARY }],
              volumeMounts: [{ name: 'migrations', mountPath: '/flyway/sql' }],
            },
          ],
          ...podSpec,
        },
      },
    },
  };
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'migrations' }, data: { 'V1__init.sql': `-- ${CANARY}` } };
  return `${stringify(base)}---\n${stringify(configMap)}`;
}

/** A Deployment whose first container gets `container` merged in. */
function withContainer(container: Record<string, unknown>): string {
  return deployment({
    containers: [{ name: 'api', image: 'nginx:1.27', volumeMounts: [{ name: 'migrations', mountPath: '/flyway/sql' }], ...container }],
  });
}

const app = (manifests = deployment(), extra: Record<string, string> = {}) => ({
  'app/kustomization.yaml': kustomization(),
  'app/deployment.yaml': manifests,
  ...extra,
});
const config = (body: string) => `apiVersion: kustodian.dev/v1alpha1\nkind: Config\n# ${CANARY}\n${body}`;
const resourceList = (items: unknown[], functionConfig?: unknown) =>
  stringify({
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items,
    ...(functionConfig === undefined ? {} : { functionConfig }),
  });
const fnItems = (manifests: string) => parseAll(manifests);
function parseAll(text: string): unknown[] {
  return text.split(/^---$/m).map((d) => parse(d) as unknown);
}
const cm = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn-config' }, data });
const lock = (images: unknown) => `apiVersion: kustodian.dev/v1alpha1\nkind: Lock\n# ${CANARY}\nimages: ${JSON.stringify(images)}\n`;
const DIGEST = `sha256:${'a'.repeat(64)}`;
const okLock = lock([
  { reference: 'nginx:1.27', digest: DIGEST, mediaType: 'application/vnd.oci.image.manifest.v1+json', platforms: ['linux/amd64'] },
]);

/** A billion-laughs document body: ten anchors, each ten aliases of the one before (10^9 leaves if expanded). */
const aliasBomb = [
  `a0: &a0 [${Array(10).fill(`"${CANARY}"`).join(', ')}]`,
  ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
].join('\n');
/** Nesting far deeper than any manifest: the parser's recursion must end in a coded error. */
const deep = (n: number) => `${'['.repeat(n)}"${CANARY}"${']'.repeat(n)}`;

/** Pod-template fields of the wrong type, each as a podSpec or container patch. */
const malformed: { name: string; podSpec?: Record<string, unknown>; container?: Record<string, unknown> }[] = [
  { name: 'volumes as a mapping', podSpec: { volumes: { migrations: { configMap: { name: 'migrations' } } } } },
  { name: 'volumes as a number', podSpec: { volumes: 3 } },
  { name: 'a volume as a string', podSpec: { volumes: ['migrations'] } },
  { name: 'a volume configMap as a string', podSpec: { volumes: [{ name: 'migrations', configMap: 'migrations' }] } },
  { name: 'containers as a mapping', podSpec: { containers: { api: { image: 'nginx:1.27' } } } },
  { name: 'containers as a string', podSpec: { containers: 'api' } },
  { name: 'a container as a number', podSpec: { containers: [7] } },
  { name: 'initContainers as a number', podSpec: { initContainers: 1 } },
  { name: 'imagePullSecrets as a mapping', podSpec: { imagePullSecrets: { name: 'x' } } },
  { name: 'nodeSelector as a list', podSpec: { nodeSelector: ['kubernetes.io/arch=arm64'] } },
  { name: 'volumeMounts as a mapping', container: { volumeMounts: { migrations: '/flyway/sql' } } },
  { name: 'volumeMounts as a number', container: { volumeMounts: 5 } },
  { name: 'a volumeMount as a string', container: { volumeMounts: ['migrations'] } },
  { name: 'env as a mapping', container: { env: { X: '1' } } },
  { name: 'env as a number', container: { env: 3 } },
  { name: 'an env item as a number', container: { env: [3] } },
  { name: 'an env valueFrom as a string', container: { env: [{ name: 'X', valueFrom: 'secret' }] } },
  { name: 'envFrom as a mapping', container: { envFrom: { configMapRef: { name: 'migrations' } } } },
  { name: 'an envFrom item as a string', container: { envFrom: ['migrations'] } },
  { name: 'envFrom configMapRef as a string', container: { envFrom: [{ configMapRef: 'migrations' }] } },
  { name: 'image as a number', container: { image: 5 } },
  { name: 'image as a list', container: { image: ['nginx'] } },
  { name: 'command as a string', container: { command: 'sh -c true' } },
  { name: 'args as a mapping', container: { args: { a: 1 } } },
  { name: 'ports as a number', container: { ports: 80 } },
];
const malformedManifests = (m: (typeof malformed)[number]) => (m.podSpec ? deployment(m.podSpec) : withContainer(m.container!));

// ---------------------------------------------------------------------------------------------
// Cases

const render = (...extra: string[]) => ['render', 'app', '--pin', 'off', ...extra];

const cases: Case[] = [
  // --- flags and arguments ---
  { name: 'no arguments', args: [], exit: 2, code: 'USAGE', says: 'no command given' },
  { name: 'unknown command', args: ['frobnicate'], exit: 2, code: 'USAGE' },
  { name: 'unknown flag', args: [...render(), '--bogus'], files: app(), exit: 2, code: 'USAGE', says: '--bogus' },
  { name: '--config= (empty)', args: [...render(), '--config='], files: app(), exit: 2, code: 'USAGE', says: '--config is empty' },
  { name: "--config ''", args: [...render(), '--config', ''], files: app(), exit: 2, code: 'USAGE', says: '--config is empty' },
  { name: '--namespace= (empty)', args: [...render(), '--namespace='], files: app(), exit: 2, code: 'USAGE', says: '--namespace is empty' },
  { name: '--namespace Bad_NS!', args: [...render(), '--namespace', 'Bad_NS!'], files: app(), exit: 2, code: 'USAGE', says: 'DNS-1123' },
  { name: '--namespace in upper case', args: [...render(), '--namespace', 'Shop'], files: app(), exit: 2, code: 'USAGE', says: 'DNS-1123' },
  { name: '--namespace of 64 characters', args: [...render(), '--namespace', 'a'.repeat(64)], files: app(), exit: 2, code: 'USAGE' },
  { name: '--namespace with a trailing dash', args: [...render(), '--namespace', 'shop-'], files: app(), exit: 2, code: 'USAGE' },
  { name: "--platform ''", args: [...render(), '--platform', ''], files: app(), exit: 2, code: 'USAGE', says: '--platform is empty' },
  {
    name: '--platform ,',
    args: ['render', 'app', '--platform', ','],
    files: app(),
    exit: 2,
    code: 'CONFIG_INVALID',
    says: '--platform: is empty',
  },
  { name: '--platform linux (no arch)', args: ['render', 'app', '--platform', 'linux'], files: app(), exit: 2, code: 'CONFIG_INVALID' },
  {
    name: '--pin sometimes',
    args: ['render', 'app', '--pin', 'sometimes'],
    files: app(),
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'images.pin',
  },
  { name: '--pin= (empty)', args: ['render', 'app', '--pin='], files: app(), exit: 2, code: 'USAGE' },
  {
    name: '--load-restrictor sideways',
    args: [...render(), '--load-restrictor', 'sideways'],
    files: app(),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  { name: '--load-restrictor= (empty)', args: [...render(), '--load-restrictor='], files: app(), exit: 2, code: 'USAGE' },
  {
    name: '--enable-helm=yes (a boolean flag with a value)',
    args: [...render(), '--enable-helm=yes'],
    files: app(),
    exit: 2,
    code: 'USAGE',
  },
  { name: '--repo-root= (empty)', args: [...render(), '--repo-root='], files: app(), exit: 2, code: 'USAGE' },
  {
    name: '--repo-root that does not exist',
    args: [...render(), '--repo-root', '$TMP/nowhere'],
    files: app(),
    exit: 2,
    code: 'USAGE',
    says: 'no such directory',
  },
  {
    name: '--repo-root that does not contain the app',
    args: [...render(), '--repo-root', '$TMP/other'],
    files: app(),
    outside: { 'other/x': CANARY },
    exit: 2,
    code: 'USAGE',
    says: 'does not contain',
  },
  { name: 'render with two directories', args: ['render', 'app', 'app'], files: app(), exit: 2, code: 'USAGE' },
  { name: 'render a directory that does not exist', args: ['render', 'missing'], files: app(), exit: 2, code: 'USAGE' },
  { name: 'render a file', args: ['render', 'app/deployment.yaml'], files: app(), exit: 2, code: 'USAGE', says: 'not a directory' },
  {
    name: 'render a directory without a kustomization',
    args: ['render', 'app'],
    files: { 'app/deployment.yaml': deployment() },
    exit: 2,
    code: 'USAGE',
    says: 'no kustomization',
  },
  { name: '--version with an argument', args: ['--version', 'x'], exit: 2, code: 'USAGE' },
  { name: '--config naming a missing file', args: [...render(), '--config', 'nope.yaml'], files: app(), exit: 2, code: 'USAGE' },
  { name: '--config naming a directory', args: [...render(), '--config', 'app'], files: app(), exit: 2, code: 'USAGE' },
  { name: 'check --format xml', args: ['check', 'app', '--format', 'xml'], files: app(), exit: 2, code: 'USAGE' },
  { name: 'check --format= (empty)', args: ['check', 'app', '--format='], files: app(), exit: 2, code: 'USAGE' },
  { name: 'check --all= (empty)', args: ['check', '--all='], files: app(), exit: 2, code: 'USAGE' },
  { name: 'check --all of a missing root', args: ['check', '--all', 'nowhere'], files: app(), exit: 2, code: 'USAGE' },
  { name: 'check a missing directory', args: ['check', 'nowhere'], files: app(), exit: 2, code: 'USAGE' },
  { name: 'check --namespace Bad_NS!', args: ['check', 'app', '--namespace', 'Bad_NS!'], files: app(), exit: 2, code: 'USAGE' },
  { name: 'pin --platform (empty)', args: ['pin', 'app', '--platform='], files: app(), exit: 2, code: 'USAGE' },
  { name: 'pin with two directories', args: ['pin', 'app', 'app'], files: app(), exit: 2, code: 'USAGE' },
  { name: 'pin a missing directory', args: ['pin', 'nowhere', '--check'], files: app(), exit: 2, code: 'USAGE' },
  { name: 'pin --bogus', args: ['pin', 'app', '--bogus'], files: app(), exit: 2, code: 'USAGE' },
  {
    name: 'fn with an argument',
    args: ['fn', 'app'],
    input: resourceList(fnItems(deployment())),
    exit: 2,
    code: 'USAGE',
    stdout: 'resource-list',
  },
  {
    name: 'fn --bogus',
    args: ['fn', '--bogus'],
    input: resourceList(fnItems(deployment())),
    exit: 2,
    code: 'USAGE',
    stdout: 'resource-list',
  },

  // --- environment and ArgoCD parameters ---
  {
    name: 'KUSTODIAN_PLATFORMS=,',
    args: ['render', 'app'],
    files: app(),
    env: { KUSTODIAN_PLATFORMS: ',' },
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'KUSTODIAN_PLATFORMS',
  },
  {
    name: "KUSTODIAN_PLATFORMS=''",
    args: ['render', 'app'],
    files: app(),
    env: { KUSTODIAN_PLATFORMS: '' },
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'KUSTODIAN_PLATFORMS=" , "',
    args: ['render', 'app'],
    files: app(),
    env: { KUSTODIAN_PLATFORMS: ' , ' },
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'ARGOCD_ENV_KUSTODIAN_PLATFORMS=,',
    args: ['render', 'app'],
    files: app(),
    env: { ARGOCD_ENV_KUSTODIAN_PLATFORMS: ',' },
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  { name: 'KUSTODIAN_PIN=maybe', args: ['render', 'app'], files: app(), env: { KUSTODIAN_PIN: 'maybe' }, exit: 2, code: 'CONFIG_INVALID' },
  {
    name: 'KUSTODIAN_ENABLE_HELM=perhaps',
    args: ['render', 'app'],
    files: app(),
    env: { KUSTODIAN_ENABLE_HELM: 'perhaps' },
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'an unknown KUSTODIAN_ variable',
    args: ['render', 'app'],
    files: app(),
    env: { KUSTODIAN_COLOUR: CANARY },
    exit: 2,
    code: 'USAGE',
    says: 'KUSTODIAN_COLOUR',
  },
  {
    name: 'ARGOCD_APP_PARAMETERS not JSON',
    args: ['render', 'app'],
    files: app(),
    env: { ARGOCD_APP_PARAMETERS: `{${CANARY}` },
    exit: 2,
    code: 'USAGE',
  },
  {
    name: 'ARGOCD_APP_PARAMETERS not an array',
    args: ['render', 'app'],
    files: app(),
    env: { ARGOCD_APP_PARAMETERS: '{"name":"pin"}' },
    exit: 2,
    code: 'USAGE',
  },
  {
    name: 'ARGOCD_APP_PARAMETERS with a map',
    args: ['render', 'app'],
    files: app(),
    env: { ARGOCD_APP_PARAMETERS: '[{"name":"pin","map":{"a":"b"}}]' },
    exit: 2,
    code: 'USAGE',
  },
  {
    name: 'ARGOCD_APP_PARAMETERS platforms []',
    args: ['render', 'app'],
    files: app(),
    env: { ARGOCD_APP_PARAMETERS: '[{"name":"platforms","array":[]}]' },
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'platforms',
  },
  {
    name: 'ARGOCD_APP_PARAMETERS unknown parameter',
    args: ['render', 'app'],
    files: app(),
    env: { ARGOCD_APP_PARAMETERS: '[{"name":"colour"}]' },
    exit: 2,
    code: 'USAGE',
  },
  { name: "PARAM_PLATFORMS=''", args: ['render', 'app'], files: app(), env: { PARAM_PLATFORMS: '' }, exit: 2, code: 'CONFIG_INVALID' },
  { name: 'an unknown PARAM_ variable', args: ['render', 'app'], files: app(), env: { PARAM_COLOUR: 'blue' }, exit: 2, code: 'USAGE' },
  {
    name: 'ARGOCD_APP_NAMESPACE=Bad_NS',
    args: [...render()],
    files: app(),
    env: { ARGOCD_APP_NAMESPACE: 'Bad_NS' },
    exit: 2,
    code: 'USAGE',
    says: 'ARGOCD_APP_NAMESPACE',
  },
  { name: "KUSTODIAN_REPO_ROOT=''", args: [...render()], files: app(), env: { KUSTODIAN_REPO_ROOT: '' }, exit: 2, code: 'USAGE' },
  {
    name: 'KUSTODIAN_REPO_ROOT missing',
    args: [...render()],
    files: app(),
    env: { KUSTODIAN_REPO_ROOT: '/nonexistent/kustodian' },
    exit: 2,
    code: 'USAGE',
  },
  {
    name: 'KUSTODIAN_KUSTOMIZE missing',
    args: [...render()],
    files: app(),
    env: { KUSTODIAN_KUSTOMIZE: '/nonexistent/kustomize' },
    exit: 3,
    code: 'TOOL_NOT_FOUND',
  },

  // --- the config file ---
  {
    name: 'kustodian.yaml a symlink to /etc/shadow',
    args: [...render()],
    files: app(),
    links: { 'app/kustodian.yaml': '/etc/shadow' },
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'leads outside the repository root',
  },
  {
    name: 'kustodian.yaml a symlink to a secret-looking file outside the repository',
    args: [...render()],
    files: app(),
    outside: { 'secrets.env': `AWS_SECRET_ACCESS_KEY: ${CANARY}\npassword: ${CANARY}\n` },
    links: { 'app/kustodian.yaml': '$TMP/secrets.env' },
    exit: 2,
    code: 'CONFIG_INVALID',
    says: /--repo-root DIR or KUSTODIAN_REPO_ROOT, or name the file with --config/,
  },
  {
    name: 'kustodian.yaml a symlink to a directory outside the repository',
    args: [...render()],
    files: app(),
    outside: { 'dir/x': CANARY },
    links: { 'app/kustodian.yaml': '$TMP/dir' },
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'check: kustodian.yaml a symlink outside the repository',
    args: ['check', 'app', '--format', 'json'],
    files: app(),
    outside: { 'secrets.env': `token: ${CANARY}\n` },
    links: { 'app/kustodian.yaml': '$TMP/secrets.env' },
    exit: 2,
    code: 'CONFIG_INVALID',
    stdout: 'report',
  },
  {
    name: 'an unknown key whose value is a secret',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config(`password: ${CANARY}\n`) }),
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'password: unknown field',
  },
  {
    name: 'an unknown key that is a long block of text',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config(`? |\n  ${'x'.repeat(60)}\n  ${CANARY}\n: 1\n`) }),
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'unknown field',
  },
  {
    name: 'nested unknown keys',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config(`images:\n  secret: ${CANARY}\n`) }),
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'images.secret',
  },
  {
    name: 'config with invalid YAML',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config(`key: "${CANARY}\n`) }),
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'invalid YAML',
  },
  {
    name: 'config with tabs',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config(`images:\n\tpin: ${CANARY}\n`) }),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'config with duplicate keys',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config(`images: {pin: off}\nimages: {pin: ${CANARY}}\n`) }),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'config a scalar',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': `${CANARY}\n` }),
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'must be a mapping',
  },
  {
    name: 'config a list',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': `- ${CANARY}\n` }),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'config of binary bytes',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': `\u0000\u0001\u00ff${CANARY}\u0007` }),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'config with the wrong apiVersion',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': `apiVersion: v2\nkind: Config\n# ${CANARY}\n` }),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'config images.platforms: []',
    args: ['render', 'app'],
    files: app(undefined, { 'app/kustodian.yaml': config('images:\n  platforms: []\n') }),
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'images.platforms',
  },
  {
    name: 'config images.platforms a string',
    args: ['render', 'app'],
    files: app(undefined, { 'app/kustodian.yaml': config('images:\n  platforms: linux/amd64\n') }),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'config images.pin a number',
    args: ['render', 'app'],
    files: app(undefined, { 'app/kustodian.yaml': config('images:\n  pin: 5\n') }),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'config podTemplates a mapping',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config('podTemplates: {kind: X}\n') }),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'flyway.locations above the repository root',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config('flyway:\n  locations: [../../..]\n') }),
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'set the repository root with --repo-root DIR or KUSTODIAN_REPO_ROOT',
  },
  {
    name: 'flyway.locations through a symlink out of the repository',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config('flyway:\n  locations: [sql]\n') }),
    outside: { 'sql/V1__x.sql': CANARY },
    links: { 'app/sql': '$TMP/sql' },
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'outside the repository root',
  },
  {
    name: 'check: flyway.locations above the root is reported on kustodian.yaml',
    args: ['check', 'app', '--pin', 'off', '--format', 'github'],
    files: app(undefined, { 'app/kustodian.yaml': config('flyway:\n  locations: [../../..]\n') }),
    exit: 2,
    code: 'CONFIG_INVALID',
    stdout: 'report',
    says: /^::error file=app\/kustodian\.yaml,title=kustodian CONFIG_INVALID::/m,
  },
  {
    name: 'check: an unknown config key is reported on its line of kustodian.yaml',
    args: ['check', 'app', '--pin', 'off', '--format', 'github'],
    files: app(undefined, { 'app/kustodian.yaml': config(`colour: ${CANARY}\n`) }),
    exit: 2,
    code: 'CONFIG_INVALID',
    stdout: 'report',
    says: /^::error file=app\/kustodian\.yaml,line=4,title=kustodian CONFIG_INVALID::/m,
  },
  {
    name: 'without git, flyway.locations above every directory kustomize loads',
    args: [...render()],
    noGit: true,
    files: app(undefined, { 'app/kustodian.yaml': config('flyway:\n  locations: [../db]\n'), 'db/V1__x.sql': CANARY }),
    exit: 2,
    code: 'CONFIG_INVALID',
    says: '--repo-root DIR',
  },
  {
    name: 'the config file a symlink in check --all (reported on the config file)',
    args: ['check', '--all', '.', '--format', 'github'],
    files: app(),
    outside: { 'secrets.env': `token: ${CANARY}\n` },
    links: { 'app/kustodian.yaml': '$TMP/secrets.env' },
    exit: 2,
    code: 'CONFIG_INVALID',
    stdout: 'report',
    says: 'leads outside',
  },

  // --- the lock file ---
  {
    name: 'lock a symlink outside the repository',
    args: ['render', 'app', '--pin', 'locked'],
    files: app(),
    outside: { 'lock.yaml': okLock },
    links: { 'app/kustodian.lock.yaml': '$TMP/lock.yaml' },
    exit: 2,
    code: 'CONFIG_INVALID',
    says: 'kustodian.lock.yaml',
  },
  {
    name: 'lock with invalid YAML',
    args: ['render', 'app', '--pin', 'locked'],
    files: app(undefined, { 'app/kustodian.lock.yaml': `images: [${CANARY}\n` }),
    exit: 2,
    code: 'LOCK_INVALID',
  },
  {
    name: 'lock failing its schema',
    args: ['render', 'app', '--pin', 'locked'],
    files: app(undefined, { 'app/kustodian.lock.yaml': lock([{ reference: CANARY }]) }),
    exit: 2,
    code: 'LOCK_INVALID',
  },
  {
    name: 'lock a scalar',
    args: ['render', 'app', '--pin', 'locked'],
    files: app(undefined, { 'app/kustodian.lock.yaml': `${CANARY}\n` }),
    exit: 2,
    code: 'LOCK_INVALID',
  },
  {
    name: 'lock listing an image twice',
    args: ['render', 'app', '--pin', 'locked'],
    files: app(undefined, {
      'app/kustodian.lock.yaml': lock(
        [0, 1].map(() => ({
          reference: 'nginx:1.27',
          digest: DIGEST,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          platforms: ['linux/amd64'],
        })),
      ),
    }),
    exit: 2,
    code: 'LOCK_INVALID',
  },
  {
    name: 'pin --check with an invalid lock',
    args: ['pin', 'app', '--check'],
    files: app(undefined, { 'app/kustodian.lock.yaml': `images: {${CANARY}\n` }),
    exit: 2,
    code: 'LOCK_INVALID',
  },
  {
    name: 'pin --check with a lock outside the repository',
    args: ['pin', 'app', '--check'],
    files: app(),
    outside: { 'lock.yaml': okLock },
    links: { 'app/kustodian.lock.yaml': '$TMP/lock.yaml' },
    exit: 2,
    code: 'CONFIG_INVALID',
  },

  // --- images under pinning ---
  {
    name: '--pin locked, image ""',
    args: ['render', 'app', '--pin', 'locked'],
    files: app(withContainer({ image: '' }), { 'app/kustodian.lock.yaml': okLock }),
    exit: 1,
    code: 'IMAGE_REFERENCE_INVALID',
    says: 'empty image',
  },
  {
    name: '--pin locked, image of spaces',
    args: ['render', 'app', '--pin', 'locked'],
    files: app(withContainer({ image: '   ' }), { 'app/kustodian.lock.yaml': okLock }),
    exit: 1,
    code: 'IMAGE_REFERENCE_INVALID',
  },
  {
    name: '--pin locked, image a number',
    args: ['render', 'app', '--pin', 'locked'],
    files: app(withContainer({ image: 5 }), { 'app/kustodian.lock.yaml': okLock }),
    exit: 1,
    code: 'POD_TEMPLATE_INVALID',
  },
  {
    name: '--pin locked, image not in the lock',
    args: ['render', 'app', '--pin', 'locked'],
    files: app(withContainer({ image: 'redis:7' }), { 'app/kustodian.lock.yaml': okLock }),
    exit: 1,
    code: 'IMAGE_NOT_LOCKED',
  },
  ...[
    ['a number', '5'],
    ['empty', '""'],
  ].map(([what, value]): Case => ({
    name: `--pin locked, an images.paths field that is ${what}`,
    args: ['render', 'app', '--pin', 'locked'],
    files: {
      'app/kustomization.yaml': kustomization('- widget.yaml\n'),
      'app/deployment.yaml': deployment(),
      'app/widget.yaml': `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, annotations: {note: ${CANARY}}}\nspec: {image: ${value}}\n`,
      'app/kustodian.yaml': config('images:\n  paths: [{kind: Widget, path: spec.image}]\n'),
      'app/kustodian.lock.yaml': okLock,
    },
    exit: 1,
    code: 'IMAGE_REFERENCE_INVALID',
    says: 'spec.image',
  })),
  {
    name: 'fn pin=locked, image ""',
    args: ['fn'],
    input: resourceList(fnItems(withContainer({ image: '' })), cm({ pin: 'locked' })),
    exit: 1,
    code: 'IMAGE_REFERENCE_INVALID',
    stdout: 'resource-list',
  },

  // --- small ---
  {
    name: 'stdin is a directory',
    args: ['fn'],
    stdinDir: '$TMP',
    exit: 3,
    code: 'INPUT_INVALID',
    says: 'stdin is a directory',
    stdout: 'resource-list',
  },
  {
    name: 'render of an unreadable DIR',
    args: [...render()],
    files: app(),
    unreadable: ['app'],
    exit: 3,
    code: 'IO',
    says: 'cannot read the directory',
  },
  {
    name: 'check of an unreadable DIR',
    args: ['check', 'app', '--pin', 'off', '--format', 'json'],
    files: app(),
    unreadable: ['app'],
    exit: 3,
    code: 'IO',
    stdout: 'report',
  },
  {
    name: 'an unreadable kustodian.yaml',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config('') }),
    unreadable: ['app/kustodian.yaml'],
    exit: 3,
    code: 'IO',
  },
  {
    name: 'kustomize fails on a missing resource',
    args: [...render()],
    files: { 'app/kustomization.yaml': kustomization(), 'app/other.yaml': deployment() },
    exit: 3,
    code: 'RENDER_FAILED',
  },
  {
    name: 'an empty render',
    args: [...render()],
    files: { 'app/kustomization.yaml': `# ${CANARY}\nresources: []\n` },
    exit: 1,
    code: 'EMPTY_RENDER',
  },

  // --- fn input ---
  { name: 'fn: empty stdin', args: ['fn'], input: '', exit: 3, code: 'INPUT_INVALID', stdout: 'resource-list' },
  { name: 'fn: stdin not YAML', args: ['fn'], input: `{ ${CANARY}`, exit: 3, code: 'INPUT_INVALID', stdout: 'resource-list' },
  {
    name: 'fn: binary stdin',
    args: ['fn'],
    input: `\u0000\u0001${CANARY}\u00ff\u0002`,
    exit: 3,
    code: 'INPUT_INVALID',
    stdout: 'resource-list',
  },
  {
    name: 'fn: a List, not a ResourceList',
    args: ['fn'],
    input: `apiVersion: v1\nkind: List\nitems: []\n# ${CANARY}\n`,
    exit: 3,
    code: 'INPUT_INVALID',
    stdout: 'resource-list',
  },
  {
    name: 'fn: unsupported apiVersion',
    args: ['fn'],
    input: `apiVersion: config.kubernetes.io/v9\nkind: ResourceList\nitems: []\n# ${CANARY}\n`,
    exit: 3,
    code: 'INPUT_INVALID',
    stdout: 'resource-list',
  },
  {
    name: 'fn: items a mapping',
    args: ['fn'],
    input: `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: ${CANARY}}\n`,
    exit: 3,
    code: 'INPUT_INVALID',
    stdout: 'resource-list',
  },
  { name: 'fn: an item a number', args: ['fn'], input: resourceList([5]), exit: 3, code: 'INPUT_INVALID', stdout: 'resource-list' },
  {
    name: 'fn: an item without kind',
    args: ['fn'],
    input: resourceList([{ metadata: { name: CANARY } }]),
    exit: 3,
    code: 'INPUT_INVALID',
    stdout: 'resource-list',
  },
  { name: 'fn: no items', args: ['fn'], input: resourceList([]), exit: 1, code: 'EMPTY_RENDER', stdout: 'resource-list' },
  {
    name: 'fn: functionConfig a list',
    args: ['fn'],
    input: resourceList(fnItems(deployment()), [CANARY]),
    exit: 2,
    code: 'CONFIG_INVALID',
    stdout: 'resource-list',
  },
  {
    name: 'fn: functionConfig ConfigMap data a list',
    args: ['fn'],
    input: resourceList(fnItems(deployment()), { apiVersion: 'v1', kind: 'ConfigMap', data: [CANARY] }),
    exit: 2,
    code: 'CONFIG_INVALID',
    stdout: 'resource-list',
  },
  {
    name: 'fn: functionConfig namespace Bad_NS',
    args: ['fn'],
    input: resourceList(fnItems(deployment()), cm({ namespace: 'Bad_NS', pin: 'off' })),
    exit: 2,
    code: 'CONFIG_INVALID',
    stdout: 'resource-list',
    says: 'DNS-1123',
  },
  {
    name: "fn: functionConfig platforms ''",
    args: ['fn'],
    input: resourceList(fnItems(deployment()), cm({ platforms: '' })),
    exit: 2,
    code: 'CONFIG_INVALID',
    stdout: 'resource-list',
  },
  {
    name: 'fn: functionConfig unknown parameter',
    args: ['fn'],
    input: resourceList(fnItems(deployment()), cm({ colour: CANARY })),
    exit: 2,
    code: 'USAGE',
    stdout: 'resource-list',
  },
  {
    name: 'fn: functionConfig another kind',
    args: ['fn'],
    input: resourceList(fnItems(deployment()), { apiVersion: 'example.com/v1', kind: 'Thing', spec: CANARY }),
    exit: 2,
    code: 'CONFIG_INVALID',
    stdout: 'resource-list',
  },
  {
    name: 'fn: an alias bomb on stdin',
    args: ['fn'],
    input: `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n${aliasBomb}\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}]\n`,
    exit: 3,
    code: 'INPUT_INVALID',
    stdout: 'resource-list',
  },
  {
    name: 'fn: 5000-deep nesting on stdin',
    args: ['fn'],
    input: `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ${deep(5000)}\n`,
    exit: 3,
    code: 'INPUT_INVALID',
    stdout: 'resource-list',
  },
  {
    name: 'config: 5000-deep nesting',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config(`x: ${deep(5000)}\n`) }),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'fn: KUSTODIAN_PLATFORMS=,',
    args: ['fn'],
    env: { KUSTODIAN_PLATFORMS: ',' },
    input: resourceList(fnItems(deployment())),
    exit: 2,
    code: 'CONFIG_INVALID',
    stdout: 'resource-list',
  },

  // --- pod templates of the wrong type, in render, check and fn ---
  ...malformed.flatMap((m): Case[] => [
    {
      name: `fn: ${m.name}`,
      args: ['fn'],
      input: resourceList(fnItems(malformedManifests(m)), cm({ pin: 'off' })),
      exit: 1,
      code: 'POD_TEMPLATE_INVALID',
      stdout: 'resource-list',
    },
  ]),
  ...malformed
    // kustomize itself refuses these (RENDER_FAILED); they still reach the steps through fn above.
    .filter(
      (m) =>
        ![
          'volumes as a number',
          'a volume as a string',
          'containers as a string',
          'env as a number',
          'an env item as a number',
          'an envFrom item as a string',
          'a container as a number',
          'a volume configMap as a string',
          'envFrom configMapRef as a string',
          'an env valueFrom as a string',
          'initContainers as a number',
        ].includes(m.name),
    )
    .map((m): Case => ({
      name: `render: ${m.name}`,
      args: [...render()],
      files: app(malformedManifests(m)),
      exit: 1,
      code: 'POD_TEMPLATE_INVALID',
    })),
  {
    name: 'render: volumes as a number (kustomize refuses it)',
    args: [...render()],
    files: app(deployment({ volumes: 3 })),
    exit: 3,
    code: 'RENDER_FAILED',
  },
  {
    name: 'check: volumeMounts as a mapping',
    args: ['check', 'app', '--pin', 'off', '--format', 'github'],
    files: app(withContainer({ volumeMounts: { a: 1 } })),
    exit: 1,
    code: 'POD_TEMPLATE_INVALID',
    stdout: 'report',
  },
  {
    name: 'check: volumes as a mapping (github)',
    args: ['check', 'app', '--pin', 'off', '--format', 'github'],
    files: app(deployment({ volumes: { a: 1 } })),
    exit: 1,
    code: 'POD_TEMPLATE_INVALID',
    stdout: 'report',
  },

  // --- limits: bounded reads, YAML alias bounds, kustomize output and fn stdin caps ---
  {
    name: 'an alias bomb in kustodian.yaml',
    args: [...render()],
    files: app(undefined, { 'app/kustodian.yaml': config(`${aliasBomb}\n`) }),
    exit: 2,
    code: 'CONFIG_INVALID',
  },
  {
    name: 'an alias bomb in kustodian.lock.yaml',
    args: ['render', 'app', '--pin', 'locked'],
    files: app(undefined, { 'app/kustodian.lock.yaml': `apiVersion: kustodian.dev/v1alpha1\nkind: Lock\n${aliasBomb}\nimages: []\n` }),
    exit: 2,
    code: 'LOCK_INVALID',
  },
  {
    name: 'pin --check: an alias bomb in the lock',
    args: ['pin', 'app', '--check'],
    files: app(undefined, { 'app/kustodian.lock.yaml': `apiVersion: kustodian.dev/v1alpha1\nkind: Lock\n${aliasBomb}\nimages: []\n` }),
    exit: 2,
    code: 'LOCK_INVALID',
  },
  { name: '--config /dev/urandom', args: [...render(), '--config', '/dev/urandom'], files: app(), exit: 2, code: 'CONFIG_INVALID' },
  {
    name: 'a kustomize that writes without end (cap lowered to 16Mi)',
    args: [...render()],
    files: app(undefined, { 'bin/kustomize': '#!/bin/sh\nexec yes "a: b"\n' }),
    env: { KUSTODIAN_KUSTOMIZE: '$REPO/bin/kustomize', KUSTODIAN_MAX_INPUT_BYTES: '16Mi' },
    exit: 3,
    code: 'INPUT_TOO_LARGE',
  },
  {
    name: 'fn: one 50 MB item past KUSTODIAN_MAX_INPUT_BYTES=16Mi',
    args: ['fn'],
    env: { KUSTODIAN_MAX_INPUT_BYTES: '16Mi' },
    input: `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: big}, data: {big: "${CANARY.repeat(2_000_000)}"}}\n`,
    exit: 3,
    code: 'INPUT_TOO_LARGE',
    stdout: 'resource-list',
  },
];

// ---------------------------------------------------------------------------------------------
// The runner

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number;
  ms: number;
  rssKb: number;
}

async function run(c: Case, tmp: string, repo: string): Promise<Run> {
  const sub = (s: string) => s.replaceAll('$TMP', tmp).replaceAll('$REPO', repo);
  const rssFile = path.join(tmp, 'rss');
  const command = [process.execPath, cliPath, ...c.args.map(sub)];
  const user = c.unreadable ? [setpriv!, '--reuid=999', '--regid=999', '--clear-groups'] : [];
  // A directory as fd 0, as `kustodian fn < dir` gives it (execa's `{file}` would read it instead);
  // execa passes a number through as the child's fd, which its types do not spell out.
  const stdinFd = c.stdinDir ? openSync(sub(c.stdinDir), 'r') : undefined;
  const started = performance.now();
  const r = await execa(TIME, ['-f', '%M', '-o', rssFile, ...user, ...command], {
    cwd: repo,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmp,
      TMPDIR: tmp,
      KUSTODIAN_CACHE_DIR: path.join(tmp, 'cache'),
      ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, sub(v)])),
    },
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    timeout: MAX_MS * 2,
    ...(stdinFd === undefined ? { input: c.input ?? '' } : { stdin: stdinFd as unknown as 'pipe' }),
  });
  const ms = performance.now() - started;
  if (stdinFd !== undefined) closeSync(stdinFd);
  const rss = Number((await readFile(rssFile, 'utf8').catch(() => '0')).trim().split('\n').pop());
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1, ms, rssKb: rss };
}

async function setUp(c: Case): Promise<{ tmp: string; repo: string }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-bad-'));
  await chmod(tmp, 0o755);
  const repo = path.join(tmp, 'repo');
  await mkdir(repo);
  if (!c.noGit) await mkdir(path.join(repo, '.git'));
  const write = async (root: string, files: Record<string, string>) => {
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      // A script (a fake kustomize) must be executable.
      await writeFile(path.join(root, rel), text, { mode: text.startsWith('#!') ? 0o755 : 0o644 });
    }
  };
  await write(repo, c.files ?? {});
  await write(tmp, c.outside ?? {});
  for (const [link, target] of Object.entries(c.links ?? {})) {
    await mkdir(path.dirname(path.join(repo, link)), { recursive: true });
    await symlink(target.replaceAll('$TMP', tmp), path.join(repo, link));
  }
  for (const rel of c.unreadable ?? []) await chmod(path.join(repo, rel), 0o000);
  return { tmp, repo };
}

/** The contract every case shares; see the file comment. */
function assertContract(c: Case, r: Run): void {
  const where = `${c.name}\nstderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 2000)}`;
  expect(r.exitCode, where).toBe(c.exit);
  const stdout = c.stdout ?? 'empty';
  // check reports findings on stdout and keeps stderr for failures: then the report's first line is the coded one.
  const firstLine = (stdout === 'report' && r.stderr === '' ? r.stdout : r.stderr).split('\n')[0] ?? '';
  expect(firstLine, where).toMatch(
    /^(kustodian: [A-Z][A-Z_]+: |kustodian check: \S+: [A-Z][A-Z_]+: |(error|warning) [A-Z][A-Z_]+ |::error [^:]*title=kustodian [A-Z][A-Z_]+::)/,
  );
  expect(stdout === 'report' ? r.stdout + r.stderr : r.stderr, where).toContain(c.code);
  if (c.says !== undefined) {
    const text = stdout === 'report' ? r.stdout + r.stderr : r.stderr;
    if (typeof c.says === 'string') expect(text, where).toContain(c.says);
    else expect(text, where).toMatch(c.says);
  }
  // No stack trace, no crash.
  expect(r.stderr, where).not.toMatch(/internal error|\n\s+at [^\n]+:\d+:\d+\)?\n|TypeError|ReferenceError|RangeError|FATAL ERROR/);
  if (stdout === 'empty') expect(r.stdout, where).toBe('');
  if (stdout === 'resource-list') {
    const list = parse(r.stdout) as { kind?: string; results?: { severity: string; tags?: { code?: string } }[] };
    expect(list.kind, where).toBe('ResourceList');
    expect(
      list.results?.some((x) => x.severity === 'error' && x.tags?.code === c.code),
      where,
    ).toBe(true);
  }
  if (stdout === 'report') {
    expect(r.stdout, where).toContain(c.code);
  }
  // Nothing of the input files beyond the key or value an error is about. A fn run with findings
  // answers with its own stdin items (the KRM contract), so only stderr is checked there.
  expect(r.stderr, where).not.toContain(CANARY);
  if (!(stdout === 'resource-list' && c.exit === 1)) expect(r.stdout, where).not.toContain(CANARY);
  expect(r.stderr, where).not.toMatch(/root:[^\n]*:\d+:\d*:\d*:/); // a line of /etc/shadow
  expect(r.ms, where).toBeLessThan(MAX_MS);
  expect(r.rssKb, where).toBeGreaterThan(0);
  expect(r.rssKb, where).toBeLessThan(MAX_RSS_KB);
}

describe('bad input: every entry point keeps the contract', () => {
  it('has at least 100 cases, each named once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  for (const c of cases) {
    const needsRoot = c.unreadable !== undefined && !asNonRoot;
    // Unreadable files mean nothing to root: those cases switch to uid 999, which needs root (as in CI).
    (needsRoot ? it.skip : it.concurrent)(c.name, async () => {
      const { tmp, repo } = await setUp(c);
      try {
        assertContract(c, await run(c, tmp, repo));
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    });
  }
});

describe('the repository root outside git', () => {
  it('a copy of the repository without .git renders examples/giftify/overlays/prod with --pin locked, as its checkout does', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-tarball-'));
    try {
      // What a tarball or `git archive` of the repository holds: the files, no .git anywhere above them.
      await cp(path.join(repoRoot, 'examples'), path.join(tmp, 'examples'), { recursive: true });
      expect(existsSync(path.join(tmp, '.git'))).toBe(false);
      const args = ['render', 'examples/giftify/overlays/prod', '--pin', 'locked'];
      const env = { PATH: process.env.PATH ?? '', HOME: tmp, TMPDIR: tmp };
      const [copy, checkout] = await Promise.all([
        execa(process.execPath, [cliPath, ...args], { cwd: tmp, env, extendEnv: false, reject: false }),
        execa(process.execPath, [cliPath, ...args], { cwd: repoRoot, env, extendEnv: false, reject: false }),
      ]);
      expect(copy.exitCode, String(copy.stderr)).toBe(0);
      expect(checkout.exitCode, String(checkout.stderr)).toBe(0);
      expect(String(copy.stdout)).toBe(String(checkout.stdout));
      // The bound is still there: a root below the migrations refuses them, and says how to set it.
      const narrow = await execa(process.execPath, [cliPath, ...args, '--repo-root', 'examples/giftify/overlays'], {
        cwd: tmp,
        env,
        extendEnv: false,
        reject: false,
      });
      expect(narrow.exitCode).toBe(2);
      expect(String(narrow.stdout)).toBe('');
      expect(String(narrow.stderr)).toMatch(
        /^kustodian: CONFIG_INVALID: flyway\.locations\[0\] "\.\.\/\.\.\/db\/migration": points outside the repository root .*--repo-root DIR or KUSTODIAN_REPO_ROOT/,
      );
      const viaEnv = await execa(process.execPath, [cliPath, ...args], {
        cwd: tmp,
        env: { ...env, KUSTODIAN_REPO_ROOT: path.join(tmp, 'examples/giftify/overlays') },
        extendEnv: false,
        reject: false,
      });
      expect(viaEnv.exitCode).toBe(2);
      // check --all ROOT takes ROOT as the bound.
      const all = await execa(process.execPath, [cliPath, 'check', '--all', 'examples/giftify', '--pin', 'locked', '--format', 'json'], {
        cwd: tmp,
        env,
        extendEnv: false,
        reject: false,
      });
      const report = JSON.parse(String(all.stdout)) as { apps: { dir: string; status: string; failure?: { code: string } }[] };
      expect(report.apps.find((a) => a.dir.endsWith('overlays/prod'))?.status, String(all.stdout)).toBe('ok');
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
