/**
 * Where images are written (src/images/sites.ts): every container kind of every pod template, image
 * volumes, and config `images.paths` fields, each reference exactly as written (registry ports, digests
 * and tags untouched), with its field path and the label messages use. Empty and non-string fields are
 * not sites.
 */
import { describe, expect, it } from 'vitest';
import { imageSites, parsePathRules } from '../../src/images/sites.js';
import { PodTemplateWalker } from '../../src/manifests/pod-template-walker.js';
import { Resource, type KubeObject } from '../../src/manifests/resource.js';

const walker = new PodTemplateWalker();

function deployment(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { template: { spec } } };
}

type Row = { path: (string | number)[]; reference: string; label: string };

function sites(object: KubeObject, paths: { apiVersion?: string; kind: string; path: string }[] = []): Row[] {
  return imageSites([Resource.fromObject(object, 0)], walker, parsePathRules(paths)).map(({ path, reference, label }) => ({
    path: [...path],
    reference,
    label,
  }));
}

const T = ['spec', 'template', 'spec'];

describe('imageSites', () => {
  it.each<[string, KubeObject, Row[]]>([
    ['no containers', deployment({}), []],
    [
      'a registry with a port, a tag and a digest, as written',
      deployment({ containers: [{ name: 'app', image: 'registry.local:5000/team/app:1.2@sha256:' + 'a'.repeat(64) }] }),
      [
        {
          path: [...T, 'containers', 0, 'image'],
          reference: 'registry.local:5000/team/app:1.2@sha256:' + 'a'.repeat(64),
          label: 'container "app"',
        },
      ],
    ],
    [
      'a digest alone and a bare name',
      deployment({
        containers: [
          { name: 'a', image: 'nginx@sha256:' + 'b'.repeat(64) },
          { name: 'b', image: 'busybox' },
        ],
      }),
      [
        { path: [...T, 'containers', 0, 'image'], reference: 'nginx@sha256:' + 'b'.repeat(64), label: 'container "a"' },
        { path: [...T, 'containers', 1, 'image'], reference: 'busybox', label: 'container "b"' },
      ],
    ],
    [
      'init and ephemeral containers, each with its own path and label',
      deployment({
        initContainers: [{ name: 'migrate', image: 'localhost:5000/migrate:2' }],
        containers: [{ name: 'app', image: 'app:1' }],
        ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }],
      }),
      [
        { path: [...T, 'initContainers', 0, 'image'], reference: 'localhost:5000/migrate:2', label: 'init container "migrate"' },
        { path: [...T, 'containers', 0, 'image'], reference: 'app:1', label: 'container "app"' },
        { path: [...T, 'ephemeralContainers', 0, 'image'], reference: 'busybox:1.36', label: 'ephemeral container "debug"' },
      ],
    ],
    [
      'empty, blank and missing images are not sites',
      deployment({
        containers: [{ name: 'empty', image: '' }, { name: 'blank', image: '  ' }, { name: 'none' }, { name: 'ok', image: 'ok:1' }],
      }),
      [{ path: [...T, 'containers', 3, 'image'], reference: 'ok:1', label: 'container "ok"' }],
    ],
    // A template with a field of the wrong type is reported as malformed by the walker, and no step sees it.
    [
      'a template with a non-string image is not walked',
      deployment({
        containers: [
          { name: 'number', image: 5 },
          { name: 'ok', image: 'ok:1' },
        ],
      }),
      [],
    ],
    [
      'an image volume',
      deployment({
        containers: [],
        volumes: [
          { name: 'models', image: { reference: 'quay.io/org/models:v3' } },
          { name: 'cfg', configMap: { name: 'x' } },
        ],
      }),
      [{ path: [...T, 'volumes', 0, 'image', 'reference'], reference: 'quay.io/org/models:v3', label: 'image volume "models"' }],
    ],
    [
      'an image volume whose name is not a string names no [object Object]',
      deployment({ containers: [], volumes: [{ name: { bad: 1 }, image: { reference: 'models:1' } }] }),
      [{ path: [...T, 'volumes', 0, 'image', 'reference'], reference: 'models:1', label: 'image volume "(a mapping)"' }],
    ],
    [
      'a CronJob, two pod templates deep',
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly' },
        spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job', image: 'job:7' }] } } } } },
      },
      [
        {
          path: ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0, 'image'],
          reference: 'job:7',
          label: 'container "job"',
        },
      ],
    ],
    [
      'a bare Pod',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'c:1' }] } },
      [{ path: ['spec', 'containers', 0, 'image'], reference: 'c:1', label: 'container "c"' }],
    ],
  ])('%s', (_name, object, expected) => {
    expect(sites(object)).toEqual(expected);
  });

  it.each<[string, { apiVersion?: string; kind: string; path: string }[], Row[]]>([
    ['no rule', [], []],
    [
      'a field of each list item',
      [{ kind: 'Pipeline', path: 'spec.steps[].image' }],
      [
        { path: ['spec', 'steps', 0, 'image'], reference: 'registry.local:5000/step:1', label: 'image field' },
        { path: ['spec', 'steps', 2, 'image'], reference: 'tool@sha256:' + 'c'.repeat(64), label: 'image field' },
      ],
    ],
    ['a rule of another group', [{ apiVersion: 'other.io/v1', kind: 'Pipeline', path: 'spec.steps[].image' }], []],
    ['a rule of another kind', [{ kind: 'Task', path: 'spec.steps[].image' }], []],
    [
      'a rule of the same group, any version',
      [{ apiVersion: 'ci.example.com/v2', kind: 'Pipeline', path: 'spec.default' }],
      [{ path: ['spec', 'default'], reference: 'default:1', label: 'image field' }],
    ],
    ['a path that is not there', [{ kind: 'Pipeline', path: 'spec.missing[].image' }], []],
  ])('config images.paths: %s', (_name, paths, expected) => {
    const pipeline = {
      apiVersion: 'ci.example.com/v1',
      kind: 'Pipeline',
      metadata: { name: 'build' },
      spec: {
        default: 'default:1',
        steps: [{ image: 'registry.local:5000/step:1' }, { image: '' }, { image: 'tool@sha256:' + 'c'.repeat(64) }, { image: 3 }],
      },
    } as KubeObject;
    expect(sites(pipeline, paths)).toEqual(expected);
  });
});
