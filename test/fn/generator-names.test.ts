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
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { krmFunction, nameMatches, type Step, type Resource } from '../../dist/index.js';

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
        envFrom:
        - configMapRef: {name: app-config}
        - secretRef: {name: creds}
`,
  'overlay/kustomization.yaml': 'namePrefix: prod-\nnamespace: shop\nresources: [../base]\nsecretGenerator:\n- name: creds\n  literals: [password=x]\ntransformers: [capture.yaml]\n',
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
          return [{ severity: 'error' as const, code: 'TEST_MISSING', message: `${kind} ${name} not found`, resourceRef: v.resource.ref(ctx.defaultNamespace), field: { path: `envFrom[${i}]` } }];
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

      const seen = parseAllDocuments(await readFile(capture, 'utf8')).map((d) => d.toJS() as { kind: string; metadata: { name: string; annotations: Record<string, string> }; spec?: unknown });
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
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
