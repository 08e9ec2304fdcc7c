/**
 * Splitting and joining multi-document YAML streams.
 *
 * kustomize prints documents separated by a `---` line, with every top-level key at column 0; a
 * `---` line can therefore only be a separator (block scalars inside a mapping are indented). Splitting
 * on it is exact and cheap, and it lets untouched documents go out byte for byte.
 */
import { Resource } from './resource.js';

const SEPARATOR = /^---[ \t]*(?:#.*)?$/m;

/** Parses a YAML stream into resources; empty and `null` documents are skipped, as ArgoCD does. */
export function parseStream(text: string): Resource[] {
  const resources: Resource[] = [];
  const lines = text.split('\n');
  let start = 0;
  const flush = (end: number) => {
    const body = lines.slice(start, end).join('\n');
    if (isEmptyDocument(body)) return;
    resources.push(Resource.fromText(body.endsWith('\n') ? body : `${body}\n`, resources.length));
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('---') && SEPARATOR.test(line)) {
      flush(i);
      start = i + 1;
    }
  }
  flush(lines.length);
  return resources;
}

function isEmptyDocument(body: string): boolean {
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (t === 'null' || t === '~' || t === '...') continue;
    return false;
  }
  return true;
}

/** Joins resources into one stream with `---` between documents, as kustomize prints it. */
export function serializeStream(resources: readonly Resource[]): string {
  return resources.map((r) => r.toYaml()).join('---\n');
}
