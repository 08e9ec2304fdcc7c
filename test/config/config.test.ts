/** Config loading through the public API and the CLI: compiler-style errors, layers and ArgoCD encodings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, parameters, KustodianError } from '../../src/index.js';
import { setting } from '../../src/config/load.js';
import { envName, paramEnvName } from '../../src/config/schema.js';
import { DEFAULTED_SETTINGS } from '../../src/config/settings.js';
import { kustodian, repoRoot } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kustodian-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const header = 'apiVersion: kustodian.dev/v1alpha1\nkind: Config\n';

/** Writes kustodian.yaml and returns the CONFIG_INVALID/USAGE error loadConfig throws. */
async function configError(body: string, env: NodeJS.ProcessEnv = {}): Promise<KustodianError> {
  await writeFile(path.join(dir, 'kustodian.yaml'), body);
  try {
    await loadConfig({ dir, env });
  } catch (error) {
    expect(error).toBeInstanceOf(KustodianError);
    return error as KustodianError;
  }
  throw new Error('loadConfig accepted an invalid config');
}

async function load(body: string | undefined, env: NodeJS.ProcessEnv = {}, flags?: Record<string, unknown>) {
  const sub = await mkdtemp(path.join(dir, 'case-'));
  if (body !== undefined) await writeFile(path.join(sub, 'kustodian.yaml'), body);
  return (await loadConfig({ dir: sub, env, flags })).config;
}

describe('kustodian.yaml errors read like compiler errors (file:line:col: field: problem)', () => {
  const file = () => path.join(dir, 'kustodian.yaml');

  it('a wrong enum value points at the value', async () => {
    const e = await configError(`${header}kustomize:\n  enableHelm: false\n  loadRestrictor: sometimes\n`);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain(`${file()}:5:19: kustomize.loadRestrictor: must be one of root, none`);
  });

  it('an unknown field points at the key', async () => {
    const e = await configError(`${header}images:\n  pin: off\n  pinn: locked\n`);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain(`${file()}:5:3: images.pinn: unknown field`);
  });

  it('a wrong type points at the value, in a list too', async () => {
    const e = await configError(`${header}kustomize:\n  enableHelm: "yes"\n`);
    expect(e.message).toContain(`${file()}:4:15: kustomize.enableHelm: must be boolean`);
    const list = await configError(
      `${header}podTemplates:\n- kind: ScaledJob\n  path: spec.jobTargetRef.template.spec\n- kind: Workflow\n  path: 42\n`,
    );
    expect(list.message).toContain(`${file()}:7:9: podTemplates.1.path: must be string`);
  });

  it('a wrong header and invalid YAML', async () => {
    const version = await configError('apiVersion: kustodian.dev/v1beta1\nkind: Config\n');
    expect(version.message).toContain(`${file()}:1:13: apiVersion: must be "kustodian.dev/v1alpha1"`);
    const yaml = await configError(`${header}kustomize:\n  enableHelm: [\n`);
    expect(yaml.code).toBe('CONFIG_INVALID');
    expect(yaml.message).toMatch(new RegExp(`${file().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: invalid YAML`));
  });

  it('through the CLI: exit 2, the file relative to the cwd, nothing on stdout', async () => {
    const app = await mkdtemp(path.join(dir, 'app-'));
    await writeFile(path.join(app, 'kustomization.yaml'), 'resources: []\n');
    await writeFile(path.join(app, 'kustodian.yaml'), `${header}checks:\n  secretRefs: maybe\n`);
    const r = await kustodian(['render'], { cwd: app });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('CONFIG_INVALID');
    expect(r.stderr).toContain('kustodian.yaml:4:15: checks.secretRefs: must be one of on, off');
  });
});

