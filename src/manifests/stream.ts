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
  for (const { start, end } of documentSpans(text)) {
    const body = text.slice(start, end);
    if (isEmptyDocument(body)) continue;
    resources.push(Resource.fromText(body.endsWith('\n') ? body : `${body}\n`, resources.length));
  }
  return resources;
}

/** Where each document of a stream starts and ends (separators excluded), empty ones included. */
export function documentSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  // indexOf over the whole text instead of splitting it into lines: kube-prometheus is 5.8 MB.
  let start = 0;
  for (let at = text.indexOf('---'); at >= 0; at = text.indexOf('---', at + 3)) {
    if (at > 0 && text.charCodeAt(at - 1) !== 10) continue;
    const eol = text.indexOf('\n', at);
    const line = text.slice(at, eol < 0 ? text.length : eol);
    if (!SEPARATOR.test(line)) continue;
    spans.push({ start, end: at });
    start = eol < 0 ? text.length : eol + 1;
    at = start - 3;
  }
  spans.push({ start, end: text.length });
  return spans;
}

/** True when a document holds nothing but blank lines, comments, `null`, `~` or `...`. */
export function isEmptyDocument(body: string): boolean {
  // Line by line with indexOf: a document is usually decided by its first line, so never split it all.
  for (let pos = 0; pos < body.length;) {
    const eol = body.indexOf('\n', pos);
    const t = body.slice(pos, eol < 0 ? body.length : eol).trim();
    pos = eol < 0 ? body.length : eol + 1;
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
