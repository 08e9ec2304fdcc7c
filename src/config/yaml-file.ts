/**
 * The YAML files kustodian reads as its own input (kustodian.yaml, kustodian.lock.yaml): parsed once
 * with positions kept, so that a schema error reads like a compiler error: `file:line:col: field: …`.
 */
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document } from 'yaml';
import { KustodianError, type ErrorCode } from '../util/errors.js';
import { documentToJS, parseOptions } from '../manifests/yaml.js';
import { MAX_FILE_BYTES, readTextFile } from '../util/limits.js';
import type { ErrorObject } from './schema.js';

export interface YamlFile {
  /** Absolute path. */
  file: string;
  /** The path as messages show it: relative to the cwd when below it. */
  shown: string;
  value: unknown;
  /** `shown:line:col` for the node an ajv error points at (the key, for unknown fields). */
  where(error: ErrorObject): string;
  /** The line of that node, for reports that place the error on the file. */
  line(error: ErrorObject): number | undefined;
}

/**
 * Reads and parses `file`. Returns undefined when it does not exist and `optional` is set; a YAML
 * syntax error throws `code` with the position.
 */
export async function readYamlFile(
  file: string,
  code: ErrorCode,
  options: { optional: boolean; missingCode?: ErrorCode },
): Promise<YamlFile | undefined> {
  const shown = displayPath(file);
  let text: string;
  try {
    // Bounded: `--config /dev/urandom` must fail at once, not after reading gigabytes.
    text = await readTextFile(file, MAX_FILE_BYTES, code, shown);
  } catch (error) {
    if (error instanceof KustodianError) throw error;
    const errno = (error as NodeJS.ErrnoException).code;
    if (options.optional && errno === 'ENOENT') return undefined;
    throw new KustodianError(options.missingCode ?? 'IO', `cannot read ${file}: ${errno ?? (error as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...parseOptions, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new KustodianError(code, `${shown}${pos ? `:${pos.line}:${pos.col}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`, {
      file: { path: file, ...(pos ? { line: pos.line } : {}) },
    });
  }
  let value: unknown;
  try {
    value = documentToJS(doc);
  } catch (error) {
    throw new KustodianError(code, `${shown}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return {
    file,
    shown,
    value,
    where: (error) => {
      const pos = positionOf(doc, lineCounter, error);
      return `${shown}${pos ? `:${pos.line}:${pos.col}` : ''}`;
    },
    line: (error) => positionOf(doc, lineCounter, error)?.line,
  };
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

function positionOf(doc: Document, lc: LineCounter, e: ErrorObject): { line: number; col: number } | undefined {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const extra = e.keyword === 'additionalProperties' ? String((e.params as { additionalProperty: string }).additionalProperty) : undefined;
  const parent = segments.length ? doc.getIn(segments, true) : doc.contents;
  let offset: number | undefined;
  if (extra !== undefined && isMap(parent)) {
    const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === extra);
    offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
  }
  if (offset === undefined) offset = (parent as { range?: [number, number, number] } | undefined)?.range?.[0];
  return offset === undefined ? undefined : lc.linePos(offset);
}
