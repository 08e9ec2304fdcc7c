/**
 * Fidelity on the real public corpus (../shared/corpus/overlays.tsv and overlays-next.tsv): with every transform switched off,
 * `kustodian render` must print what `kubectl kustomize` prints — the same objects after both are parsed,
 * and in fact the same bytes, since untouched documents are emitted verbatim. Validators stay on: a false
 * error on a tree that runs in production upstream fails here too.
 *
 * The second half forces every document through the re-serialiser (as if a step had changed it) and checks
 * that nothing changes meaning, neither for a YAML 1.2 reader (kustomize, kubectl) nor a YAML 1.1 one
 * (go-yaml v2 in ArgoCD).
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { corpusOverlays, corpusRoot, kustodian } from '../helpers/cli.js';
import { parseStream, serializeStream } from '../../src/index.js';

const overlays = corpusOverlays();

/** Transforms off; the digest step would also need a registry. */
// The api step's verdicts on the corpus are test/kubernetes-api/corpus.test.ts's (one overlay there holds a Secret the API server
// rejects); this test compares bytes only.
const transformsOff = { KUSTODIAN_PIN: 'off', KUSTODIAN_PGDATA: 'false', KUSTODIAN_PGDATA_GUARD: 'false', KUSTODIAN_API: 'off' };

function toJson(text: string, version: '1.1' | '1.2' = '1.2'): unknown[] {
  return parseAllDocuments(text, { version, intAsBigInt: true })
    .map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as unknown;
    })
    .filter((d) => d !== null);
}

const kustomizeOutput = new Map<string, Promise<string>>();
function kubectlKustomize(dir: string): Promise<string> {
  let out = kustomizeOutput.get(dir);
  if (!out) {
    out = execa('kubectl', ['kustomize', dir], { stripFinalNewline: false, maxBuffer: 512 * 1024 * 1024 }).then((r) => String(r.stdout));
    kustomizeOutput.set(dir, out);
  }
  return out;
}

describe('kustodian render = kubectl kustomize on the corpus', () => {
  it('lists the corpus overlays', () => {
    expect(overlays.length).toBeGreaterThanOrEqual(10);
    expect(overlays.filter((o) => o.list === 'overlays-next.tsv').length).toBeGreaterThanOrEqual(3);
  });

  for (const { overlay, resources } of overlays) {
    it(overlay, async () => {
      const dir = path.join(corpusRoot, overlay);
      const [ours, theirs] = await Promise.all([kustodian(['render', dir], { env: transformsOff }), kubectlKustomize(dir)]);
      expect(ours.stderr).not.toMatch(/^error /m);
      expect(ours.exitCode).toBe(0);
      const got = toJson(ours.stdout);
      expect(got).toHaveLength(resources);
      expect(got).toEqual(toJson(theirs));
      // Nothing was changed, so every document went out as kustomize printed it.
      expect(ours.stdout === theirs, 'output is not byte-identical to kubectl kustomize').toBe(true);
    });
  }
});

describe('re-serialising every corpus document keeps its meaning', () => {
  for (const { overlay } of overlays) {
    it(overlay, async () => {
      const original = await kubectlKustomize(path.join(corpusRoot, overlay));
      const resources = parseStream(original);
      for (const r of resources) r.changed();
      const reserialised = serializeStream(resources);
      const expected = toJson(original);
      expect(toJson(reserialised)).toEqual(expected);
      // ArgoCD's go-yaml reads YAML 1.1: `yes`, `on`, `0755` would change type there if left plain.
      expect(toJson(reserialised, '1.1')).toEqual(expected);
    });
  }
});
