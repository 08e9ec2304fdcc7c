/**
 * The size rules of the api step (annotations ≤ 256 KiB, ConfigMap and Secret values ≤ 1 MiB) need
 * documents too large for a golden fixture, so they are built here and checked through `check -`
 * (checkStream), on both sides of each limit; and the quantity parser the requests ≤ limits rule
 * relies on.
 */
import { describe, expect, it } from 'vitest';
import { checkStream, type Finding } from '../../src/index.js';
import { compareQuantities, parseQuantity } from '../../src/kubernetes-api/quantity.js';
import { MAX_ANNOTATIONS_BYTES, MAX_CONFIG_DATA_BYTES } from '../../src/kubernetes-api/workload-rules.js';

/** check - runs no kustomize and, with pin off, no registry: only the api step's target matters. */
const env = { TMPDIR: process.env.TMPDIR ?? '/tmp', KUSTODIAN_PIN: 'off', KUBE_VERSION: '1.31' };

async function apiErrors(stream: string): Promise<string[]> {
  const report = await checkStream(stream, { env, cwd: '/tmp' });
  return report.apps[0]!.findings.filter((f: Finding) => f.step === 'api' && f.severity === 'error').map(
    (f) => `${f.code} ${f.field?.path ?? ''}`,
  );
}

function configMap(
  name: string,
  annotations: Record<string, string>,
  data: Record<string, string>,
  binaryData: Record<string, string> = {},
): string {
  const block = (field: string, map: Record<string, string>, indent: string) =>
    Object.keys(map).length
      ? `${indent}${field}:\n${Object.entries(map)
          .map(([k, v]) => `${indent}  ${k}: ${v}\n`)
          .join('')}`
      : '';
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\n${block('annotations', annotations, '  ')}${block('data', data, '')}${block('binaryData', binaryData, '')}`;
}

describe('annotation size', () => {
  // Key "a" (1 byte) plus a value: exactly the limit is accepted, one byte more is not.
  const at = (extra: number) => configMap('big', { a: 'x'.repeat(MAX_ANNOTATIONS_BYTES - 1 + extra) }, {});

  it('refuses annotations over 256 KiB, in a document too large to be schema-checked', async () => {
    expect(await apiErrors(at(1))).toEqual(['API_INVALID metadata.annotations']);
  });

  it('accepts annotations of exactly 256 KiB', async () => {
    expect(await apiErrors(at(0))).toEqual([]);
  });

  it('counts every annotation, keys included', async () => {
    const half = 'y'.repeat(MAX_ANNOTATIONS_BYTES / 2);
    expect(await apiErrors(configMap('two', { k1: half, k2: half }, {}))).toEqual(['API_INVALID metadata.annotations']);
  });
});

describe('ConfigMap and Secret size', () => {
  it('refuses a ConfigMap whose data and binaryData hold over 1 MiB together', async () => {
    const half = 'z'.repeat(MAX_CONFIG_DATA_BYTES / 2);
    const binary = Buffer.alloc(16, 1).toString('base64');
    expect(await apiErrors(configMap('over', {}, { a: half, b: half }, { c: binary }))).toEqual(['API_INVALID data']);
    expect(await apiErrors(configMap('exact', {}, { a: half, b: half }))).toEqual([]);
  });

  it("counts a Secret's decoded bytes, not its base64 text", async () => {
    // 1 MiB decoded is about 1.33 MiB of base64 text: accepted; one byte more is not.
    const secret = (bytes: number) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s${bytes}\n  namespace: shop\ndata:\n  blob: ${Buffer.alloc(bytes, 7).toString('base64')}\n`;
    expect(await apiErrors(secret(MAX_CONFIG_DATA_BYTES))).toEqual([]);
    expect(await apiErrors(secret(MAX_CONFIG_DATA_BYTES + 1))).toEqual(['API_INVALID data']);
  });
});

describe('parseQuantity', () => {
  const cmp = (a: unknown, b: unknown) => compareQuantities(parseQuantity(a)!, parseQuantity(b)!);

  it('compares quantities across suffixes and notations', () => {
    expect(cmp('1Gi', 1073741824)).toBe(0);
    expect(cmp('1G', '1Gi')).toBe(-1);
    expect(cmp('500m', 0.5)).toBe(0);
    expect(cmp('0.25', '250m')).toBe(0);
    expect(cmp('1e3', '1k')).toBe(0);
    expect(cmp('1.5Mi', '1536Ki')).toBe(0);
    expect(cmp('100n', '1u')).toBe(-1);
    expect(cmp('.5', '1.')).toBe(-1);
    expect(cmp('2E', '1Ei')).toBe(1);
    expect(cmp('-1', '0')).toBe(-1);
  });

  it('refuses what is not a quantity, so that no comparison is guessed', () => {
    for (const bad of ['lots', '', '1.2.3', '1Gb', '1 Gi', 'Ki', '1e', '1e999', true, null, {}])
      expect(parseQuantity(bad), JSON.stringify(bad)).toBeUndefined();
  });
});
