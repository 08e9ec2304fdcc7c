/**
 * Values read from user input (YAML, JSON, argv) where a string is expected, as text for a lookup or a
 * message. `String(value)` would print `[object Object]` for a mapping and `a,b` for a list, which names
 * nothing the user wrote; these give a scalar's own text and name anything else by its shape, never by
 * its contents (a mapping in the wrong place could hold a secret).
 */

/** The text of a scalar (string, number, boolean, bigint) as YAML or JSON wrote it; undefined for anything else. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** A value for a message: a scalar's text, `missing` for null or undefined, `(a list)` or `(a mapping)` otherwise. */
export function describeValue(value: unknown, missing = '?'): string {
  if (value === undefined || value === null) return missing;
  if (Array.isArray(value)) return '(a list)';
  return scalarText(value) ?? `(a ${typeof value === 'object' ? 'mapping' : typeof value})`;
}
