/**
 * The size of each object in a ResourceList that must be parsed whole (JSON, flow-style items,
 * aliases): measured on yaml's concrete syntax tree, which the lexer builds in time and memory
 * proportional to the text, before the composer (about 45 times the text) ever sees an oversized
 * object. Items in the block layout are cut out of the text and bounded as Resources of their own.
 */
import { CST, Parser } from 'yaml';
import { MAX_OBJECT_BYTES, refuseOversizedObject } from '../util/limits.js';

type Collection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;
type Item = Collection['items'][number];

function isCollection(token: CST.Token | undefined): token is Collection {
  return token?.type === 'block-map' || token?.type === 'block-seq' || token?.type === 'flow-collection';
}

/** Where an item begins: its first token (`-`, `,`, a key), else its value. */
function itemStart(item: Item): number | undefined {
  return item.start[0]?.offset ?? ('key' in item ? item.key?.offset : undefined) ?? item.value?.offset;
}

function keyOf(item: Item): unknown {
  const key = 'key' in item ? item.key : undefined;
  return key && CST.isScalar(key) ? CST.resolveAsScalar(key)?.value : undefined;
}

/**
 * The text spans of the values of a collection's items. An item ends where the next begins; the
 * last where the collection closes (`]`, `}`), or at `end` for a block collection.
 */
function valueSpans(collection: Collection, end: number): { item: Item; start: number; end: number }[] {
  const close = collection.type === 'flow-collection' ? collection.end[0]?.offset : undefined;
  const starts = collection.items.map(itemStart);
  return collection.items.flatMap((item, i) => {
    const start = item.value?.offset;
    if (start === undefined) return [];
    const next = starts.slice(i + 1).find((s) => s !== undefined);
    return [{ item, start, end: next ?? close ?? end }];
  });
}

/**
 * Refuses (OBJECT_TOO_LARGE) a ResourceList whose items or functionConfig include one larger than
 * MAX_OBJECT_BYTES. A text that small cannot hold such an object, and is not scanned.
 */
export function refuseOversizedItems(text: string): void {
  if (text.length <= MAX_OBJECT_BYTES) return;
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    const list = token.value;
    if (!isCollection(list)) return;
    const listEnd = list.type === 'flow-collection' ? (list.end[0]?.offset ?? text.length) : text.length;
    for (const field of valueSpans(list, listEnd)) {
      const key = keyOf(field.item);
      if (key === 'functionConfig') refuseOversizedObject(text.slice(field.start, field.end), () => 'the functionConfig');
      if (key !== 'items' || !isCollection(field.item.value)) continue;
      valueSpans(field.item.value, field.end).forEach((item, i) =>
        refuseOversizedObject(text.slice(item.start, item.end), () => `item ${i + 1} of the ResourceList`),
      );
    }
    // A ResourceList is one document; the parser refuses any further one.
    return;
  }
}
