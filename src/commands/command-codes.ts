/**
 * Findings a command reports itself, about what it was asked to check rather than about an app's
 * manifests (no step could know them). Declared here, as steps declare theirs in `codes`, so that
 * `kustodian explain`, the docs tables and the SARIF rules list them like every other code.
 */

/** Help per code, per command that reports it. */
export const COMMAND_CODES = {
  check: {
    COMPONENT_CHECKED_VIA_OVERLAYS:
      'Info from `kustodian check DIR` on a kind: Component, which cannot be built alone: the overlays that include it (under the repository root) were checked instead, and the message lists them. Nothing to do; with no including overlay, check one that lists the component under components:.',
  },
  pin: {
    IMAGE_TAG_MOVED:
      'From `kustodian pin --check --remote`: a tag in kustodian.lock.yaml now names another digest in its registry (someone pushed new bytes under the same tag). The message names the locked and the new digest and how their platforms differ. Locked renders keep deploying the locked digest; review the new image, then run `kustodian pin` and commit the lock.',
  },
} as const satisfies Record<string, Record<string, string>>;

/** A command that reports findings of its own. */
export type ReportingCommand = keyof typeof COMMAND_CODES;
