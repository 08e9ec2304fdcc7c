/**
 * Argo CD's kustomize options as plugin parameters (src/sources/kustomize-edits.ts, edited-copy.ts). Each case
 * renders an overlay with the parameter, as Argo CD sends it in ARGOCD_APP_PARAMETERS, and compares the output
 * byte for byte with `kubectl kustomize` of the same overlay edited by hand the way `kustomize edit` (run by
 * Argo CD's repo-server) writes it; the user's tree hashes the same before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile, lstat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { kustodian } from '../helpers/cli.js';
import { runCmp, type CmpParameter } from '../helpers/cmp-harness.js';

const REVISION = '3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';
const BUILD_ENV = {
  ARGOCD_APP_NAME: 'shop',
  ARGOCD_APP_NAMESPACE: 'shop',
  ARGOCD_APP_REVISION: REVISION,
  ARGOCD_APP_REVISION_SHORT: REVISION.slice(0, 7),
  KUSTODIAN_API: 'off',
  KUSTODIAN_PIN: 'off',
};

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.25
      - name: side
        image: busybox:1.36
`;

/** The overlay as written in the repository (a comment, an image the overlay renames, its own labels). */
const OVERLAY = `# prod overlay
resources:
- ../../base
namePrefix: old-
namespace: shop
images:
- name: nginx # CI-managed
  newName: ghcr.io/acme/nginx
  newTag: "1.26"
commonLabels:
  team: web
commonAnnotations:
  owner: web-team
labels:
- pairs:
    tier: frontend
`;

let repo: string;
const overlay = () => path.join(repo, 'apps', 'shop', 'overlays', 'prod');

async function hashTree(dir: string): Promise<string> {
  const h = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    for (const name of (await readdir(d)).sort()) {
      const p = path.join(d, name);
      const st = await lstat(p);
      h.update(`${path.relative(repo, p)}\0${st.mode}\0`);
      if (st.isDirectory()) await walk(p);
      else h.update(await readFile(p));
    }
  };
  await walk(dir);
  return h.digest('hex');
}

beforeAll(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'kustodian-argocd-options-'));
  const base = path.join(repo, 'apps', 'shop', 'base');
  await mkdir(base, { recursive: true });
  await writeFile(path.join(base, 'deploy.yaml'), DEPLOY);
  await writeFile(path.join(base, 'kustomization.yaml'), 'resources:\n- deploy.yaml\n');
  const component = path.join(repo, 'apps', 'shop', 'components', 'debug');
  await mkdir(component, { recursive: true });
  await writeFile(
    path.join(component, 'kustomization.yaml'),
    'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  debug: "true"\n',
  );
  await mkdir(overlay(), { recursive: true });
  await writeFile(path.join(overlay(), 'kustomization.yaml'), OVERLAY);
  await execa('git', ['init', '-q', repo]);
});

afterAll(async () => {
  if (repo) await rm(repo, { recursive: true, force: true });
});

