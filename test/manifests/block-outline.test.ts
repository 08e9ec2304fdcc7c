// The outline (src/manifests/block-outline.ts) answers a field's line and a document's identity without
// the yaml library; it must give exactly what the library gives, or nothing (then the library answers).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { outline, outlineLine } from '../../src/manifests/block-outline.js';
import { lineIn, sourceDocuments } from '../../src/manifests/source-documents.js';
import { parseFieldPath } from '../../src/manifests/field-path.js';
import { parseOptions } from '../../src/manifests/yaml.js';
import { Resource } from '../../src/manifests/resource.js';
import { documentSpans, isEmptyDocument } from '../../src/manifests/stream.js';
import { corpusRoot } from '../helpers/cli.js';

/** The line the library gives for `fieldPath` in a one-document text (undefined when it has no mapping). */
function libraryLine(text: string, fieldPath: string): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...parseOptions, lineCounter });
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  return lineIn(doc.contents, (n: Node) => lineCounter.linePos(n.range?.[0] ?? 0).line, fieldPath);
}

/** The corpus's YAML files of at most 256 KiB (larger documents are never outlined). */
function corpusYamlFiles(dir = corpusRoot, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) corpusYamlFiles(p, out);
    else if (/\.ya?ml$/.test(e.name) && statSync(p).size <= 256 * 1024) out.push(p);
  }
  return out;
}

function outlinedLine(text: string, fieldPath: string): number | undefined {
  const shape = outline(text);
  return shape ? outlineLine(shape, parseFieldPath(fieldPath)) : undefined;
}

/** Layouts the outline reads: [text, field path, expected line]. The library must agree on each. */
const read: [string, string, string, number][] = [
  ['a comment and a blank line between keys', 'a: 1\n# note\n\nb:\n  c: x\n', 'b.c', 5],
  ['a comment less indented than the block it sits in', 'a:\n  b: 1\n# note\n  c: 2\n', 'a.c', 4],
  ['a sequence at its key’s column', 'a:\n- x\n- y\n', 'a[1]', 3],
  ['a sequence deeper than its key', 'a:\n  - x\n  - y\n', 'a[1]', 3],
  ['mapping items', 'c:\n- name: a\n  env:\n  - name: E\n- name: b\n  image: i\n', 'c[1].image', 6],
  ['an item whose mapping starts on the next line', 'c:\n-\n  name: a\n', 'c[0]', 3],
  ['an item after a comment line', 'c:\n-\n  # why\n  name: a\n', 'c[0].name', 4],
  ['nested sequences on one line', 'a:\n- - x\n  - y\n', 'a[0][1]', 3],
  ['a literal block scalar with lines that look like keys', 'a: |\n  b: 1\n  - c\n\n  # d\nb: 2\n', 'b', 6],
  ['a folded block scalar, kept', 's:\n  - >+\n    text\n\n  - y\n', 's[1]', 5],
  ['quoted keys and values', '"a": \'x\'\n\'b c\':\n  "d": "e # f"\n', 'b c.d', 3],
  ['a one-line flow collection', 'a: [1, {b: "]"}]\nc: {d: e}\n', 'c', 2],
  ['a path beyond the document: its deepest node', 'a:\n  b: 1\n', 'a.b.c.d', 2],
  ['an index past the end', 'a:\n- x\n', 'a[3]', 1],
  ['a key with a colon inside', 'a:b: 1\nurl: http://x:80\n', 'url', 2],
  ['a plain value with a hash inside', 'a: x#y\nb: 1 # c\n', 'b', 2],
  ['four-space indents', 'a:\n    b:\n        - c: 1\n          d: 2\n', 'a.b[0].d', 4],
  ['a document after a comment header', '# Source: chart/x.yaml\napiVersion: v1\nkind: ConfigMap\n', '', 2],
  ['an empty value', 'a:\nb: 1\n', 'a.x', 1],
];

