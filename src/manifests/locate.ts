/**
 * The line of a finding inside the source file kustomize's origin annotation named: the document
 * that defines the resource, then the deepest part of the finding's field path present in that file
 * (a patch may have added the rest). Used for SARIF regions, GitHub annotations and `file:line` text.
 */
import { LineCounter, parseAllDocuments, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { parseOptions } from './yaml.js';

/** `spec.template.spec.containers[0].env[3]` → ['spec','template','spec','containers',0,'env',3]. */
export function parseFieldPath(fieldPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of fieldPath.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) break; // a selector we do not understand: stop at the last plain segment
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function docName(doc: Document): string | undefined {
  const name = doc.getIn(['metadata', 'name']);
  return typeof name === 'string' ? name : undefined;
}

/**
 * Picks the document defining `kind`/`name`. The rendered name may carry a prefix, suffix or hash the
 * source lacks, so a source name contained in the rendered one counts (longest wins); a file with a
 * single document of that kind is that document.
 */
function pickDocument(docs: Document[], kind: string, name: string): Document | undefined {
  const ofKind = docs.filter((d) => isMap(d.contents) && d.get('kind') === kind);
  const exact = ofKind.find((d) => docName(d) === name);
  if (exact) return exact;
  const contained = ofKind.filter((d) => (docName(d) ?? '') !== '' && name.includes(docName(d)!)).sort((a, b) => docName(b)!.length - docName(a)!.length);
  if (contained[0]) return contained[0];
  return ofKind.length === 1 ? ofKind[0] : undefined;
}

/** 1-based line of the resource (and as much of `fieldPath` as the file has), or undefined. */
export function lineOf(text: string, ref: { kind: string; name: string }, fieldPath?: string): number | undefined {
  const lineCounter = new LineCounter();
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { ...parseOptions, lineCounter }) as Document[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length)) return undefined;
  const doc = pickDocument(docs, ref.kind, ref.name);
  if (!doc) return undefined;
  // Walk the path by hand so a mapping value reports its key's line, not the line after it.
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const seg of fieldPath ? parseFieldPath(fieldPath) : []) {
    if (typeof seg === 'string' && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (typeof seg === 'number' && isSeq(node)) {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
