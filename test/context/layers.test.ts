/**
 * The folder tree reads as the pipeline: sources → context → steps → sinks, with registry, manifests,
 * config, images and flyway below them, and nothing pointing back up. Checked on the import
 * statements of src/, so a new module that reaches upwards fails here rather than in review.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';

const src = path.join(repoRoot, 'src');

/** Layer of a module, by its top folder (or file) under src/. */
function layer(rel: string): string {
  return rel.split('/')[0]!.replace(/\.ts$/, '');
}

/** What each lower layer may never import (the layers above it, and its siblings across the pipeline). */
const FORBIDDEN: Record<string, readonly string[]> = {
  registry: ['images', 'manifests', 'config', 'flyway', 'sources', 'context', 'steps', 'sinks', 'pipeline', 'commands', 'app', 'cli'],
  manifests: ['images', 'registry', 'flyway', 'sources', 'context', 'steps', 'sinks', 'pipeline', 'commands', 'app', 'cli'],
  // config reads YAML through the one YAML module in manifests/yaml.ts.
  config: ['images', 'registry', 'flyway', 'sources', 'context', 'steps', 'sinks', 'pipeline', 'commands', 'app', 'cli'],
  images: ['flyway', 'sources', 'context', 'steps', 'sinks', 'pipeline', 'commands', 'app', 'cli'],
  flyway: ['images', 'registry', 'sources', 'context', 'steps', 'sinks', 'pipeline', 'commands', 'app', 'cli'],
  sources: ['context', 'steps', 'sinks', 'pipeline', 'commands', 'app', 'cli'],
  context: ['sources', 'steps', 'sinks', 'pipeline', 'commands', 'app', 'cli'],
  steps: ['sources', 'sinks', 'pipeline', 'commands', 'app', 'cli'],
  sinks: ['sources', 'context', 'pipeline', 'commands', 'app', 'cli'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.ts') ? [full] : [];
  });
}

describe('module layers', () => {
  it('no module imports from a layer above its own', () => {
    const violations: string[] = [];
    let checked = 0;
    for (const file of files(src)) {
      const from = layer(path.relative(src, file).split(path.sep).join('/'));
      const forbidden = FORBIDDEN[from];
      if (!forbidden) continue;
      checked++;
      for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*? from '(\.{1,2}\/[^']+)'/gm)) {
        const target = path.relative(src, path.resolve(path.dirname(file), m[1]!)).split(path.sep).join('/');
        if (forbidden.includes(layer(target))) violations.push(`${path.relative(repoRoot, file)} imports ${m[1]}`);
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(violations).toEqual([]);
  });
});
