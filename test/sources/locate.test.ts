/**
 * Findings are located in the files the overlay's kustomizations name, without a second build. The
 * oracle is kustomize itself: on every corpus overlay, the check fixtures and the examples, a build with
 * `buildMetadata: [originAnnotations]` names each resource's file, and the locator must name the same one
 * for every resource whose origin is a local file or a generator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { corpusOverlays, corpusRoot, repoRoot } from '../helpers/cli.js';
import { SourceLocator } from '../../src/sources/source-locator.js';
import { nameMatch } from '../../src/manifests/source-documents.js';

const listed = corpusOverlays().map((o) => path.join(corpusRoot, o.overlay));
const fixtures = ['overlays/prod', 'overlays/staging', 'apps/legacy'].map((d) =>
  path.join(repoRoot, 'test', 'fixtures', 'check', 'monorepo', d),
);
const examples = ['prod', 'broken'].map((d) => path.join(repoRoot, 'examples', 'giftify', 'overlays', d));

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-locate-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** kind, namespace, name and the absolute origin file of every resource, from kustomize's origin annotations. */
async function originsByKustomize(dir: string): Promise<{ kind: string; namespace?: string; name: string; file: string }[]> {
  const wrapper = await mkdtemp(path.join(tmp, 'wrap-'));
  await writeFile(
    path.join(wrapper, 'kustomization.yaml'),
    `resources:\n- ${JSON.stringify(path.relative(wrapper, dir))}\nbuildMetadata: [originAnnotations]\n`,
  );
  const { stdout } = await execa('kubectl', ['kustomize', wrapper], { maxBuffer: 512 * 1024 * 1024 });
  return parseAllDocuments(stdout).map((doc) => {
    const r = doc.toJS() as { kind: string; metadata: { name: string; namespace?: string; annotations: Record<string, string> } };
    const origin = parseAllDocuments(r.metadata.annotations['config.kubernetes.io/origin']!)[0]!.toJS() as {
      path?: string;
      configuredIn?: string;
    };
    return {
      kind: r.kind,
      namespace: r.metadata.namespace,
      name: r.metadata.name,
      file: path.resolve(wrapper, (origin.path ?? origin.configuredIn)!),
    };
  });
}

describe('the locator names the file kustomize’s origin annotation names', () => {
  for (const dir of [...listed, ...fixtures, ...examples]) {
    it(path.relative(repoRoot, dir), async () => {
      const expected = await originsByKustomize(dir);
      expect(expected.length).toBeGreaterThan(0);
      const locator = new SourceLocator(dir);
      const got = await Promise.all(expected.map(async (r) => ({ ...r, file: (await locator.locate(r))?.path })));
      expect(got).toEqual(expected);
    });
  }
});

describe('nameMatch: what kustomize adds to a name', () => {
  it('accepts a prefix, a suffix and a hash at a - or . boundary, and prefers the exact name', () => {
    expect(nameMatch('api', 'api')).toBe(2);
    expect(nameMatch('api', 'prod-api')).toBe(1);
    expect(nameMatch('api', 'api-v2')).toBe(1);
    expect(nameMatch('env', 'env-5f6hb8k9mt')).toBe(1);
    expect(nameMatch('redis', 'predis')).toBe(0);
    expect(nameMatch('redis', 'redisx-a')).toBe(0);
    expect(nameMatch('', 'api')).toBe(0);
  });
});

describe('SourceLocator', () => {
  async function tree(files: Record<string, string>): Promise<string> {
    const root = await mkdtemp(path.join(tmp, 'tree-'));
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), text);
    }
    return root;
  }

  it('picks the exact name over a contained one, the matching namespace, and the line of the field', async () => {
    const root = await tree({
      'base/kustomization.yaml': 'resources: [a.yaml, b.yaml]\n',
      'base/a.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: one\nspec:\n  replicas: 1\n',
      'base/b.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: two\nspec:\n  replicas: 2\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: prod-api}\n',
      'prod/kustomization.yaml': 'resources: [../base]\nnamePrefix: prod-\n',
    });
    const locator = new SourceLocator(path.join(root, 'prod'));
    expect(await locator.locate({ kind: 'Deployment', namespace: 'two', name: 'api' }, 'spec.replicas')).toEqual({
      path: path.join(root, 'base/b.yaml'),
      line: 7,
    });
    expect(await locator.locate({ kind: 'Deployment', namespace: 'one', name: 'api' })).toEqual({
      path: path.join(root, 'base/a.yaml'),
      line: 1,
    });
    expect(await locator.locate({ kind: 'Deployment', name: 'prod-api' })).toEqual({ path: path.join(root, 'base/b.yaml'), line: 9 });
    expect(await locator.locate({ kind: 'Service', name: 'api' })).toBeUndefined();
  });

  it('finds the items of a List by their kind, and a List that never names a kind defines none of it', async () => {
    const root = await tree({
      'kustomization.yaml': 'resources: [list.yaml, job.yaml]\n',
      'list.yaml':
        'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: dash\n  data:\n    a: |\n      kind: Job\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n',
      'job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: web\n',
    });
    const locator = new SourceLocator(root);
    expect(await locator.locate({ kind: 'Deployment', name: 'web' }, 'metadata.name')).toEqual({
      path: path.join(root, 'list.yaml'),
      line: 14,
    });
    expect(await locator.locate({ kind: 'ConfigMap', name: 'dash' })).toEqual({ path: path.join(root, 'list.yaml'), line: 4 });
    expect(await locator.locate({ kind: 'Job', name: 'web' })).toEqual({ path: path.join(root, 'job.yaml'), line: 1 });
    expect(await locator.locate({ kind: 'Service', name: 'web' })).toBeUndefined();
  });

  it('names the generator entry that creates a ConfigMap, not one that merges into it', async () => {
    const root = await tree({
      'base/kustomization.yaml': 'configMapGenerator:\n- name: env\n  literals: [A=1]\n',
      'prod/kustomization.yaml': 'resources: [../base]\nconfigMapGenerator:\n- name: env\n  behavior: merge\n  literals: [B=2]\n',
    });
    const locator = new SourceLocator(path.join(root, 'prod'));
    expect(await locator.locate({ kind: 'ConfigMap', name: 'env-h7bk6m2g5t' })).toEqual({
      path: path.join(root, 'base/kustomization.yaml'),
      line: 2,
    });
  });

  it('ends at a cycle, skips remote entries, and reads no file its bound refuses', async () => {
    const outside = await tree({ 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: db}\n' });
    const root = await tree({
      'a/kustomization.yaml': 'resources: [../b, https://github.com/x/y//z?ref=v1, link.yaml]\n',
      'b/kustomization.yaml': 'resources: [../a, cm.yaml]\n',
      'b/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n',
    });
    await symlink(path.join(outside, 'secret.yaml'), path.join(root, 'a', 'link.yaml'));
    const bounded = new SourceLocator(path.join(root, 'a'), (file) => Promise.resolve(!file.endsWith('link.yaml')));
    expect(await bounded.locate({ kind: 'ConfigMap', name: 'cm' })).toEqual({ path: path.join(root, 'b/cm.yaml'), line: 1 });
    expect(await bounded.locate({ kind: 'Secret', name: 'db' })).toBeUndefined();
    expect(await new SourceLocator(path.join(root, 'a')).locate({ kind: 'Secret', name: 'db' })).toEqual({
      path: path.join(root, 'a', 'link.yaml'),
      line: 1,
    });
  });
});
