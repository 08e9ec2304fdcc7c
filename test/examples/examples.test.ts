/**
 * The shipped examples stay true: the giftify prod overlay renders cleanly through kustodian with every
 * registered step, the broken overlay still carries the incident's three faults, and the ArgoCD files
 * agree with plugin.yaml and merge onto the repo-server Deployment the way docs/argocd.md says.
 */
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { kustodian, repoRoot } from '../helpers/cli.js';
import { containerOf, findManifest as find, parseManifestStream as docs, podSpecOf, type Container, type Manifest, type PodSpec } from '../helpers/manifests.js';

/** plugin.yaml, as far as these tests read it. */
interface PluginFile {
  metadata: { name: string };
  spec: { version: string; provideGitCreds?: boolean; parameters: { static: { name: string }[] } };
}

/** examples/argocd/application.yaml's plugin source. */
interface ApplicationFile {
  metadata: { name: string };
  spec: {
    destination: { namespace: string };
    source: { path: string; plugin: { name: string; env: { name: string; value: unknown }[]; parameters: { name: string }[] } };
  };
}

/** The sidecar in the argo-cd chart's values (repoServer.extraContainers) and in the kustomize patch. */
interface ChartValues {
  repoServer: { extraContainers: Container[]; volumes: { name: string }[] };
}

const giftify = path.join(repoRoot, 'examples', 'giftify');
const argocd = path.join(repoRoot, 'examples', 'argocd');

async function kubectlKustomize(dir: string): Promise<Manifest[]> {
  const { stdout } = await execa('kubectl', ['kustomize', dir]);
  return docs(stdout);
}

