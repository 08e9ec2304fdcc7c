/**
 * Every finding code is documented: each registered step declares, in its `codes` map, every code it
 * can emit, with help a user can act on. Those help texts become SARIF rule help (`kustodian check
 * --format sarif`) and the README's finding-code table, so an undeclared code would be a finding
 * nobody can look up. test/golden.test.ts checks the same at run time for every golden fixture
 * (each finding's code is in its own step's map); this file scans the source, which also covers
 * codes no fixture reaches (registry failures, a KRM run without a config directory).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers/cli.js';
import { steps } from '../src/index.js';
import { errorCodeHelp } from '../src/errors.js';

/** Upper-snake string literals that are not finding codes, each with the reason. */
const NOT_CODES = new Set([
  'PG_MAJOR', // an image config env var name the digest step hands to the PGDATA step
]);

/** Folders whose modules belong to steps; imports into generic modules (config, manifests) are not followed. */
const STEP_DIRS = ['src/steps', 'src/images', 'src/flyway'].map((d) => path.join(repoRoot, d));

/** A step's source file and the step-side modules it imports, transitively. */
function sourcesOf(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || !existsSync(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
    const target = path.resolve(path.dirname(file), `${m[1]}.ts`);
    if (STEP_DIRS.some((d) => target.startsWith(d + path.sep))) sourcesOf(target, seen);
  }
  return seen;
}

/** Upper-snake string literals in a file: finding codes, failure codes and a few names. */
function literals(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, '');
  return new Set([...text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)].map((m) => m[1]!));
}

const failureCodes = new Set(Object.keys(errorCodeHelp));

describe('finding codes', () => {
  const declared = new Map(steps.map((s) => [s.id, s.codes ?? {}]));

  it('every registered step declares at least one code, each with help that says what to do', () => {
    for (const step of steps) {
      const codes = Object.entries(step.codes ?? {});
      expect(codes.length, `${step.id} declares no codes`).toBeGreaterThan(0);
      for (const [code, help] of codes) {
        expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
        expect(failureCodes.has(code), `${code} is also a failure code`).toBe(false);
        expect(help.length, `${step.id} ${code}: help too short`).toBeGreaterThan(40);
        expect(help, `${step.id} ${code}: one line`).not.toMatch(/\n/);
      }
    }
  });

  it('every code a step source can emit is declared, and every declared code is emitted by its step', () => {
    const all = new Set([...declared.values()].flatMap((c) => Object.keys(c)));
    for (const step of steps) {
      const file = path.join(repoRoot, 'src', 'steps', `${step.id}.ts`);
      expect(existsSync(file), `src/steps/${step.id}.ts`).toBe(true);
      const found = new Set([...sourcesOf(file)].flatMap((f) => [...literals(f)]));
      const emitted = [...found].filter((c) => !failureCodes.has(c) && !NOT_CODES.has(c));
      // A module shared by two steps (object-refs.ts) holds both steps' codes, so the forward check
      // is against every step's codes; the golden harness checks each finding against its own step.
      for (const code of emitted) expect(all.has(code), `${code} (in the sources of ${step.id}) is declared by no step`).toBe(true);
      for (const code of Object.keys(step.codes ?? {})) {
        expect(found.has(code), `${step.id} declares ${code}, which its sources never use`).toBe(true);
      }
    }
  });

  it('every code in a golden fixture is declared by a step', () => {
    const fixtures = path.join(repoRoot, 'test', 'fixtures');
    const all = new Set([...declared.values()].flatMap((c) => Object.keys(c)));
    let files = 0;
    for (const group of readdirSync(fixtures)) {
      for (const name of readdirSync(path.join(fixtures, group))) {
        const file = path.join(fixtures, group, name, 'expected-findings.json');
        if (!existsSync(file)) continue;
        files++;
        for (const f of JSON.parse(readFileSync(file, 'utf8')) as { code: string }[]) {
          expect(all.has(f.code), `${group}/${name}: ${f.code}`).toBe(true);
        }
      }
    }
    expect(files).toBeGreaterThan(10);
  });
});