/** Layouts it leaves to the library (the outline gives no answer). */
const leftAlone: [string, string, string][] = [
  ['an anchor and an alias', 'a: &x\n  b: 1\nc: *x\n', 'c.b'],
  ['a merge key', 'a:\n  <<: {b: 1}\n', 'a.b'],
  ['a tag', 'a: !!str 1\n', 'a'],
  ['a multi-line plain scalar', 'a: one\n  two\nb: 1\n', 'b'],
  ['a multi-line quoted scalar', 'a: "one\n  two"\nb: 1\n', 'b'],
  ['a multi-line flow collection', 'a: [1,\n  2]\nb: 1\n', 'b'],
  ['a path into a flow collection', 'a: [x, y]\n', 'a[1]'],
  ['a tab', 'a:\n\tb: 1\n', 'a'],
  ['CRLF line ends', 'a: 1\r\nb: 2\r\n', 'b'],
  ['duplicate keys', 'a: 1\na: 2\n', 'a'],
  ['an indentation indicator', 'a: |2\n   x\nb: 1\n', 'b'],
  ['a complex key', '? a\n: 1\n', 'a'],
  ['a key the core schema reads as a number', '80: http\n', '80'],
  ['an empty item', 'a:\n-\n- x\n', 'a[0]'],
  ['a key on the line of another key', 'a: b: 1\n', 'a'],
  ['a document marker inside', 'a: 1\n...\n', 'a'],
];

describe('block outline', () => {
  for (const [label, text, fieldPath, line] of read) {
    it(`reads ${label}`, () => {
      expect(libraryLine(text, fieldPath)).toBe(line);
      expect(outlinedLine(text, fieldPath)).toBe(line);
    });
  }
  for (const [label, text, fieldPath] of leftAlone) {
    it(`leaves ${label} to the library`, () => {
      expect(outlinedLine(text, fieldPath)).toBeUndefined();
    });
  }

  it('gives up rather than recurse without bound', () => {
    expect(outline(`${'- '.repeat(10_000)}x\n`)).toBeUndefined();
  });

  it('agrees with the library on every field of every document of the corpus, and answers for nearly all', () => {
    const files = corpusYamlFiles();
    let documents = 0;
    let outlined = 0;
    let answered = 0;
    const wrong: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const { start, end } of documentSpans(text)) {
        const body = text.slice(start, end);
        if (isEmptyDocument(body)) continue;
        documents++;
        const shape = outline(body);
        if (shape?.kind !== 'map') continue;
        const lineCounter = new LineCounter();
        const doc = parseDocument(body, { ...parseOptions, lineCounter });
        if (doc.errors.length || !isMap(doc.contents)) {
          wrong.push(`${file}: outlined a document the library refuses`);
          continue;
        }
        outlined++;
        const lineOf = (n: Node) => lineCounter.linePos(n.range?.[0] ?? 0).line;
        // Every node's path, a missing key under each mapping value and an index past each sequence.
        const paths: string[] = [''];
        const visit = (node: unknown, at: string) => {
          if (isMap(node)) {
            for (const pair of node.items) {
              if (!isScalar(pair.key)) continue;
              const key = String(pair.key.value);
              const p = at ? `${at}.${key}` : key;
              paths.push(p, `${p}.kustodian-missing`);
              visit(pair.value, p);
            }
          } else if (isSeq(node)) {
            node.items.forEach((item, i) => {
              paths.push(`${at}[${i}]`);
              visit(item, `${at}[${i}]`);
            });
            paths.push(`${at}[${node.items.length}]`);
          }
        };
        visit(doc.contents, '');
        for (const p of paths) {
          const got = outlineLine(shape, parseFieldPath(p));
          if (got === undefined) continue;
          answered++;
          const want = lineIn(doc.contents, lineOf, p);
          if (got !== want) wrong.push(`${path.relative(corpusRoot, file)} ${p}: library ${want}, outline ${got}`);
        }
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(outlined / documents).toBeGreaterThan(0.9);
    expect(answered).toBeGreaterThan(50_000);
  });

  it('gives every corpus document the identity Resource gives it', () => {
    const resourceIdentity = (body: string) => {
      try {
        const r = Resource.fromText(body, 0);
        return { kind: r.kind, name: r.name, namespace: r.namespace };
      } catch {
        return {};
      }
    };
    const wrong: string[] = [];
    let compared = 0;
    for (const p of corpusYamlFiles()) {
      const text = readFileSync(p, 'utf8');
      const docs = sourceDocuments(text);
      const bodies = documentSpans(text)
        .map(({ start, end }) => text.slice(start, end))
        .filter((b) => !isEmptyDocument(b));
      // Lists expand to their items; compare the plain one-document-one-resource files only.
      if (docs.length !== bodies.length) continue;
      docs.forEach((d, i) => {
        compared++;
        const want = resourceIdentity(bodies[i]!);
        const got = { kind: d.kind, name: d.name, namespace: d.namespace };
        if (JSON.stringify(got) !== JSON.stringify({ kind: undefined, name: undefined, namespace: undefined, ...want }))
          wrong.push(`${path.relative(corpusRoot, p)} #${i}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
      });
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
  });
});
