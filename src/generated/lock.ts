/* Generated from schemas/lock.schema.json by scripts/generate.mjs. Do not edit: run `npm run generate`. */

/**
 * kustodian.lock.yaml: the committed tag→digest answers that make renders hermetic.
 */
export interface Lock {
  apiVersion: 'kustodian.dev/v1alpha1';
  kind: 'Lock';
  /**
   * One entry per distinct image reference in the render, sorted by reference.
   */
  images: {
    /**
     * The reference as written in the manifests.
     */
    reference: string;
    /**
     * The manifest or index digest the reference resolved to.
     */
    digest: string;
    /**
     * The media type of that manifest or index (OCI index, Docker manifest list, OCI or Docker manifest).
     */
    mediaType: string;
    /**
     * The platforms the image provides, normalised (os/arch[/variant]) and sorted; attestation entries excluded.
     */
    platforms: string[];
    /**
     * Per platform (os/arch[/variant]), the image config Env variables that steps asked for (only PG_MAJOR and PGDATA are recorded), so that locked renders need no registry.
     */
    env?: {
      [k: string]: {
        PG_MAJOR?: string;
        PGDATA?: string;
      };
    };
  }[];
}
