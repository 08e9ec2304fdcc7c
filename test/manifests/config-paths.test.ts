/**
 * Field paths from configuration (`podTemplates[].path`, `images.paths[].path`) see only the fields a
 * manifest really has: a path through `__proto__`, `constructor` or `prototype` finds nothing unless
 * the manifest itself holds such a key, and never reaches into JavaScript's prototype chain (which made
 * `__proto__.constructor` a POD_TEMPLATE_INVALID "mapping, not function", and `constructor.name` an
 * image called "Object").
 */
// These manifests are minimal on purpose (no selectors, made-up fields): the api step, which would judge them, has tests of its own.
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { krmFunction, type Finding } from '../../src/index.js';

const env = { PATH: process.env.PATH ?? '', HOME: '/tmp', KUSTODIAN_API: 'off' };

const widget = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'shop' },
  spec: { replicas: 1 },
};

function resourceList(items: unknown[], config: Record<string, unknown>): string {
  return stringify({
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items,
    functionConfig: { apiVersion: 'kustodian.dev/v1alpha1', kind: 'Config', ...config },
  });
}

const codes = (findings: readonly Finding[]) => findings.map((f) => `${f.code} ${f.field?.path ?? ''}`.trim());

describe('config field paths read own properties only', () => {
  for (const path of ['__proto__.constructor', 'constructor', 'spec.constructor.prototype', '__proto__', 'spec.__proto__.__proto__']) {
    it(`podTemplates path ${path} on a Widget without such fields finds no pod template`, async () => {
      const result = await krmFunction(
        resourceList([widget], { podTemplates: [{ kind: 'Widget', path: path.replace(/[^A-Za-z0-9_.-]/g, '') }] }),
        { env },
      );
      expect(codes(result.findings)).toEqual([]);
      expect(result.failed).toBe(false);
    });
  }

  for (const path of [
    '__proto__.constructor',
    'constructor.name',
    'spec.constructor.name',
    'spec.__proto__.toString',
    'spec.hasOwnProperty',
  ]) {
    it(`images.paths ${path} on a Widget without such fields is no image field`, async () => {
      const result = await krmFunction(resourceList([widget], { images: { pin: 'locked', paths: [{ kind: 'Widget', path }] } }), { env });
      expect(codes(result.findings)).toEqual([]);
      expect(result.failed).toBe(false);
    });
  }

  it('a manifest that really has `constructor` and `__proto__` keys is read and pinned there, and nowhere else', async () => {
    const item = { ...widget, spec: { constructor: { image: 'nginx:1.27' }, __proto__: { image: 'redis:7' } } };
    // `stringify` writes `__proto__` as a key only when it is an own property, as yaml's parser makes it.
    Object.defineProperty(item.spec, '__proto__', { value: { image: 'redis:7' }, enumerable: true, writable: true, configurable: true });
    const input = resourceList([item], {
      images: {
        pin: 'locked',
        paths: [
          { kind: 'Widget', path: 'spec.constructor.image' },
          { kind: 'Widget', path: 'spec.__proto__.image' },
        ],
      },
    });
    expect(input).toContain('__proto__:');
    const result = await krmFunction(input, { env });
    // Both are real fields holding references; with an empty lock, each is reported as not locked.
    expect(codes(result.findings).sort()).toEqual(['IMAGE_NOT_LOCKED spec.__proto__.image', 'IMAGE_NOT_LOCKED spec.constructor.image']);
    const out = parse(result.output) as { items: { spec: Record<string, unknown> }[] };
    expect(Object.getPrototypeOf(out.items[0]!.spec)).toBe(Object.prototype);
  });

  it('a pod template under a real `constructor` key is walked', async () => {
    const item = { ...widget, spec: { constructor: { containers: [{ name: 'app', image: 42 }] } } };
    const result = await krmFunction(resourceList([item], { podTemplates: [{ kind: 'Widget', path: 'spec.constructor' }] }), { env });
    expect(codes(result.findings)).toEqual(['POD_TEMPLATE_INVALID spec.constructor.containers[0].image']);
  });
});
