/**
 * src/generated/kubernetes-api/ is what scripts/generate-kubernetes-api.mjs writes from the upstream
 * OpenAPI documents and pluto's table beside the checkout (../shared/kubernetes-api): regenerate and
 * compare, as test/generated/generated.test.ts does for the config types.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';
// @ts-expect-error plain ESM script without types
import { generateKubernetesApi } from '../../scripts/generate-kubernetes-api.mjs';

describe('generated Kubernetes API data', () => {
  it('matches what the generator writes from ../shared/kubernetes-api', async () => {
    const expected = (await generateKubernetesApi(path.join(repoRoot, '..', 'shared', 'kubernetes-api'))) as Record<string, string>;
    expect(Object.keys(expected).sort()).toEqual(['deprecations.ts', 'schemas.ts']);
    for (const [name, source] of Object.entries(expected)) {
      const committed = await readFile(path.join(repoRoot, 'src', 'generated', 'kubernetes-api', name), 'utf8');
      expect(committed === source, `src/generated/kubernetes-api/${name} drifted; run npm run generate:kubernetes-api`).toBe(true);
    }
  }, 60_000);
});
