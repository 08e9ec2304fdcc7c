/** Splitting kustomize's stream, emitting untouched documents verbatim, and re-serialising changed ones safely. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { Resource, parseStream, serializeStream } from '../../src/index.js';
import { stringifyYaml, parseYaml } from '../../src/manifests/yaml.js';

// Written the way kustomize (kyaml) prints: keys sorted, "- " at the parent's indentation.
const configMap = `apiVersion: v1
data:
  big: "12345678901234567890"
  bool: "true"
  empty: ""
  exp: "1e3"
  nul: "null"
  octal: "0755"
  "on": "on"
  time: "12:30"
  tilde: "~"
  "yes": "yes"
  "y": "n"
kind: ConfigMap
metadata:
  name: scalars # a comment kustomize would keep
`;
const widget = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: big-numbers
spec:
  huge: 12345678901234567890
  negative: -98765432109876543210
  port: 8080
  ratio: 0.5
  list:
  - a
  - "---"
  text: |
    line one
    ---
    line three
`;
const stream = `${configMap}---\n${widget}`;

/** Both readers that consume kustodian's output: kustomize/kubectl (YAML 1.2) and ArgoCD's go-yaml (1.1). */
function readAs(text: string, version: '1.1' | '1.2') {
  return parseAllDocuments(text, { version, intAsBigInt: true }).map((d) => d.toJS() as unknown);
}

