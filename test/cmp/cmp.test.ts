/**
 * The ArgoCD CMP v2 contract: what argocd-cmp-server and the repo-server see when they run our plugin.yaml.
 * Reference: ../shared/reference/argocd-cmp.md §3–§8. Real kustomize throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../helpers/cli.js';
import { READY_ENV, blockingKustomize } from '../helpers/fake-kustomize.js';
import { isGone, parseManifests, readPlugin, requestEnv, runCmp, type CmpRequest } from '../helpers/cmp-harness.js';
import type { Manifest } from '../helpers/manifests.js';

const repo = path.join(repoRoot, 'test', 'cmp', 'repo');
const config = (body: string) => `apiVersion: kustodian.dev/v1alpha1\nkind: Config\n${body}`;
const restrictor = (value: string) => config(`kustomize:\n  loadRestrictor: ${value}\n`);

/** The cross-root app renders only under --load-restrictor none: an observable for which layer won. */
async function outside(req: Partial<CmpRequest>) {
  return runCmp({ repo, appPath: 'apps/outside', ...req });
}

function expectRendered(r: Awaited<ReturnType<typeof runCmp>>) {
  expect(r.stderr).not.toMatch(/RENDER_FAILED/);
  expect(r.exitCode).toBe(0);
  expect((r.manifests as Manifest[]).map((m) => `${m.kind}/${m.metadata?.name}`)).toEqual(['ConfigMap/shared-settings']);
}

function expectRestricted(r: Awaited<ReturnType<typeof runCmp>>) {
  expect(r.exitCode).toBe(3);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/RENDER_FAILED/);
  expect(r.stderr).toMatch(/is not in or below/);
}

describe('plugin.yaml', () => {
  it('is a valid ConfigManagementPlugin with an exec-form generate and no discover block', async () => {
    const plugin = await readPlugin();
    expect(plugin.metadata?.name).toBe('kustodian');
    expect(plugin.spec?.version).toBe('v1');
    expect(plugin.spec?.generate?.command).toEqual(['kustodian', 'render']);
    expect(plugin.spec?.discover).toBeUndefined();
    // The announcements are for the UI only; check they name parameters kustodian accepts.
    const raw = parse(readFileSync(path.join(repoRoot, 'plugin.yaml'), 'utf8')) as { spec: { parameters: { static: { name: string }[] } } };
    const names = raw.spec.parameters.static.map((p) => p.name);
    expect(names).toContain('load-restrictor');
  });
});

describe('a generate request', () => {
  it('renders the app with cwd = app path inside a 0644 copy of the repo', async () => {
    const r = await runCmp({ repo, appPath: 'apps/plain', sidecarEnv: { KUSTODIAN_PIN: 'off' } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.manifests.map((m) => m.kind)).toEqual(['ConfigMap', 'Deployment']);
    const cm = r.manifests[0] as { data: Record<string, unknown>; metadata: { namespace: string } };
    // Read back as YAML 1.1 (go-yaml): "true" must still be a string.
    expect(cm.data.ENABLED).toBe('true');
    expect(cm.metadata.namespace).toBe('giftify');
  });

  it('sets the env ArgoCD sets, with the ARGOCD_ENV_ prefix always added', () => {
    const env = requestEnv({
      repo,
      appPath: 'apps/plain',
      appName: 'shop',
      env: { FOO: '$ARGOCD_APP_NAME-$$HOME', ARGOCD_ENV_BAR: 'x' },
      parameters: [
        { name: 'overlay', string: 'prod' },
        { name: 'values-files', array: ['a.yaml', 'b.yaml'] },
        { name: 'helm-parameters', map: { 'image.tag': 'v1' } },
      ],
    });
    expect(env).toMatchObject({
      ARGOCD_APP_NAME: 'shop',
      ARGOCD_APP_SOURCE_PATH: 'apps/plain',
      ARGOCD_ENV_FOO: 'shop-$HOME',
      ARGOCD_ENV_ARGOCD_ENV_BAR: 'x',
      PARAM_OVERLAY: 'prod',
      PARAM_VALUES_FILES_0: 'a.yaml',
      PARAM_VALUES_FILES_1: 'b.yaml',
      PARAM_HELM_PARAMETERS_IMAGE_TAG: 'v1',
    });
    expect(env.ARGOCD_APP_REVISION_SHORT).toHaveLength(7);
    expect(env.ARGOCD_APP_REVISION_SHORT_8).toHaveLength(8);
    expect(JSON.parse(env.ARGOCD_APP_PARAMETERS!)).toEqual([
      { name: 'overlay', string: 'prod' },
      { name: 'values-files', array: ['a.yaml', 'b.yaml'] },
      { name: 'helm-parameters', map: { 'image.tag': 'v1' } },
    ]);
  });
});

describe('the harness parses stdout like the repo-server', () => {
  it('reads a JSON stream, skips empty docs, flattens Lists and rejects kind-less docs', () => {
    const cm = (n: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n } });
    expect(
      parseManifests(`${JSON.stringify(cm('a'))}\n${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [cm('b'), null] })}`),
    ).toHaveLength(2);
    expect(
      parseManifests(
        '---\nnull\n---\napiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n---\n',
      ),
    ).toHaveLength(1);
    expect(() => parseManifests('apiVersion: v1\nmetadata: {name: x}\n')).toThrow(/Kind' is missing/);
    expect(() => parseManifests('rendering...\napiVersion: v1\n')).toThrow();
  });
});

