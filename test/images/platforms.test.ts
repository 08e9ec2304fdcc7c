/**
 * The platforms a workload's images must provide (src/images/platforms.ts): the configured set,
 * narrowed by the pod's nodeSelector and required node affinity on the os and arch labels. Only `In`
 * narrows, terms are ORed, and a pinned arch drops the default's variants.
 */
import { describe, expect, it } from 'vitest';
import { missingPlatforms, requiredPlatforms } from '../../src/images/platforms.js';
import type { PodSpec } from '../../src/manifests/pod-template-walker.js';

const DEFAULTS = ['linux/amd64', 'linux/arm64'];

function affinity(...terms: { key: string; operator: string; values?: string[] }[][]): PodSpec {
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms.map((matchExpressions) => ({ matchExpressions })) },
      },
    },
  };
}

describe('requiredPlatforms', () => {
  it.each<[string, PodSpec | undefined, readonly string[], string[]]>([
    ['no pod spec', undefined, DEFAULTS, ['linux/amd64', 'linux/arm64']],
    ['no constraint', {}, DEFAULTS, ['linux/amd64', 'linux/arm64']],
    ['defaults deduplicated and sorted', {}, ['linux/arm64', 'linux/amd64', 'linux/arm64'], ['linux/amd64', 'linux/arm64']],
    ['no defaults', {}, [], []],
    ['nodeSelector arch', { nodeSelector: { 'kubernetes.io/arch': 'arm64' } }, DEFAULTS, ['linux/arm64']],
    ['the beta arch label', { nodeSelector: { 'beta.kubernetes.io/arch': 'amd64' } }, DEFAULTS, ['linux/amd64']],
    [
      'nodeSelector os only keeps the default arches',
      { nodeSelector: { 'kubernetes.io/os': 'windows' } },
      DEFAULTS,
      ['windows/amd64', 'windows/arm64'],
    ],
    ['an unrelated nodeSelector label', { nodeSelector: { disktype: 'ssd' } }, DEFAULTS, ['linux/amd64', 'linux/arm64']],
    ['an empty nodeSelector value', { nodeSelector: { 'kubernetes.io/arch': '' } }, DEFAULTS, ['linux/amd64', 'linux/arm64']],
    // linux/arm normalises to its default variant, v7: the configured v6 is not kept.
    ["a pinned arch drops the default's variant", { nodeSelector: { 'kubernetes.io/arch': 'arm' } }, ['linux/arm/v6'], ['linux/arm/v7']],
    ['a pinned os keeps the variant', { nodeSelector: { 'kubernetes.io/os': 'linux' } }, ['linux/arm/v6'], ['linux/arm/v6']],
    ['affinity In', affinity([{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }]), DEFAULTS, ['linux/arm64']],
    [
      'affinity terms are ORed',
      affinity(
        [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }],
        [{ key: 'kubernetes.io/arch', operator: 'In', values: ['s390x'] }],
      ),
      DEFAULTS,
      ['linux/arm64', 'linux/s390x'],
    ],
    [
      'a term that leaves arch open leaves it open',
      affinity([{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }], [{ key: 'zone', operator: 'In', values: ['a'] }]),
      DEFAULTS,
      ['linux/amd64', 'linux/arm64'],
    ],
    [
      'NotIn does not narrow',
      affinity([{ key: 'kubernetes.io/arch', operator: 'NotIn', values: ['arm64'] }]),
      DEFAULTS,
      ['linux/amd64', 'linux/arm64'],
    ],
    ['Exists does not narrow', affinity([{ key: 'kubernetes.io/arch', operator: 'Exists' }]), DEFAULTS, ['linux/amd64', 'linux/arm64']],
    [
      'expressions within a term are ANDed',
      affinity([
        { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
        { key: 'beta.kubernetes.io/arch', operator: 'In', values: ['arm64'] },
      ]),
      DEFAULTS,
      ['linux/arm64'],
    ],
    [
      'nodeSelector and affinity intersect',
      {
        nodeSelector: { 'kubernetes.io/arch': 'amd64' },
        ...affinity([{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }]),
      },
      DEFAULTS,
      ['linux/amd64'],
    ],
    [
      'nodeSelector and affinity that disagree leave nothing',
      {
        nodeSelector: { 'kubernetes.io/arch': 'amd64' },
        ...affinity([{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }]),
      },
      DEFAULTS,
      [],
    ],
    [
      'os and arch both pinned',
      { nodeSelector: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'ppc64le' } },
      DEFAULTS,
      ['linux/ppc64le'],
    ],
  ])('%s', (_name, podSpec, defaults, platforms) => {
    expect(requiredPlatforms(podSpec, defaults).platforms).toEqual(platforms);
  });

  it.each<[PodSpec | undefined, string]>([
    [undefined, 'the configured platforms'],
    [{ nodeSelector: { 'kubernetes.io/arch': 'arm64' } }, 'nodeSelector kubernetes.io/arch=arm64'],
    [affinity([{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }]), 'required node affinity on kubernetes.io/arch'],
  ])('names why: %j gives %j', (podSpec, source) => {
    expect(requiredPlatforms(podSpec, DEFAULTS).source).toBe(source);
  });
});

describe('missingPlatforms', () => {
  it.each<[string[], string[], string[]]>([
    [['linux/amd64', 'linux/arm64'], ['linux/amd64', 'linux/arm64'], []],
    [['linux/amd64', 'linux/arm64'], ['linux/amd64'], ['linux/arm64']],
    [['linux/amd64'], [], ['linux/amd64']],
    [[], ['linux/amd64'], []],
  ])('required %j, found %j: missing %j', (required, found, missing) => {
    expect(missingPlatforms(required, found)).toEqual(missing);
  });
});
