/**
 * Items no step touched come back from `kustodian fn` as written: `kpt fn render` writes them back into
 * the user's files, so a lost comment, reordered `"10"`/`"2"` keys or `0755` turned into `755` (which the
 * API server rejects as a file mode) would be a change kustodian made to the user's source.
 */
// These manifests are minimal on purpose (no selectors, made-up fields): the api step, which would judge them, has tests of its own.
const apiOff = { KUSTODIAN_API: 'off' };
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { kustodian, onPath, repoRoot } from '../helpers/cli.js';

const fnBin = path.join(repoRoot, 'dist', 'fn.js');

// Written the way kpt and kustomize print items ("- " at the parent's indentation), so any byte the
// function changes shows up.
const untouched = `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: settings # kept for the operators
    annotations:
      config.kubernetes.io/index: '0'
  data:
    b: x
    "10": y
    "2": z
    enabled: "true"
    quoted: 'single'
    script: |
      echo hi
- apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    containers:
    - name: web
      image: nginx@sha256:${'a'.repeat(64)}
      volumeMounts: [{name: scripts, mountPath: /x}]
    volumes:
    - name: scripts
      configMap:
        name: settings
        defaultMode: 0755
    x-big: 12345678901234567890
    x-float: 1.10
    x-exp: 1e3
`;

// pgdata changes this one: postgres ≤17 with a PVC on the data directory gets PGDATA set.
const changed = `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: orders # the database
  spec:
    template:
      spec:
        containers:
        - name: postgres
          image: postgres:15-alpine
          volumeMounts:
          - name: data
            mountPath: /var/lib/postgresql/data
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: orders-data
          x-mode: 0644
`;

const functionConfig = `functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: fn
  data:
    pin: "off"
`;

function resourceList(items: string): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}${functionConfig}`;
}

describe('kustodian fn keeps untouched items as written', () => {
  it('returns comments, key order, quoting, 0755 and big ints byte for byte', async () => {
    const r = await kustodian(['fn'], { env: apiOff, input: resourceList(untouched) });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`items:\n${untouched}`);
  });

  it('re-serialises only the item a step changed, with the octal mode read as the API server reads it', async () => {
    const r = await kustodian(['fn'], { env: apiOff, input: resourceList(untouched + changed) });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`items:\n${untouched}`);
    const out = parse(r.stdout) as {
      items: {
        kind: string;
        spec: { template: { spec: { containers: { env?: { name: string }[] }[]; volumes: { 'x-mode': number }[] } } };
      }[];
      results: { tags: { code: string } }[];
    };
    const deployment = out.items.find((i) => i.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0]!.env?.map((e) => e.name)).toContain('PGDATA');
    expect(deployment.spec.template.spec.volumes[0]!['x-mode']).toBe(0o644);
    expect(r.stdout).not.toMatch(/x-mode: 644\b/);
    expect(out.results.map((x) => x.tags.code)).toContain('PGDATA_INJECTED');
  });
});

// The same resources as a package file, for kpt.
const packageFile = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings # kept for the operators
data:
  b: x
  "10": y
  "2": z
  enabled: "true"
  quoted: 'single'
  script: |
    echo hi
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx@sha256:${'a'.repeat(64)}
    volumeMounts: [{name: scripts, mountPath: /x}]
  volumes:
  - name: scripts
    configMap:
      name: settings
      defaultMode: 0755
  x-big: 12345678901234567890
`;

describe.skipIf(!(await onPath('kpt')))('kpt fn render --allow-exec leaves an untouched file as it was', () => {
  it('writes back the same bytes when kustodian runs as a mutator', async () => {
    // A mutator, not a validator: kpt writes a mutator's items back into the files (validators' output is dropped).
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kustodian-fidelity-'));
    try {
      await writeFile(path.join(dir, 'app.yaml'), packageFile);
      await writeFile(
        path.join(dir, 'Kptfile'),
        `apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n  annotations:\n    config.kubernetes.io/local-config: "true"\npipeline:\n  mutators:\n  - exec: ${fnBin}\n    configMap:\n      pin: "off"\n`,
      );
      const r = await execa('kpt', ['fn', 'render', dir, '--allow-exec'], {
        reject: false,
        env: { PATH: process.env.PATH ?? '', HOME: dir, TMPDIR: os.tmpdir(), KUSTODIAN_API: 'off' },
        extendEnv: false,
      });
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(await readFile(path.join(dir, 'app.yaml'), 'utf8')).toBe(packageFile);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
