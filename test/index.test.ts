/**
 * The public entry: each runtime value it exports is a semver promise, so it holds the commands, the
 * step API, the resource model, errors, findings and config, and at most 40 values; the bundle that
 * `package.json` points at exports exactly the same names.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as api from '../src/index.js';
import { repoRoot } from './helpers/cli.js';

describe('public entry', () => {
  it('exports at most 40 runtime values, among them the commands and the step API', () => {
    const names = Object.keys(api);
    expect(names.length).toBeLessThanOrEqual(40);
    for (const name of [
      'render',
      'check',
      'checkStream',
      'pin',
      'krmFunction',
      'defineStep',
      'steps',
      'runPipeline',
      'createContext',
      'Resource',
      'KustodianError',
      'sortFindings',
      'loadConfig',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('the bundle exports the same names as src/index.ts', async () => {
    const bundle = (await import(pathToFileURL(path.join(repoRoot, 'dist', 'index.js')).href)) as Record<string, unknown>;
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(api).sort());
  });
});
