/**
 * The KRM function contract through its public entries: `kustodian fn`, the `kustodian-fn` bin, and
 * `krmFunction` from dist/index.js (for test-only steps).
 */
// These manifests are minimal on purpose (no selectors, made-up fields): the api step, which would judge them, has tests of its own.
const apiOff = { KUSTODIAN_API: 'off' };
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { kustodian, repoRoot } from '../helpers/cli.js';
import { krmFunction, type Step } from '../../src/index.js';

const fnBin = path.join(repoRoot, 'dist', 'fn.js');

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'api',
    namespace: 'shop',
    annotations: {
      'config.kubernetes.io/index': '0',
      'config.kubernetes.io/path': 'legacy/deploy.yaml',
      'internal.config.kubernetes.io/index': '1',
      'internal.config.kubernetes.io/path': 'apps/deploy.yaml',
      'kustomize.config.k8s.io/id': 'group: apps\nkind: Deployment\nname: api\nnamespace: shop\nversion: v1\n',
      'example.com/mode': '0755',
    },
  },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'api', image: 'nginx:1.27', args: ['yes', '1e3', 'on'] }] } } },
};
const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', annotations: { 'config.kubernetes.io/path': 'old.yaml', 'config.kubernetes.io/index': '2' } },
  data: { ENABLED: 'true', BIG: '12345678901234567890' },
};

function resourceList(items: unknown[], functionConfig?: unknown): string {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) });
}