describe('parseStream / serializeStream', () => {
  it('splits on --- lines only and emits untouched documents byte for byte', () => {
    const resources = parseStream(stream);
    expect(resources.map((r) => `${r.kind} ${r.apiVersion}`)).toEqual(['ConfigMap v1', 'Widget example.com/v1']);
    expect(resources[1]!.object.spec).toMatchObject({ list: ['a', '---'], text: 'line one\n---\nline three\n' });
    expect(serializeStream(resources)).toBe(stream);
    expect(resources[0]!.text).toBe(configMap);
  });

  it('skips empty, comment-only and null documents, as ArgoCD does', () => {
    const resources = parseStream(`---\n# nothing here\n---\nnull\n---\n\n---\n${configMap}---\n~\n`);
    expect(resources).toHaveLength(1);
    expect(resources[0]!.name).toBe('scalars');
  });

  it('reads kind and apiVersion when they are quoted or not written at column 0 the usual way', () => {
    const quoted = parseStream(`apiVersion: "v1"\nkind: 'ConfigMap'\nmetadata:\n  name: q\n`);
    expect(quoted[0]!.kind).toBe('ConfigMap');
    expect(quoted[0]!.apiVersion).toBe('v1');
    const flow = parseStream(`{apiVersion: v1, kind: Secret, metadata: {name: f}}\n`);
    expect(flow[0]!.kind).toBe('Secret');
    expect(flow[0]!.name).toBe('f');
  });

  it('rejects a document without kind or apiVersion with INPUT_INVALID', () => {
    expect(() => parseStream('apiVersion: v1\nmetadata:\n  name: x\n')).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() => parseStream('kind: ConfigMap\n')).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it('leaves untouched documents verbatim next to a changed one', () => {
    const resources = parseStream(stream);
    const w = resources[1]!;
    (w.object.spec as Record<string, unknown>).port = 9090;
    w.changed();
    const out = serializeStream(resources);
    expect(out.startsWith(configMap)).toBe(true);
    expect(out).toContain('port: 9090');
  });
});

describe('a changed document keeps every value and type', () => {
  const warnings = vi.spyOn(process, 'emitWarning');
  afterEach(() => warnings.mockClear());

  for (const version of ['1.2', '1.1'] as const) {
    it(`for a YAML ${version} reader`, () => {
      const resources = parseStream(stream);
      for (const r of resources) r.changed();
      const out = serializeStream(resources);
      expect(readAs(out, version)).toEqual(readAs(stream, '1.2'));
    });
  }

  it('quotes strings that a YAML 1.1 or 1.2 reader would take for another type', () => {
    const ambiguous = ['true', '0755', '1e3', 'null', 'yes', 'on', 'Y', 'OFF', '~', '', '12:30', '2024-01-02', '.inf', '0x1F', '+1'];
    const data: Record<string, string> = { plain: 'hello', path: '/var/lib/postgresql/data' };
    ambiguous.forEach((v, i) => (data[`v${i}`] = v));
    const out = stringifyYaml({ data });
    ambiguous.forEach((v, i) => expect(out, v).toContain(`v${i}: "${v}"`));
    expect(out).toContain('plain: hello');
    expect(out).toContain('path: /var/lib/postgresql/data');
    expect(parse(out, { version: '1.1' })).toEqual({ data });
  });

  it('writes image references, digests and media types plain, and a string ending in a colon quoted', () => {
    const plain = [
      `registry.example.com:5000/bench/img0:t0@sha256:${'a'.repeat(64)}`,
      `sha256:${'b'.repeat(64)}`,
      'application/vnd.oci.image.index.v1+json',
      'user@example.com',
      'a::b',
      'x:-1',
    ];
    const quoted = ['a:', 'yes:', 'a: b', 'a #b', '[x]'];
    const data: Record<string, string> = {};
    plain.forEach((v, i) => (data[`p${i}`] = v));
    quoted.forEach((v, i) => (data[`q${i}`] = v));
    const out = stringifyYaml({ data });
    plain.forEach((v, i) => expect(out, v).toContain(`p${i}: ${v}\n`));
    quoted.forEach((v, i) => expect(out, v).not.toContain(`q${i}: ${v}\n`));
    for (const version of ['1.1', '1.2'] as const) expect(parse(out, { version })).toEqual({ data });
  });

  it('quotes keys that YAML 1.1 reads as booleans', () => {
    const out = stringifyYaml({ data: { yes: 'a', on: 'b', n: 'c' } });
    expect(parse(out, { version: '1.1' })).toEqual({ data: { yes: 'a', on: 'b', n: 'c' } });
  });

  it('keeps integers beyond 2^53 exact', () => {
    const obj = parseYaml('huge: 12345678901234567890\nneg: -98765432109876543210\nsmall: 42\n') as Record<string, unknown>;
    expect(obj.small).toBe(42);
    const out = stringifyYaml(obj);
    expect(out).toContain('huge: 12345678901234567890');
    expect(out).toContain('neg: -98765432109876543210');
  });

  it('keeps block scalars, long lines and key order', () => {
    const long = 'x'.repeat(300);
    const out = stringifyYaml({ b: 1, a: { text: 'one\ntwo\n', long } });
    expect(out.indexOf('b:')).toBeLessThan(out.indexOf('a:'));
    expect(out).toContain(`long: ${long}\n`);
    expect(out).toMatch(/text: \|\n\s+one\n\s+two\n/);
  });

  it('writes lists the kustomize way and no document markers', () => {
    const out = stringifyYaml({ spec: { containers: [{ name: 'a' }] } });
    expect(out).toBe('spec:\n  containers:\n  - name: a\n');
  });

  it('prints no warnings on stderr for strings that look like YAML tags (CEL rules in CRDs)', () => {
    const rules = ['!has(self.externalId)', '!= "x"', "!self.name.startsWith('pg_')"];
    const out = stringifyYaml({ rules });
    expect(parse(out)).toEqual({ rules });
    expect(warnings).not.toHaveBeenCalled();
  });
});

describe('Resource', () => {
  it('builds a resourceRef with the default namespace only when the manifest has none', () => {
    const [a, b] = parseStream(
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n  namespace: other\n',
    );
    expect(a!.ref('giftify')).toEqual({ apiVersion: 'v1', kind: 'Secret', name: 'a', namespace: 'giftify' });
    expect(b!.ref('giftify')).toEqual({ apiVersion: 'v1', kind: 'Secret', name: 'b', namespace: 'other' });
    expect(a!.ref()).toEqual({ apiVersion: 'v1', kind: 'Secret', name: 'a' });
  });

  it('re-serialises an object-born resource (a ResourceList item)', () => {
    const r = Resource.fromObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'true' } }, 0);
    expect(r.toYaml()).toContain('a: "true"');
    expect(() => Resource.fromObject(null as never, 3)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});
