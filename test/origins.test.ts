/**
 * `check` builds once, with origin annotations, and cuts them off before the steps run. On every corpus
 * overlay (and the check fixtures) the cut documents must be byte-identical to a plain `kubectl kustomize`,
 * and every resource must get an origin file that exists.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { corpusRoot, repoRoot } from './helpers/cli.js';
import { parseStream, serializeStream } from '../src/index.js';
import { kustomizeBuild } from '../src/sources/kustomize.js';
import { cutOrigin, takeOrigins } from '../src/sources/origins.js';

const listed = ['overlays.tsv', 'overlays-next.tsv'].flatMap((list) =>
  readFileSync(path.join(corpusRoot, list), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0])
    .filter((overlay): overlay is string => Boolean(overlay))
    .map((overlay) => path.join(corpusRoot, overlay)),
);
const fixtures = ['overlays/prod', 'overlays/staging', 'apps/legacy'].map((d) => path.join(repoRoot, 'test', 'fixtures', 'check', 'monorepo', d));

describe('origin annotations, taken off, leave exactly the plain build', () => {
  for (const dir of [...listed, ...fixtures, path.join(repoRoot, 'examples', 'giftify', 'overlays', 'broken')]) {
    it(path.relative(repoRoot, dir), async () => {
      const [annotated, plain] = await Promise.all([
        kustomizeBuild(dir, { originAnnotations: true }),
        execa('kubectl', ['kustomize', dir], { stripFinalNewline: false, maxBuffer: 512 * 1024 * 1024 }).then((r) => String(r.stdout)),
      ]);
      expect(annotated.originRoot).toBeDefined();
      const { resources, origins } = takeOrigins(parseStream(annotated.yaml), annotated.originRoot!, dir);
      expect(serializeStream(resources) === plain, 'not byte-identical to kubectl kustomize').toBe(true);
      expect(resources.every((r) => r.text !== undefined && !r.text.includes('config.kubernetes.io/origin'))).toBe(true);
      for (const file of new Set(origins.values())) expect(existsSync(path.resolve(dir, file)), file).toBe(true);
      // Every object has one (keys may repeat across kinds only when the render repeats them).
      const keys = new Set(resources.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`));
      expect(origins.size).toBe(keys.size);
    });
  }
});

describe('cutOrigin', () => {
  it('drops annotations: when the origin was its only key, keeps the others otherwise', () => {
    const alone = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: a.yaml\n  name: x\ndata:\n  k: v\n';
    expect(cutOrigin(alone)).toEqual({ text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: v\n', origin: 'path: a.yaml\n' });
    const shared = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    a: b\n    config.kubernetes.io/origin: |\n      configuredIn: kustomization.yaml\n      configuredBy:\n        kind: ConfigMapGenerator\n    z: "y"\n  name: x\n';
    expect(cutOrigin(shared)).toEqual({
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    a: b\n    z: "y"\n  name: x\n',
      origin: 'configuredIn: kustomization.yaml\nconfiguredBy:\n  kind: ConfigMapGenerator\n',
    });
  });

  it('leaves a document alone when the annotation is not metadata.annotations (a pod template, a spec field)', () => {
    const nested = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: a.yaml\n';
    expect(cutOrigin(nested)).toBeUndefined();
  });
});
