/**
 * One object that will exist in the cluster: what the producer table (producers.ts) and the index of
 * providers (providers.ts) both speak of. Its own module so that neither imports the other for it.
 */
import type { Resource } from '../manifests/resource.js';
import type { RefObjectKind } from './references.js';

/** The namespace of a provider that serves every namespace (a cluster-wide producer). */
export const ANY_NAMESPACE = '*';

/** One object that will exist in the cluster, and what is known of its keys. */
export interface Provider {
  kind: RefObjectKind;
  name: string;
  /** The object's namespace, `ANY_NAMESPACE`, or undefined when neither it nor the run has one. */
  namespace: string | undefined;
  /** All keys; undefined when they cannot be known (dataFrom, merges, operators). */
  keys?: ReadonlySet<string>;
  /** ConfigMap `binaryData` keys: they exist but never reach env vars. */
  binaryKeys?: ReadonlySet<string>;
  /** What provides it: `Secret giftify/api`, `ExternalSecret giftify/api`, `Job x/y (--secret-name)`. */
  source: string;
  /** Created when the app runs, not applied from the render: names are checked, keys are not. */
  runtime?: boolean;
  /** The manifest in the render that provides it, when there is one (for "defined in <file>"). */
  resource?: Resource;
}
