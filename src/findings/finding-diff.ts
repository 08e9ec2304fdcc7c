/**
 * The findings a change adds and the ones it fixes. Two findings are the same finding when they have
 * the same code, resource (group, kind, namespace, name) and field: the message may name other values
 * and the file or line may move without the finding being new. Counted as a multiset, so a second
 * occurrence of the same finding is an added one.
 */
import { sortFindings, type Finding } from './finding.js';

/** The identity of a finding across two renders. */
export function findingKey(f: Finding): string {
  const ref = f.resourceRef;
  const group = ref ? (ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '') : '';
  return [f.code, group, ref?.kind ?? '', ref?.namespace ?? '', ref?.name ?? '', f.field?.path ?? ''].join('\u0000');
}

export interface FindingDiff {
  /** In the head, not in the base; sorted. */
  added: Finding[];
  /** In the base, not in the head; sorted. */
  fixed: Finding[];
}

/** Findings of `head` not in `base` and of `base` not in `head`. */
export function diffFindings(base: readonly Finding[], head: readonly Finding[]): FindingDiff {
  const missing = (from: readonly Finding[], other: readonly Finding[]): Finding[] => {
    const counts = new Map<string, number>();
    for (const f of other) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
    return from.filter((f) => {
      const n = counts.get(findingKey(f)) ?? 0;
      if (n > 0) counts.set(findingKey(f), n - 1);
      return n === 0;
    });
  };
  return { added: sortFindings(missing(head, base)), fixed: sortFindings(missing(base, head)) };
}
