/**
 * readLayout reads kustomize's layout without the yaml library: where it reads a document it must give
 * exactly what parseYaml gives (values, types, key order), and it must leave every other layout, and
 * every document the library refuses, to the library (undefined).
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { execa } from 'execa';
import { readLayout } from '../../src/manifests/layout-reader.js';
import { parseYaml } from '../../src/manifests/yaml.js';
import { documentSpans, isEmptyDocument } from '../../src/manifests/stream.js';
import { corpusOverlays, corpusRoot } from '../helpers/cli.js';

const H = 'apiVersion: v1\nkind: ConfigMap\n';

/** Every key of every mapping, in order, with its path: toStrictEqual does not compare key order. */
function keyOrder(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyOrder(v, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...keyOrder(v, `${at}.${k}`)]);
}

function expectSame(text: string): void {
  const read = readLayout(text);
  const parsed = parseYaml(text);
  expect(read).toStrictEqual(parsed);
  expect(keyOrder(read)).toEqual(keyOrder(parsed));
}

/** Layouts kustomize prints: read, and equal to the library's result. */
const read: Record<string, string> = {
  numbers: `${H}a: 1\nb: -1\nc: +1\nd: 0755\ne: 0o17\nf: 0x1F\ng: 1e3\nh: 1.5\ni: .5\nj: .inf\nk: .nan\nl: 12345678901234567890\nm: -0\nn: 1_000\no: 08\np: 1:2\nq: 10.0.0.1\nr: 2024-01-01\ns: -010\nt: 0777777777777777777777\n`,
  numberLike: `${H}a: 0.93.0\nb: 120h\nc: ^2\\d{3}\nd: .spec.x\ne: =~\nf: 1.0\ng: -.inf\nh: +.5e-3\ni: 0o19\nj: 0xG\nk: 1e\nl: .e3\nm: +.nan\nn: 0x1f\no: 1.\np: -.5\nq: 1e+3\nr: 00\ns: 9007199254740993\nt: 1.5.\nu: '+'\n`,
  words: `${H}a: null\nb: Null\nc: NULL\nd: ~\ne: true\nf: True\ng: FALSE\nh: yes\ni: on\nj: nulls\nk: truthy\nl: n\nm: y\n`,
  keys: `${H}data:\n  1.0: a\n  007: b\n  "10": c\n  null: d\n  true: e\n  -x: g\n  .a: h\n  x.y/z: i\n  0x1F: j\n  1e3: k\n`,
  emptyKey: `${H}"": x\n`,
  quoted: `${H}a: "x\\"y"\nb: 'it''s'\nc: "tab\\tnew\\nline"\nd: "\\u00e9"\ne: ""\nf: ''\ng: "a: b # c"\nh: 'a: b # c'\n"q k": 1\n'r k': 2\n`,
  sequences: `${H}a:\n- 1\n- x\n- "y"\n- {}\n- []\n- k: v\n  l: w\n- "q": 1\n- 'r'\nb: 2\nc:\n  - 1\n  - k: v\n    l:\n    - z\nd:\n-   k: v\n    l: w\n`,
  empty: `${H}a:\nb:\n  c:\n  d: 1\ne: {}\nf: []\n`,
  literal: `${H}a: |\n  line1\n    deeper\n\n  after blank\nb: |-\n  strip\n\nc: |\n  clip\n\n\nd: |\n  # not a comment\n  \tx\ne: |\n\n  after a leading blank line\nf: |\n  last\n`,
  literalInSequences: `${H}a:\n- |\n  one\n  two\n- x\n- k: |\n    one\n  l: 2\nb:\n  - |\n   x\n`,
  foldedPlain: `${H}a: this is a long\n  plain scalar folded\n  over lines\nb:\n- long plain\n  continued\n- k: long\n   more\nc: x {{ x }}/{{\n  }} y\nd: x\n  -y\n  &z\n  "q"\n  y:z\ne: 1\n  2\n`,
  foldedQuoted: `${H}a: 'long {{ x }}\n  continued ''q'' here'\nb: "long \\" x\n  continued\n    more"\nc:\n- k: 'long\n     more'\nd: 'x   \n  y'\ne: "x\\n\n  y\\t"\n`,
  plainCharacters: `${H}a: http://x:80/y?z=1#frag\nb: nginx:1.2@sha256:abc\nc: x{y}\nd: x[0]\ne: x,y\nf: 50%\ng: x*y\nh: héllo wörld\ni: "日本"\nj: x   \nk:   y\nl  : z\nm n: o\n`,
  deep: `${H}a:\n  b:\n    c:\n      d:\n      - e:\n          f: 1\ng:\n  h: 1\ni:\n- j\n`,
  longKey: `${H}${'k'.repeat(1024)}: 1\n`,
};

