/**
 * Resource.topLevelKeys reads Secret/ConfigMap keys from kustomize's text layout without parsing; it
 * must agree with the parser on every layout it accepts and defer to the parser on the rest.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { execa } from 'execa';
import { parseStream } from '../../src/index.js';
import { parseYaml } from '../../src/manifests/yaml.js';
import { corpusOverlays, corpusRoot } from '../helpers/cli.js';

function keysByParser(text: string, field: string): string[] {
  const value = (parseYaml(text) as Record<string, unknown>)[field];
  return value && typeof value === 'object' ? Object.keys(value) : [];
}

const layouts: Record<string, string> = {
  plain:
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  A: "1"\n  b.txt: |\n    line\n      deeper\n\n    after blank\n  C-d_e: x\n',
  absent: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\ntype: Opaque\n',
  empty: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: {}\n',
  flow: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: {a: "1", b: "2"}\n',
  quoted: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  "a:b": "1"\n  c: "2"\n',
  comment: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: "1"\n# note\n  b: "2"\n',
  indented4: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n    name: a\ndata:\n    a: "1"\n    b: "2"\n',
  last: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  z: "1"',
  numericKeys: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  1.0: x\n  007: y\n  "10": z\n',
  nullKey: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  null: x\n  true: y\n',
  stringDataToo: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\nstringData:\n  s: x\ndata:\n  d: eA==\n',
};

describe('Resource.topLevelKeys', () => {
  for (const [name, text] of Object.entries(layouts)) {
    it(`agrees with the parser: ${name}`, () => {
      for (const field of ['data', 'stringData', 'binaryData']) {
        const [r] = parseStream(text);
        expect(r!.topLevelKeys(field).sort(), field).toEqual(keysByParser(text, field).sort());
      }
    });
  }

  it('agrees with the parser on every Secret and ConfigMap of the corpus', async () => {
    const overlays = corpusOverlays().map((o) => o.overlay);
    let checked = 0;
    for (const overlay of overlays) {
      const built = await execa('kubectl', ['kustomize', path.join(corpusRoot, overlay)], { reject: false });
      for (const r of parseStream(String(built.stdout))) {
        if (r.kind !== 'Secret' && r.kind !== 'ConfigMap') continue;
        for (const field of ['data', 'stringData', 'binaryData']) {
          expect(r.topLevelKeys(field).sort(), `${overlay} ${r.kind}/${r.name} ${field}`).toEqual(keysByParser(r.text!, field).sort());
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