describe('config precedence: defaults < kustodian.yaml < sidecar KUSTODIAN_* < app env < parameters', () => {
  const file = { 'apps/outside/kustodian.yaml': restrictor('none') };
  const fileRoot = { 'apps/outside/kustodian.yaml': restrictor('root') };

  it('default: the root load restrictor refuses the file outside the app', async () => {
    expectRestricted(await outside({}));
  });

  it('kustodian.yaml overrides the default', async () => {
    expectRendered(await outside({ files: file }));
  });

  it('sidecar env overrides kustodian.yaml', async () => {
    expectRestricted(await outside({ files: file, sidecarEnv: { KUSTODIAN_LOAD_RESTRICTOR: 'root' } }));
    expectRendered(await outside({ files: fileRoot, sidecarEnv: { KUSTODIAN_LOAD_RESTRICTOR: 'none' } }));
  });

  it('app env (ARGOCD_ENV_KUSTODIAN_*) overrides sidecar env', async () => {
    expectRendered(
      await outside({ files: fileRoot, sidecarEnv: { KUSTODIAN_LOAD_RESTRICTOR: 'root' }, env: { KUSTODIAN_LOAD_RESTRICTOR: 'none' } }),
    );
    expectRestricted(
      await outside({ files: file, sidecarEnv: { KUSTODIAN_LOAD_RESTRICTOR: 'none' }, env: { KUSTODIAN_LOAD_RESTRICTOR: 'root' } }),
    );
  });

  it('tolerates the doubled ARGOCD_ENV_ARGOCD_ENV_ prefix', async () => {
    // The user wrote ARGOCD_ENV_KUSTODIAN_…; the repo-server prefixes it again.
    expectRendered(await outside({ env: { ARGOCD_ENV_KUSTODIAN_LOAD_RESTRICTOR: 'none' } }));
  });

  it('parameters (ARGOCD_APP_PARAMETERS) override app env', async () => {
    const layers = { files: file, sidecarEnv: { KUSTODIAN_LOAD_RESTRICTOR: 'none' }, env: { KUSTODIAN_LOAD_RESTRICTOR: 'none' } };
    expectRestricted(await outside({ ...layers, parameters: [{ name: 'load-restrictor', string: 'root' }] }));
    expectRendered(
      await outside({
        files: fileRoot,
        env: { KUSTODIAN_LOAD_RESTRICTOR: 'root' },
        parameters: [{ name: 'load-restrictor', string: 'none' }],
      }),
    );
  });

  it('parameters fall back to PARAM_* when ARGOCD_APP_PARAMETERS is absent', async () => {
    const r = await outside({
      env: { KUSTODIAN_LOAD_RESTRICTOR: 'root' },
      parameters: [{ name: 'load-restrictor', string: 'none' }],
      omitParametersJson: true,
    });
    expectRendered(r);
    expectRestricted(
      await outside({
        env: { KUSTODIAN_LOAD_RESTRICTOR: 'none' },
        parameters: [{ name: 'load-restrictor', string: 'root' }],
        omitParametersJson: true,
      }),
    );
  });
});