describe('examples/giftify', () => {
  it('prod renders cleanly through kustodian, with the loopback images and the Postgres volume layout', async () => {
    const r = await kustodian(['render', 'examples/giftify/overlays/prod'], { env: { KUSTODIAN_PIN: 'off' } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const objects = docs(r.stdout);
    expect(objects.every((o) => o.metadata?.namespace === 'giftify')).toBe(true);
    const images = objects.flatMap((o) => (o.spec?.template?.spec?.containers ?? []).map((c) => c.image));
    expect(images.sort()).toEqual([
      '127.0.0.1:5055/giftify/api-server:1.4.2',
      '127.0.0.1:5055/giftify/elasticsearch:8.15.0',
      '127.0.0.1:5055/library/postgres:16.4',
      '127.0.0.1:5055/library/redis:7.4-alpine',
    ]);
    const pg = find(objects, 'StatefulSet', 'postgres');
    expect(pg.spec?.volumeClaimTemplates?.map((t) => t.metadata?.name)).toEqual(['data']);
    const pgMount = podSpecOf(pg).containers[0]?.volumeMounts?.find((m) => m.name === 'data');
    expect(pgMount?.mountPath).toBe('/var/lib/postgresql/data');
    expect(find(objects, 'StatefulSet', 'elasticsearch').spec?.volumeClaimTemplates).toHaveLength(1);
  });

  it('broken still reproduces the incident: no ES_URIS key, an arm64-only tag, a mutable tag', async () => {
    const objects = await kubectlKustomize(path.join(giftify, 'overlays', 'broken'));
    const secret = find(objects, 'Secret', 'api-server-secrets');
    expect(Object.keys({ ...secret.data, ...secret.stringData }).sort()).toEqual(['DB_URL', 'REDIS_URL']);
    const api = podSpecOf(find(objects, 'Deployment', 'api-server')).containers[0];
    expect(api?.envFrom).toEqual([{ secretRef: { name: 'api-server-secrets' } }]);
    expect(api?.env?.find((e) => e.name === 'ES_URIS')?.valueFrom?.secretKeyRef).toEqual({ name: 'api-server-secrets', key: 'ES_URIS' });
    expect(api?.image).toBe('127.0.0.1:5055/giftify/api-server:latest');
    expect(podSpecOf(find(objects, 'StatefulSet', 'elasticsearch')).containers[0]?.image).toBe(
      '127.0.0.1:5055/giftify/elasticsearch:8.15.0-arm64',
    );
  });
});

describe('examples/argocd', () => {
  it('plugin.yaml asks the repo-server for its git credentials (private remote bases)', async () => {
    const plugin = parse(await readFile(path.join(repoRoot, 'plugin.yaml'), 'utf8')) as PluginFile;
    expect(plugin.spec.provideGitCreds).toBe(true);
  });

  it('the Application renders its overlay as Argo CD would run the plugin, with its env and parameters', async () => {
    const app = parse(await readFile(path.join(argocd, 'application.yaml'), 'utf8')) as ApplicationFile;
    const source = app.spec.source;
    const pluginEnv = Object.fromEntries(source.plugin.env.map((e) => [`ARGOCD_ENV_${e.name}`, String(e.value)]));
    const r = await kustodian(['render'], {
      cwd: path.join(repoRoot, source.path),
      env: {
        ...pluginEnv,
        ARGOCD_APP_NAME: app.metadata.name,
        ARGOCD_APP_NAMESPACE: app.spec.destination.namespace,
        ARGOCD_APP_SOURCE_PATH: source.path,
        ARGOCD_APP_PARAMETERS: JSON.stringify(source.plugin.parameters),
      },
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('kind: Deployment');
  });

  it('the Application names the plugin as <name>-<version> and only announced parameters', async () => {
    const plugin = parse(await readFile(path.join(repoRoot, 'plugin.yaml'), 'utf8')) as PluginFile;
    const app = parse(await readFile(path.join(argocd, 'application.yaml'), 'utf8')) as ApplicationFile;
    const source = app.spec.source;
    expect(source.plugin.name).toBe(`${plugin.metadata.name}-${plugin.spec.version}`);
    const announced = new Set(plugin.spec.parameters.static.map((p) => p.name));
    for (const p of source.plugin.parameters) expect(announced).toContain(p.name);
    const envNames = new Set(
      [...announced].map(
        (n) =>
          `KUSTODIAN_${String(n)
            .toUpperCase()
            .replace(/[^A-Z0-9_]/g, '_')}`,
      ),
    );
    for (const e of source.plugin.env) expect(envNames).toContain(e.name);
    expect(source).not.toHaveProperty('kustomize');
  });

  it('the sidecar patch merges onto the repo-server Deployment as the ArgoCD docs prescribe', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kustodian-argocd-'));
    try {
      // The upstream Deployment's relevant shape: the copyutil initContainer and the shared volumes.
      await writeFile(
        path.join(dir, 'repo-server.yaml'),
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: argocd-repo-server}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: argocd-repo-server}}
  template:
    metadata: {labels: {app.kubernetes.io/name: argocd-repo-server}}
    spec:
      containers:
      - {name: argocd-repo-server, image: quay.io/argoproj/argocd:v3.0.0}
      initContainers:
      - name: copyutil
        image: quay.io/argoproj/argocd:v3.0.0
        volumeMounts: [{mountPath: /var/run/argocd, name: var-files}]
      volumes:
      - {name: var-files, emptyDir: {}}
      - {name: plugins, emptyDir: {}}
`,
      );
      await copyFile(path.join(argocd, 'argocd-repo-server-patch.yaml'), path.join(dir, 'patch.yaml'));
      await writeFile(path.join(dir, 'kustomization.yaml'), 'resources: [repo-server.yaml]\npatches:\n- path: patch.yaml\n');
      const [deployment] = await kubectlKustomize(dir);
      const spec = podSpecOf(deployment!);
      expect(spec.containers.map((c) => c.name).sort()).toEqual(['argocd-repo-server', 'kustodian']);
      const sidecar = containerOf(spec, 'kustodian');
      expect(sidecar.command).toEqual(['/var/run/argocd/argocd-cmp-server']);
      expect(sidecar.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999 });
      expect(sidecar.env).toContainEqual({ name: 'HOME', value: '/tmp' });
      // The shared cache reads Argo CD's Redis from the same sources as the repo-server.
      expect(sidecar.env).toContainEqual({
        name: 'KUSTODIAN_REDIS_URL',
        valueFrom: { configMapKeyRef: { name: 'argocd-cmd-params-cm', key: 'redis.server', optional: true } },
      });
      expect(sidecar.env).toContainEqual({
        name: 'KUSTODIAN_REDIS_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'argocd-redis', key: 'auth', optional: true } },
      });
      const mounts = Object.fromEntries((sidecar.volumeMounts ?? []).map((m) => [m.mountPath, m.name]));
      expect(mounts).toEqual({
        '/var/run/argocd': 'var-files',
        '/home/argocd/cmp-server/plugins': 'plugins',
        '/tmp': 'cmp-tmp',
        '/home/argocd/.docker': 'docker-config',
      });
      expect(sidecar.env).toContainEqual({ name: 'DOCKER_CONFIG', value: '/home/argocd/.docker' });
      expect(spec.volumes?.map((v) => v.name).sort()).toEqual(['cmp-tmp', 'docker-config', 'plugins', 'var-files']);
      expect(spec.volumes?.find((v) => v.name === 'docker-config')?.secret).toMatchObject({
        optional: true,
        items: [{ key: '.dockerconfigjson', path: 'config.json' }],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the argo-cd chart values add the same sidecar, and fit the repo-server Deployment as the chart renders it', async () => {
    const values = parse(await readFile(path.join(argocd, 'argo-cd-values.yaml'), 'utf8')) as ChartValues;
    const patch = parse(await readFile(path.join(argocd, 'argocd-repo-server-patch.yaml'), 'utf8')) as Manifest;
    const patchSpec = podSpecOf(patch);
    // The same container and volumes as the kustomize patch: one sidecar, two ways to install it.
    expect(values.repoServer.extraContainers).toEqual(patchSpec.containers);
    expect(values.repoServer.volumes).toEqual(patchSpec.volumes);
    // The chart passes extraContainers through `tpl`: template syntax here would be evaluated.
    expect(JSON.stringify(values)).not.toContain('{{');
    // The pod spec as charts/argo-cd/templates/argocd-repo-server/deployment.yaml (argoproj/argo-helm)
    // builds it: its repo-server container, then extraContainers; repoServer.volumes, then its own.
    const chartVolumes = [
      'plugins',
      'var-files',
      'tmp',
      'ssh-known-hosts',
      'tls-certs',
      'gpg-keys',
      'gpg-keyring',
      'argocd-repo-server-tls',
    ];
    const spec: PodSpec & { initContainers: Container[]; volumes: { name: string }[] } = {
      containers: [
        {
          name: 'repo-server',
          volumeMounts: [
            { mountPath: '/home/argocd/cmp-server/plugins', name: 'plugins' },
            { mountPath: '/tmp', name: 'tmp' },
          ],
        },
        ...values.repoServer.extraContainers,
      ],
      initContainers: [
        {
          name: 'copyutil',
          command: ['/bin/cp', '-n', '/usr/local/bin/argocd', '/var/run/argocd/argocd-cmp-server'],
          volumeMounts: [{ mountPath: '/var/run/argocd', name: 'var-files' }],
        },
      ],
      volumes: [...values.repoServer.volumes, ...chartVolumes.map((name) => ({ name }))],
    };
    const names = spec.volumes.map((v) => v.name);
    expect(new Set(names).size, names.join(', ')).toBe(names.length);
    const sidecar = containerOf(spec, 'kustodian');
    for (const m of sidecar.volumeMounts ?? []) expect(names).toContain(m.name);
    const mounts = Object.fromEntries((sidecar.volumeMounts ?? []).map((m) => [m.mountPath, m.name]));
    // The binary copyutil puts into var-files, the sockets the repo-server reads, and a /tmp of its own.
    expect(sidecar.command).toEqual([spec.initContainers[0]?.command?.[3]]);
    expect(mounts['/var/run/argocd']).toBe(spec.initContainers[0]?.volumeMounts?.[0]?.name);
    expect(mounts['/home/argocd/cmp-server/plugins']).toBe('plugins');
    expect(mounts['/tmp']).not.toBe('tmp');
  });

  it('the Dockerfile pins its base, kustomize and helm by checksum, has git and ssh, runs as 999 with HOME=/tmp and bakes plugin.yaml in', async () => {
    const text = await readFile(path.join(argocd, 'Dockerfile'), 'utf8');
    const from = /^FROM (\S+)/m.exec(text)?.[1] ?? '';
    expect(from).toMatch(/^node:\d+\.\d+\.\d+-/);
    expect(text).toMatch(/^ARG KUSTOMIZE_VERSION=\d+\.\d+\.\d+$/m);
    expect(text).toMatch(/^ARG HELM_VERSION=3\.\d+\.\d+$/m);
    for (const tool of ['KUSTOMIZE', 'HELM']) {
      for (const arch of ['amd64', 'arm64']) expect(text).toMatch(new RegExp(`^ARG ${tool}_SHA256_${arch}=[0-9a-f]{64}$`, 'm'));
    }
    // Every download is checked before it is unpacked: one sha256sum -c per tarball fetched with curl.
    expect(text.match(/curl -fsSLo/g)?.length).toBe(2);
    expect(text.match(/sha256sum -c/g)?.length).toBe(2);
    expect(text).toMatch(/apt-get install [^;]*\bgit\b[^;]*\bopenssh-client\b/);
    expect(text).toMatch(/helm version/);
    expect(text).toMatch(/^USER 999$/m);
    expect(text).toMatch(/^ENV HOME=\/tmp$/m);
    expect(text).toContain('/home/argocd/cmp-server/config/plugin.yaml');
  });
});
