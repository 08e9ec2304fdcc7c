// Resource reads metadata.name/namespace from kustomize's layout without parsing; every other layout
// must give exactly what the parser gives.
import { describe, expect, it } from 'vitest';
import { parseStream } from '../../src/index.js';
import { parseYaml } from '../../src/manifests/yaml.js';

const cases: Record<string, string> = {
  plain: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    name: not-this\n  name: app\n  namespace: prod\n',
  'no namespace': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n',
  quoted: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "app"\n  namespace: \'prod\'\n',
  'quoted words other types spell': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "1e3"\n  namespace: \'null\'\n',
  'quoted with an escape or a space': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a\\x41b"\n  namespace: \'it\'\'s\'\n',
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
      const parsed = parseYaml(text) as { metadata?: { name?: unknown; namespace?: unknown } };
      const ns = parsed.metadata?.namespace;
      // Read name and namespace before anything forces the parse.
      expect([resource!.name, resource!.namespace]).toEqual([String(parsed.metadata?.name ?? ''), typeof ns === 'string' && ns ? ns : undefined]);
    });
  }
});