async function runBin(input: string) {
  const r = await execa(process.execPath, [fnBin], {
    input,
    reject: false,
    stripFinalNewline: false,
    env: { PATH: process.env.PATH ?? '', KUSTODIAN_API: 'off' },
    extendEnv: false,
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

describe('kustodian fn', () => {
  it('returns untouched items semantically unchanged, annotations included', async () => {
    // Pinning off: the digest step would (rightly) change the image, and there is no registry here.
    const input = resourceList([deployment, configMap], {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'fn' },
      data: { pin: 'off' },
    });
    const r = await kustodian(['fn'], { env: apiOff, input });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = parse(r.stdout) as { apiVersion: string; kind: string; items: unknown[]; results?: unknown };
    expect(out.apiVersion).toBe('config.kubernetes.io/v1');
    expect(out.kind).toBe('ResourceList');
    expect(out.items).toEqual([deployment, configMap]);
    expect(out.results).toBeUndefined();
  });

  it('the kustodian-fn bin runs the same code as kustodian fn', async () => {
    const input = resourceList([deployment, configMap], {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: { pin: 'off' },
    });
    const [viaBin, viaCommand] = await Promise.all([runBin(input), kustodian(['fn'], { env: apiOff, input })]);
    expect(viaBin.exitCode, viaBin.stderr).toBe(0);
    expect(viaBin.stdout).toBe(viaCommand.stdout);
    expect((parse(viaBin.stdout) as { items: unknown[] }).items).toEqual([deployment, configMap]);
  });

  it('refuses an empty items list: exit 1, the ResourceList with the error result on stdout, the reason on stderr', async () => {
    for (const input of [resourceList([]), 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n']) {
      const r = await runBin(input);
      expect(r.exitCode).toBe(1);
      const out = parse(r.stdout) as { kind: string; results: { severity: string; tags: { code: string } }[] };
      expect(out.kind).toBe('ResourceList');
      expect(out.results.map((x) => `${x.severity} ${x.tags.code}`)).toEqual(['error EMPTY_RENDER']);
      expect(r.stderr).toContain('EMPTY_RENDER');
    }
  });

  it('validates a Config functionConfig against the config schema (exit 2)', async () => {
    const bad = { apiVersion: 'kustodian.dev/v1alpha1', kind: 'Config', metadata: { name: 'k' }, images: { pin: 'sometimes' } };
    const r = await kustodian(['fn'], { env: apiOff, input: resourceList([deployment], bad) });
    expect(r.exitCode).toBe(2);
    expect(failureResults(r.stdout)).toEqual(['CONFIG_INVALID']);
    expect(r.stderr).toContain('images.pin');
    const good = { ...bad, images: { pin: 'off' } };
    expect((await kustodian(['fn'], { env: apiOff, input: resourceList([deployment], good) })).exitCode).toBe(0);
  });

  it('reads a ConfigMap functionConfig as parameters and refuses unknown ones', async () => {
    const cm = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data });
    expect(
      (await kustodian(['fn'], { env: apiOff, input: resourceList([deployment], cm({ pin: 'off', 'secret-refs': 'off' })) })).exitCode,
    ).toBe(0);
    const wrongValue = await kustodian(['fn'], { env: apiOff, input: resourceList([deployment], cm({ pin: 'maybe' })) });
    expect(wrongValue.exitCode).toBe(2);
    expect(wrongValue.stderr).toContain('data.pin');
    const unknown = await kustodian(['fn'], { env: apiOff, input: resourceList([deployment], cm({ colour: 'blue' })) });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('colour');
    const otherKind = await kustodian(['fn'], {
      env: apiOff,
      input: resourceList([deployment], { apiVersion: 'example.com/v1', kind: 'Thing' }),
    });
    expect(otherKind.exitCode).toBe(2);
  });

  it('fails input that is not a ResourceList as a runtime error (exit 3)', async () => {
    for (const input of [
      '',
      'kind: List\napiVersion: v1\nitems: []\n',
      'apiVersion: config.kubernetes.io/v2\nkind: ResourceList\nitems: []\n',
      '{ not yaml',
    ]) {
      const r = await kustodian(['fn'], { env: apiOff, input });
      expect(r.exitCode, input).toBe(3);
      expect(failureResults(r.stdout), input).toEqual(['INPUT_INVALID']);
    }
  });

  it('takes no arguments (exit 2)', async () => {
    const r = await kustodian(['fn', 'somedir'], { input: resourceList([deployment]) });
    expect(r.exitCode).toBe(2);
  });
});

/** The codes of a failure ResourceList: no items, only error results. */
function failureResults(stdout: string): string[] {
  const out = parse(stdout) as { kind: string; items: unknown[]; results: { severity: string; tags: { code: string } }[] };
  expect(out.kind).toBe('ResourceList');
  expect(out.items).toEqual([]);
  expect(out.results.every((x) => x.severity === 'error')).toBe(true);
  return out.results.map((x) => x.tags.code);
}

/** A test-only validator that flags every Deployment and ConfigMap, to see how results are written. */
const flagAll = (severity: 'error' | 'warning'): Step => ({
  id: 'test-flag',
  kind: 'validate',
  summary: 'test only',
  run: (ctx) =>
    ctx.resources.map((r) => ({
      severity,
      code: 'TEST_FLAG',
      message: `flagged ${r.kind}`,
      resourceRef: r.ref(ctx.defaultNamespace),
      field: { path: 'metadata.name' },
    })),
});

describe('krmFunction results', () => {
  it('write KRM results with file from the internal annotations, else the legacy ones', async () => {
    const r = await krmFunction(resourceList([deployment, configMap]), { steps: [flagAll('warning')], env: {} });
    expect(r.output).toBeDefined();
    const out = parse(r.output) as { items: unknown[]; results: Record<string, unknown>[] };
    expect(out.items).toEqual([deployment, configMap]);
    const byKind = Object.fromEntries(out.results.map((x) => [(x.resourceRef as { kind: string }).kind, x]));
    expect(byKind.Deployment).toEqual({
      message: 'flagged Deployment',
      severity: 'warning',
      resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' },
      field: { path: 'metadata.name' },
      file: { path: 'apps/deploy.yaml', index: 1 },
      tags: { code: 'TEST_FLAG', step: 'test-flag' },
    });
    expect(byKind.ConfigMap?.file).toEqual({ path: 'old.yaml', index: 2 });
    expect(byKind.ConfigMap?.resourceRef).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg' });
  });

  it('uses the functionConfig namespace as the default namespace, and none otherwise', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { namespace: 'prod' } };
    const withNs = await krmFunction(resourceList([configMap], cm), { steps: [flagAll('warning')], env: {} });
    expect(withNs.results[0]?.resourceRef?.namespace).toBe('prod');
    expect(withNs.results[0]?.file).toEqual({ path: 'old.yaml', index: 2 });
    const cfg = { apiVersion: 'kustodian.dev/v1alpha1', kind: 'Config', metadata: { name: 'k', namespace: 'stage' } };
    expect(
      (await krmFunction(resourceList([configMap], cfg), { steps: [flagAll('warning')], env: {} })).results[0]?.resourceRef?.namespace,
    ).toBe('stage');
  });

  it('marks the run failed, and still writes the results, when a step reports an error', async () => {
    const r = await krmFunction(resourceList([deployment]), { steps: [flagAll('error')], env: {} });
    expect(r.failed).toBe(true);
    expect(r.results.map((x) => x.severity)).toEqual(['error']);
    expect((parse(r.output) as { results: { severity: string }[] }).results.map((x) => x.severity)).toEqual(['error']);
  });

  it('hides local-config items from the steps and passes them through', async () => {
    const kptfile = {
      apiVersion: 'kpt.dev/v1',
      kind: 'Kptfile',
      metadata: { name: 'p', annotations: { 'config.kubernetes.io/local-config': 'true' } },
    };
    const r = await krmFunction(resourceList([kptfile, configMap]), { steps: [flagAll('warning')], env: {} });
    expect(r.results.map((x) => x.resourceRef?.kind)).toEqual(['ConfigMap']);
    expect((parse(r.output) as { items: unknown[] }).items).toEqual([configMap, kptfile]);
  });
});