describe('layers', () => {
  it('no file, no env: schema defaults through setting()', async () => {
    const config = await load(undefined);
    expect(setting(config, ['kustomize', 'enableHelm'])).toBe(false);
    expect(setting(config, ['images', 'pin'])).toBe('resolve');
    expect(config.kustomize?.loadRestrictor).toBeUndefined();
  });

  it('each layer overrides the one below, key by key', async () => {
    const file = `${header}kustomize:\n  enableHelm: true\n  loadRestrictor: none\nimages:\n  pin: locked\n`;
    let c = await load(file, { KUSTODIAN_PIN: 'off' });
    expect([c.kustomize?.enableHelm, c.kustomize?.loadRestrictor, c.images?.pin]).toEqual([true, 'none', 'off']);
    c = await load(file, { KUSTODIAN_PIN: 'off', ARGOCD_ENV_KUSTODIAN_PIN: 'resolve', KUSTODIAN_LOAD_RESTRICTOR: 'root' });
    expect([c.kustomize?.enableHelm, c.kustomize?.loadRestrictor, c.images?.pin]).toEqual([true, 'root', 'resolve']);
    c = await load(file, { ARGOCD_ENV_KUSTODIAN_PIN: 'resolve', ARGOCD_APP_PARAMETERS: '[{"name":"pin","string":"off"}]' });
    expect(c.images?.pin).toBe('off');
    c = await load(file, { ARGOCD_APP_PARAMETERS: '[{"name":"pin","string":"off"}]' }, { pin: 'locked', 'enable-helm': false });
    expect([c.kustomize?.enableHelm, c.images?.pin]).toEqual([false, 'locked']);
  });

  it('ARGOCD_APP_PARAMETERS wins over PARAM_*, which is only a fallback', async () => {
    const c = await load(undefined, { ARGOCD_APP_PARAMETERS: '[{"name":"pin","string":"off"}]', PARAM_PIN: 'locked' });
    expect(c.images?.pin).toBe('off');
    const d = await load(undefined, { PARAM_PIN: 'locked' });
    expect(d.images?.pin).toBe('locked');
  });

  it('array parameters: JSON array, PARAM_<NAME>_<i>, and comma-separated env', async () => {
    const platforms = ['linux/amd64', 'linux/arm64'];
    expect(
      (await load(undefined, { ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'platforms', array: platforms }]) })).images?.platforms,
    ).toEqual(platforms);
    expect((await load(undefined, { PARAM_PLATFORMS_0: platforms[0], PARAM_PLATFORMS_1: platforms[1] })).images?.platforms).toEqual(
      platforms,
    );
    expect((await load(undefined, { KUSTODIAN_PLATFORMS: 'linux/amd64, linux/arm64' })).images?.platforms).toEqual(platforms);
  });

  it('a parameter set with no value sets nothing', async () => {
    const c = await load(`${header}images:\n  platforms: [linux/arm64]\n  pin: locked\n`, {
      ARGOCD_APP_PARAMETERS: '[{"name":"platforms"},{"name":"pin"}]',
    });
    expect(c.images?.platforms).toEqual(['linux/arm64']);
    expect(c.images?.pin).toBe('locked');
  });

  it('the loaded config carries every schema default, and Settings promises exactly those', async () => {
    const defaults: [string, unknown][] = [];
    const walk = (node: { properties?: Record<string, unknown> }, at: string[]) => {
      for (const [key, child] of Object.entries(node.properties ?? {}) as [
        string,
        { default?: unknown; properties?: Record<string, unknown> },
      ][]) {
        if (child.default !== undefined) defaults.push([[...at, key].join('.'), child.default]);
        walk(child, [...at, key]);
      }
    };
    walk(
      JSON.parse(await readFile(path.join(repoRoot, 'schemas', 'config.schema.json'), 'utf8')) as { properties?: Record<string, unknown> },
      [],
    );
    expect(defaults.map(([p]) => p).sort()).toEqual([...DEFAULTED_SETTINGS].sort());
    const config = (await load(undefined)) as unknown as Record<string, unknown>;
    for (const [p, value] of defaults) {
      // Any depth: cache.redis.keyPrefix is three levels down.
      const found = p.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], config);
      expect(found, p).toEqual(value);
    }
    // A value from a lower layer survives: defaults are filled in after the merge, not per layer.
    expect((await load(`${header}images:\n  concurrency: 3\n`, { KUSTODIAN_PIN: 'off' })).images?.concurrency).toBe(3);
  });

  it('booleans accept the spellings env vars use', async () => {
    for (const [raw, want] of [
      ['true', true],
      ['1', true],
      ['yes', true],
      ['false', false],
      ['0', false],
      ['off', false],
    ] as const) {
      expect((await load(undefined, { KUSTODIAN_ENABLE_HELM: raw })).kustomize?.enableHelm, raw).toBe(want);
    }
  });
});