/** Layouts left to the library: other styles, and documents it refuses. */
const deferred: Record<string, string> = {
  comment: `${H}# c\na: 1\n`,
  trailingComment: `${H}a: 1 # c\n`,
  anchor: `${H}a: &x 1\nb: *x\n`,
  tag: `${H}a: !!str 1\n`,
  flow: `${H}a: [1, 2]\nb: {c: d}\n`,
  folded: `${H}a: >\n  x\n  y\n`,
  keep: `${H}a: |+\n  keep\n\nb: 1\n`,
  indentationIndicator: `${H}a: |2\n    x\n`,
  spacesLineInLiteral: `${H}a: |\n  x\n      \n  y\n`,
  deeperLeadingBlank: `${H}a: |\n     \n  x\n`,
  emptyLiteral: `${H}a: |\nb: 1\n`,
  notJsonEscape: `${H}a: "\\x41"\nb: "\\e"\n`,
  escapedLineBreak: `${H}a: "long\\\n  continued"\n`,
  blankLineInPlain: `${H}a: long\n\n  continued\n`,
  blankLineInQuoted: `${H}a: 'long\n\n  x'\n`,
  duplicate: `${H}a: 1\na: 2\n`,
  sameKeyText: `${H}data:\n  1: a\n  "1": b\n`,
  nullKeys: `${H}data:\n  null: a\n  ~: b\n`,
  proto: `${H}__proto__: 1\n`,
  merge: `${H}a: &b\n  c: 1\nd:\n  <<: *b\n`,
  tabIndent: `${H}a:\n\tb: 1\n`,
  tabInPlain: `${H}a: x\ty\n`,
  badIndent: `${H}a:\n    b: 1\n  c: 2\n`,
  badSequence: `${H}a:\n  - 1\n  b: 2\n`,
  nestedCompact: `${H}a: b: c\n`,
  colonEnd: `${H}a: b:\n`,
  dashValue: `${H}a: - b\n`,
  nestedSequence: `${H}a:\n- - x\n`,
  dashAlone: `${H}a:\n-\n  b: 1\n`,
  markers: `${H}a: ---\nb: ...\n`,
  continuedDash: `${H}a: x\n  - y\n`,
  shallowContinuation: `${H}a:\n- k: long\n  more\n`,
  shallowQuoted: `${H}a:\n- k: 'long\n  more'\n`,
  literalAtKeyColumn: `${H}a:\n- k: |\n  x\n`,
  noFinalNewline: `${H}a: 1`,
  crlf: `${H}a: 1\r\n`,
  notMapping: 'just a string\n',
  sequenceDocument: '- a\n',
  indentedDocument: '  a: 1\n',
  tooLongKey: `${H}${'k'.repeat(1025)}: 1\n`,
  controlCharacter: `${H}a: "x\u0001y"\n`,
  complexKey: `${H}? a\n: b\n`,
  quotedKeyNoSpace: `${H}"a":b\n`,
  directive: '%YAML 1.2\n---\na: 1\n',
};

describe('readLayout', () => {
  for (const [name, text] of Object.entries(read)) {
    it(`reads ${name} as parseYaml does`, () => {
      expect(readLayout(text)).toBeDefined();
      expectSame(text);
    });
  }

  for (const [name, text] of Object.entries(deferred)) {
    it(`leaves ${name} to the library`, () => {
      expect(readLayout(text)).toBeUndefined();
    });
  }

  it('reads nearly every document of the corpus, exactly as parseYaml does', async () => {
    let documents = 0;
    let readDirectly = 0;
    for (const { overlay } of corpusOverlays()) {
      const built = await execa('kubectl', ['kustomize', path.join(corpusRoot, overlay)], { reject: false });
      const text = String(built.stdout);
      for (const { start, end } of documentSpans(text)) {
        const body = `${text.slice(start, end).replace(/\n$/, '')}\n`;
        if (isEmptyDocument(body)) continue;
        documents++;
        if (readLayout(body) === undefined) continue;
        readDirectly++;
        expectSame(body);
      }
    }
    expect(documents).toBeGreaterThan(500);
    // kube-prometheus, Argo CD and the rest: kyaml's layout throughout, a few CRDs and ConfigMaps aside.
    expect(readDirectly / documents).toBeGreaterThan(0.95);
  }, 120_000);
});
