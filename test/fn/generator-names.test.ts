/**
 * What a kustomize transformer sees of generated names, observed on this machine, and the matching rule
 * (nameMatches) the reference checks use for it.
 *
 * kubectl's embedded kustomize does not run exec KRM functions, but it does run legacy exec plugins
 * with `--enable-alpha-plugins`, and it hands both the same thing: the ResMap as YAML at transformer
 * time (kustomize api fnplugin/execplugin `Transform`: `rm.AsYaml()`). A capturing legacy plugin
 * records it; the test then feeds that input, as a ResourceList, to the KRM function with a test-only
 * reference step.
 */
// These manifests are minimal on purpose (no selectors, made-up fields): the api step, which would judge them, has tests of its own.
const apiOff = { KUSTODIAN_API: 'off' };
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { krmFunction, type Step, type Resource } from '../../src/index.js';
import { nameMatches } from '../../src/manifests/object-names.js';
import { kustodian } from '../helpers/cli.js';

const files: Record<string, string> = {
  'base/kustomization.yaml': 'resources: [deploy.yaml]\nconfigMapGenerator:\n- name: app-config\n  literals: [LOG_LEVEL=debug]\n',
  'base/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
      - name: api
        image: nginx
        env:
        - name: LEVEL
          valueFrom: {configMapKeyRef: {name: app-config, key: LOG_LEVEL}}
        envFrom:
        - configMapRef: {name: app-config}
        - secretRef: {name: creds}
`,
  'overlay/kustomization.yaml':
    'namePrefix: prod-\nnamespace: shop\nresources: [../base]\nsecretGenerator:\n- name: creds\n  literals: [password=x]\ntransformers: [capture.yaml]\n',
  'overlay/capture.yaml': 'apiVersion: test.kustodian.dev/v1\nkind: Capture\nmetadata: {name: capture}\n',
};

/** A test-only reference check over envFrom, with a pluggable name rule. */
function envFromStep(matches: (r: Resource, name: string) => boolean): Step {
  return {
    id: 'test-envfrom',
    kind: 'validate',
    summary: 'test only',
    run: (ctx) =>
      [...ctx.walker.containers(ctx.resources)].flatMap((v) =>
        ((v.container.envFrom ?? []) as { configMapRef?: { name: string }; secretRef?: { name: string } }[]).flatMap((e, i) => {
          const [kind, name] = e.configMapRef ? ['ConfigMap', e.configMapRef.name] : ['Secret', e.secretRef?.name ?? ''];
          if (ctx.resources.some((r) => r.kind === kind && matches(r, name))) return [];
          return [
            {
              severity: 'error' as const,
              code: 'TEST_MISSING',
              message: `${kind} ${name} not found`,
              resourceRef: v.resource.ref(ctx.defaultNamespace),
              field: { path: `envFrom[${i}]` },
            },
          ];
        }),
      ),
  };
}

describe('generator names at transformer time', () => {
  it('kustomize passes unhashed, unprefixed references; nameMatches resolves them through previousNames', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-gen-'));
    try {
      for (const [rel, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(tmp, rel)), { recursive: true });
        await writeFile(path.join(tmp, rel), text);
      }
      const capture = path.join(tmp, 'captured.yaml');
      const pluginDir = path.join(tmp, 'xdg', 'kustomize', 'plugin', 'test.kustodian.dev', 'v1', 'capture');
      await mkdir(pluginDir, { recursive: true });
      const plugin = path.join(pluginDir, 'Capture');
      await writeFile(
        plugin,
        `#!${process.execPath}\nconst fs = require('node:fs');\nconst input = fs.readFileSync(0, 'utf8');\nfs.writeFileSync(${JSON.stringify(capture)}, input);\nprocess.stdout.write(input);\n`,
      );
      await chmod(plugin, 0o755);
      const build = await execa('kubectl', ['kustomize', '--enable-alpha-plugins', path.join(tmp, 'overlay')], {
        env: { PATH: process.env.PATH ?? '', HOME: tmp, XDG_CONFIG_HOME: path.join(tmp, 'xdg') },
        extendEnv: false,
        reject: false,
      });
      expect(build.exitCode, String(build.stderr)).toBe(0);
      // The final render: hashed, prefixed names, references rewritten.
      expect(String(build.stdout)).toMatch(/configMapRef:\n\s+name: prod-app-config-[a-z0-9]{10}\n/);

      const seen = parseAllDocuments(await readFile(capture, 'utf8')).map(
        (d) => d.toJS() as { kind: string; metadata: { name: string; annotations: Record<string, string> }; spec?: unknown },
      );
      const cm = seen.find((o) => o.kind === 'ConfigMap')!;
      expect(cm.metadata.name).toBe('prod-app-config');
      expect(cm.metadata.annotations['internal.config.kubernetes.io/needsHashSuffix']).toBe('enabled');
      expect(cm.metadata.annotations['internal.config.kubernetes.io/previousNames']).toContain('app-config');
      expect(JSON.stringify(seen.find((o) => o.kind === 'Deployment'))).toContain('"configMapRef":{"name":"app-config"}');

      const list = stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: seen });
      const withRule = await krmFunction(list, { steps: [envFromStep(nameMatches)], env: {} });
      expect(withRule.findings).toEqual([]);
      expect(withRule.output).toBeDefined();
      const naive = await krmFunction(list, { steps: [envFromStep((r, n) => r.name === n)], env: {} });
      expect(naive.findings.map((f) => f.message).sort()).toEqual(['ConfigMap app-config not found', 'Secret creds not found']);
      const typo = list.replace('name: creds', 'name: credz');
      const broken = await krmFunction(typo, { steps: [envFromStep(nameMatches)], env: {} });
      expect(broken.findings.map((f) => f.message)).toEqual(['Secret credz not found']);

      // The real reference steps through `kustodian fn`, on exactly what kustomize passed: the
      // prefixed, unhashed objects are found (names and keys) under their previousNames.
      const fnConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { pin: 'off' } };
      const withConfig = (items: unknown[]) =>
        stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: fnConfig });
      const fn = await kustodian(['fn'], { env: apiOff, input: withConfig(seen) });
      expect(fn.exitCode, fn.stderr).toBe(0);
      expect((parse(fn.stdout) as { results?: unknown[] }).results ?? []).toEqual([]);
      const typoItems = JSON.parse(
        JSON.stringify(seen).replace('"name":"creds"', '"name":"credz"').replace('"key":"LOG_LEVEL"', '"key":"LOG_LEVL"'),
      ) as unknown[];
      const fnBroken = await kustodian(['fn'], { env: apiOff, input: withConfig(typoItems) });
      expect(fnBroken.exitCode).toBe(1);
      expect(fnBroken.stderr).toMatch(/SECRET_NOT_FOUND.*credz/);
      expect(fnBroken.stderr).toMatch(/CONFIGMAP_KEY_MISSING.*LOG_LEVL/);
      expect(fnBroken.stderr).not.toMatch(/CONFIGMAP_NOT_FOUND/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('pgdata envFrom at transformer time', () => {
  it('finds the envFrom ConfigMap that sets PGDATA under its previousNames', async () => {
    const items = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'prod-pg-env',
          namespace: 'db',
          annotations: {
            'internal.config.kubernetes.io/previousNames': 'pg-env,pg-env',
            'internal.config.kubernetes.io/needsHashSuffix': 'enabled',
          },
        },
        data: { PGDATA: '/var/lib/postgresql/data/pgdata' },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'prod-pg', namespace: 'db', annotations: { 'internal.config.kubernetes.io/previousNames': 'pg,pg' } },
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'postgres',
                  image: 'postgres:16',
                  envFrom: [{ configMapRef: { name: 'pg-env' } }],
                  volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }],
                },
              ],
              volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'pg-data' } }],
            },
          },
        },
      },
    ];
    const fnConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { pin: 'off' } };
    const r = await kustodian(['fn'], {
      env: apiOff,
      input: stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: fnConfig }),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = parse(r.stdout) as { items: unknown[]; results?: { message: string }[] };
    // The ConfigMap sets PGDATA, so nothing is injected and nothing is unknown.
    expect(out.results ?? []).toEqual([]);
    expect(out.items).toEqual(items);
  });
});
