/** What the registry tells the steps about an image; a type of its own so steps and images share it without importing each other. */

/** What the registry knows about an image, as far as this run resolved it. */
export interface ImageFacts {
  /** sha256:… of the manifest or index the reference resolves to. */
  digest?: string;
  /** Platforms found, normalised, e.g. linux/amd64, linux/arm/v7. */
  platforms?: string[];
  /** The image config's Env, as a map (e.g. PG_MAJOR, PGDATA), when it was read. */
  env?: Record<string, string>;
}

/** Looks up facts about an image reference; undefined when nothing is known (pinning off, offline). */
export type ImageInspector = (reference: string) => Promise<ImageFacts | undefined>;
