/* Generated from schemas/lock.schema.json by scripts/generate.mjs. Do not edit: run `npm run generate`. */

/**
 * kustodian.lock.yaml: the committed tag→digest answers that make renders hermetic.
 */
export interface Lock {
  apiVersion: 'kustodian.dev/v1alpha1';
  kind: 'Lock';
  images: {
    /**
     * The reference as written in the manifests.
     */
    reference: string;
    digest: string;
    mediaType: string;
    platforms: string[];
  }[];
}
