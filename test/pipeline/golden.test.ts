/**
 * Golden directories for the pipeline. Each case is test/fixtures/<group>/<case>/ with:
 *   input/                 a kustomize directory (may hold its own kustodian.yaml)
 *   case.json              optional: { "flags": {param: value}, "namespace": "ns", "env": {…}, "skip": "reason",
 *                          "error": "CODE" } — with "error", the run must fail with that KustodianError code
 *   expected.yaml          optional: the manifests render must print (compared as parsed JSON)
 *   expected-findings.json optional: the findings, compared on severity, code, resource and field
 *                          (file instead of resource for findings about a file)
 *                          (plus "messageIncludes": [...] substrings, when a case wants them, and
 *                          "related": [...] the related locations, a file path or `Kind ns/name` each)
 * A case with error findings must print nothing; one without must print manifests.
 * Cases run with pin=off unless case.json sets "pin": the digest step's own tests use a real registry.
 * Set UPDATE_GOLDEN=1 to (re)write expected files from the current output.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../helpers/cli.js';
import { render, hasErrors, KustodianError, steps, type Finding } from '../../src/index.js';
import { minors } from '../../src/generated/kubernetes-api/schemas.js';

interface CaseSpec {
  flags?: Record<string, unknown>;
  namespace?: string;
  env?: Record<string, string>;
  skip?: string;
  /** The failure code (src/util/errors.ts) the run must stop with, instead of findings. */
  error?: string;
}

interface ExpectedFinding {
  severity: string;
  code: string;
  resource?: string;
  field?: string;
  /** The finding's file, for findings about a file rather than a resource (Flyway migrations). */
  file?: string;
  messageIncludes?: string[];
  /** Every related location of the finding, in order: a file path, or `Kind ns/name` for a resource. */
  related?: string[];
}

const fixtures = path.join(repoRoot, 'test', 'fixtures');

function cases(): { name: string; dir: string }[] {
  const out: { name: string; dir: string }[] = [];
  for (const group of readdirSync(fixtures).sort()) {
    const groupDir = path.join(fixtures, group);
    for (const name of readdirSync(groupDir).sort()) {
      const dir = path.join(groupDir, name);
      if (existsSync(path.join(dir, 'input'))) out.push({ name: `${group}/${name}`, dir });
    }
  }
  return out;
}

/** What a finding looks like in expected-findings.json. */
export function comparable(f: Finding): ExpectedFinding {
  const out: ExpectedFinding = { severity: f.severity, code: f.code };
  if (f.resourceRef)
    out.resource = `${f.resourceRef.kind} ${f.resourceRef.namespace ? `${f.resourceRef.namespace}/` : ''}${f.resourceRef.name}`;
  if (f.field) out.field = f.field.path;
  if (f.file && !f.resourceRef) out.file = f.file.path;
  return out;
}

function parseManifests(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null);
}

describe('golden pipeline cases', () => {
  for (const c of cases()) {
    const specFile = path.join(c.dir, 'case.json');
    const spec: CaseSpec = existsSync(specFile) ? (JSON.parse(readFileSync(specFile, 'utf8')) as CaseSpec) : {};
    const run = spec.skip ? it.skip : it;
    run(c.name, async () => {
      const running = render({
        dir: path.join(c.dir, 'input'),
        namespace: spec.namespace,
        flags: { pin: 'off', ...spec.flags },
        // KUBE_VERSION as Argo CD always sends it (the api step says once when it has none); a case may set it to '' (unknown).
        env: {
          PATH: process.env.PATH ?? '',
          HOME: '/tmp',
          TMPDIR: process.env.TMPDIR ?? '/tmp',
          KUBE_VERSION: minors[minors.length - 1]!,
          ...spec.env,
        },
      });
      if (spec.error) {
        const error: unknown = await running.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(KustodianError);
        expect((error as KustodianError).code).toBe(spec.error);
        return;
      }
      const result = await running;
      // Every code is documented: it is in the `codes` map of the step that emitted it (test/util/codes.test.ts).
      for (const f of result.findings) {
        expect(Object.keys(steps.find((s) => s.id === f.step)?.codes ?? {}), `${f.step} emits ${f.code}`).toContain(f.code);
      }
      // The api step's infos (a kind without a schema, say) belong to its own cases, test/fixtures/api/.
      const shown = c.name.startsWith('api/') ? result.findings : result.findings.filter((f) => f.step !== 'api' || f.severity !== 'info');
      const got = shown.map(comparable);
      const expectedFindingsFile = path.join(c.dir, 'expected-findings.json');
      const expectedYamlFile = path.join(c.dir, 'expected.yaml');
      if (process.env.UPDATE_GOLDEN) {
        // Keep hand-written messageIncludes where the finding at that position is still the same one.
        const previous = existsSync(expectedFindingsFile)
          ? (JSON.parse(readFileSync(expectedFindingsFile, 'utf8')) as ExpectedFinding[])
          : [];
        const merged = got.map((g, i) => {
          const { messageIncludes, related, ...rest } = previous[i] ?? { severity: '', code: '' };
          const same = JSON.stringify(rest) === JSON.stringify(g);
          return { ...g, ...(messageIncludes && same ? { messageIncludes } : {}), ...(related && same ? { related } : {}) };
        });
        writeFileSync(expectedFindingsFile, `${JSON.stringify(merged, null, 2)}\n`);
        if (result.yaml !== undefined) writeFileSync(expectedYamlFile, result.yaml);
      }
      const expected = JSON.parse(readFileSync(expectedFindingsFile, 'utf8')) as ExpectedFinding[];
      expect(got).toEqual(expected.map(({ messageIncludes: _m, related: _r, ...rest }) => rest));
      for (const [i, e] of expected.entries()) {
        for (const part of e.messageIncludes ?? []) expect(shown[i]?.message).toContain(part);
        if (e.related) {
          const related = (shown[i]?.related ?? []).map((r) =>
            r.resourceRef
              ? `${r.resourceRef.kind} ${r.resourceRef.namespace ? `${r.resourceRef.namespace}/` : ''}${r.resourceRef.name}`
              : (r.file?.path ?? ''),
          );
          expect(related, `related of finding ${i}`).toEqual(e.related);
        }
      }
      if (hasErrors(result.findings)) {
        expect(result.yaml).toBeUndefined();
      } else {
        expect(result.yaml).toBeDefined();
        if (existsSync(expectedYamlFile)) {
          expect(parseManifests(result.yaml!)).toEqual(parseManifests(readFileSync(expectedYamlFile, 'utf8')));
        }
      }
    });
  }
});
