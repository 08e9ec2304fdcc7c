/**
 * kustodian-fn under real KRM runners: kpt (fn eval --exec, fn render with a Kptfile pipeline),
 * standalone kustomize when one is on PATH, and kubectl's embedded kustomize (which skips exec
 * functions: the caveat examples/krm/README.md states).
 */
// These manifests are minimal on purpose (no selectors, made-up fields): the api step, which would judge them, has tests of its own.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { onPath, repoRoot } from '../helpers/cli.js';

const fnBin = path.join(repoRoot, 'dist', 'fn.js');
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'krm');

const hasKpt = await onPath('kpt');
const hasKustomize = await onPath('kustomize');
const hasKubectl = await onPath('kubectl');

async function copyFixture(name: string): Promise<{ dir: string; done: () => Promise<void> }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-krm-'));
  const dir = path.join(tmp, name);
  await cp(path.join(fixtures, name), dir, { recursive: true });
  return { dir, done: () => rm(tmp, { recursive: true, force: true }) };
}

async function tool(file: string, args: string[], cwd?: string) {
  const r = await execa(file, args, {
    cwd,
    reject: false,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), TMPDIR: os.tmpdir(), KUSTODIAN_API: 'off' },
    extendEnv: false,
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

function items(stdout: string): { kind: string; metadata: { name: string; annotations?: Record<string, string> } }[] {
  return (parse(stdout) as { items: never[] }).items;
}

describe.skipIf(!hasKpt)('kpt fn eval --exec kustodian-fn', () => {
  it('passes a valid tree and returns every resource', async () => {
    const { dir, done } = await copyFixture('app');
    try {
      const r = await tool('kpt', ['fn', 'eval', dir, '--exec', fnBin, '-o', 'stdout', '--', 'namespace=shop', 'pin=off']);
      expect(r.exitCode, r.stderr).toBe(0);
      const got = items(r.stdout);
      expect(got.map((i) => `${i.kind}/${i.metadata.name}`).sort()).toEqual([
        'ConfigMap/api-config',
        'Deployment/api',
        'Secret/api-secrets',
      ]);
      expect(got.find((i) => i.kind === 'Deployment')?.metadata.annotations?.['example.com/keep']).toBe('0755');
    } finally {
      await done();
    }
  });

  it('fails on an invalid functionConfig with the function exit code 2', async () => {
    const { dir, done } = await copyFixture('app');
    try {
      const r = await tool('kpt', ['fn', 'eval', dir, '--exec', fnBin, '-o', 'stdout', '--', 'pin=sometimes']);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain('Exit code: 2');
      expect(r.stderr).toContain('images.pin');
    } finally {
      await done();
    }
  });

  it('fails a tree whose Secret is missing (secret-refs), naming the Secret', async () => {
    const { dir, done } = await copyFixture('missing-secret');
    try {
      const r = await tool('kpt', ['fn', 'eval', dir, '--exec', fnBin, '-o', 'stdout', '--', 'pin=off']);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain('Exit code: 1');
      expect(r.stderr).toContain('SECRET_NOT_FOUND');
      expect(r.stderr).toContain('api-secrets');
    } finally {
      await done();
    }
  });

  it('shows the findings of a failing tree as kpt results, with resourceRef, field and file', async () => {
    const { dir, done } = await copyFixture('missing-secret');
    const resultsDir = await mkdtemp(path.join(os.tmpdir(), 'kustodian-kpt-results-'));
    try {
      const r = await tool('kpt', ['fn', 'eval', dir, '--exec', fnBin, '--results-dir', resultsDir, '--', 'pin=off']);
      expect(r.exitCode).not.toBe(0);
      // kpt prints a "Results:" section only for results it read from the function's ResourceList.
      expect(r.stderr).toMatch(/Results:\n\s+\[error\] apps\/v1\/Deployment\/shop\/api spec\.template\.spec\.containers\[0\]\.env\[0\]/);
      const list = parse(await readFile(path.join(resultsDir, 'results.yaml'), 'utf8')) as {
        items: { exitCode: number; results?: Record<string, unknown>[] }[];
      };
      expect(list.items[0]?.exitCode).toBe(1);
      expect(list.items[0]?.results).toEqual([
        expect.objectContaining({
          severity: 'error',
          resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' },
          field: { path: 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name' },
          file: { path: 'deployment.yaml' },
          tags: { code: 'SECRET_NOT_FOUND', step: 'secret-refs' },
        }),
      ]);
    } finally {
      await rm(resultsDir, { recursive: true, force: true });
      await done();
    }
  });

  it('shows a bad functionConfig as a kpt result with its code (exit 2)', async () => {
    const { dir, done } = await copyFixture('app');
    try {
      const r = await tool('kpt', ['fn', 'eval', dir, '--exec', fnBin, '--', 'pin=sometimes']);
      expect(r.stderr).toContain('Exit code: 2');
      expect(r.stderr).toMatch(/Results:\n\s+\[error\]: CONFIG_INVALID: functionConfig data\.pin/);
    } finally {
      await done();
    }
  });
});

describe.skipIf(!hasKpt)('kpt fn render --allow-exec with a Kptfile pipeline', () => {
  async function withKptfile(fixture: string, configMap: Record<string, string>) {
    const copy = await copyFixture(fixture);
    const kptfile = {
      apiVersion: 'kpt.dev/v1',
      kind: 'Kptfile',
      metadata: { name: fixture, annotations: { 'config.kubernetes.io/local-config': 'true' } },
      pipeline: { validators: [{ exec: fnBin, configMap }] },
    };
    await writeFile(path.join(copy.dir, 'Kptfile'), stringify(kptfile));
    return copy;
  }

  it('passes a valid package', async () => {
    const { dir, done } = await withKptfile('app', { namespace: 'shop', pin: 'off' });
    try {
      const r = await tool('kpt', ['fn', 'render', dir, '--allow-exec', '-o', 'stdout']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(
        items(r.stdout)
          .map((i) => i.kind)
          .sort(),
      ).toEqual(['ConfigMap', 'Deployment', 'Kptfile', 'Secret']);
    } finally {
      await done();
    }
  });

  it('fails the pipeline on an invalid configMap', async () => {
    const { dir, done } = await withKptfile('app', { pin: 'sometimes' });
    try {
      const r = await tool('kpt', ['fn', 'render', dir, '--allow-exec', '-o', 'stdout']);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain('Exit code: 2');
    } finally {
      await done();
    }
  });

  it('fails a package whose Secret is missing (secret-refs), naming the Secret', async () => {
    const { dir, done } = await withKptfile('missing-secret', { pin: 'off' });
    try {
      const r = await tool('kpt', ['fn', 'render', dir, '--allow-exec', '-o', 'stdout']);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain('SECRET_NOT_FOUND');
      expect(r.stderr).toContain('api-secrets');
    } finally {
      await done();
    }
  });
});

/** A kustomization using kustodian-fn as an exec transformer, with the given functionConfig body. */
async function execTransformerTree(configBody: Record<string, unknown>) {
  const copy = await copyFixture('app');
  await writeFile(
    path.join(copy.dir, 'kustomization.yaml'),
    stringify({ resources: ['deployment.yaml', 'config.yaml'], transformers: ['kustodian.yaml'] }),
  );
  const fnConfig = {
    apiVersion: 'kustodian.dev/v1alpha1',
    kind: 'Config',
    metadata: { name: 'kustodian', annotations: { 'config.kubernetes.io/function': stringify({ exec: { path: fnBin } }) } },
    ...configBody,
  };
  await writeFile(path.join(copy.dir, 'kustodian.yaml'), stringify(fnConfig));
  return copy;
}

describe('standalone kustomize exec transformer', () => {
  it.skipIf(!hasKustomize)(
    hasKustomize
      ? 'kustomize build --enable-alpha-plugins --enable-exec runs kustodian-fn'
      : 'skipped: no standalone kustomize on PATH (kubectl kustomize cannot run exec functions)',
    async () => {
      const ok = await execTransformerTree({ images: { pin: 'off' } });
      const bad = await execTransformerTree({ images: { pin: 'sometimes' } });
      try {
        const pass = await tool('kustomize', ['build', '--enable-alpha-plugins', '--enable-exec', ok.dir]);
        expect(pass.exitCode, pass.stderr).toBe(0);
        expect(pass.stdout).toContain('kind: Deployment');
        const fail = await tool('kustomize', ['build', '--enable-alpha-plugins', '--enable-exec', bad.dir]);
        expect(fail.exitCode).not.toBe(0);
        expect(fail.stderr).toContain('images.pin');
      } finally {
        await ok.done();
        await bad.done();
      }
    },
  );

  it.skipIf(!hasKubectl)('kubectl kustomize --enable-alpha-plugins silently skips the exec function', async () => {
    // An invalid functionConfig makes kustodian-fn exit 2 whenever it runs; kubectl still succeeds.
    const { dir, done } = await execTransformerTree({ images: { pin: 'sometimes' } });
    try {
      const r = await tool('kubectl', ['kustomize', '--enable-alpha-plugins', dir]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('kind: Deployment');
      expect(r.stderr).not.toContain('images.pin');
      const noAlpha = await tool('kubectl', ['kustomize', dir]);
      expect(noAlpha.exitCode).not.toBe(0);
      expect(noAlpha.stderr).toContain('external plugins disabled');
      const enableExec = await tool('kubectl', ['kustomize', '--enable-alpha-plugins', '--enable-exec', dir]);
      expect(enableExec.stderr).toContain('unknown flag: --enable-exec');
    } finally {
      await done();
    }
  });
});
