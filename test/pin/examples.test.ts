/**
 * The giftify overlays' committed locks: they parse, they list exactly the images of the render, every
 * digest is one a real registry serves for the example's images (pushed again here, deterministically, on a
 * free port, and read back with skopeo), and the README's renders work offline from them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { execa } from 'execa';
import { kustodian, repoRoot } from '../helpers/cli.js';
import { parseManifestStream } from '../helpers/manifests.js';
import { startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { pushGiftifyImages } from '../helpers/image-updaters.js';
import { skopeoRaw } from '../helpers/skopeo.js';
import { readLock } from '../../src/index.js';

const overlays = ['prod', 'broken'] as const;
const overlayDir = (o: string) => path.join(repoRoot, 'examples', 'giftify', 'overlays', o);
const EXAMPLE_HOST = '127.0.0.1:5055';

let registry: RunningRegistry;

beforeAll(async () => {
  registry = await startRegistry();
  await pushGiftifyImages(registry.url);
});

afterAll(async () => {
  await registry?.stop();
});

describe('examples/giftify locks', () => {
  for (const overlay of overlays) {
    it(`${overlay}: the lock is valid, matches the render's images (pin --check, offline) and every digest is served by the example registry`, async () => {
      const lock = (await readLock(overlayDir(overlay)))!;
      expect(lock).toBeDefined();
      const check = await kustodian(['pin', '--check', overlayDir(overlay)]);
      expect(check.stderr).toContain('is up to date');
      expect(check.exitCode).toBe(0);
      // Plain kustomize: broken's render fails on purpose, and the guard container kustodian adds reuses postgres's image.
      const built = await execa('kubectl', ['kustomize', overlayDir(overlay)]);
      const rendered = parseManifestStream(String(built.stdout))
        .flatMap((d) => (d.spec?.template?.spec?.containers ?? []).map((c) => c.image))
        .sort();
      expect(lock.images.map((e) => e.reference)).toEqual([...new Set(rendered)].sort());
      for (const entry of lock.images) {
        expect(entry.reference.startsWith(`${EXAMPLE_HOST}/`)).toBe(true);
        // Same repository and tag on a fresh registry: the deterministic pusher must give the same bytes.
        const here = entry.reference.replace(EXAMPLE_HOST, registry.host);
        expect((await skopeoRaw(here)).digest).toBe(entry.digest);
      }
    });
  }

  it('prod renders offline from its lock with every image pinned; broken fails offline on its arm64-only image', async () => {
    const prod = await kustodian(['render', overlayDir('prod')], { env: { XDG_CACHE_HOME: path.join(registry.storageDir, 'no-cache') } });
    expect(prod.stderr).toBe('');
    expect(prod.exitCode).toBe(0);
    const lock = parse(await readFile(path.join(overlayDir('prod'), 'kustodian.lock.yaml'), 'utf8')) as {
      images: { reference: string; digest: string }[];
    };
    for (const e of lock.images) expect(prod.stdout).toContain(`${e.reference}@${e.digest}`);

    const broken = await kustodian(['render', overlayDir('broken'), '--pin', 'locked']);
    expect(broken.exitCode).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/IMAGE_PLATFORM_MISSING .*StatefulSet giftify\/elasticsearch: .*elasticsearch:8\.15\.0-arm64/);
  });
});
