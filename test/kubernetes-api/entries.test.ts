/**
 * The api step reports the same findings through every entry: render, check (a directory and a
 * stream on stdin) and the KRM function; and a List document, which Argo CD flattens into its items,
 * is checked item by item.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { check, checkStream, krmFunction, render, parseStream, type Finding } from '../../src/index.js';
import { stringifyYaml } from '../../src/manifests/yaml.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'api', 'crd-in-render', 'input');
const env = {
  PATH: process.env.PATH ?? '',
  HOME: '/tmp',
  TMPDIR: process.env.TMPDIR ?? '/tmp',
  KUSTODIAN_PIN: 'off',
  KUBE_VERSION: '1.31.4',
};
const key = (
  f: { severity: string; resourceRef?: { kind: string; name: string }; field?: { path: string }; message: string },
  code: string,
) => `${f.severity} ${code} ${f.resourceRef?.kind}/${f.resourceRef?.name} ${f.field?.path ?? ''} ${f.message}`;
const apiFindings = (findings: readonly Finding[]) =>
  findings
    .filter((f) => f.step === 'api')
    .map((f) => key(f, f.code))
    .sort();

describe('api step through every entry', () => {
  it('render, check, check - and fn report the same findings', async () => {
    const rendered = apiFindings((await render({ dir: fixture, env })).findings);
    expect(rendered.some((f) => f.startsWith('error SCHEMA_VIOLATION Widget/bad spec.size'))).toBe(true);

    const checked = await check({ dirs: [fixture], env });
    expect(apiFindings(checked.apps[0]!.findings)).toEqual(rendered);

    const stream = execFileSync('kubectl', ['kustomize', fixture], { encoding: 'utf8' });
    expect(apiFindings((await checkStream(stream, { env, cwd: fixture })).apps[0]!.findings)).toEqual(rendered);

    const items = parseStream(stream).map((r) => r.object);
    const list = stringifyYaml({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });
    const fn = await krmFunction(list, { env });
    expect(
      fn.results
        .filter((r) => r.tags.step === 'api')
        .map((r) => key(r, r.tags.code!))
        .sort(),
    ).toEqual(rendered);
  }, 60_000);

  it('checks the items of a List, not the List', async () => {
    const stream = stringifyYaml({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok', namespace: 'shop' }, data: { a: 'b' } },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'typo', namespace: 'shop' },
          spec: {
            selector: { matchLabels: { app: 'x' } },
            template: {
              metadata: { labels: { app: 'x' } },
              spec: { containers: [{ name: 'x', image: 'x:1', imagePullPolice: 'Always' }] },
            },
          },
        },
      ],
    });
    const report = await checkStream(stream, { env, cwd: fixture });
    const ours = report.apps[0]!.findings.filter((f) => f.step === 'api');
    expect(ours.map((f) => `${f.code} ${f.resourceRef?.kind}/${f.resourceRef?.name} ${f.field?.path}`)).toEqual([
      'SCHEMA_UNKNOWN_FIELD Deployment/typo spec.template.spec.containers[0].imagePullPolice',
    ]);
  });
});
