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

/**
 * The value of one field of a mapping or list, or undefined when the manifest does not have it. Own
 * fields only: a path from configuration naming `__proto__`, `constructor` or `toString` must find the
 * manifest's field of that name, if any, never JavaScript's prototype chain (which made
 * `__proto__.constructor` a "pod template" that is a function).
 */
export function ownField(cur: unknown, seg: string | number): unknown {
  if (typeof seg === 'number') return Array.isArray(cur) && Number.isInteger(seg) && seg >= 0 && seg < cur.length ? cur[seg] : undefined;
  return isRecord(cur) && Object.hasOwn(cur, seg) ? cur[seg] : undefined;
}

/** Reads a nested value; undefined when any step is missing. Own fields only (see ownField). */
export function getPath(root: unknown, path: FieldPath): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    cur = ownField(cur, seg);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Replaces the field at `path` when the manifest has it (own fields only); otherwise changes nothing. */
export function setPath(root: unknown, path: FieldPath, value: unknown): void {
  const last = path[path.length - 1];
  const parent = getPath(root, path.slice(0, -1));
  if (last !== undefined && ownField(parent, last) !== undefined) (parent as Record<string | number, unknown>)[last] = value;
}
