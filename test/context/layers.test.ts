/**
 * The folder tree reads as the pipeline: sources → context → steps → sinks, with the domains below
 * them and nothing pointing back up. Every module of src/ sits in a folder that names its layer (the
 * entry points cli.ts and index.ts, and bin/, excepted), and every import statement is checked, so a
 * hop through any module is caught. The module graph has no circle, type-only imports included.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';

const src = path.join(repoRoot, 'src');

/**
 * Each layer's rank: a module may import its own layer and layers of lower rank only. Layers of equal
 * rank are siblings and may not import each other (sources and context: the kustomize-dir source
 * knows nothing of the context it feeds).
 */
const RANK: Record<string, number> = {
  util: 0,
  generated: 0,
  findings: 1,
  manifests: 2,
  registry: 2,
  repo: 3,
  refs: 3,
  config: 4,
  images: 5,
  flyway: 5,
  'kubernetes-api': 5,
  context: 6,
  sources: 6,
  steps: 7,
  sinks: 8,
  pipeline: 9,
  commands: 10,
  cli: 11,
  index: 11,
  bin: 12,
};

/** The entry points that may stand at the root of src/. */
const ROOT_FILES = new Set(['cli.ts', 'index.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.ts') ? [full] : [];
  });
}

const rel = (file: string) => path.relative(src, file).split(path.sep).join('/');
const layerOf = (relPath: string) => (relPath.includes('/') ? relPath.split('/')[0]! : relPath.replace(/\.ts$/, ''));

/** Every relative import and re-export of each module, resolved to the module it names. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files(src)) {
    const targets: string[] = [];
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*? from '(\.{1,2}\/[^']+)'/gm)) {
      targets.push(rel(path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts'))));
    }
    graph.set(rel(file), targets);
  }
  return graph;
}

/** `from imports to` for every import that goes up or sideways across layers. */
function upwardImports(graph: Map<string, string[]>): string[] {
  const violations: string[] = [];
  for (const [from, targets] of graph) {
    const own = RANK[layerOf(from)]!;
    for (const to of targets) {
      if (layerOf(to) === layerOf(from)) continue;
      if ((RANK[layerOf(to)] ?? Infinity) >= own) violations.push(`${from} imports ${to}`);
    }
  }
  return violations;
}

/** Every circle of the graph, as `a → b → a`, found by a depth-first walk. */
function circles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[] = [];
  const visit = (node: string, trail: string[]): void => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      found.push([...trail.slice(trail.indexOf(node)), node].join(' → '));
      return;
    }
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) visit(node, []);
  return found;
}

describe('module layers', () => {
  const graph = importGraph();

  it('every module of src/ is in a folder that names a known layer', () => {
    const misplaced = [...graph.keys()].filter((f) => (f.includes('/') ? RANK[layerOf(f)] === undefined : !ROOT_FILES.has(f)));
    expect(graph.size).toBeGreaterThan(60);
    expect(misplaced).toEqual([]);
  });

  it('no module imports from a layer above its own, or from a sibling layer', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('the module graph has no circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('the checks see an upward import, a sibling import and a circle', () => {
    const bad = new Map([
      ['steps/a.ts', ['sinks/text.ts', 'steps/b.ts']],
      ['steps/b.ts', ['steps/a.ts']],
      ['sources/x.ts', ['context/step-context.ts']],
    ]);
    expect(upwardImports(bad)).toEqual(['steps/a.ts imports sinks/text.ts', 'sources/x.ts imports context/step-context.ts']);
    expect(circles(bad)).toEqual(['steps/a.ts → steps/b.ts → steps/a.ts']);
  });
});
