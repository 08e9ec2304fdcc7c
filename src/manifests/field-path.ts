/**
 * Paths into a resource, in the one spelling findings use (`spec.template.spec.containers[0].env[3]`),
 * and the reads and writes along them. Paths may come from configuration (`images.paths`,
 * `podTemplates`), so every step sees only a value's own properties: `__proto__.constructor` must
 * find nothing, not JavaScript's prototype chain.
 */

/** A path into a resource, as object keys and array indexes. */
export type FieldPath = readonly (string | number)[];

/** Formats a path the KRM way: spec.template.spec.containers[0].env[3] */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

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

/** A plain mapping (parsed YAML object), not an array or null. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a nested value; undefined when any step is missing. */
export function getPath(root: unknown, path: FieldPath): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isRecord(cur)) return undefined;
      cur = cur[seg];
    }
  }
  return cur;
}

/** Writes `value` at `path` when every step before the last exists; otherwise changes nothing. */
export function setPath(root: unknown, path: FieldPath, value: unknown): void {
  if (!path.length) return;
  const parent = getPath(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (typeof last === 'number' ? Array.isArray(parent) : isRecord(parent)) (parent as Record<string | number, unknown>)[last] = value;
}
