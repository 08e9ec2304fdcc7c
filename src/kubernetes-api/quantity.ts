/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`, `128974848`), parsed exactly enough to
 * compare a container's requests with its limits as the API server does (apimachinery
 * `resource.ParseQuantity` and `Quantity.Cmp`). Values are kept as exact fractions of BigInts, so
 * `1Gi` equals `1073741824` and `0.5` equals `500m`. Anything outside the grammar is undefined: the
 * caller leaves it to the schema check instead of guessing.
 */

/** An exact non-normalised fraction; `den` is always positive. */
export interface Quantity {
  num: bigint;
  den: bigint;
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** sign, digits, optional fraction (`1.`, `.5` allowed), then a suffix: binary SI, decimal SI, or an exponent. */
const GRAMMAR = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Exponents beyond this are not a quantity anyone writes; refusing them bounds the BigInt work. */
const MAX_EXPONENT = 64;

/** The exact value of a quantity as written (a string, or a YAML number), or undefined when it is not one. */
export function parseQuantity(value: unknown): Quantity | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') text = value;
  else return undefined;
  const m = GRAMMAR.exec(text);
  if (!m) return undefined;
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  if (whole === '' && fraction === '') return undefined;
  const suffix = m[4] ?? '';
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (suffix in BINARY) exp2 = BINARY[suffix]!;
  else if (suffix in DECIMAL) exp10 += DECIMAL[suffix]!;
  else {
    const e = Number(suffix.slice(1));
    if (Math.abs(e) > MAX_EXPONENT) return undefined;
    exp10 += e;
  }
  let num = BigInt(`${whole}${fraction}` || '0') * (1n << BigInt(exp2));
  let den = 1n;
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  else den = 10n ** BigInt(-exp10);
  if (m[1] === '-') num = -num;
  return { num, den };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}
