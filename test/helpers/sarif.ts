/** A validator for the vendored OASIS SARIF 2.1.0 schema (draft-04, hence ajv-draft-04; formats for uri-reference). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './cli.js';

const require = createRequire(import.meta.url);
// Both ship CommonJS; createRequire avoids the default-export interop dance under nodenext (as src/config/schema.ts does).
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

export function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(path.join(repoRoot, 'test', 'data', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
}
