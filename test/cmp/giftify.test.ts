/**
 * The incident app through the ArgoCD CMP contract: the prod overlay renders (PGDATA + guard, images
 * pinned from the committed lock, offline), the broken overlay fails with every incident fault named
 * and nothing on stdout. The repo sent is examples/giftify, as if it were the app's own repository.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { runCmp } from '../helpers/cmp-harness.js';
import { repoRoot } from '../helpers/cli.js';
import { containerOf, podSpecOf, type Manifest } from '../helpers/manifests.js';

const repo = path.join(repoRoot, 'examples', 'giftify');
// Hermetic, as docs/argocd.md recommends for ArgoCD: only the committed lock answers, no registry.
const parameters = [{ name: 'pin', string: 'locked' }];

describe('examples/giftify through the CMP sidecar', () => {
  it('overlays/prod renders: Postgres gets PGDATA and the guard, every image is pinned from the lock', async () => {
    const r = await runCmp({ repo, appPath: 'overlays/prod', namespace: 'giftify', parameters });
    expect(r.exitCode, r.stderr).toBe(0);
    const objects = r.manifests as Manifest[];
    const postgres = objects.find((o) => o.kind === 'StatefulSet' && o.metadata?.name === 'postgres')!;
    const pod = podSpecOf(postgres);
    const main = containerOf(pod, 'postgres');
    expect(main.env).toContainEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
    expect(pod.initContainers?.[0]?.name).toBe('kustodian-pgdata-guard');
    expect(pod.initContainers?.[0]?.image).toBe(main.image);
    const images = objects.flatMap((o) =>
      [...(o.spec?.template?.spec?.initContainers ?? []), ...(o.spec?.template?.spec?.containers ?? [])].map((c) => c.image),
    );
    expect(images.length).toBeGreaterThan(4);
    const lock = parseAllDocuments(readFileSync(path.join(repo, 'overlays/prod/kustodian.lock.yaml'), 'utf8'))[0]!.toJS() as {
      images: { reference: string; digest: string }[];
    };
    const locked = new Map(lock.images.map((e) => [e.reference, e.digest]));
    for (const image of images) {
      const [reference, digest] = image!.split('@');
      expect(locked.get(reference!), image).toBe(digest);
    }
  });

  it('overlays/broken fails with every incident fault named, and prints nothing', async () => {
    const r = await runCmp({ repo, appPath: 'overlays/broken', namespace: 'giftify', parameters });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.manifests).toEqual([]);
    for (const code of ['SECRET_KEY_MISSING', 'IMAGE_PLATFORM_MISSING', 'FLYWAY_DUPLICATE_VERSION']) expect(r.stderr).toContain(code);
    const keyLine = r.stderr.split('\n').find((l) => l.includes('SECRET_KEY_MISSING'))!;
    expect(keyLine).toContain('ES_URIS');
    expect(keyLine).toContain('api-server-secrets');
    expect(r.stderr).toContain('V0.0.12');
    // The Secret's values are fake but must never be echoed.
    expect(r.stderr).not.toMatch(/changeme/i);
  });
});