describe('usage and config errors exit 2 with nothing on stdout', () => {
  it('an unknown parameter lists the known ones', async () => {
    for (const omitParametersJson of [false, true]) {
      const r = await outside({ parameters: [{ name: 'overlay', string: 'prod' }], omitParametersJson });
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/overlay|OVERLAY/);
      expect(r.stderr).toContain('load-restrictor');
      expect(r.stderr).toContain('enable-helm');
    }
  });

  it('an unknown KUSTODIAN_* variable in the sidecar or app env', async () => {
    for (const req of [{ sidecarEnv: { KUSTODIAN_LOAD_RESTRICTION: 'none' } }, { env: { KUSTODIAN_LOAD_RESTRICTION: 'none' } }]) {
      const r = await outside(req);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('KUSTODIAN_LOAD_RESTRICTION');
      expect(r.stderr).toContain('KUSTODIAN_LOAD_RESTRICTOR');
    }
  });

  it('a value outside the schema, from any layer, names its source', async () => {
    const r = await outside({ env: { KUSTODIAN_LOAD_RESTRICTOR: 'sometimes' } });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('ARGOCD_ENV_KUSTODIAN_LOAD_RESTRICTOR');
    expect(r.stderr).toMatch(/root, none/);
  });

  it('a config file error names the file, the line and the field', async () => {
    const r = await outside({
      files: { 'apps/outside/kustodian.yaml': config('kustomize:\n  enableHelm: false\n  loadRestrictor: sometimes\n') },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/kustodian\.yaml:5:\d+: /);
    expect(r.stderr).toContain('kustomize.loadRestrictor');
    expect(r.stderr).toContain('CONFIG_INVALID');
  });
});

describe('failures print nothing on stdout', () => {
  it('an empty render exits 1 with EMPTY_RENDER: ArgoCD would prune the app', async () => {
    const r = await runCmp({ repo, appPath: 'apps/empty' });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('EMPTY_RENDER');
  });

  it("a kustomize failure exits 3 with RENDER_FAILED and kustomize's own message, without the klog prefix", async () => {
    const r = await runCmp({ repo, appPath: 'apps/broken' });
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('RENDER_FAILED');
    expect(r.stderr).toContain('does-not-exist.yaml');
    expect(r.stderr).not.toMatch(/^[EWIF]\d{4} /m);
    expect(r.stderr).not.toContain('run.go');
    expect(r.stderr).not.toContain('err="');
  });

  describe('without kustomize or kubectl on PATH', () => {
    let nodeOnly: string;
    beforeAll(async () => {
      nodeOnly = await mkdtemp(path.join(os.tmpdir(), 'kustodian-nodeonly-'));
      await symlink(process.execPath, path.join(nodeOnly, 'node'));
    });
    afterAll(() => rm(nodeOnly, { recursive: true, force: true }));

    it('exits 3 with TOOL_NOT_FOUND and an install hint', async () => {
      const r = await runCmp({ repo, appPath: 'apps/plain', path: nodeOnly, sidecarEnv: { KUSTODIAN_PIN: 'off' } });
      expect(r.exitCode).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('TOOL_NOT_FOUND');
      expect(r.stderr).toMatch(/install/i);
      expect(r.stderr).toContain('KUSTODIAN_KUSTOMIZE');
    });
  });
});

describe('SIGTERM (and SIGINT) mid-render', () => {
  let tree: string;
  beforeAll(async () => {
    tree = await mkdtemp(path.join(os.tmpdir(), 'kustodian-signal-'));
    await mkdir(path.join(tree, 'app'));
    await writeFile(path.join(tree, 'app', 'kustomization.yaml'), 'resources: []\n');
  });
  afterAll(() => rm(tree, { recursive: true, force: true }));

  const cases = [
    { target: 'process', signal: 'SIGTERM', exitCode: 143 },
    { target: 'group', signal: 'SIGTERM', exitCode: 143 },
    { target: 'process', signal: 'SIGINT', exitCode: 130 },
  ] as const;
  for (const { target, signal, exitCode } of cases) {
    it(`${signal} to the ${target}: exits ${exitCode}, prints nothing, leaves no kustomize running`, async () => {
      // A kustomize that runs until it is killed (and ignores SIGTERM), signalled once it runs.
      const dir = await mkdtemp(path.join(tree, 'fake-'));
      const ready = path.join(dir, 'ready');
      const fake = await blockingKustomize(dir);
      const r = await runCmp({
        repo: tree,
        appPath: 'app',
        sidecarEnv: { KUSTODIAN_KUSTOMIZE: fake, [READY_ENV]: ready },
        terminate: { readyFile: ready, target, signal },
        timeoutMs: 30_000,
      });
      expect(r.children.map((c) => c.comm)).toContain('kustomize');
      expect(r.killedBy, 'kustodian must exit by itself, not die by the signal').toBeUndefined();
      expect(r.exitCode).toBe(exitCode);
      expect(r.stderr).toContain('INTERRUPTED');
      expect(r.stdout).toBe('');
      // A generous bound: the sidecar SIGKILLs 5 s after SIGTERM.
      expect(r.elapsedMs).toBeLessThan(5000);
      for (const c of r.children) expect(isGone(c.pid), `${c.comm} ${c.pid} still running`).toBe(true);
    });
  }
});