/** `kubectl kustomize` of a copy of the repository whose overlay kustomization is `edited`. */
async function byHand(edited: string): Promise<string> {
  const copy = await mkdtemp(path.join(os.tmpdir(), 'kustodian-argocd-hand-'));
  try {
    await cp(repo, copy, { recursive: true });
    const dir = path.join(copy, path.relative(repo, overlay()));
    await writeFile(path.join(dir, 'kustomization.yaml'), edited);
    const r = await execa('kubectl', ['kustomize', dir], { stripFinalNewline: false });
    return String(r.stdout);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

async function render(parameters: CmpParameter[]) {
  return kustodian(['render', overlay()], { env: { ...BUILD_ENV, ARGOCD_APP_PARAMETERS: JSON.stringify(parameters) } });
}

/** The overlay with `from` replaced by `to`, as kustomize edit leaves it (order and comments do not matter to a build). */
const edit = (...pairs: [string, string][]) => pairs.reduce((text, [from, to]) => text.replace(from, to), OVERLAY);

const cases: { name: string; parameters: CmpParameter[]; edited: string }[] = [
  {
    name: 'images replaces the overlay entry of that name (envsubst) and adds one',
    parameters: [
      { name: 'images', array: ['nginx=registry.example/web:${ARGOCD_APP_REVISION_SHORT}', 'busybox@sha256:' + 'b'.repeat(64)] },
    ],
    edited: edit([
      'images:\n- name: nginx # CI-managed\n  newName: ghcr.io/acme/nginx\n  newTag: "1.26"\n',
      `images:\n- name: busybox\n  digest: sha256:${'b'.repeat(64)}\n- name: nginx\n  newName: registry.example/web\n  newTag: "${REVISION.slice(0, 7)}"\n`,
    ]),
  },
  {
    name: 'images keeps a field given as *',
    parameters: [{ name: 'images', array: ['nginx=*:2.0'] }],
    edited: edit(['newTag: "1.26"', 'newTag: "2.0"']),
  },
  {
    name: 'name-prefix and name-suffix',
    parameters: [
      { name: 'name-prefix', string: 'new-' },
      { name: 'name-suffix', string: '-v2' },
    ],
    edited: edit(['namePrefix: old-', 'namePrefix: new-\nnameSuffix: -v2']),
  },
  {
    name: 'kustomize-namespace',
    parameters: [{ name: 'kustomize-namespace', string: 'shop-prod' }],
    edited: edit(['namespace: shop', 'namespace: shop-prod']),
  },
  {
    name: 'common-labels (a map, envsubst) with force-common-labels',
    parameters: [
      { name: 'common-labels', map: { team: 'payments', rev: '${ARGOCD_APP_REVISION_SHORT}' } },
      { name: 'force-common-labels', string: 'true' },
    ],
    edited: edit(['team: web', `team: payments\n  rev: "${REVISION.slice(0, 7)}"`]),
  },
  {
    name: 'label-without-selector and label-include-templates',
    parameters: [
      { name: 'common-labels', map: { env: 'prod' } },
      { name: 'label-without-selector', string: 'true' },
      { name: 'label-include-templates', string: 'true' },
    ],
    edited: edit(['    tier: frontend\n', '    tier: frontend\n- pairs:\n    env: prod\n  includeTemplates: true\n']),
  },
  {
    name: 'label-without-selector merges into the labels entry with the same settings',
    parameters: [
      { name: 'common-labels', map: { env: 'prod' } },
      { name: 'label-without-selector', string: 'true' },
    ],
    edited: edit(['    tier: frontend\n', '    tier: frontend\n    env: prod\n']),
  },
  {
    name: 'common-annotations without envsubst, then with common-annotations-envsubst and force',
    parameters: [{ name: 'common-annotations', map: { app: '${ARGOCD_APP_NAME}' } }],
    edited: edit(['  owner: web-team\n', '  owner: web-team\n  app: ${ARGOCD_APP_NAME}\n']),
  },
  {
    name: 'common-annotations-envsubst and force-common-annotations',
    parameters: [
      { name: 'common-annotations', map: { owner: '${ARGOCD_APP_NAME}-team' } },
      { name: 'common-annotations-envsubst', string: 'true' },
      { name: 'force-common-annotations', string: 'true' },
    ],
    edited: edit(['owner: web-team', 'owner: shop-team']),
  },
  {
    name: 'replicas',
    parameters: [{ name: 'replicas', array: ['web=3'] }],
    edited: `${OVERLAY}replicas:\n- name: web\n  count: 3\n`,
  },
  {
    name: 'components, a missing one left out by ignore-missing-components',
    parameters: [
      { name: 'components', array: ['../../components/debug', '../../components/missing'] },
      { name: 'ignore-missing-components', string: 'true' },
    ],
    edited: `${OVERLAY}components:\n- ../../components/debug\n`,
  },
  {
    name: 'patches (the YAML list)',
    parameters: [
      {
        name: 'patches',
        string:
          '- target: {kind: Deployment, name: web}\n  patch: |-\n    - op: replace\n      path: /spec/template/spec/containers/0/name\n      value: app\n',
      },
    ],
    edited: `${OVERLAY}patches:\n- target: {kind: Deployment, name: web}\n  patch: |-\n    - op: replace\n      path: /spec/template/spec/containers/0/name\n      value: app\n`,
  },
];

describe("Argo CD's kustomize options as parameters render what kustomize edit would", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const before = await hashTree(repo);
      const ours = await render(c.parameters);
      expect(ours.stderr).not.toMatch(/error/i);
      expect(ours.exitCode).toBe(0);
      const theirs = await byHand(c.edited);
      expect(
        ours.stdout === theirs,
        `render differs from kubectl kustomize of the hand-edited overlay:\n${ours.stdout}\n---\n${theirs}`,
      ).toBe(true);
      // The options changed the render: a case that edits nothing would pass for nothing.
      expect(ours.stdout).not.toBe(await byHand(OVERLAY));
      expect(await hashTree(repo)).toBe(before);
    });
  }

  it('leaves no private copy behind', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-argocd-tmp-'));
    try {
      const r = await kustodian(['render', overlay()], {
        env: { ...BUILD_ENV, TMPDIR: tmp, ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'name-prefix', string: 'x-' }]) },
      });
      expect(r.exitCode).toBe(0);
      const failed = await kustodian(['render', overlay()], {
        env: { ...BUILD_ENV, TMPDIR: tmp, ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'components', array: ['../nowhere'] }]) },
      });
      expect(failed.exitCode).toBe(2);
      const broken = await kustodian(['render', overlay()], {
        env: {
          ...BUILD_ENV,
          TMPDIR: tmp,
          ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'patches', string: '- path: no-such-file.yaml\n' }]),
        },
      });
      expect(broken.exitCode).toBe(3);
      expect(await readdir(tmp)).toEqual([]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('bad Argo CD kustomize options are usage/config errors (exit 2, nothing on stdout)', () => {
  const bad: { name: string; parameters: CmpParameter[]; names: string }[] = [
    { name: 'an images entry with neither tag, digest nor old=', parameters: [{ name: 'images', array: ['nginx'] }], names: 'images' },
    { name: 'replicas without a count', parameters: [{ name: 'replicas', array: ['web'] }], names: 'replicas' },
    { name: 'patches that are not YAML', parameters: [{ name: 'patches', string: '- {patch: [unclosed' }], names: 'patches' },
    { name: 'a map parameter given as a string', parameters: [{ name: 'common-labels', string: 'env=prod' }], names: 'common-labels' },
    {
      name: 'a label the overlay has, without force-common-labels',
      parameters: [{ name: 'common-labels', map: { team: 'payments' } }],
      names: 'common-labels',
    },
    { name: 'a missing component', parameters: [{ name: 'components', array: ['../../components/missing'] }], names: 'components' },
  ];
  for (const b of bad) {
    it(b.name, async () => {
      const before = await hashTree(repo);
      const r = await render(b.parameters);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(b.names);
      expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(3);
      expect(await hashTree(repo)).toBe(before);
    });
  }
});

describe('through the CMP harness', () => {
  it('ARGOCD_APP_PARAMETERS with a map and an array renders the edited overlay', async () => {
    const parameters: CmpParameter[] = [
      { name: 'images', array: ['nginx=registry.example/web:${ARGOCD_APP_REVISION_SHORT}'] },
      { name: 'common-labels', map: { team: 'payments' } },
      { name: 'force-common-labels', string: 'true' },
      { name: 'pin', string: 'off' },
    ];
    const r = await runCmp({
      repo,
      appPath: path.relative(repo, overlay()),
      appName: 'shop',
      revision: REVISION,
      parameters,
      sidecarEnv: { KUSTODIAN_API: 'off' },
    });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.exitCode).toBe(0);
    const theirs = await byHand(
      edit(
        ['newName: ghcr.io/acme/nginx\n  newTag: "1.26"', `newName: registry.example/web\n  newTag: "${REVISION.slice(0, 7)}"`],
        ['team: web', 'team: payments'],
      ),
    );
    // The sidecar trims one trailing newline.
    expect(r.stdout).toBe(theirs.replace(/\n$/, ''));
  });
});
