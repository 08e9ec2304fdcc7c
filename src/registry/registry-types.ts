/** Shapes shared by the registry client, its cache and its callers (the pin step, the lock file). */

/** What a reference resolves to. Everything here is derived from content-addressed data, except the tag→digest link. */
export interface Resolution {
  /** The reference as written. */
  reference: string;
  /** sha256:… of the exact manifest or index bytes. */
  digest: string;
  /** Manifest media type (Content-Type, parameters dropped). */
  mediaType: string;
  /** Normalised os/arch[/variant], sorted, deduplicated; attestation and unknown/unknown entries dropped. */
  platforms: string[];
  /** Manifest size in bytes, when known. */
  size?: number;
  /** True when nothing was asked of the registry for this answer. */
  cached?: boolean;
}

/** The parts of an image config blob kustodian reads (PGDATA hook, platform check of single manifests). */
export interface ImageConfig {
  env: Record<string, string>;
  os: string;
  architecture: string;
  variant?: string;
}
