/**
 * Secret values never leave kustodian, not even in a diff: before two renders of a Secret are compared
 * and printed, every value of its `data` and `stringData` (and the last-applied annotation, which holds
 * them again) is replaced by a mask. As Argo CD's diff view does, the masks are fixed strings chosen per
 * side: a value that is the same on both sides gets the same mask on both, one that differs gets a
 * different mask on each, so the diff says "changed" and never what it changed from or to.
 */
import type { KubeObject } from './resource.js';
import { isRecord } from './field-path.js';

/** The mask of a value that is the same on both sides, or present on one side only. */
export const SECRET_MASK = '++++++++';
/** The head side's mask of a value that differs from the base's. */
export const SECRET_MASK_CHANGED = '+++++++++';

/** The fields of a Secret whose values are secret. */
const SECRET_FIELDS = ['data', 'stringData'] as const;
/** kubectl's copy of the whole object, values included. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** True for any object the masking applies to: a `kind: Secret` of any group, to err on the side of hiding. */
export function isSecretKind(kind: string | undefined): boolean {
  return kind === 'Secret';
}

/**
 * Copies of `base` and `head` (either may be absent: an added or removed Secret) with every secret
 * value masked. Only the masks depend on the values, and only through equality.
 */
export function maskSecretPair(base: KubeObject | undefined, head: KubeObject | undefined): { base?: KubeObject; head?: KubeObject } {
  const b = base ? structuredClone(base) : undefined;
  const h = head ? structuredClone(head) : undefined;
  for (const field of SECRET_FIELDS) maskField(b, h, (o) => o, field);
  maskField(b, h, (o) => (isRecord(o.metadata) && isRecord(o.metadata.annotations) ? o.metadata.annotations : undefined), LAST_APPLIED);
  return { ...(b ? { base: b } : {}), ...(h ? { head: h } : {}) };
}

/** Masks `holder(o)[field]` on both sides: per key for a mapping, as one value otherwise. */
function maskField(
  base: KubeObject | undefined,
  head: KubeObject | undefined,
  holder: (o: KubeObject) => Record<string, unknown> | undefined,
  field: string,
): void {
  const hb = base ? holder(base) : undefined;
  const hh = head ? holder(head) : undefined;
  const vb = hb?.[field];
  const vh = hh?.[field];
  if (isRecord(vb) || isRecord(vh)) {
    const mb = isRecord(vb) ? vb : undefined;
    const mh = isRecord(vh) ? vh : undefined;
    for (const key of new Set([...Object.keys(mb ?? {}), ...Object.keys(mh ?? {})])) {
      const inBase = mb !== undefined && key in mb;
      const inHead = mh !== undefined && key in mh;
      const same = inBase && inHead && sameValue(mb[key], mh[key]);
      if (inBase) mb[key] = SECRET_MASK;
      if (inHead) mh[key] = same || !inBase ? SECRET_MASK : SECRET_MASK_CHANGED;
    }
    // A mapping on one side and something else on the other: that other value is secret too.
    if (hb && vb !== undefined && !isRecord(vb)) hb[field] = SECRET_MASK;
    if (hh && vh !== undefined && !isRecord(vh)) hh[field] = SECRET_MASK_CHANGED;
    return;
  }
  const same = vb !== undefined && vh !== undefined && sameValue(vb, vh);
  if (hb && vb !== undefined && vb !== null) hb[field] = SECRET_MASK;
  if (hh && vh !== undefined && vh !== null) hh[field] = same || vb === undefined ? SECRET_MASK : SECRET_MASK_CHANGED;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
