/** The one resource index: group/kind, namespace and every referable name; rebuilt when transforms insert resources. */
import { describe, expect, it } from 'vitest';
import { Resource, parseStream } from '../../src/index.js';
import { CONFIG_MAP, ResourceIndex, SECRET } from '../../src/manifests/resource-index.js';

const stream = `apiVersion: v1
kind: ConfigMap
metadata:
  name: prod-app-config
  annotations:
    internal.config.kubernetes.io/previousNames: app-config,app-config
data: {A: "1"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other, namespace: elsewhere}
---
apiVersion: example.com/v1
kind: ConfigMap
metadata: {name: app-config}
---
apiVersion: v1
kind: Secret
metadata: {name: app-config}
`;

describe('ResourceIndex', () => {
  it('finds by final and previous names, within the group/kind and the namespace (default filled in)', () => {
    const resources = parseStream(stream);
    const index = new ResourceIndex(() => resources, 'shop');
    expect(index.find(CONFIG_MAP, 'shop', 'prod-app-config').map((r) => r.name)).toEqual(['prod-app-config']);
    expect(index.find(CONFIG_MAP, 'shop', 'app-config').map((r) => r.name)).toEqual(['prod-app-config']);
    expect(index.find(CONFIG_MAP, 'elsewhere', 'app-config')).toEqual([]);
    expect(index.find(CONFIG_MAP, 'elsewhere', 'other').map((r) => r.namespace)).toEqual(['elsewhere']);
    expect(index.find({ group: 'example.com', kind: 'ConfigMap' }, 'shop', 'app-config').map((r) => r.apiVersion)).toEqual([
      'example.com/v1',
    ]);
    expect(index.find(SECRET, 'shop', 'app-config').map((r) => r.kind)).toEqual(['Secret']);
    expect(index.ofKind(CONFIG_MAP).map((r) => r.name)).toEqual(['prod-app-config', 'other']);
    // byRef is the finding's view: final names only.
    expect(index.byRef({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'prod-app-config' })?.name).toBe('prod-app-config');
    expect(index.byRef({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'app-config' })).toBeUndefined();
  });

  it('sees a resource a transform inserted after the first look-up', () => {
    const resources = parseStream(stream);
    const index = new ResourceIndex(() => resources, undefined);
    expect(index.find(SECRET, undefined, 'late')).toEqual([]);
    resources.push(Resource.fromObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'late' } }, resources.length));
    expect(index.find(SECRET, undefined, 'late').map((r) => r.name)).toEqual(['late']);
  });
});