describe('input errors name their source', () => {
  const fails = async (env: NodeJS.ProcessEnv, flags?: Record<string, unknown>) => {
    try {
      await load(undefined, env, flags);
    } catch (error) {
      return error as KustodianError;
    }
    throw new Error('accepted');
  };

  it('a bad value in env or parameters', async () => {
    const e = await fails({ KUSTODIAN_ENABLE_HELM: 'maybe' });
    expect([e.code, e.message]).toEqual(['CONFIG_INVALID', 'KUSTODIAN_ENABLE_HELM: must be true or false']);
    const p = await fails({ ARGOCD_APP_PARAMETERS: '[{"name":"pin","string":"sometimes"}]' });
    expect(p.code).toBe('CONFIG_INVALID');
    expect(p.message).toContain('parameter pin: images.pin: must be one of resolve, locked, off');
    const f = await fails({ PARAM_PIN: 'sometimes' });
    expect(f.message).toContain('PARAM_PIN');
    const a = await fails({ ARGOCD_ENV_ARGOCD_ENV_KUSTODIAN_PIN: 'sometimes' });
    expect(a.message).toContain('ARGOCD_ENV_ARGOCD_ENV_KUSTODIAN_PIN');
  });

  it('unknown parameters and env vars are usage errors that list the known ones', async () => {
    const known = parameters.map((p) => p.name);
    for (const env of [{ ARGOCD_APP_PARAMETERS: '[{"name":"overlay","string":"prod"}]' }, { PARAM_OVERLAY: 'prod' }]) {
      const e = await fails(env);
      expect(e.code).toBe('USAGE');
      for (const name of known) expect(e.message).toContain(name);
    }
    const v = await fails({ KUSTODIAN_PINN: 'off' });
    expect(v.code).toBe('USAGE');
    expect(v.message).toContain(envName('pin'));
  });

  it('map parameters and malformed ARGOCD_APP_PARAMETERS are usage errors', async () => {
    expect((await fails({ ARGOCD_APP_PARAMETERS: '[{"name":"pin","map":{"a":"b"}}]' })).code).toBe('USAGE');
    expect((await fails({ ARGOCD_APP_PARAMETERS: '{not json' })).code).toBe('USAGE');
  });

  it('reserved KUSTODIAN_* variables are not parameters', async () => {
    const c = await load(undefined, { KUSTODIAN_KUSTOMIZE: '/usr/bin/kubectl', KUSTODIAN_CACHE_DIR: '/tmp/cache' });
    expect(c.apiVersion).toBe('kustodian.dev/v1alpha1');
  });

  it("ignores the kubelet's service-link variables for a Service named kustodian, in the sidecar env only", async () => {
    const links = {
      KUSTODIAN_SERVICE_HOST: '10.0.0.7',
      KUSTODIAN_SERVICE_PORT: '8080',
      KUSTODIAN_SERVICE_PORT_HTTP: '8080',
      KUSTODIAN_PORT: 'tcp://10.0.0.7:8080',
      KUSTODIAN_PORT_8080_TCP: 'tcp://10.0.0.7:8080',
      KUSTODIAN_PORT_8080_TCP_PROTO: 'tcp',
      KUSTODIAN_PORT_8080_TCP_PORT: '8080',
      KUSTODIAN_PORT_8080_TCP_ADDR: '10.0.0.7',
    };
    expect((await load(undefined, links)).apiVersion).toBe('kustodian.dev/v1alpha1');
    expect((await fails({ ARGOCD_ENV_KUSTODIAN_SERVICE_HOST: 'x' })).code).toBe('USAGE');
  });

  it('names env vars and PARAM_* the way ArgoCD escapes them', () => {
    expect(envName('pgdata-guard')).toBe('KUSTODIAN_PGDATA_GUARD');
    expect(paramEnvName('load-restrictor')).toBe('PARAM_LOAD_RESTRICTOR');
  });
});
