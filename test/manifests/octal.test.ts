/** Leading-zero ints are octal, as the API server (sigs.k8s.io/yaml, YAML 1.1) and kustomize (go-yaml v3) read them. */
import { describe, expect, it } from 'vitest';
import { Resource } from '../../src/index.js';
import { parseYaml, stringifyYaml } from '../../src/manifests/yaml.js';

describe('octal ints', () => {
  it('reads a plain 0755 as 493 and keeps decimal, quoted and big ints as they are', () => {
    const got = parseYaml('mode: 0755\nneg: -010\ndec: 755\nzero: 0\nnine: 09\nquoted: "0755"\nbig: 12345678901234567890\n') as Record<
      string,
      unknown
    >;
    expect(got).toEqual({ mode: 493, neg: -8, dec: 755, zero: 0, nine: 9, quoted: '0755', big: 12345678901234567890n });
  });

  it('writes a changed resource with the mode the API server will read, not 755', () => {
    const r = Resource.fromText(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n  - name: v\n    configMap:\n      name: c\n      defaultMode: 0755\n',
      0,
    );
    r.object.metadata!.name = 'q';
    r.changed();
    const out = r.toYaml();
    expect((parseYaml(out) as { spec: { volumes: { configMap: { defaultMode: number } }[] } }).spec.volumes[0]!.configMap.defaultMode).toBe(
      0o755,
    );
    expect(out).not.toMatch(/defaultMode: 755\b/);
    expect(stringifyYaml({ mode: 493 })).toBe('mode: 493\n');
  });
});
