// Resource reads metadata.name/namespace from kustomize's layout without parsing; every other layout
// must give exactly what the parser gives.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parseStream } from '../../src/index.js';
import { parseYaml } from '../../src/manifests/yaml.js';
import { Resource } from '../../src/manifests/resource.js';
import { documentSpans, isEmptyDocument } from '../../src/manifests/stream.js';
import { walkKustomizations } from '../../src/sources/kustomization-tree.js';
import { corpusOverlays, corpusRoot } from '../helpers/cli.js';

/** metadata as the parser gives it: name is a YAML scalar (Resource.name is its String form, as here). */
type ParsedMetadata = { metadata?: { name?: string | number | boolean | null; namespace?: unknown } };

const cases: Record<string, string> = {
  plain: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    name: not-this\n  name: app\n  namespace: prod\n',
  'no namespace': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n',
  quoted: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "app"\n  namespace: \'prod\'\n',
  'quoted words other types spell': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "1e3"\n  namespace: \'null\'\n',
  'quoted with an escape or a space': "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"a\\x41b\"\n  namespace: 'it''s'\n",
  'non-string values': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 1e3\n  namespace: null\n',
  'boolean word': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: True\n',
  'comment between keys': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n# note\n  namespace: prod\n',
  'blank line between keys': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n\n  namespace: prod\n',
  'four-space indent': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n    name: app\n    namespace: prod\n',
  'flow metadata': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: prod}\n',
  'trailing comment': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app # the app\n',
  'metadata first': 'metadata:\n  namespace: prod\n  name: app\napiVersion: v1\nkind: ConfigMap\n',
  'block scalar elsewhere': 'apiVersion: v1\ndata:\n  x: |\n    metadata:\n      name: wrong\nkind: ConfigMap\nmetadata:\n  name: right\n',
};

describe('Resource name and namespace without a parse', () => {
  for (const [label, text] of Object.entries(cases)) {
    it(`agrees with the parser: ${label}`, () => {
      const [resource] = parseStream(text);
      const parsed = parseYaml(text) as ParsedMetadata;
      const ns = parsed.metadata?.namespace;
      // Read name and namespace before anything forces the parse.
      expect([resource!.name, resource!.namespace]).toEqual([
        String(parsed.metadata?.name ?? ''),
        typeof ns === 'string' && ns ? ns : undefined,
      ]);
    });
  }
});

describe('Resource name and namespace on the corpus', () => {
  // Every document of every file the corpus overlays load (written by hand or by Helm, quoted or not) and
  // every rendered resource: what the scan reads without a parse must be what the parser reads.
  it('agree with the parser on every source document and every rendered resource', async () => {
    const texts = new Set<string>();
    for (const { overlay } of corpusOverlays()) {
      const dir = path.join(corpusRoot, overlay);
      for (const k of (await walkKustomizations(dir)).kustomizations)
        for (const file of k.resourceFiles) texts.add(readFileSync(file, 'utf8'));
      texts.add(String((await execa('kubectl', ['kustomize', dir], { maxBuffer: 512 * 1024 * 1024 })).stdout));
    }
    let checked = 0;
    let quoted = 0;
    for (const text of texts) {
      for (const { start, end } of documentSpans(text)) {
        const body = text.slice(start, end);
        if (isEmptyDocument(body) || !/^kind:/m.test(body)) continue;
        let parsed: ParsedMetadata;
        try {
          parsed = parseYaml(body) as typeof parsed;
        } catch {
          continue;
        }
        const resource = Resource.fromText(body, 0);
        const ns = parsed.metadata?.namespace;
        expect([resource.name, resource.namespace]).toEqual([
          String(parsed.metadata?.name ?? ''),
          typeof ns === 'string' && ns ? ns : undefined,
        ]);
        checked++;
        if (/^ {2}(?:name|namespace): ["']/m.test(body)) quoted++;
      }
    }
    expect(checked).toBeGreaterThan(800);
    // Helm's output in Argo CD's redis-ha chart quotes its namespaces: the quoted path is exercised.
    expect(quoted).toBeGreaterThan(10);
  }, 240_000); // every overlay of both corpus lists, built and parsed: minutes on a loaded 2-core machine
});
