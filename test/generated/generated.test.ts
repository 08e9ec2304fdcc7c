import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';
// @ts-expect-error plain ESM script without types
import { generateTypes, generatePluginYaml } from '../../scripts/generate.mjs';

describe('generated files match schemas/', () => {
  it('src/generated/*.ts is what json-schema-to-typescript writes today', async () => {
    const expected = (await generateTypes()) as Record<string, string>;
    expect(Object.keys(expected).sort()).toEqual(['config.ts', 'lock.ts', 'schemas.ts', 'validators.ts']);
    for (const [name, source] of Object.entries(expected)) {
      const committed = await readFile(path.join(repoRoot, 'src', 'generated', name), 'utf8');
      expect(committed, `src/generated/${name} drifted; run npm run generate`).toBe(source);
    }
  });

  it('plugin.yaml parameters are derived from the schema', async () => {
    const committed = await readFile(path.join(repoRoot, 'plugin.yaml'), 'utf8');
    expect(committed, 'plugin.yaml drifted; run npm run generate').toBe(await generatePluginYaml());
  });
});
